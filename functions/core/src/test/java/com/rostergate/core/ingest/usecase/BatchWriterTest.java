package com.rostergate.core.ingest.usecase;

import static com.rostergate.core.ingest.usecase.Rosters.csv;
import static com.rostergate.core.ingest.usecase.Rosters.phone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rostergate.core.ingest.BatchMessage;
import com.rostergate.core.ingest.BatchState;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.ingest.IngestMessage;
import com.rostergate.core.ingest.Tombstones;
import com.rostergate.core.ingest.memory.InMemoryEmployees;
import com.rostergate.core.ingest.memory.InMemoryIngest;
import com.rostergate.core.plan.ChangeGuard;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The writer's use case on the in-memory ports: revisions, tombstones, the write horizon, redelivery and the DLQ. */
class BatchWriterTest {

    private final InMemoryIngest ingest = new InMemoryIngest(new ChangeGuard(100, 1_000_000));

    private List<IngestMessage> split(String key, String csv) throws Exception {
        ingest.upload(key, csv);
        ingest.clock.advance(Duration.ofSeconds(1));
        return ingest.queue.take();
    }

    @Test
    void anOlderUploadsLateBatchNeitherOverwritesNorRecreatesWhatANewerOneWroteOrRemoved() throws Exception {
        ingest.employees.put(phone(1), "Name 1", "E1", "000000000000-seed");
        ingest.employees.put(phone(2), "Name 2", "E2", "000000000000-seed");
        List<IngestMessage> older = split("rosters/delta/older.csv", csv(1, 3).replace("Name 1", "Older"));
        List<IngestMessage> newer =
                split("rosters/delta/newer.csv", "사번,이름,휴대폰,상태\nE1,Newer,010-5555-0001,\nE2,Name 2,010-5555-0002,퇴사\n");

        ingest.deliver(newer, 1);
        ingest.deliver(older, 1); // a late delivery, e.g. a retry or a duplicate of the older upload's batch
        ingest.drain();

        assertEquals("Newer", ingest.employees.entry(phone(1)).attributes().get("name"), "not overwritten");
        assertTrue(ingest.employees.entry(phone(2)).tombstone(), "the removal sticks: not recreated");
        ImportRecord olderImport = ingest.record(((BatchMessage) older.get(0)).importId());
        assertEquals(2, olderImport.rowsSuperseded(), "both rows belong to the newer upload");
        assertEquals(0, olderImport.rowsUnaccounted());
        ImportRecord newerImport = ingest.record(((BatchMessage) newer.get(0)).importId());
        assertEquals(1, newerImport.rowsWritten());
        assertEquals(1, newerImport.rowsDeleted());
    }

    @Test
    void aTombstoneCarriesItsRevisionAndExpiresAfterTheRetentionOnTheClock() throws Exception {
        ingest.employees.put(phone(1), "Name 1", "E1", "000000000000-seed");
        List<IngestMessage> leave = split("rosters/delta/leave.csv", Rosters.leaver(1));
        ingest.deliver(leave, 1);

        InMemoryEmployees.Entry tombstone = ingest.employees.entry(phone(1));
        assertTrue(tombstone.tombstone());
        assertEquals(((BatchMessage) leave.get(0)).revision(), tombstone.revision());
        assertEquals(
                ingest.clock.instant().plus(Tombstones.RETENTION).getEpochSecond(),
                tombstone.expiresAt(),
                "expires RETENTION after it was written, on the injected clock");
        assertEquals(List.of(), ingest.employees.employees());
    }

    @Test
    void aBatchPastTheWriteHorizonIsDroppedOnceANewerUploadExistsEvenIfTheTombstoneHasExpired() throws Exception {
        ingest.employees.put(phone(1), "Name 1", "E1", "000000000000-seed");
        List<IngestMessage> old = split("rosters/delta/old.csv", csv(1, 2));
        ingest.clock.advance(Tombstones.WRITE_HORIZON.plusDays(1));
        ingest.deliver(split("rosters/delta/leave.csv", Rosters.leaver(1)), 1);
        ingest.employees.expire(phone(1)); // DynamoDB's TTL deleted the tombstone

        ingest.deliver(old, 2); // a DLQ replay long after
        ingest.drain();

        assertNull(ingest.employees.entry(phone(1)), "the employee who left is not brought back");
        ImportRecord oldImport = ingest.record(((BatchMessage) old.get(0)).importId());
        assertEquals(1, oldImport.batchesSuperseded());
        assertEquals(ImportStatus.SUPERSEDED, oldImport.status());
    }

    @Test
    void aRedeliveredBatchIsCountedOnce() throws Exception {
        List<IngestMessage> batches = split("rosters/full/first.csv", csv(0, 3));

        ingest.deliver(batches, 1);
        ingest.deliver(batches, 2); // SQS delivered it again
        ingest.drain();

        ImportRecord done = ingest.record(((BatchMessage) batches.get(0)).importId());
        assertEquals(ImportStatus.COMPLETE, done.status());
        assertEquals(1, done.batchesWritten());
        assertEquals(3, done.rowsWritten());
        assertEquals(0, done.rowsUnaccounted());
    }

    @Test
    void aBatchFailingOnItsLastReceiveIsDeadLetteredAndAReplayCompletesTheImport() throws Exception {
        ingest.employees.put(phone(9), "Name 9", "E9", "000000000000-seed");
        List<IngestMessage> batches = split("rosters/full/next.csv", csv(0, 3));
        BatchMessage batch = (BatchMessage) batches.get(0);

        ingest.employees.failWrites(1);
        Map<String, String> failed = ingest.deliver(batches, 1);
        assertEquals(1, failed.size(), "reported failed: the queue delivers it again");
        assertEquals(BatchState.FAILING, ingest.ledger.batchState(batch.importId(), batch.batch()));
        assertEquals(1, ingest.ledger.batch(batch.importId(), batch.batch()).attempts());

        ingest.employees.failWrites(1);
        ingest.deliver(batches, InMemoryIngest.MAX_RECEIVE_COUNT);
        ingest.drain();
        ImportRecord incomplete = ingest.record(batch.importId());
        assertEquals(ImportStatus.INCOMPLETE, incomplete.status());
        assertEquals(3, incomplete.rowsDeadLettered());
        assertEquals(0, incomplete.rowsUnaccounted(), "dead-lettered rows are accounted for");
        assertFalse(ingest.employees.entry(phone(9)).tombstone(), "an incomplete import removes nobody");

        ingest.deliver(batches, 1); // rosterctl dlq replay
        ingest.drain();
        ImportRecord done = ingest.record(batch.importId());
        assertEquals(ImportStatus.COMPLETE, done.status());
        assertEquals(0, done.rowsDeadLettered());
        assertEquals(3, done.rowsWritten());
        assertTrue(ingest.employees.entry(phone(9)).tombstone(), "now the plan's removal is applied");
    }
}
