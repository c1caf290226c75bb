package com.rostergate.it.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rostergate.aws.ingest.AwsIngest;
import com.rostergate.aws.ingest.EmployeeTable;
import com.rostergate.aws.ingest.ImportLedger;
import com.rostergate.aws.ingest.ImportReports;
import com.rostergate.core.ingest.Deadline;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.ingest.usecase.RosterImport;
import com.rostergate.core.telemetry.JsonLog;
import com.rostergate.fixtures.Contracts;
import com.rostergate.fixtures.Fixtures;
import com.rostergate.it.TestStacks;
import com.rostergate.local.LocalDeployment;
import com.rostergate.local.events.EventRouter;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.paginators.ScanIterable;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A local stack as the ingestion tests use it: upload, wait, then read the table, the ledger and the
 * reports. Registered as a JUnit extension, it starts before a test class and stops after it.
 */
final class IngestStack implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    static final Duration IDLE = Duration.ofSeconds(120);
    static final ObjectMapper JSON = new ObjectMapper();
    private static final ExecutorService OPERATOR_SENDERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "operator-send");
        thread.setDaemon(true);
        return thread;
    });

    private final Consumer<LocalDeployment.Builder> customise;
    private final AtomicInteger resets = new AtomicInteger();
    LocalDeployment stack;
    ImportLedger ledger;
    String bucket;
    String employeesTable;
    String importsTable;

    private IngestStack(Consumer<LocalDeployment.Builder> customise) {
        this.customise = customise;
    }

    /**
     * The stack with the real handlers, redelivery after 2 s and fast async retries; {@code customise} may replace
     * handlers.
     */
    static IngestStack with(Consumer<LocalDeployment.Builder> customise) {
        return new IngestStack(customise);
    }

    static IngestStack withRealHandlers() {
        return with(builder -> {});
    }

    /** Starts the stack now (outside JUnit). */
    IngestStack start() throws Exception {
        LocalDeployment.Builder builder = LocalDeployment.builder()
                .template(TestStacks.TEMPLATE)
                .randomPorts()
                .parameter("RemovalGuardPercent", "20")
                .queueVisibilityTimeout(Duration.ofSeconds(2))
                .asyncRetryDelay(Duration.ofMillis(100));
        customise.accept(builder);
        stack = builder.start();
        bucket = stack.endpoint("ROSTER_BUCKET");
        employeesTable = stack.endpoint("EMPLOYEES_TABLE");
        importsTable = stack.endpoint("IMPORTS_TABLE");
        ledger = new ImportLedger(stack.dynamoDb(), importsTable);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    static byte[] sample(String name) {
        return Fixtures.bytes("sample-data/rosters/" + name);
    }

    /**
     * Uploads {@code bytes} to {@code key} (with user metadata), waits until the pipeline is idle and returns the
     * import.
     */
    ImportRecord upload(String key, byte[] bytes, Map<String, String> metadata) throws InterruptedException {
        put(key, bytes, metadata);
        stack.awaitIdle(IDLE);
        return latestImportOf(key);
    }

    /** Uploads {@code bytes} to {@code key} and returns at once: the pipeline takes it up meanwhile. */
    void put(String key, byte[] bytes, Map<String, String> metadata) {
        stack.s3()
                .putObject(
                        PutObjectRequest.builder()
                                .bucket(bucket)
                                .key(key)
                                .metadata(metadata)
                                .build(),
                        RequestBody.fromBytes(bytes));
    }

    ImportRecord upload(String key, byte[] bytes) throws InterruptedException {
        return upload(key, bytes, Map.of());
    }

    /** A full import confirmed with x-amz-meta-force: afterwards the table holds exactly {@code roster}. */
    ImportRecord resetTo(Roster roster) throws InterruptedException {
        ImportRecord reset = upload(
                "rosters/full/reset-" + resets.incrementAndGet() + ".csv", roster.csv(), Map.of("force", "true"));
        assertStatus(ImportStatus.COMPLETE, reset);
        roster.assertIsTheTable(employees());
        return reset;
    }

    /** The most recently started import of {@code key}. */
    ImportRecord latestImportOf(String key) {
        ScanIterable pages = stack.dynamoDb()
                .scanPaginator(r -> r.tableName(importsTable)
                        .consistentRead(true)
                        .filterExpression("#record = :import AND #key = :key")
                        .expressionAttributeNames(Map.of("#record", "record", "#key", "key"))
                        .expressionAttributeValues(
                                Map.of(":import", AttributeValue.fromS("IMPORT"), ":key", AttributeValue.fromS(key))));
        String importId = pages.items().stream()
                .max(Comparator.comparing((Map<String, AttributeValue> item) ->
                                item.get("started_at").s())
                        .thenComparing(item -> item.get("revision").s()))
                .map(item -> item.get("import_id").s())
                .orElseThrow(() -> new AssertionError("no import of " + key));
        return ledger.get(importId);
    }

    /** The employees table's current employees (tombstones left out), phone -> item. */
    Map<String, Map<String, AttributeValue>> employees() {
        Map<String, Map<String, AttributeValue>> employees = new HashMap<>();
        stack.dynamoDb().scanPaginator(r -> r.tableName(employeesTable).consistentRead(true)).items().stream()
                .filter(item -> !EmployeeTable.isTombstone(item))
                .forEach(item -> employees.put(item.get("phone").s(), item));
        return employees;
    }

    Map<String, AttributeValue> batchItem(String importId, int batch) {
        return stack.dynamoDb()
                .getItem(r -> r.tableName(importsTable)
                        .consistentRead(true)
                        .key(Map.of(
                                "import_id",
                                AttributeValue.fromS(importId),
                                "record",
                                AttributeValue.fromS(String.format("BATCH#%06d", batch)))))
                .item();
    }

    /** summary.json of an import, checked against contracts/import-report.schema.json. */
    JsonNode summary(ImportRecord record) throws IOException {
        byte[] bytes = stack.s3()
                .getObjectAsBytes(r -> r.bucket(bucket).key(ImportReports.summaryKey(record.importId())))
                .asByteArray();
        JsonNode summary = JSON.readTree(bytes);
        Contracts.assertValid("import-report", summary);
        assertEquals(record.importId(), summary.get("import_id").asText());
        return summary;
    }

    /** An import's lifecycle event as EventBridge delivered it, and the targets the template's rules sent it to. */
    record Published(JsonNode event, List<String> targets) {
        String detailType() {
            return event.get("detail-type").asText();
        }

        JsonNode detail() {
            return event.get("detail");
        }
    }

    /**
     * The lifecycle events published for an import, oldest first; each matches
     * contracts/import-lifecycle-event.schema.json.
     */
    List<Published> published(ImportRecord record) throws IOException {
        List<Published> published = new ArrayList<>();
        for (EventRouter.Routed routed : stack.events()) {
            JsonNode event = JSON.readTree(routed.event());
            if (event.path("source").asText().equals("roster.ingest")
                    && event.at("/detail/import_id").asText().equals(record.importId())) {
                Contracts.assertValid("import-lifecycle-event", event);
                published.add(new Published(event, routed.targets()));
            }
        }
        return published;
    }

    /** The detail-types of an import's lifecycle events, oldest first. */
    List<String> publishedTypes(ImportRecord record) throws IOException {
        return published(record).stream().map(Published::detailType).toList();
    }

    /** rejects.csv of an import (header row first); null when there is none. */
    List<String[]> rejects(ImportRecord record) {
        byte[] bytes;
        try {
            bytes = stack.s3()
                    .getObjectAsBytes(r -> r.bucket(bucket).key(ImportReports.rejectsKey(record.importId())))
                    .asByteArray();
        } catch (NoSuchKeyException e) {
            return null;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertEquals('\uFEFF', text.charAt(0), "rejects.csv starts with a byte order mark for Excel");
        CsvParserSettings settings = new CsvParserSettings();
        settings.setNullValue("");
        settings.setMaxCharsPerColumn(-1);
        return new CsvParser(settings).parseAll(new StringReader(text.substring(1)));
    }

    /**
     * Moves every dead-lettered message back to the ingest queue with SQS's StartMessageMoveTask, then waits for the
     * pipeline.
     */
    void replayDeadLetters() throws InterruptedException {
        String dlqArn = stack.sqs()
                .getQueueAttributes(
                        r -> r.queueUrl(stack.endpoint("DLQ_URL")).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        String task = stack.sqs().startMessageMoveTask(r -> r.sourceArn(dlqArn)).taskHandle();
        long deadline = System.nanoTime() + IDLE.toNanos();
        while (!stack.sqs().listMessageMoveTasks(r -> r.sourceArn(dlqArn)).results().stream()
                .anyMatch(result ->
                        task.equals(result.taskHandle()) && result.status().equals("COMPLETED"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the message move task did not complete");
            }
            Thread.sleep(100);
        }
        stack.awaitIdle(IDLE);
    }

    int deadLetters() {
        return Integer.parseInt(stack.sqs()
                .getQueueAttributes(r -> r.queueUrl(stack.endpoint("DLQ_URL"))
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    /** The on-call operations (confirm, reject a plan), wired as rosterctl wires them. */
    RosterImport operatorImport() {
        return operatorImport(stack.functionEnvironment("SplitterFunction"));
    }

    /** As {@link #operatorImport()}, with {@code env} in place of the splitter's environment. */
    RosterImport operatorImport(Map<String, String> env) {
        AwsIngest aws = AwsIngest.from(env);
        return aws.rosterImport(OPERATOR_SENDERS);
    }

    /** An operator confirms the import's plan; returns the import once the pipeline has applied it. */
    ImportRecord confirm(String importId) throws Exception {
        operatorImport().confirm(importId, Deadline.in(IDLE.toMillis(), 0), JsonLog.discarding());
        stack.awaitIdle(IDLE);
        return ledger.get(importId);
    }

    /**
     * Every row read is written, deleted, rejected, duplicate, dead-lettered or superseded, and every batch is settled.
     */
    static void assertSettledAndReconciled(ImportRecord record) {
        assertNotNull(record);
        assertEquals(0, record.rowsUnaccounted(), "rows unaccounted for in " + record);
        assertEquals(record.batchesTotal(), record.batchesSettled(), "batches not settled in " + record);
        assertEquals(
                record.rowsRead(),
                record.rowsWritten()
                        + record.rowsDeleted()
                        + record.rowsRejected()
                        + record.rowsDuplicate()
                        + record.rowsDeadLettered()
                        + record.rowsSuperseded(),
                record.toString());
        assertEquals(
                record.rowsRead() - record.rowsRejected() - record.rowsDuplicate(),
                record.rowsValid(),
                record.toString());
    }

    static void assertStatus(ImportStatus expected, ImportRecord record) {
        assertEquals(expected, record.status(), () -> "import " + record);
    }

    @Override
    public void close() {
        if (stack != null) {
            stack.close();
        }
    }
}
