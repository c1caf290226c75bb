package com.rostergate.it.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rostergate.aws.AwsClients;
import com.rostergate.cli.RosterCtl;
import com.rostergate.core.ingest.BatchMessage;
import com.rostergate.core.ingest.IngestMessages;
import com.rostergate.fixtures.Fixtures;
import com.rostergate.it.TestStacks;
import com.rostergate.local.LocalDeployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * rosterctl dlq list / replay against ElasticMQ's real dead-letter queue. The writer is replaced by
 * one that records what reaches it, so the test can count every message that came back.
 */
class RosterctlDlqIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    LocalDeployment stack;
    Rosterctl rosterctl;
    /** message id -> body: a redelivery (SQS is at least once) keeps its id, a second send would not. */
    final Map<String, String> delivered = new ConcurrentHashMap<>();

    private final List<String> sent = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        stack = LocalDeployment.builder()
                .template(TestStacks.TEMPLATE)
                .randomPorts()
                .handler("WriterFunction", env -> new RecordingWriter(delivered, env))
                .queueVisibilityTimeout(Duration.ofSeconds(2))
                .start();
        rosterctl = new Rosterctl(stack, temp);
        for (String importId : List.of("imp-a", "imp-a", "imp-a", "imp-b", "imp-b")) {
            deadLetter(importId, countOf(importId) + 1);
        }
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void listShowsEveryDeadLetteredBatchWithoutConsumingIt() {
        JsonNode rows = rosterctl.run("--json", "dlq", "list").json();

        assertEquals(5, rows.size(), rows.toString());
        assertEquals(3, count(rows, "imp-a"));
        assertEquals(2, count(rows, "imp-b"));
        rows.forEach(row -> assertEquals(2, row.get("rows").asInt(), row.toString()));
        assertEquals(5, dlqDepth(), "listing leaves every message in the queue");
        Rosterctl.Result text = rosterctl.run("dlq", "list");
        assertTrue(text.out().contains("5 dead-lettered batch(es)."), text.toString());
    }

    @Test
    void aDryRunMovesNothing() {
        Rosterctl.Result dryRun = rosterctl.run("--json", "dlq", "replay", "--import", "imp-a", "--dry-run");

        assertEquals(0, dryRun.exitCode(), dryRun.toString());
        assertEquals(3, dryRun.json().get("messages").asInt());
        assertEquals(5, dlqDepth());
        assertEquals(0, delivered.size());
    }

    @Test
    void aReplayResumedAfterACrashNeitherLosesNorDuplicatesAMessage() throws Exception {
        JsonNode listed = rosterctl.run("--json", "dlq", "list").json();
        JsonNode crashed = StreamSupport.stream(listed.spliterator(), false)
                .filter(row -> "imp-a".equals(row.get("import_id").asText()))
                .findFirst()
                .orElseThrow();
        // The state a replay killed between "sent" and "deleted" leaves: journaled as sent, still in the DLQ.
        String crashedBody = sentBefore(crashed);
        Path journal = Files.writeString(
                temp.resolve("replay.journal"),
                "SENT " + crashed.get("message_id").asText() + "\n");

        Rosterctl.Result replay =
                rosterctl.run("--json", "dlq", "replay", "--import", "imp-a", "--journal", journal.toString());

        assertEquals(0, replay.exitCode(), replay.toString());
        assertEquals(3, replay.json().get("messages").asInt(), replay.toString());
        stack.awaitIdle(Duration.ofSeconds(60));
        assertEquals(2, dlqDepth(), "imp-b's batches stay");
        List<String> importA = bodiesOf("imp-a");
        assertEquals(3, importA.size(), "each imp-a batch arrived once: " + importA);
        assertEquals(3, importA.stream().distinct().count());
        assertTrue(importA.contains(crashedBody));

        Rosterctl.Result all = rosterctl.run("dlq", "replay", "--rate", "50");
        assertEquals(0, all.exitCode(), all.toString());
        assertTrue(all.out().contains("Moved 2 message(s)"), all.toString());
        stack.awaitIdle(Duration.ofSeconds(60));
        assertEquals(0, dlqDepth());
        assertEquals(2, bodiesOf("imp-b").size());
    }

    @Test
    void aReplayKilledBetweenJournalingAndSendingSendsTheMessageWhenRunAgain() throws Exception {
        replayKilledAtTheFirstSend(HangingSqsProxy.Hold.BEFORE_SENDING);

        assertEquals(0, bodiesOf("imp-a").size(), "the killed run sent nothing");
        assertResumedReplayMovesEachBatchOnce();
    }

    @Test
    void aReplayKilledBetweenSendingAndJournalingDoesNotSendTheMessageAgain() throws Exception {
        replayKilledAtTheFirstSend(HangingSqsProxy.Hold.AFTER_SENDING);

        assertEquals(1, bodiesOf("imp-a").size(), "the killed run's send arrived");
        assertResumedReplayMovesEachBatchOnce();
    }

    @Test
    void anInterruptedSendIsNotRepeatedWhileTheIngestQueueMayStillHoldIt() throws Exception {
        JsonNode listed = rosterctl.run("--json", "dlq", "list").json();
        String interrupted = StreamSupport.stream(listed.spliterator(), false)
                .filter(row -> "imp-a".equals(row.get("import_id").asText()))
                .findFirst()
                .orElseThrow()
                .get("message_id")
                .asText();
        Path journal = Files.writeString(temp.resolve("replay.journal"), "SENDING " + interrupted + "\n");
        stack.sqs()
                .sendMessage(r -> r.queueUrl(stack.endpoint("INGEST_QUEUE_URL"))
                        .messageBody("{}")
                        .delaySeconds(60));

        Rosterctl.Result replay = rosterctl.run("dlq", "replay", "--import", "imp-a", "--journal", journal.toString());

        assertEquals(2, replay.exitCode(), replay.toString());
        assertTrue(replay.out().contains("Moved 2 message(s) of import imp-a"), replay.toString());
        assertTrue(
                replay.err().contains("may still wait in the ingest queue")
                        && replay.err().contains(interrupted),
                replay.toString());
        assertEquals(3, dlqDepth(), "the interrupted one and imp-b's stay");
    }

    /**
     * Runs {@code dlq replay --import imp-a} in a JVM of its own through a proxy that holds its first
     * SendMessage, kills it (SIGKILL: no shutdown hook, no finally) while it waits, and makes what it had
     * received visible again, as its visibility timeout would.
     */
    private void replayKilledAtTheFirstSend(HangingSqsProxy.Hold hold) throws Exception {
        Path journal = temp.resolve("replay.journal");
        try (HangingSqsProxy proxy = new HangingSqsProxy(stack.endpoint("SQS_ENDPOINT"), hold)) {
            List<String> lines = new ArrayList<>();
            stack.endpoints()
                    .forEach((key, value) -> lines.add(key + "=" + (key.equals("SQS_ENDPOINT") ? proxy.url() : value)));
            Path endpoints = Files.write(temp.resolve("through-proxy.env"), lines);
            Process replay = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            RosterCtl.class.getName(),
                            "--local",
                            endpoints.toString(),
                            "dlq",
                            "replay",
                            "--import",
                            "imp-a",
                            "--journal",
                            journal.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(temp.resolve("killed-replay.log").toFile())
                    .start();
            try {
                assertTrue(
                        proxy.sendHeld.await(60, TimeUnit.SECONDS),
                        "the replay got to its first send: " + Files.readString(temp.resolve("killed-replay.log")));
            } finally {
                replay.destroyForcibly().waitFor();
            }
            for (String handle : proxy.receiptHandles) {
                stack.sqs()
                        .changeMessageVisibility(r -> r.queueUrl(stack.endpoint("DLQ_URL"))
                                .receiptHandle(handle)
                                .visibilityTimeout(0));
            }
        }
        String lastLine =
                Files.readAllLines(journal).get(Files.readAllLines(journal).size() - 1);
        assertTrue(lastLine.startsWith("SENDING "), "killed after journaling the send: " + lastLine);
        stack.awaitIdle(Duration.ofSeconds(60));
    }

    private void assertResumedReplayMovesEachBatchOnce() throws Exception {
        Rosterctl.Result resumed = rosterctl.run(
                "--json",
                "dlq",
                "replay",
                "--import",
                "imp-a",
                "--journal",
                temp.resolve("replay.journal").toString());

        assertEquals(0, resumed.exitCode(), resumed.toString());
        stack.awaitIdle(Duration.ofSeconds(60));
        List<String> importA = bodiesOf("imp-a");
        assertEquals(3, importA.size(), "each imp-a batch arrived once: " + importA);
        assertEquals(3, importA.stream().distinct().count());
        assertEquals(2, dlqDepth(), "imp-b's batches stay");
    }

    /**
     * Accepts every message, keeps its id and body, and marks a batch WRITTEN in the ledger as the real
     * writer does. A named class: the stack reads the event type from its generics.
     */
    static final class RecordingWriter implements RequestHandler<SQSEvent, SQSBatchResponse> {
        private final Map<String, String> delivered;
        private final DynamoDbClient dynamoDb;
        private final String importsTable;

        RecordingWriter(Map<String, String> delivered, Map<String, String> env) {
            this.delivered = delivered;
            this.dynamoDb = AwsClients.builder(env).build().build(DynamoDbClient.builder(), "DYNAMODB");
            this.importsTable = env.get("IMPORTS_TABLE");
        }

        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
            for (SQSEvent.SQSMessage message : event.getRecords()) {
                delivered.put(message.getMessageId(), message.getBody());
                if (IngestMessages.decode(message.getBody()) instanceof BatchMessage batch) {
                    dynamoDb.putItem(r -> r.tableName(importsTable)
                            .item(Map.of(
                                    "import_id", AttributeValue.fromS(batch.importId()),
                                    "record", AttributeValue.fromS(String.format("BATCH#%06d", batch.batch())),
                                    "state", AttributeValue.fromS("WRITTEN"))));
                }
            }
            return new SQSBatchResponse(List.of());
        }
    }

    /** Sends the crashed message's body to the ingest queue, as the interrupted replay had done. */
    private String sentBefore(JsonNode row) throws Exception {
        String body = batchBody(row.get("import_id").asText(), row.get("batch").asInt());
        stack.sqs()
                .sendMessage(r -> r.queueUrl(stack.endpoint("INGEST_QUEUE_URL")).messageBody(body));
        return body;
    }

    private void deadLetter(String importId, int batch) throws Exception {
        String body = batchBody(importId, batch);
        stack.sqs()
                .sendMessage(r -> r.queueUrl(stack.endpoint("DLQ_URL"))
                        .messageBody(body)
                        .messageAttributes(Map.of(
                                "origin",
                                MessageAttributeValue.builder()
                                        .dataType("String")
                                        .stringValue("test")
                                        .build())));
        sent.add(importId);
    }

    private int countOf(String importId) {
        return (int) sent.stream().filter(importId::equals).count();
    }

    /** A contract-shaped batch message (the contract's own example) for {@code importId}, batch {@code batch}. */
    private static String batchBody(String importId, int batch) throws Exception {
        ObjectNode body =
                (ObjectNode) JSON.readTree(Fixtures.bytes("contracts/examples/roster-batch-message/full-batch.json"));
        body.put("import_id", importId);
        body.put("batch", batch);
        body.putArray("rows")
                .add(JSON.readTree("{\"line\":2,\"action\":\"PUT\",\"phone\":\"+821022223333\",\"attributes\":{}}"));
        body.withArray("rows")
                .add(JSON.readTree("{\"line\":3,\"action\":\"PUT\",\"phone\":\"+821033334444\",\"attributes\":{}}"));
        return body.toString();
    }

    private List<String> bodiesOf(String importId) {
        return delivered.values().stream()
                .filter(body -> body.contains("\"import_id\":\"" + importId + "\""))
                .toList();
    }

    private static long count(JsonNode rows, String importId) {
        return StreamSupport.stream(rows.spliterator(), false)
                .filter(row -> importId.equals(row.get("import_id").asText()))
                .count();
    }

    private int dlqDepth() {
        Map<QueueAttributeName, String> attributes = stack.sqs()
                .getQueueAttributes(r -> r.queueUrl(stack.endpoint("DLQ_URL"))
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }
}
