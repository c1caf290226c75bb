package com.rostergate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rostergate.aws.ingest.ImportLedger;
import com.rostergate.core.ingest.ImportChanges;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.ingest.IngestMessages;
import com.rostergate.core.ingest.SendBatches;
import com.rostergate.core.ingest.usecase.RosterImport;
import com.rostergate.core.phone.PhoneNormaliser;
import com.rostergate.core.roster.DuplicateIndex;
import com.rostergate.local.LocalDeployment;
import com.rostergate.local.dynamodb.DynamoDbLimits;
import com.rostergate.local.events.ObjectCreatedEvents;
import com.rostergate.local.template.LocalNaming;
import com.rostergate.splitter.SplitterHandler;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Section 2: the real splitter handler alone (S3 read, two passes of validation and normalisation,
 * batches sent to SQS, ledger and reports), invoked by the local stack with a writer that only drains
 * the queue, next to a raw univocity parse of the same file and the queue taking the same messages
 * alone; then its live and peak heap in a forked {@code -Xmx128m} JVM (integration-tests'
 * SplitterHeapBench.Child) on a small and a very large file.
 */
final class SplitterBench {

    static final String SECTION = "2. Splitter alone";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHILD_LINE =
            Pattern.compile("splitter: (\\{.*}) in ([0-9.]+) s; max heap (\\d+) MB, peak heap used (\\d+) MB .*;"
                    + " live heap ([0-9.]+) MB \\((\\d+) full GCs\\)");

    private final Path repoRoot;
    private final Path work;
    private final Results results;
    private final Path probes;
    private final DynamoDbLimits limits;

    SplitterBench(Path repoRoot, DynamoDbLimits limits, Path work, Path probes, Results results) {
        this.repoRoot = repoRoot;
        this.limits = limits;
        this.work = work;
        this.probes = probes;
        this.results = results;
    }

    void rate(Path file, long rows, int repeats) throws Exception {
        TimedHandler[] splitter = new TimedHandler[1];
        List<Double> splitRates = new ArrayList<>();
        List<Double> threadRates = new ArrayList<>();
        List<Double> queueRates = new ArrayList<>();
        List<Double> parseRates = new ArrayList<>();
        List<Double> shares = new ArrayList<>();
        List<Double> coreRates = new ArrayList<>();
        List<Double> normaliseRates = new ArrayList<>();
        try (LocalDeployment stack = Stacks.builder(repoRoot, limits)
                .handler("SplitterFunction", env -> splitter[0] = new TimedHandler(new SplitterHandler(env)))
                .handler("WriterFunction", env -> new DrainingWriter())
                .start()) {
            ImportLedger ledger = new ImportLedger(stack.dynamoDb(), stack.endpoint("IMPORTS_TABLE"));
            for (int r = -1; r < repeats; r++) { // r = -1: warm-up, not counted
                double parseRate = rawParseRate(file);
                long coreStart = System.nanoTime();
                List<String> bodies = IngestionBench.messages(file).stream()
                        .map(IngestMessages::encode)
                        .toList();
                double coreRate = rows / ((System.nanoTime() - coreStart) / 1e9);
                double normaliseRate = normaliseRate(file);
                stack.s3()
                        .putObject(
                                p -> p.bucket(stack.endpoint("ROSTER_BUCKET"))
                                        .key("rosters/full/split-" + System.nanoTime() + ".csv"),
                                RequestBody.fromFile(file));
                TimedHandler.Invocation invocation = splitter[0].next(1800);
                ImportRecord record = ledger.get(
                        JSON.readTree(invocation.answer()).get("import_id").asText());
                double splitRate = record.rowsRead() / (invocation.nanos() / 1e9);
                double threadRate = record.rowsRead() / (invocation.cpuNanos() / 1e9);
                stack.awaitIdle(java.time.Duration.ofMinutes(10));
                endDrained(ledger, record.importId());
                double queueRate = queueRate(stack, bodies, rows);
                stack.awaitIdle(java.time.Duration.ofMinutes(10));
                System.out.printf(
                        Locale.ROOT,
                        "splitter: %s %.0f rows/s (%s; its thread's CPU: %.0f rows/s), queue alone %.0f rows/s,"
                                + " raw parse %.0f rows/s%n",
                        r < 0 ? "warm-up" : "repeat " + (r + 1),
                        splitRate,
                        record.status(),
                        threadRate,
                        queueRate,
                        parseRate);
                if (r >= 0) {
                    splitRates.add(splitRate);
                    threadRates.add(threadRate);
                    queueRates.add(queueRate);
                    parseRates.add(parseRate);
                    shares.add(splitRate / parseRate);
                    coreRates.add(coreRate);
                    normaliseRates.add(normaliseRate);
                }
            }
        }
        String section = SECTION + String.format(Locale.ROOT, " (%,d-row roster)", rows);
        results.add(Figure.of(
                section,
                "Splitter handler: validate, normalise, enqueue",
                "rows/s",
                splitRates,
                "rows read / invocation time"));
        results.add(Figure.of(
                section,
                "… its own thread's CPU",
                "rows/s",
                threadRates,
                "rows read / CPU time of the invocation's thread: the split without its waits for SendMessageBatch"));
        results.add(Figure.of(
                section,
                "The queue alone: the same batch messages sent as the splitter sends them",
                "rows/s",
                queueRates,
                "SendMessageBatch of 10 from " + RosterImport.MAX_SENDS_IN_FLIGHT
                        + " threads to ElasticMQ, nothing else running"));
        results.add(Figure.of(
                section, "Raw CSV parse of the same file (univocity, one pass)", "rows/s", parseRates, "the ceiling"));
        results.add(Figure.of(
                section,
                "Core split only: both passes, validate, normalise, batch, JSON-encode",
                "rows/s",
                coreRates,
                "functions/core's RosterSplitter in process, no S3, SQS or ledger"));
        results.add(Figure.of(
                section,
                "PhoneNormaliser alone on the file's phone column",
                "rows/s",
                normaliseRates,
                "the libphonenumber step every row takes"));
        results.add(Figure.of(section, "Splitter rate ÷ raw parse rate", "x", shares, "")
                .against("≥ 0.5x", Stats.of(shares).median() >= 0.5));
        double handler = Stats.of(splitRates).median();
        double core = Stats.of(coreRates).median();
        results.note(
                section,
                String.format(
                        Locale.ROOT,
                        "What limits it (medians): the invocation's own thread (two passes over the S3 object, "
                                + "validation, normalisation, JSON encoding, rejects) needs %.1f µs of CPU a row, "
                                + "%,.0f rows/s, and is on a core %.0f %% of the invocation; the rest of the time it "
                                + "waits for SendMessageBatch calls (%d in flight) to ElasticMQ, which runs on the "
                                + "same %d cores as the splitter, S3Proxy and the draining pollers and on its own "
                                + "takes the file's messages at %,.0f rows/s. The core split alone: %.1f µs a row "
                                + "against %.2f µs for one raw parse, %.2fx its rate (libphonenumber: %,.0f rows/s on "
                                + "its own)%s: every row is parsed and normalised twice (the first pass validates the "
                                + "whole file before anything is sent) and turned into a JSON message.",
                        1e6 / Stats.of(threadRates).median(),
                        Stats.of(threadRates).median(),
                        100 * handler / Stats.of(threadRates).median(),
                        RosterImport.MAX_SENDS_IN_FLIGHT,
                        Runtime.getRuntime().availableProcessors(),
                        Stats.of(queueRates).median(),
                        1e6 / core,
                        1e6 / Stats.of(parseRates).median(),
                        core / Stats.of(parseRates).median(),
                        Stats.of(normaliseRates).median(),
                        core / Stats.of(parseRates).median() < 0.5 ? ", below half a raw parse before any I/O" : ""));
    }

    /**
     * Ends an import whose batches the draining writer threw away, so that it does not count as still
     * writing: the next upload would wait out the write fence for it (RosterImport), and that wait is not the
     * splitter's.
     */
    private static void endDrained(ImportLedger ledger, String importId) {
        ledger.transition(
                importId,
                Set.of(ImportStatus.WRITING),
                ImportStatus.FAILED,
                ImportChanges.error("benchmark: its batches were drained unwritten"));
    }

    /**
     * Sends {@code bodies} to the ingest queue grouped as the splitter groups them,
     * {@link RosterImport#MAX_SENDS_IN_FLIGHT} calls at once: rows/s.
     */
    private static double queueRate(LocalDeployment stack, List<String> bodies, long rows) throws Exception {
        String queueUrl = stack.endpoint("INGEST_QUEUE_URL");
        ExecutorService senders = Executors.newFixedThreadPool(RosterImport.MAX_SENDS_IN_FLIGHT);
        try {
            long start = System.nanoTime();
            List<Future<?>> calls = new ArrayList<>();
            SendBatches groups = new SendBatches();
            for (String body : bodies) {
                List<String> full = groups.add(body);
                if (full != null) {
                    calls.add(senders.submit(() -> sendBatch(stack, queueUrl, full)));
                }
            }
            List<String> last = groups.drain();
            if (!last.isEmpty()) {
                calls.add(senders.submit(() -> sendBatch(stack, queueUrl, last)));
            }
            for (Future<?> call : calls) {
                call.get();
            }
            return rows / ((System.nanoTime() - start) / 1e9);
        } finally {
            senders.shutdown();
        }
    }

    private static void sendBatch(LocalDeployment stack, String queueUrl, List<String> bodies) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .messageBody(bodies.get(i))
                    .build());
        }
        if (!stack.sqs()
                .sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries))
                .failed()
                .isEmpty()) {
            throw new IllegalStateException("ElasticMQ refused part of a SendMessageBatch");
        }
    }

    /** The phone column (the generator's fifth) of every row through the shared PhoneNormaliser, parsing uncounted. */
    static double normaliseRate(Path file) throws Exception {
        CsvParserSettings settings = new CsvParserSettings();
        settings.setHeaderExtractionEnabled(true);
        settings.selectIndexes(4);
        List<String> phones = new ArrayList<>();
        new CsvParser(settings).iterate(file.toFile(), StandardCharsets.UTF_8).forEach(row -> phones.add(row[0]));
        PhoneNormaliser normaliser = new PhoneNormaliser();
        long valid = 0;
        long start = System.nanoTime();
        for (String phone : phones) {
            valid += normaliser.normalise(phone).isValid() ? 1 : 0;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (valid == 0) {
            throw new IllegalStateException("no valid phone in column 5 of " + file);
        }
        return phones.size() / seconds;
    }

    /** Every row of the file through univocity's CSV parser, nothing else. */
    static double rawParseRate(Path file) throws Exception {
        CsvParserSettings settings = new CsvParserSettings();
        settings.setMaxCharsPerColumn(-1);
        CsvParser parser = new CsvParser(settings);
        long start = System.nanoTime();
        long count = 0;
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8), 1 << 16)) {
            parser.beginParsing(reader);
            while (parser.parseNext() != null) {
                count++;
            }
        }
        return (count - 1) / ((System.nanoTime() - start) / 1e9); // the header is not a row
    }

    /**
     * Peak heap of one splitter invocation per file, each in a fresh -Xmx128m JVM; figures are per file, named by
     * {@code labels}. The first file is the small one every other file's live heap must stay flat against.
     */
    void heap(List<Path> files, List<String> labels, int repeats) throws Exception {
        String section = SECTION + ": memory at -Xmx128m";
        try (LocalDeployment stack = Stacks.builder(repoRoot, limits)
                // The stack's own splitter must not read the file: only the forked JVM's does.
                .handler("SplitterFunction", env -> (com.amazonaws.services.lambda.runtime.RequestStreamHandler)
                        (in, out, context) -> in.readAllBytes())
                .handler("WriterFunction", env -> new DrainingWriter())
                .start()) {
            String bucket = stack.endpoint("ROSTER_BUCKET");
            Path envFile = work.resolve("splitter-env.json");
            JSON.writeValue(envFile.toFile(), stack.functionEnvironment("SplitterFunction"));
            ObjectCreatedEvents events = new ObjectCreatedEvents(LocalNaming.ACCOUNT_ID, LocalNaming.REGION);
            ImportLedger ledger = new ImportLedger(stack.dynamoDb(), stack.endpoint("IMPORTS_TABLE"));
            double smallest = 0;
            List<String> growth = new ArrayList<>();
            for (int f = 0; f < files.size(); f++) {
                Path file = files.get(f);
                List<Double> peaks = new ArrayList<>();
                List<Double> live = new ArrayList<>();
                List<Double> rates = new ArrayList<>();
                for (int r = 0; r < repeats; r++) {
                    String key = "rosters/full/heap-" + r + "-" + file.getFileName();
                    stack.s3().putObject(p -> p.bucket(bucket).key(key), RequestBody.fromFile(file));
                    stack.awaitIdle(java.time.Duration.ofMinutes(5));
                    HeadObjectResponse head =
                            stack.s3().headObject(h -> h.bucket(bucket).key(key));
                    Path event = work.resolve("splitter-event.json");
                    Files.writeString(
                            event,
                            events.event(
                                    bucket, key, head.contentLength(), head.eTag(), head.versionId(), "PutObject"));
                    Matcher child = forkChild(envFile, event);
                    String importId =
                            JSON.readTree(child.group(1)).get("import_id").asText();
                    long read = ledger.get(importId).rowsRead();
                    peaks.add(Double.parseDouble(child.group(4)));
                    live.add(Double.parseDouble(child.group(5)));
                    rates.add(read / Double.parseDouble(child.group(2)));
                    System.out.printf(
                            Locale.ROOT,
                            "splitter heap: %s: live %s MB (%s samples), peak %s MB of %s MB, %.0f rows/s%n",
                            file.getFileName(),
                            child.group(5),
                            child.group(6),
                            child.group(4),
                            child.group(3),
                            rates.get(rates.size() - 1));
                    stack.awaitIdle(java.time.Duration.ofMinutes(30));
                    endDrained(ledger, importId);
                }
                String rows = labels.get(f);
                Figure kept = Figure.of(
                        section,
                        "Live heap, " + rows,
                        "MB",
                        live,
                        "most heap in use after a full GC, forced every second");
                if (f == 0) {
                    smallest = kept.stats().median();
                    results.add(kept);
                } else {
                    growth.add(String.format(
                            Locale.ROOT,
                            "%s %+.1f MB, of it the filter %+.1f MB",
                            rows,
                            kept.stats().median() - smallest,
                            (filterBytes(file) - filterBytes(files.get(0))) / 1e6));
                    // Flat: the big file keeps at most a quarter, or the duplicate filter's 16 MiB cap, more live than
                    // the small one.
                    results.add(kept.against(
                            "flat (≤ small file's + 25 % or 16 MB)",
                            kept.stats().median() <= Math.max(smallest * 1.25, smallest + 16)));
                }
                results.add(Figure.of(
                        section,
                        "Peak heap used, " + rows,
                        "MB",
                        peaks,
                        "sum of heap pools' peak usage: garbage included"));
                results.add(Figure.of(
                        section,
                        "Splitter rate in that JVM, " + rows,
                        "rows/s",
                        rates,
                        "fresh JVM, -Xmx128m, with the forced GCs"));
            }
            results.note(
                    section,
                    "Each file is uploaded to the stack's S3, then the real SplitterHandler runs once in a fresh "
                            + "`java -Xmx128m` (integration-tests' SplitterHeapBench.Child) against the stack's S3, "
                            + "SQS and DynamoDB; the stack's writer only drains the queue. \"Live heap\" is what the "
                            + "invocation holds: the child forces a full GC every second and keeps the most heap "
                            + "still in use after one. \"Peak heap used\" sums the heap pools' peak usage, which "
                            + "counts garbage not yet collected (G1 lets the young generation fill what the heap "
                            + "allows), so it grows towards the limit on a long run. What the live heap holds beyond "
                            + "the handler's clients and parse buffers is the duplicate index (functions/core "
                            + "DuplicateIndex): a Bloom filter of 10 bits for each 12 bytes of file, at most 16 MiB "
                            + "(reached at files of about 80 MB, a million rows), and the numbers seen more than once "
                            + "or falsely flagged by the filter. The workbook (functions/core's WorkbookGenerator: "
                            + "every text cell a shared string, a third of the phones number cells, a fifth of the "
                            + "e-mails formulas) is copied to a temporary file and its shared strings go to another "
                            + "(functions/core RosterXlsx, SharedStringFile): neither the file nor its strings are on "
                            + "the heap.");
            results.note(
                    section,
                    String.format(
                            Locale.ROOT,
                            "What the live heap adds beyond the %s file's %.1f MB (medians), against the duplicate"
                                    + " index's filter, sized by each file's bytes (%.1f MB for that file): %s.",
                            labels.get(0),
                            smallest,
                            filterBytes(files.get(0)) / 1e6,
                            String.join("; ", growth)));
        }
    }

    /** The Bloom filter the splitter's duplicate index allocates for {@code file}, in bytes. */
    private static long filterBytes(Path file) throws java.io.IOException {
        return DuplicateIndex.forFileOf(Files.size(file)).filterBytes();
    }

    private Matcher forkChild(Path envFile, Path event) throws Exception {
        String classpath = probes + File.pathSeparator + System.getProperty("java.class.path");
        ProcessBuilder builder = new ProcessBuilder(
                        Processes.java(),
                        "-Xmx128m",
                        "-cp",
                        classpath,
                        Probes.SPLITTER_CHILD,
                        envFile.toString(),
                        event.toString())
                .redirectErrorStream(true);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process process = builder.start();
        Matcher found = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Matcher matcher = CHILD_LINE.matcher(line);
                if (matcher.find()) {
                    found = matcher;
                } else if (output.length() < 20_000) {
                    output.append(line).append('\n');
                }
            }
        }
        if (process.waitFor() != 0 || found == null) {
            throw new IllegalStateException("the splitter JVM failed:\n" + output);
        }
        return found;
    }
}
