package com.rostergate.it.ingest;

import static com.rostergate.it.ingest.IngestStack.assertSettledAndReconciled;
import static com.rostergate.it.ingest.IngestStack.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.rostergate.aws.AwsClients;
import com.rostergate.core.ingest.BatchMessage;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.ingest.IngestMessages;
import com.rostergate.fixtures.lambda.LocalContext;
import com.rostergate.writer.WriterHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The queue delivers a batch message more than once - two copies in one invocation, a copy of a batch
 * already counted, a redelivery after the batch was counted - and each batch is still counted once,
 * and a copy never overwrites what a newer upload wrote. A batch whose import's ledger item is gone
 * fails alone, with a reason, at once.
 */
class WriterRedeliveryIT {

    /** The stack's writer, which can be told to take batch messages off the queue without handling them. */
    static final class HoldingWriter implements RequestHandler<SQSEvent, SQSBatchResponse> {
        static volatile boolean holding;
        static final List<String> HELD = new CopyOnWriteArrayList<>();
        private final WriterHandler writer;

        HoldingWriter(WriterHandler writer) {
            this.writer = writer;
        }

        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
            if (!holding) {
                return writer.handleRequest(event, context);
            }
            event.getRecords().forEach(message -> HELD.add(message.getBody()));
            return new SQSBatchResponse(List.of());
        }
    }

    @RegisterExtension
    static final IngestStack stack = IngestStack.with(
            builder -> builder.handler("WriterFunction", env -> new HoldingWriter(new WriterHandler(env))));

    @Test
    void copiesAndRedeliveriesOfABatchAreCountedOnceAndOverwriteNothingNewer() throws Exception {
        Roster before = Roster.numbered(0, 10, "개발팀");
        stack.resetTo(before);
        Roster delta = Roster.numbered(100, 50, "영업팀");
        HoldingWriter.HELD.clear();
        HoldingWriter.holding = true;
        ImportRecord held;
        try {
            held = stack.upload("rosters/delta/held.csv", delta.csv());
        } finally {
            HoldingWriter.holding = false;
        }
        assertStatus(ImportStatus.WRITING, held);
        List<String> batches = HoldingWriter.HELD.stream()
                .sorted(Comparator.comparingInt(body -> ((BatchMessage) IngestMessages.decode(body)).batch()))
                .toList();
        assertEquals(2, batches.size());
        WriterHandler writer = new WriterHandler(stack.stack.functionEnvironment("WriterFunction"));

        // batch 1 twice in one invocation (the splitter sent it twice)
        assertEquals(List.of(), invoke(writer, message(batches.get(0), 1), message(batches.get(0), 1)));
        ImportRecord half = stack.ledger.get(held.importId());
        assertStatus(ImportStatus.WRITING, half);
        assertEquals(1, half.batchesWritten());
        assertEquals(25, half.rowsWritten(), "batch 1 is counted once");

        // a third copy of batch 1 next to batch 2: batch 2 is counted even though batch 1 was counted already
        assertEquals(List.of(), invoke(writer, message(batches.get(0), 1), message(batches.get(1), 1)));
        stack.stack.awaitIdle(IngestStack.IDLE);

        ImportRecord complete = stack.ledger.get(held.importId());
        assertStatus(ImportStatus.COMPLETE, complete);
        assertSettledAndReconciled(complete);
        assertEquals(2, complete.batchesWritten());
        assertEquals(50, complete.rowsWritten());
        before.plus(delta).assertIsTheTable(stack.employees());

        // a newer delta moves five of batch 1's people; then batch 1 comes again as a new message, batch 2 as a
        // redelivery
        Roster moved = Roster.numbered(100, 5, "인사팀");
        assertStatus(ImportStatus.COMPLETE, stack.upload("rosters/delta/newer.csv", moved.csv()));
        assertEquals(List.of(), invoke(writer, message(batches.get(0), 1), message(batches.get(1), 2)));
        stack.stack.awaitIdle(IngestStack.IDLE);

        assertEquals(complete, stack.ledger.get(held.importId()), "nothing is counted again");
        before.plus(moved).plus(Roster.numbered(105, 45, "영업팀")).assertIsTheTable(stack.employees());
    }

    @Test
    void aBatchWhoseImportIsGoneFailsAloneWithAClearReasonInsteadOfLooping() throws Exception {
        HoldingWriter.HELD.clear();
        ImportRecord kept = uploadHeld("rosters/delta/kept.csv", Roster.numbered(300, 30, "영업팀"));
        ImportRecord gone = uploadHeld("rosters/delta/gone.csv", Roster.numbered(400, 10, "인사팀"));
        Map<String, List<String>> held = heldByImport();
        stack.stack
                .dynamoDb()
                .deleteItem(r -> r.tableName(stack.importsTable)
                        .key(Map.of(
                                "import_id",
                                AttributeValue.fromS(gone.importId()),
                                "record",
                                AttributeValue.fromS("IMPORT"))));
        WriterHandler writer = new WriterHandler(stack.stack.functionEnvironment("WriterFunction"));
        List<String> lines = new CopyOnWriteArrayList<>();
        SQSMessage orphan = message(held.get(gone.importId()).get(0), 1);
        List<SQSMessage> mates =
                held.get(kept.importId()).stream().map(body -> message(body, 1)).toList();
        List<SQSMessage> round = new ArrayList<>(mates);
        round.add(1, orphan);

        // before: counting the orphan looped until the writer's timeout, and every batch-mate was delivered again
        List<String> failed = assertTimeoutPreemptively(
                Duration.ofSeconds(50), () -> invoke(writer, lines, round.toArray(SQSMessage[]::new)));
        assertEquals(List.of(orphan.getMessageId()), failed, "only the batch of the deleted import is delivered again");
        stack.stack.awaitIdle(IngestStack.IDLE);
        assertStatus(ImportStatus.COMPLETE, stack.ledger.get(kept.importId()));
        assertTrue(
                lines.stream()
                        .anyMatch(line -> line.contains("\"batch-failed\"") && line.contains("is not in the ledger")),
                lines.toString());

        // its last receive ends the same way, the reason noted on its item for rosterctl dlq list
        SQSMessage last = message(orphan.getBody(), 5);
        assertEquals(
                List.of(last.getMessageId()),
                assertTimeoutPreemptively(Duration.ofSeconds(50), () -> invoke(writer, lines, last)));
        Map<String, AttributeValue> noted = stack.batchItem(gone.importId(), 1);
        assertEquals("FAILING", noted.get("state").s());
        assertEquals("2", noted.get("attempts").n());
        assertTrue(
                noted.get("last_error").s().contains("import " + gone.importId() + " is not in the ledger"),
                noted.toString());
        assertNull(stack.ledger.get(gone.importId()), "nothing recreates the import's item");
    }

    @Test
    void aBatchWhoseCountIsRefusedEveryTimeGivesUpAfterABoundedBackoffAlone() throws Exception {
        HoldingWriter.HELD.clear();
        ImportRecord calm = uploadHeld("rosters/delta/calm.csv", Roster.numbered(500, 10, "영업팀"));
        ImportRecord contended = uploadHeld("rosters/delta/contended.csv", Roster.numbered(600, 10, "인사팀"));
        Map<String, List<String>> held = heldByImport();
        FaultyDynamoDb.Faults faults = new FaultyDynamoDb.Faults();
        faults.contended =
                key -> contended.importId().equals(key.get("import_id").s())
                        && key.get("record").s().startsWith("BATCH#");
        Map<String, String> env = stack.stack.functionEnvironment("WriterFunction");
        WriterHandler writer = new WriterHandler(
                env,
                new FaultyDynamoDb(
                        AwsClients.builder(env).build().build(DynamoDbClient.builder(), "DYNAMODB"), faults));
        List<String> lines = new CopyOnWriteArrayList<>();
        SQSMessage refused = message(held.get(contended.importId()).get(0), 1);
        SQSMessage mate = message(held.get(calm.importId()).get(0), 1);

        List<String> failed =
                assertTimeoutPreemptively(Duration.ofSeconds(50), () -> invoke(writer, lines, refused, mate));

        assertEquals(List.of(refused.getMessageId()), failed, "its batch-mate is counted");
        assertTrue(
                lines.stream()
                        .anyMatch(line -> line.contains("\"batch-failed\"")
                                && line.contains("was moved by other deliveries each time it was counted (8 tries)")),
                lines.toString());
        stack.stack.awaitIdle(IngestStack.IDLE);
        assertStatus(ImportStatus.COMPLETE, stack.ledger.get(calm.importId()));
        ImportRecord stillWriting = stack.ledger.get(contended.importId());
        assertStatus(ImportStatus.WRITING, stillWriting);
        assertEquals(0, stillWriting.batchesWritten(), "the refused batch is not counted: its next delivery counts it");
    }

    /** Uploads {@code roster} while the stack's writer holds every batch message that reaches it. */
    private static ImportRecord uploadHeld(String key, Roster roster) throws InterruptedException {
        HoldingWriter.holding = true;
        try {
            return stack.upload(key, roster.csv());
        } finally {
            HoldingWriter.holding = false;
        }
    }

    /** The held message bodies, by import id. */
    private static Map<String, List<String>> heldByImport() {
        return HoldingWriter.HELD.stream()
                .collect(Collectors.groupingBy(
                        body -> IngestMessages.decode(body).importId()));
    }

    private static SQSMessage message(String body, int receiveCount) {
        SQSMessage message = new SQSMessage();
        message.setMessageId(UUID.randomUUID().toString());
        message.setBody(body);
        message.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(receiveCount)));
        return message;
    }

    /** One invocation of {@code writer} with these messages; returns the ids it reported failed. */
    private static List<String> invoke(WriterHandler writer, SQSMessage... messages) {
        return invoke(writer, new ArrayList<>(), messages);
    }

    /** As above, adding the invocation's log lines to {@code lines}. */
    private static List<String> invoke(WriterHandler writer, List<String> lines, SQSMessage... messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(messages));
        Context context = LocalContext.direct("WriterFunction", Duration.ofSeconds(60), LocalContext.lines(lines::add));
        return writer.handleRequest(event, context).getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .toList();
    }
}
