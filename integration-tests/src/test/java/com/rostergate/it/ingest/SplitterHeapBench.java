package com.rostergate.it.ingest;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.fixtures.lambda.LocalContext;
import com.rostergate.splitter.SplitterHandler;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The real splitter handler on a large roster, in its own JVM with a small heap, against the local
 * stack's S3 and SQS (run in this JVM; its own splitter and writer are no-ops so that only the
 * measured splitter reads the file and the queue simply drains). Not a test - run it by hand:
 * <pre>
 * java -cp functions/core/target/test-classes com.rostergate.core.roster.RosterGenerator --rows 1000000 --seed 42 \
 *     --duplicates 0.001 --invalid 0.001 --out /tmp/roster-1m.csv
 * mvn -q -o -pl integration-tests test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/it.cp
 * java -cp "integration-tests/target/test-classes:$(cat /tmp/it.cp)" -Drepo.root=$PWD \
 *     com.rostergate.it.ingest.SplitterHeapBench /tmp/roster-1m.csv 128m
 * </pre>
 */
public final class SplitterHeapBench {

    private SplitterHeapBench() {}

    public static void main(String[] args) throws Exception {
        Path roster = Path.of(args[0]);
        String heap = args.length > 1 ? args[1] : "128m";
        try (IngestStack stack = IngestStack.with(builder -> builder.handler("SplitterFunction", env ->
                                (RequestStreamHandler) (input, output, context) -> input.readAllBytes())
                        .handler("WriterFunction", env -> (RequestHandler<Object, SQSBatchResponse>)
                                (event, context) -> new SQSBatchResponse(List.of())))
                .start()) {
            String key = "rosters/full/" + roster.getFileName();
            stack.stack.s3().putObject(r -> r.bucket(stack.bucket).key(key), RequestBody.fromFile(roster));
            stack.stack.awaitIdle(IngestStack.IDLE);
            HeadObjectResponse head =
                    stack.stack.s3().headObject(r -> r.bucket(stack.bucket).key(key));
            Path work = Files.createTempDirectory("splitter-bench");
            Path env = work.resolve("env.json");
            Path event = work.resolve("event.json");
            IngestStack.JSON.writeValue(env.toFile(), stack.stack.functionEnvironment("SplitterFunction"));
            Files.write(event, objectCreated(stack.bucket, key, head));

            Process child = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx" + heap,
                            "-cp",
                            System.getProperty("java.class.path"),
                            Child.class.getName(),
                            env.toString(),
                            event.toString())
                    .inheritIO()
                    .start();
            if (child.waitFor() != 0) {
                throw new IllegalStateException("the splitter JVM failed");
            }
            stack.stack.awaitIdle(IngestStack.IDLE);
            ImportRecord record = stack.latestImportOf(key);
            System.out.printf(
                    Locale.ROOT,
                    "ledger: %s, %d rows read, %d valid, %d rejected, %d duplicates, %d batches sent%n",
                    record.status(),
                    record.rowsRead(),
                    record.rowsValid(),
                    record.rowsRejected(),
                    record.rowsDuplicate(),
                    record.batchesTotal());
        }
    }

    /** An S3 "Object Created" event for the uploaded file. */
    private static byte[] objectCreated(String bucket, String key, HeadObjectResponse head) throws Exception {
        ObjectNode event = IngestStack.JSON.createObjectNode();
        event.put("detail-type", "Object Created")
                .put("source", "aws.s3")
                .put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        ObjectNode detail = event.putObject("detail");
        detail.putObject("bucket").put("name", bucket);
        detail.putObject("object")
                .put("key", key)
                .put("size", head.contentLength())
                .put("etag", head.eTag().replace("\"", ""))
                .put("version-id", head.versionId())
                .put("sequencer", "0000000000000000A1");
        return IngestStack.JSON.writeValueAsBytes(event);
    }

    /**
     * The measured JVM: one splitter invocation, then its time and heap. Two heap figures: the pools'
     * peak usage, which counts garbage not yet collected (G1 lets the young generation fill whatever
     * the heap allows), and the live set - the heap still in use after a full collection, forced
     * once a second during the invocation (which slows it by the pauses).
     */
    public static final class Child {
        private static final long LIVE_SAMPLE_MILLIS = 1000;

        private Child() {}

        public static void main(String[] args) throws Exception {
            @SuppressWarnings("unchecked")
            Map<String, String> env =
                    IngestStack.JSON.readValue(Path.of(args[0]).toFile(), Map.class);
            SplitterHandler handler = new SplitterHandler(env);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            long[] live = {0, 0}; // most heap in use after a full collection, samples
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(
                    () -> {
                        System.gc();
                        live[0] = Math.max(
                                live[0],
                                heapPools()
                                        .mapToLong(pool ->
                                                pool.getCollectionUsage().getUsed())
                                        .sum());
                        live[1]++;
                    },
                    LIVE_SAMPLE_MILLIS,
                    LIVE_SAMPLE_MILLIS,
                    TimeUnit.MILLISECONDS);
            long started = System.nanoTime();
            try (InputStream event = Files.newInputStream(Path.of(args[1]))) {
                handler.handleRequest(event, answer, LocalContext.direct("SplitterFunction", Duration.ofSeconds(900)));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            sampler.shutdown();
            sampler.awaitTermination(1, TimeUnit.MINUTES);
            long peak =
                    heapPools().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            String pools = heapPools()
                    .map(pool -> String.format(
                            Locale.ROOT,
                            "%s %d MB",
                            pool.getName(),
                            pool.getPeakUsage().getUsed() >> 20))
                    .collect(Collectors.joining("; "));
            System.out.printf(
                    Locale.ROOT,
                    "splitter: %s in %.1f s; max heap %d MB, peak heap used %d MB (%s);"
                            + " live heap %.1f MB (%d full GCs)%n",
                    answer,
                    seconds,
                    Runtime.getRuntime().maxMemory() >> 20,
                    peak >> 20,
                    pools,
                    live[0] / 1048576.0,
                    live[1]);
        }

        private static Stream<MemoryPoolMXBean> heapPools() {
            return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP);
        }
    }
}
