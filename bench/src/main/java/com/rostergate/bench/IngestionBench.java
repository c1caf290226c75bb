package com.rostergate.bench;

import com.rostergate.aws.ingest.EmployeeItems;
import com.rostergate.aws.ingest.EmployeeTable;
import com.rostergate.core.ingest.BatchMessage;
import com.rostergate.core.ingest.Deadline;
import com.rostergate.core.ingest.GaveUpException;
import com.rostergate.core.ingest.ImportIdentity;
import com.rostergate.core.ingest.ImportMode;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.ingest.RosterUpload;
import com.rostergate.core.phone.PhoneNormaliser;
import com.rostergate.core.roster.RosterBatch;
import com.rostergate.core.roster.RosterRow;
import com.rostergate.core.roster.RosterSource;
import com.rostergate.core.roster.RosterSplitter;
import com.rostergate.core.roster.SplitSink;
import com.rostergate.local.LocalDeployment;
import com.rostergate.local.dynamodb.DynamoDbLimits;
import com.rostergate.local.template.FunctionDefinition;
import com.rostergate.splitter.SplitterHandler;
import com.rostergate.writer.WriterHandler;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Section 1: a generated roster through the whole pipeline (S3 upload to import COMPLETE) next to the
 * same rows written straight into the same DynamoDB server, by a BatchWriteItem loop and by one PutItem
 * per row. Each repeat runs on a fresh local stack (empty tables); the order of pipeline and loops
 * alternates between repeats so neither always runs on a warmer or fuller database.
 */
final class IngestionBench {

    static final String SECTION = "1. Ingestion";
    static final String BATCHING_SECTION = "7. Batching against per-row writes";
    private static final long IMPORT_TIMEOUT_MILLIS = 30 * 60_000L;

    private final Path repoRoot;
    private final Path roster;
    private final long rows;
    private final int repeats;
    private final int perRowSample;
    private final Results results;
    private final DynamoDbLimits limits;
    private final String sectionTitle;

    IngestionBench(
            String sectionTitle,
            Path repoRoot,
            DynamoDbLimits limits,
            Path roster,
            long rows,
            int repeats,
            int perRowSample,
            Results results) {
        this.sectionTitle = sectionTitle;
        this.repoRoot = repoRoot;
        this.limits = limits;
        this.roster = roster;
        this.rows = rows;
        this.repeats = repeats;
        this.perRowSample = perRowSample;
        this.results = results;
    }

    /** Seconds and rows of one timed write. */
    private record Timed(double seconds, long rows) {
        double rate() {
            return rows / seconds;
        }
    }

    void run(Path warmUpRoster) throws Exception {
        List<BatchMessage> warmMessages = messages(warmUpRoster);
        System.out.println("ingestion: warm-up on " + warmUpRoster.getFileName());
        repeat(-1, warmUpRoster, warmMessages, Math.min(perRowSample, 1000));

        List<BatchMessage> messages = messages(roster);
        long validRows =
                messages.stream().mapToLong(message -> message.rows().size()).sum();
        List<List<Timed>> all = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            System.out.printf(
                    Locale.ROOT, "ingestion: repeat %d of %d (%d rows, %d valid)%n", r + 1, repeats, rows, validRows);
            all.add(repeat(r, roster, messages, perRowSample));
        }
        report(all, validRows);
    }

    private int inFlightPerPoller;
    private double batchingWindow;
    private int pollers;
    /** SDK calls of the last pipeline run by thread family and operation, and its batch count. */
    private Map<String, Long> lastCalls = Map.of();

    private long lastBatches;
    /** Per counted pipeline run: CPU seconds of the DynamoDB server, of this JVM, and both ÷ (wall time × cores). */
    private final List<Double> serverCpu = new ArrayList<>();

    private final List<Double> jvmCpu = new ArrayList<>();
    private final List<Double> machineBusy = new ArrayList<>();

    /**
     * Per counted pipeline run, in seconds: the batches' time in the queue (p50, p95, max, and the first batch
     * settled), upload → the writer's first invocation, the writer's pollers idle and its invocations' time per
     * poller from that invocation to every batch written; and the writer's DynamoDB calls per batch beyond its
     * BatchWriteItems.
     */
    private record WriterRun(
            double queueP50,
            double queueP95,
            double queueMax,
            double firstQueued,
            double beforeFirstInvocation,
            double idle,
            double instanceStarts,
            double receiveToHandler,
            double busy,
            double invocations,
            double partialInvocations,
            double extraCalls) {}

    private final List<WriterRun> writerRuns = new ArrayList<>();

    /** Pipeline figures: upload to COMPLETE, splitter invocation, upload to all sent, to all written, finalisation. */
    private static final int PIPELINE_FIGURES = 5;

    private static final int DIRECT = PIPELINE_FIGURES;
    private static final int PER_ROW = PIPELINE_FIGURES + 2;

    /** One repeat on a fresh stack: the pipeline figures, then direct P, direct P*B, per-row P, per-row P*B. */
    private List<Timed> repeat(int r, Path file, List<BatchMessage> messages, int perRowRows) throws Exception {
        TimedHandler[] splitter = new TimedHandler[1];
        WriterTimes writer = new WriterTimes();
        try (LocalDeployment stack = Stacks.builder(repoRoot, limits)
                .handler("SplitterFunction", env -> splitter[0] = new TimedHandler(new SplitterHandler(env)))
                .handler(WriterTimes.WRITER, env -> writer.around(() -> new WriterHandler(env)))
                .functionLogs(writer::log)
                .start()) {
            FunctionDefinition.SqsEventSource source = Stacks.writerEventSource(repoRoot, stack);
            pollers = source.maximumConcurrency();
            inFlightPerPoller = source.batchSize();
            batchingWindow = source.batchingWindow().toMillis() / 1e3;
            int narrow = pollers;
            int wide = pollers * inFlightPerPoller;
            String tag = r < 0 ? "warm" : "r" + (r + 1);
            Timed[] pipeline = new Timed[PIPELINE_FIGURES];
            List<Timed> loops = new ArrayList<>();
            Runnable runPipeline = () ->
                    pipeline(stack, splitter[0], writer, file, "rosters/full/bench-" + tag + ".csv", pipeline, r >= 0);
            Runnable runLoops = () -> {
                loops.add(direct(stack, messages, narrow, "bench-direct-" + narrow + "-" + tag));
                loops.add(direct(stack, messages, wide, "bench-direct-" + wide + "-" + tag));
                loops.add(perRow(stack, messages, perRowRows, narrow, "bench-per-row-" + narrow + "-" + tag));
                loops.add(perRow(stack, messages, perRowRows, wide, "bench-per-row-" + wide + "-" + tag));
            };
            if (r % 2 == 0) {
                runPipeline.run();
                runLoops.run();
            } else {
                runLoops.run();
                runPipeline.run();
            }
            List<Timed> timed = new ArrayList<>(List.of(pipeline));
            timed.addAll(loops);
            System.out.printf(
                    Locale.ROOT,
                    "  pipeline %.1f s (%.0f rows/s, splitter %.1f s); direct P=%d %.0f rows/s, P=%d %.0f rows/s;"
                            + " per-row P=%d %.0f rows/s, P=%d %.0f rows/s%n",
                    timed.get(0).seconds(),
                    timed.get(0).rate(),
                    timed.get(1).seconds(),
                    narrow,
                    timed.get(DIRECT).rate(),
                    wide,
                    timed.get(DIRECT + 1).rate(),
                    narrow,
                    timed.get(PER_ROW).rate(),
                    wide,
                    timed.get(PER_ROW + 1).rate());
            return timed;
        }
    }

    /** Upload to import COMPLETE, as HR sees it; the splitter's invocation time, the writer's, the CPU used too. */
    private void pipeline(
            LocalDeployment stack,
            TimedHandler splitter,
            WriterTimes writer,
            Path file,
            String key,
            Timed[] out,
            boolean counted) {
        try {
            writer.clear();
            CallCounter.start();
            double serverBefore = Processes.cpuSeconds(stack.dynamoDbServerProcess());
            double jvmBefore = Processes.jvmCpuSeconds();
            Stacks.ImportRun run = Stacks.upload(stack, file, key, IMPORT_TIMEOUT_MILLIS);
            double server = Processes.cpuSeconds(stack.dynamoDbServerProcess()) - serverBefore;
            double jvm = Processes.jvmCpuSeconds() - jvmBefore;
            ImportRecord record = run.record();
            lastCalls = CallCounter.stop();
            if (counted) {
                serverCpu.add(server);
                jvmCpu.add(jvm);
                machineBusy.add((server + jvm)
                        / (run.seconds(run.start(), run.end())
                                * Runtime.getRuntime().availableProcessors()));
            }
            lastBatches = record.batchesTotal();
            if (record.status() != ImportStatus.COMPLETE || record.rowsUnaccounted() != 0) {
                throw new IllegalStateException("the import did not complete cleanly: " + record);
            }
            if (counted) {
                writerRuns.add(writerRun(writer, run, record.batchesTotal()));
            }
            out[0] = new Timed(run.seconds(run.start(), run.end()), record.rowsWritten());
            out[1] = new Timed(splitter.next(60).nanos() / 1e9, record.rowsRead());
            out[2] = new Timed(run.seconds(run.start(), run.sent()), record.rowsRead());
            out[3] = new Timed(run.seconds(run.start(), run.written()), record.rowsWritten());
            out[4] = new Timed(run.seconds(run.written(), run.end()), record.rowsWritten());
            stack.awaitIdle(java.time.Duration.ofMinutes(5));
        } catch (Exception e) {
            throw new IllegalStateException("pipeline run failed: " + e.getMessage(), e);
        }
    }

    /** The writer's side of one counted pipeline run; every batch must have logged its time in the queue. */
    private WriterRun writerRun(WriterTimes writer, Stacks.ImportRun run, long batches) {
        List<Double> queued = writer.queuedMillis();
        if (queued.size() != batches) {
            throw new IllegalStateException("the writer logged the queue time of " + queued.size() + " of " + batches
                    + " batches (batch-settled lines with BatchQueueTime)");
        }
        Stats queue = Stats.of(queued);
        long first = writer.firstStart();
        double idle = writer.idleSecondsPerPoller(first, run.written(), pollers);
        return new WriterRun(
                queue.median() / 1e3,
                Stats.rank(
                                queued.stream()
                                        .mapToDouble(Double::doubleValue)
                                        .sorted()
                                        .toArray(),
                                0.95)
                        / 1e3,
                queue.max() / 1e3,
                queued.get(0) / 1e3,
                run.seconds(run.start(), first),
                idle,
                writer.instanceSecondsPerPoller(first, run.written(), pollers),
                writer.receiveToHandlerSecondsPerPoller(first, run.written(), pollers),
                run.seconds(first, run.written()) - idle,
                writer.started(first, run.written()),
                writer.partial(first, run.written(), inFlightPerPoller),
                writerCallsBeyondBatchWrites());
    }

    /** The writer's DynamoDB calls per batch in the last pipeline run, less its BatchWriteItems. */
    private double writerCallsBeyondBatchWrites() {
        double writerCalls = lastCalls.entrySet().stream()
                        .filter(e -> e.getKey().startsWith("writer-message DynamoDb.")
                                || e.getKey().startsWith("rostergate-writer-function DynamoDb."))
                        .mapToLong(Map.Entry::getValue)
                        .sum()
                / (double) lastBatches;
        return writerCalls
                - lastCalls.getOrDefault("writer-message DynamoDb.BatchWriteItem", 0L) / (double) lastBatches;
    }

    /**
     * Every batch with the writer's own BatchWriteItem call (items, unprocessed-item retries), {@code threads} at
     * a time.
     */
    private Timed direct(LocalDeployment stack, List<BatchMessage> messages, int threads, String table) {
        Stacks.createTableLike(stack.dynamoDb(), stack.endpoint("EMPLOYEES_TABLE"), table);
        EmployeeTable employees = new EmployeeTable(stack.dynamoDb(), table);
        long[] written = {0};
        double seconds = inParallel(threads, messages.size(), index -> {
            BatchMessage message = messages.get(index);
            employees.write(message, Deadline.none(), () -> false);
            synchronized (written) {
                written[0] += message.rows().size();
            }
        });
        stack.dynamoDb().deleteTable(r -> r.tableName(table));
        return new Timed(seconds, written[0]);
    }

    /** The first {@code sampleRows} rows, one PutItem each (the first version's way), {@code threads} at a time. */
    private Timed perRow(
            LocalDeployment stack, List<BatchMessage> messages, int sampleRows, int threads, String table) {
        Stacks.createTableLike(stack.dynamoDb(), stack.endpoint("EMPLOYEES_TABLE"), table);
        DynamoDbClient dynamoDb = stack.dynamoDb();
        List<BatchMessage> owners = new ArrayList<>();
        List<RosterRow> sample = new ArrayList<>();
        for (BatchMessage message : messages) {
            for (RosterRow row : message.rows()) {
                if (sample.size() < sampleRows) {
                    sample.add(row);
                    owners.add(message);
                }
            }
        }
        double seconds = inParallel(
                threads,
                sample.size(),
                index -> dynamoDb.putItem(
                        r -> r.tableName(table).item(EmployeeItems.item(sample.get(index), owners.get(index)))));
        dynamoDb.deleteTable(r -> r.tableName(table));
        return new Timed(seconds, sample.size());
    }

    private interface Task {
        void run(int index) throws GaveUpException;
    }

    /**
     * Runs task(0..count-1) on {@code threads} threads taking the next index as they free up; returns the wall time
     * in seconds.
     */
    private static double inParallel(int threads, int count, Task task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        task.run(i);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            return (System.nanoTime() - start) / 1e9;
        } catch (Exception e) {
            throw new IllegalStateException("write loop failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The file's rows as the splitter normalises and batches them, as batch messages of one import. */
    static List<BatchMessage> messages(Path file) throws Exception {
        long size = Files.size(file);
        ImportIdentity identity = ImportIdentity.of(new RosterUpload(
                "bench", "rosters/full/" + file.getFileName(), null, "etag", "01", size, Instant.now()));
        List<BatchMessage> messages = new ArrayList<>();
        new RosterSplitter(new PhoneNormaliser())
                .split(
                        new RosterSource() {
                            @Override
                            public InputStream open() throws IOException {
                                return new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                            }

                            @Override
                            public long size() {
                                return size;
                            }
                        },
                        new SplitSink() {
                            @Override
                            public void validated() {}

                            @Override
                            public void header(List<String> columns) {}

                            @Override
                            public void batch(RosterBatch batch) {
                                messages.add(BatchMessage.of(identity, ImportMode.FULL, batch));
                            }

                            @Override
                            public void rejected(long line, String[] fields, String reason) {}
                        });
        return messages;
    }

    private void report(List<List<Timed>> all, long validRows) {
        int narrow = pollers;
        int wide = pollers * inFlightPerPoller;
        String section =
                sectionTitle + String.format(Locale.ROOT, " (%,d-row roster, %,d valid rows written)", rows, validRows);
        results.add(Figure.of(section, "Pipeline: upload → import COMPLETE", "s", column(all, 0, Timed::seconds), ""));
        results.add(Figure.of(
                section,
                "Pipeline throughput",
                "rows/s",
                column(all, 0, Timed::rate),
                "valid rows written / upload→COMPLETE"));
        results.add(Figure.of(
                section,
                "… splitter invocation (read, validate, send every batch)",
                "s",
                column(all, 1, Timed::seconds),
                ""));
        results.add(Figure.of(
                section, "… upload → every batch sent (ledger WRITING)", "s", column(all, 2, Timed::seconds), ""));
        results.add(Figure.of(
                section,
                "… upload → every batch written (ledger FINALIZING)",
                "s",
                column(all, 3, Timed::seconds),
                ""));
        results.add(Figure.of(
                section, "… finalisation: full-sync removal scan → COMPLETE", "s", column(all, 4, Timed::seconds), ""));
        results.add(Figure.of(
                section,
                "Direct BatchWriteItem loop, " + narrow + " threads",
                "rows/s",
                column(all, DIRECT, Timed::rate),
                "= MaximumConcurrency"));
        results.add(Figure.of(
                section,
                "Direct BatchWriteItem loop, " + wide + " threads",
                "rows/s",
                column(all, DIRECT + 1, Timed::rate),
                "= MaximumConcurrency × BatchSize, the pipeline's most BatchWriteItems in flight"));
        results.add(Figure.of(
                section,
                "One PutItem per row, " + narrow + " threads",
                "rows/s",
                column(all, PER_ROW, Timed::rate),
                "first " + perRowSample + " rows, rate scaled"));
        results.add(Figure.of(
                section,
                "One PutItem per row, " + wide + " threads",
                "rows/s",
                column(all, PER_ROW + 1, Timed::rate),
                "first " + perRowSample + " rows, rate scaled"));
        List<Double> vsNarrow = ratio(all, 0, DIRECT, false);
        List<Double> vsWide = ratio(all, 0, DIRECT + 1, false);
        results.add(Figure.of(section, "Pipeline time ÷ direct loop time (" + narrow + " threads)", "x", vsNarrow, "")
                .against("≤ 1.3x", Stats.of(vsNarrow).median() <= 1.3));
        results.add(Figure.of(section, "Pipeline time ÷ direct loop time (" + wide + " threads)", "x", vsWide, "")
                .against("≤ 1.3x", Stats.of(vsWide).median() <= 1.3));
        results.note(
                section,
                "Each repeat starts a fresh local stack (empty tables) in the benchmark JVM; the pipeline and the"
                        + " loops alternate in order between repeats. The loops write the rows the splitter produces"
                        + " from the same file (normalised, deduplicated, 25 to a batch) into new tables of the same"
                        + " DynamoDB server with the employees table's key schema: the BatchWriteItem loop through the"
                        + " writer's own EmployeeTable.write (its items, its retry of unprocessed items), the per-row"
                        + " baseline as one plain PutItem of the writer's own item per row. A warm-up repeat on 5,000"
                        + " rows comes first.");
        results.note(
                section,
                "AWS SDK calls per 25-row batch message in the last pipeline run, by who made them: "
                        + lastCalls.entrySet().stream()
                                .filter(e -> !e.getKey().startsWith("main ")
                                        && !e.getKey().startsWith("pool"))
                                .map(e -> String.format(
                                        Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / (double) lastBatches))
                                .collect(Collectors.joining(", "))
                        + String.format(
                                Locale.ROOT,
                                " (%d batches; `writer-message` = the writer's per-message threads,"
                                        + " `rostergate-writer-function` = its invocation thread (counting an"
                                        + " invocation's batches together), `sqs-…` = the event source's pollers,"
                                        + " `splitter-send` = the splitter's senders; the benchmark's own polling of"
                                        + " the ledger is left out).",
                                lastBatches));
        List<Double> overNarrow = ratio(all, 0, PER_ROW, true);
        List<Double> overWide = ratio(all, 0, PER_ROW + 1, true);
        results.add(
                Figure.of(section, "Pipeline rate ÷ per-row PutItem rate (" + narrow + " threads)", "x", overNarrow, "")
                        .against("≥ 10x", Stats.of(overNarrow).median() >= 10));
        results.add(Figure.of(section, "Pipeline rate ÷ per-row PutItem rate (" + wide + " threads)", "x", overWide, "")
                .against("≥ 10x", Stats.of(overWide).median() >= 10));
        List<Double> batchingGain = ratio(all, DIRECT, PER_ROW, true);
        results.add(Figure.of(
                section,
                "Direct loop rate ÷ per-row PutItem rate (" + narrow + " threads)",
                "x",
                batchingGain,
                "what batching alone buys with this server and latency: the ceiling for the line above"));
        double perRowRate = median(column(all, PER_ROW, Timed::rate));
        double directRate = median(column(all, DIRECT, Timed::rate));
        double rowsPerBatch = validRows / (double) lastBatches;
        results.note(
                section,
                String.format(
                        Locale.ROOT,
                        "What limits pipeline ÷ per-row (medians): at %d threads a PutItem takes %.2f ms and a"
                                + " BatchWriteItem of %.0f rows %.2f ms (%.2f ms a row) with %d ms added to each call,"
                                + " so batching alone is %.1fx faster here (the direct loop); the pipeline's overhead"
                                + " below brings it to %.1fx. 10x at the pipeline's rate would need a PutItem to take"
                                + " %.2f ms at %d threads (`--dynamodb-latency-ms` adds a round trip to every call).",
                        narrow,
                        1e3 * narrow / perRowRate,
                        rowsPerBatch,
                        1e3 * narrow * rowsPerBatch / directRate,
                        1e3 * narrow / directRate,
                        limits.latency().toMillis(),
                        median(batchingGain),
                        median(overNarrow),
                        1e3 * narrow * 10 / median(column(all, 0, Timed::rate)),
                        narrow));
        reportOverhead(section, all, validRows, narrow);
    }

    /**
     * Where the pipeline's time beyond the direct loop's goes, per repeat: before the writer's first invocation,
     * the writer's pollers idle, its invocations beyond the loop's time, finalisation; and the batches' time in
     * the queue.
     */
    private void reportOverhead(String section, List<List<Timed>> all, long validRows, int narrow) {
        List<Double> queueP50 = writerColumn(WriterRun::queueP50);
        List<Double> queueP95 = writerColumn(WriterRun::queueP95);
        List<Double> queueMax = writerColumn(WriterRun::queueMax);
        String queueNote = "SentTimestamp → ApproximateFirstReceiveTimestamp of each batch message,"
                + " the writer's BatchQueueTime (batch-settled lines)";
        results.add(Figure.of(section, "Time in the queue, p50 of a run's batches", "s", queueP50, queueNote));
        results.add(Figure.of(section, "Time in the queue, p95 of a run's batches", "s", queueP95, ""));
        results.add(Figure.of(section, "Time in the queue, longest of a run's batches", "s", queueMax, ""));
        List<Double> directSeconds = all.stream()
                .map(timed -> timed.get(DIRECT).seconds()
                        * timed.get(0).rows()
                        / timed.get(DIRECT).rows())
                .toList();
        List<Double> overhead = new ArrayList<>();
        List<Double> beyondLoop = new ArrayList<>();
        List<Double> queueShare = new ArrayList<>();
        for (int r = 0; r < all.size(); r++) {
            WriterRun writer = writerRuns.get(r);
            overhead.add(all.get(r).get(0).seconds() - directSeconds.get(r));
            beyondLoop.add(writer.busy() - directSeconds.get(r));
            queueShare.add(100 * (writer.firstQueued() + writer.idle()) / overhead.get(r));
        }
        String loop = "direct loop time (" + narrow + " threads)";
        results.add(Figure.of(
                section,
                "Pipeline time − " + loop,
                "s",
                overhead,
                "the next three lines and the finalisation above, run by run"));
        results.add(Figure.of(
                section,
                "… upload → the writer's first invocation",
                "s",
                writerColumn(WriterRun::beforeFirstInvocation),
                "the splitter's validation pass, its first send, the first batch's wait in the queue"));
        results.add(Figure.of(
                section,
                "… the writer's pollers idle, per poller",
                "s",
                writerColumn(WriterRun::idle),
                "first invocation → every batch written, outside the handler: receiving, deleting,"
                        + " the batching window"));
        results.add(Figure.of(
                section,
                "… the writer's invocations, per poller, − " + loop,
                "s",
                beyondLoop,
                "first invocation → every batch written; invocations run one after another on each poller"));
        results.add(Figure.of(
                section,
                "The queue's share of pipeline time − " + loop,
                "%",
                queueShare,
                "(first batch settled's time in the queue + pollers idle) ÷ the difference"));
        results.add(Figure.of(
                section,
                "Writer DynamoDB calls per batch beyond its BatchWriteItems",
                "calls",
                writerColumn(WriterRun::extraCalls),
                "the ledger's settle transaction, reads of the import and the newest uploads"));
        results.add(Figure.of(
                section, "CPU during the pipeline: the DynamoDB server", "s", serverCpu, "Dynoxide's process"));
        results.add(Figure.of(
                section,
                "CPU during the pipeline: the benchmark JVM",
                "s",
                jvmCpu,
                "ElasticMQ, S3Proxy, the handlers and pollers, the benchmark's polling of the ledger"));
        results.add(Figure.of(
                section,
                "CPU during the pipeline ÷ (upload → COMPLETE × cores)",
                "x",
                machineBusy,
                "1 = every core busy for the whole import"));
        double sent = median(column(all, 2, Timed::seconds));
        double written = median(column(all, 3, Timed::seconds));
        double sendRate = validRows / sent;
        double writeRate = validRows / (written - median(writerColumn(WriterRun::beforeFirstInvocation)));
        results.note(
                section,
                String.format(
                        Locale.ROOT,
                        "Every batch has been sent %.1f s after the upload and written %.1f s after it: %,.0f rows/s"
                                + " between the two, where the direct loop writes %,.0f rows/s with the same items.",
                        sent,
                        written,
                        validRows / (written - sent),
                        median(column(all, DIRECT, Timed::rate))));
        results.note(
                section,
                String.format(
                        Locale.ROOT,
                        "What limits pipeline ÷ direct loop (medians over the runs): of the %.1f s the pipeline takes"
                                + " beyond the %d-thread loop, %.1f s pass before the writer's first invocation (the"
                                + " splitter validates the whole file before it sends a batch), %.1f s the writer's"
                                + " invocations take beyond the loop's time (%.2f DynamoDB calls per batch beyond its"
                                + " BatchWriteItems, and the CPU it shares: the servers and handlers kept %.0f %% of"
                                + " the %d cores busy), %.1f s its pollers are idle (outside the handler: %.2f s of it"
                                + " constructing the writer's instances, %.2f s from the receive of a batch's last"
                                + " message to the handler, the rest deleting and receiving; %.0f of its"
                                + " %.0f invocations got fewer than %d messages, each after up to the %s s batching"
                                + " window) and %.1f s go to finalisation."
                                + " Batches wait %.1f s in the queue at the median (p95 %.1f s, longest %.1f s): the"
                                + " splitter sends %,.0f rows/s (upload → every batch sent), the writer takes %,.0f"
                                + " rows/s (its first invocation → every batch written)%s; only the first batch's"
                                + " wait and the pollers' idle time hold the writing up, %.0f %% of the difference.",
                        median(overhead),
                        narrow,
                        median(writerColumn(WriterRun::beforeFirstInvocation)),
                        median(beyondLoop),
                        median(writerColumn(WriterRun::extraCalls)),
                        100 * median(machineBusy),
                        Runtime.getRuntime().availableProcessors(),
                        median(writerColumn(WriterRun::idle)),
                        median(writerColumn(WriterRun::instanceStarts)),
                        median(writerColumn(WriterRun::receiveToHandler)),
                        median(writerColumn(WriterRun::partialInvocations)),
                        median(writerColumn(WriterRun::invocations)),
                        inFlightPerPoller,
                        batchingWindow,
                        median(column(all, 4, Timed::seconds)),
                        median(queueP50),
                        median(queueP95),
                        median(queueMax),
                        sendRate,
                        writeRate,
                        sendRate > writeRate
                                ? ", so a backlog builds up whose wait overlaps the writing"
                                : ", so the writer waits for batches",
                        median(queueShare)));
    }

    private List<Double> writerColumn(java.util.function.ToDoubleFunction<WriterRun> value) {
        return writerRuns.stream().map(run -> value.applyAsDouble(run)).toList();
    }

    private static double median(List<Double> values) {
        return Stats.of(values).median();
    }

    private static List<Double> column(
            List<List<Timed>> all, int index, java.util.function.ToDoubleFunction<Timed> value) {
        return all.stream().map(timed -> value.applyAsDouble(timed.get(index))).toList();
    }

    /** Per repeat: time a ÷ time b, or (rates) rate a ÷ rate b. */
    private static List<Double> ratio(List<List<Timed>> all, int a, int b, boolean rates) {
        return all.stream()
                .map(timed -> rates
                        ? timed.get(a).rate() / timed.get(b).rate()
                        : timed.get(a).seconds()
                                / (timed.get(b).seconds()
                                        * timed.get(a).rows()
                                        / timed.get(b).rows()))
                .toList();
    }
}
