package com.rostergate.bench;

import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.local.LocalDeployment;
import com.rostergate.local.dynamodb.DynamoDbLimits;
import com.rostergate.local.dynamodb.DynamoDbProxy;
import com.rostergate.local.template.FunctionDefinition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Section 6: the whole pipeline into tables limited to a write capacity (the local DynamoDB's capacity
 * mode), with the template's event source (BatchSize, MaximumConcurrency): how much of the capacity the
 * writer uses, and what throttling costs it — dead-lettered batches, lost rows, calls and retries.
 */
final class CapacityBench {

    static final String SECTION = "6. Ingestion under a write capacity";
    private static final String BATCH_WRITES = "writer-message DynamoDb.BatchWriteItem";
    private static final long IMPORT_TIMEOUT_MILLIS = 30 * 60_000L;

    private final Path repoRoot;
    private final DynamoDbLimits limits;
    private final Path roster;
    private final long rows;
    private final int repeats;
    private final Results results;

    CapacityBench(Path repoRoot, DynamoDbLimits limits, Path roster, long rows, int repeats, Results results) {
        this.repoRoot = repoRoot;
        this.limits = limits;
        this.roster = roster;
        this.rows = rows;
        this.repeats = repeats;
        this.results = results;
    }

    /** One import into a fresh stack whose tables each take {@code capacity} WCU/s. */
    private record Sample(
            double writeRate,
            double pipelineRate,
            double batchesDeadLettered,
            double rowsLost,
            double batchWritesPerBatch,
            double requestsPerRow,
            double throttledPerRow,
            double unprocessedPerRow) {}

    void run(List<Integer> capacities) throws Exception {
        String eventSource = "";
        for (int capacity : capacities) {
            List<Sample> samples = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                System.out.printf(
                        Locale.ROOT, "capacity: %d WCU/s, repeat %d of %d (%d rows)%n", capacity, r + 1, repeats, rows);
                DynamoDbLimits limited = new DynamoDbLimits(capacity, limits.readCapacity(), limits.latency());
                try (LocalDeployment stack = Stacks.builder(repoRoot, limited).start()) {
                    FunctionDefinition.SqsEventSource source = Stacks.writerEventSource(repoRoot, stack);
                    eventSource =
                            "BatchSize " + source.batchSize() + ", MaximumConcurrency " + source.maximumConcurrency();
                    samples.add(once(stack, "rosters/full/capacity-" + capacity + "-r" + (r + 1) + ".csv"));
                }
            }
            report(capacity, samples);
            noteLimit(capacity, samples);
        }
        results.note(
                SECTION,
                String.format(
                        Locale.ROOT,
                        "Each run: a fresh local stack whose DynamoDB takes at most the given write capacity on each "
                                + "table (read capacity %s, %d ms added to each call), the %,d-row roster uploaded "
                                + "once, the real splitter and writer with the template's event source (%s). The "
                                + "write rate counts from the writer's first BatchWriteItem to every batch written "
                                + "(ledger FINALIZING); requests and throttled answers are the HTTP calls the "
                                + "DynamoDB proxy received and refused, on all tables, SDK retries included; "
                                + "BatchWriteItem calls are the writer's SDK calls (its own retries of unprocessed "
                                + "items included, the SDK's retries of a throttled call not).",
                        limits.readCapacity() == 0 ? "unlimited" : limits.readCapacity() + " RCU/s",
                        limits.latency().toMillis(),
                        rows,
                        eventSource));
    }

    private Sample once(LocalDeployment stack, String key) throws Exception {
        DynamoDbProxy.Counts before = stack.dynamoDbCounts().orElseThrow();
        CallCounter.start();
        Stacks.ImportRun run = Stacks.upload(stack, roster, key, IMPORT_TIMEOUT_MILLIS);
        Map<String, Long> calls = CallCounter.stop();
        DynamoDbProxy.Counts after = stack.dynamoDbCounts().orElseThrow();
        ImportRecord record = run.record();
        long firstWrite = CallCounter.firstCall(BATCH_WRITES).orElse(run.start());
        long inTable = stack
                .dynamoDb()
                .scanPaginator(r -> r.tableName(stack.endpoint("EMPLOYEES_TABLE"))
                        .select(Select.COUNT)
                        .consistentRead(true))
                .stream()
                .mapToLong(page -> page.count())
                .sum();
        // a full roster into an empty table: every row neither rejected nor a duplicate is to land
        long toLand = record.rowsRead() - record.rowsRejected() - record.rowsDuplicate();
        long lost = toLand - inTable - record.rowsDeadLettered();
        double valid = toLand;
        Sample sample = new Sample(
                record.rowsWritten() / run.seconds(firstWrite, run.written()),
                record.rowsWritten() / run.seconds(run.start(), run.end()),
                record.batchesDeadLettered(),
                lost,
                calls.getOrDefault(BATCH_WRITES, 0L) / (double) record.batchesTotal(),
                (after.calls() - before.calls()) / valid,
                (after.refused() - before.refused()) / valid,
                (after.itemsUnprocessed() - before.itemsUnprocessed()) / valid);
        System.out.printf(
                Locale.ROOT,
                "  %s: %,.0f rows/s writing, %d batches dead-lettered, %d rows lost, %s%n",
                record.status(),
                sample.writeRate(),
                record.batchesDeadLettered(),
                lost,
                sample);
        stack.awaitIdle(java.time.Duration.ofMinutes(5));
        return sample;
    }

    private void report(int capacity, List<Sample> samples) {
        String at = String.format(Locale.ROOT, " — %,d WCU/s", capacity);
        List<Double> shareOfCapacity = column(samples, sample -> sample.writeRate() / capacity);
        results.add(Figure.of(
                SECTION,
                "Write rate" + at,
                "rows/s",
                column(samples, Sample::writeRate),
                "first BatchWriteItem → every batch written"));
        results.add(Figure.of(
                        SECTION,
                        "Write rate ÷ capacity" + at,
                        "x",
                        shareOfCapacity,
                        "one row is one WCU (items under 1 KB)")
                .against("≥ 0.9x", Stats.of(shareOfCapacity).median() >= 0.9));
        results.add(Figure.of(
                SECTION,
                "Pipeline throughput ÷ capacity" + at,
                "x",
                column(samples, sample -> sample.pipelineRate() / capacity),
                "rows written / upload → import settled"));
        List<Double> deadLettered = column(samples, Sample::batchesDeadLettered);
        results.add(Figure.of(SECTION, "Batches dead-lettered" + at, "batches", deadLettered, "")
                .against("0", Stats.of(deadLettered).max() == 0));
        List<Double> lost = column(samples, Sample::rowsLost);
        results.add(Figure.of(
                        SECTION, "Rows lost" + at, "rows", lost, "valid rows neither in the table nor dead-lettered")
                .against("0", Stats.of(lost).max() == 0 && Stats.of(lost).min() == 0));
        results.add(Figure.of(
                SECTION,
                "Writer BatchWriteItem calls per batch" + at,
                "calls",
                column(samples, Sample::batchWritesPerBatch),
                "1 = no batch needed a retry"));
        results.add(Figure.of(
                SECTION,
                "DynamoDB requests per row" + at,
                "requests",
                column(samples, Sample::requestsPerRow),
                "every HTTP call on every table, the ledger's included"));
        results.add(Figure.of(
                SECTION,
                "Throttled answers per row" + at,
                "answers",
                column(samples, Sample::throttledPerRow),
                "ProvisionedThroughputExceededException"));
        results.add(Figure.of(
                SECTION,
                "Items returned unprocessed per row" + at,
                "items",
                column(samples, Sample::unprocessedPerRow),
                ""));
    }

    /** What set the write rate at {@code capacity}, from the proxy's and the writer's counts (medians). */
    private void noteLimit(int capacity, List<Sample> samples) {
        double share = median(column(samples, sample -> sample.writeRate() / capacity));
        double unprocessed = median(column(samples, Sample::unprocessedPerRow));
        double throttled = median(column(samples, Sample::throttledPerRow));
        results.note(
                SECTION,
                String.format(
                        Locale.ROOT,
                        "At %,d WCU/s the writer used %.0f %% of the capacity: the proxy returned %.2f items"
                                + " unprocessed and %.3f throttled answers a row, and a batch took %.2f BatchWriteItem"
                                + " calls; %s.",
                        capacity,
                        100 * share,
                        unprocessed,
                        throttled,
                        median(column(samples, Sample::batchWritesPerBatch)),
                        unprocessed + throttled > 0.01
                                ? "the writer ran into the capacity, and its backoff before each retry leaves part of"
                                        + " it unused"
                                : "the proxy refused almost nothing, so the writer itself, not the capacity, set the"
                                        + " rate"));
    }

    private static double median(List<Double> values) {
        return Stats.of(values).median();
    }

    private static List<Double> column(List<Sample> samples, ToDoubleFunction<Sample> value) {
        return samples.stream().map(sample -> value.applyAsDouble(sample)).toList();
    }
}
