package com.rostergate.it.ingest;

import static com.rostergate.it.ingest.IngestStack.assertSettledAndReconciled;
import static com.rostergate.it.ingest.IngestStack.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rostergate.aws.AwsClients;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.ingest.WriteFence;
import com.rostergate.writer.WriterHandler;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The real writer, its DynamoDB client wrapped to throttle, half-process, refuse or crash: every run
 * ends with the table holding exactly the roster and every row of every import accounted for.
 */
class WriterFaultsIT {

    private static final FaultyDynamoDb.Faults FAULTS = new FaultyDynamoDb.Faults();
    /** The template's maxReceiveCount (and the writer's MAX_RECEIVE_COUNT). */
    private static final int MAX_RECEIVE_COUNT = 5;

    @RegisterExtension
    static final IngestStack stack = IngestStack.with(builder -> builder.handler(
            "WriterFunction",
            env -> new WriterHandler(
                    env,
                    new FaultyDynamoDb(
                            AwsClients.builder(env).build().build(DynamoDbClient.builder(), "DYNAMODB"), FAULTS))));

    @BeforeEach
    void noFaults() {
        FAULTS.clear();
    }

    @Test
    void throttlingAndUnprocessedItemsAreRetriedUntilEveryRowIsWritten() throws Exception {
        stack.resetTo(new Roster(List.of()));
        Roster roster = Roster.numbered(0, 2000, "개발팀");
        int throttledBefore = FAULTS.throttled.get();
        int halfDoneBefore = FAULTS.halfDone.get();
        FAULTS.throttledShare = 0.15;
        FAULTS.unprocessedShare = 0.25;

        ImportRecord record = stack.upload("rosters/full/generated-2000.csv", roster.csv());

        assertStatus(ImportStatus.COMPLETE, record);
        assertSettledAndReconciled(record);
        assertEquals(2000, record.rowsWritten());
        assertEquals(80, record.batchesWritten());
        roster.assertIsTheTable(stack.employees());
        assertTrue(FAULTS.throttled.get() - throttledBefore > 5, "calls were throttled: " + FAULTS.throttled);
        assertTrue(FAULTS.halfDone.get() - halfDoneBefore > 5, "calls left items unprocessed: " + FAULTS.halfDone);
        assertEquals(0, stack.deadLetters());
    }

    @Test
    void aWriterThatDiesMidBatchLosesNothingAndCountsNothingTwice() throws Exception {
        stack.resetTo(new Roster(List.of()));
        Roster roster = Roster.numbered(0, 500, "개발팀");
        int crashedBefore = FAULTS.crashed.get();
        FAULTS.unprocessedShare = 0.3;
        FAULTS.crashesLeft.set(3);

        ImportRecord record = stack.upload("rosters/full/generated-500.csv", roster.csv());

        assertEquals(3, FAULTS.crashed.get() - crashedBefore, "the writer died three times");
        assertStatus(ImportStatus.COMPLETE, record);
        assertSettledAndReconciled(record);
        assertEquals(500, record.rowsWritten(), "redelivered batches are counted once");
        assertEquals(20, record.batchesWritten());
        roster.assertIsTheTable(stack.employees());
        assertEquals(0, stack.deadLetters());
    }

    @Test
    void aWriterThatDiesOnTheLastReceiveLeavesItsBatchCountedAsDeadLettered() throws Exception {
        stack.resetTo(Roster.numbered(0, 30, "개발팀"));
        Roster delta = Roster.numbered(40, 10, "영업팀"); // one batch
        String first = delta.phones().first();
        AtomicInteger tries = new AtomicInteger();
        FAULTS.poison = item -> {
            if (!first.equals(item.get("phone").s())) {
                return false;
            }
            int attempt = tries.incrementAndGet();
            if (attempt == MAX_RECEIVE_COUNT) {
                FAULTS.crashesLeft.set(1); // this last attempt lands, then the writer dies before it counts anything
            }
            return attempt < MAX_RECEIVE_COUNT;
        };

        ImportRecord record = stack.upload("rosters/delta/dies-last.csv", delta.csv());

        assertEquals(MAX_RECEIVE_COUNT, tries.get());
        assertEquals(ImportStatus.WRITING, record.status(), "nobody finalised it: the writer died");
        assertEquals(1, record.batchesDeadLettered());
        assertEquals(10, record.rowsDeadLettered());
        assertEquals(0, record.rowsUnaccounted(), "the batch in the DLQ is counted as there");
        assertEquals(
                "DEAD_LETTERED",
                stack.batchItem(record.importId(), 1).get("state").s());
        assertEquals(1, stack.deadLetters());

        FAULTS.clear();
        stack.replayDeadLetters();
        ImportRecord replayed = stack.ledger.get(record.importId());
        assertStatus(ImportStatus.COMPLETE, replayed);
        assertSettledAndReconciled(replayed);
        assertEquals(10, replayed.rowsWritten());
        assertEquals(0, replayed.rowsDeadLettered());
        delta.plus(Roster.numbered(0, 30, "개발팀")).assertIsTheTable(stack.employees());
    }

    @Test
    void aPoisonBatchIsDeadLetteredWithItsReasonRemovesNobodyAndCompletesWhenReplayed() throws Exception {
        Roster before = Roster.numbered(0, 60, "개발팀");
        stack.resetTo(before);
        Roster roster = Roster.numbered(5, 70, "개발팀");
        String poison = "+821031000040";
        FAULTS.poison = item -> poison.equals(item.get("phone").s());

        ImportRecord incomplete = stack.upload("rosters/full/employees.csv", roster.csv());

        assertStatus(ImportStatus.INCOMPLETE, incomplete);
        assertSettledAndReconciled(incomplete);
        assertEquals(1, incomplete.batchesDeadLettered());
        assertEquals(25, incomplete.rowsDeadLettered());
        assertEquals(45, incomplete.rowsWritten());
        assertEquals(1, stack.deadLetters());
        Map<String, AttributeValue> batch = stack.batchItem(incomplete.importId(), 2);
        assertEquals("DEAD_LETTERED", batch.get("state").s());
        assertEquals("5", batch.get("attempts").n(), "one attempt per receive, up to maxReceiveCount");
        assertTrue(
                batch.get("last_error").s().contains("ValidationException"),
                batch.get("last_error").s());
        assertTrue(!Instant.parse(batch.get("first_failure_at").s())
                .isAfter(Instant.parse(batch.get("last_failure_at").s())));
        assertTrue(
                stack.employees().keySet().containsAll(Roster.numbered(0, 5, "").phones()), "nobody was removed");
        JsonNode summary = stack.summary(incomplete);
        assertEquals("INCOMPLETE", summary.get("status").asText());
        assertEquals(0, summary.get("rows_unaccounted").asLong());
        assertEquals(List.of("OnCallTopic"), stack.published(incomplete).get(0).targets(), "on-call hears of it");

        FAULTS.poison = item -> false;
        stack.replayDeadLetters();

        ImportRecord complete = stack.ledger.get(incomplete.importId());
        assertStatus(ImportStatus.COMPLETE, complete);
        assertSettledAndReconciled(complete);
        assertEquals(0, complete.batchesDeadLettered());
        assertEquals(0, complete.rowsDeadLettered());
        assertEquals(70, complete.rowsWritten());
        assertEquals(5, complete.employeesRemoved(), "the sync ran once the last batch was written");
        roster.assertIsTheTable(stack.employees());
        assertEquals(
                "WRITTEN",
                stack.batchItem(incomplete.importId(), 2).get("state").s());
        assertEquals(0, stack.deadLetters());
        assertEquals(
                List.of("Roster Import Incomplete", "Roster Import Completed"),
                stack.publishedTypes(incomplete),
                "once per outcome");
    }

    @Test
    void anOlderFullImportsLateBatchNeverOverwritesANewerRoster() throws Exception {
        stack.resetTo(Roster.numbered(0, 30, "개발팀"));
        String poison = "+821031000010"; // in the first of the two batches
        FAULTS.poison = item -> poison.equals(item.get("phone").s())
                && "영업팀".equals(item.get("department").s());
        ImportRecord older = stack.upload(
                "rosters/full/monday.csv", Roster.numbered(0, 30, "영업팀").csv());
        assertStatus(ImportStatus.INCOMPLETE, older);
        assertEquals(5, older.rowsWritten());

        Roster newer = Roster.numbered(0, 30, "인사팀");
        ImportRecord newest = stack.upload("rosters/full/tuesday.csv", newer.csv());
        assertStatus(ImportStatus.COMPLETE, newest);
        FAULTS.poison = item -> false;
        stack.replayDeadLetters();

        ImportRecord late = stack.ledger.get(older.importId());
        assertStatus(ImportStatus.SUPERSEDED, late);
        assertSettledAndReconciled(late);
        assertEquals(1, late.batchesSuperseded());
        assertEquals(25, late.rowsSuperseded());
        assertEquals(5, late.rowsWritten());
        assertEquals(null, late.employeesRemoved(), "it never got to its sync");
        newer.assertIsTheTable(stack.employees());
        assertStatus(ImportStatus.COMPLETE, stack.ledger.get(newest.importId()));
    }

    @Test
    void anOlderImportsWriteStillInFlightWhenANewerRosterRegistersLandsBeforeTheNewerRows() throws Exception {
        stack.resetTo(Roster.numbered(0, 30, "개발팀"));
        FAULTS.held = item -> "영업팀".equals(item.get("department").s());
        FAULTS.holdMillis =
                WriteFence.VIEW_MAX_AGE.plus(WriteFence.CALL_TIMEOUT).toMillis() - 500; // as late as the fence allows
        stack.put("rosters/full/monday.csv", Roster.numbered(0, 30, "영업팀").csv(), Map.of());
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (FAULTS.heldCalls.get() == 0) {
            assertTrue(System.nanoTime() < giveUp, "the older import's BatchWriteItem never started");
            Thread.sleep(20);
        }

        Roster newer = Roster.numbered(0, 30, "인사팀");
        ImportRecord newest = stack.upload("rosters/full/tuesday.csv", newer.csv());
        assertStatus(ImportStatus.COMPLETE, newest);
        newer.assertIsTheTable(stack.employees());
        ImportRecord older = stack.latestImportOf("rosters/full/monday.csv");
        assertSettledAndReconciled(older);
        assertEquals(null, older.employeesRemoved(), "an overtaken full import removes nobody");
    }

    @Test
    void anOlderDeltasLateBatchOnlyWritesTheEmployeesNoNewerUploadTouched() throws Exception {
        stack.resetTo(Roster.numbered(0, 30, "개발팀"));
        FAULTS.poison = item -> "영업팀".equals(item.get("department").s());
        ImportRecord older = stack.upload(
                "rosters/delta/monday.csv", Roster.numbered(0, 25, "영업팀").csv());
        assertStatus(ImportStatus.INCOMPLETE, older);

        ImportRecord newer = stack.upload(
                "rosters/delta/tuesday.csv", Roster.numbered(0, 5, "인사팀").csv());
        assertStatus(ImportStatus.COMPLETE, newer);
        FAULTS.poison = item -> false;
        stack.replayDeadLetters();

        ImportRecord late = stack.ledger.get(older.importId());
        assertStatus(ImportStatus.COMPLETE, late);
        assertSettledAndReconciled(late);
        assertEquals(5, late.rowsSuperseded(), "the rows the newer delta wrote stay the newer delta's");
        assertEquals(20, late.rowsWritten());
        Roster.numbered(0, 5, "인사팀")
                .plus(Roster.numbered(5, 20, "영업팀"))
                .plus(Roster.numbered(25, 5, "개발팀"))
                .assertIsTheTable(stack.employees());
    }
}
