package com.rostergate.core.ingest.usecase;

import static com.rostergate.core.ingest.usecase.Rosters.csv;
import static com.rostergate.core.ingest.usecase.Rosters.phone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rostergate.core.ingest.BatchMessage;
import com.rostergate.core.ingest.Deadline;
import com.rostergate.core.ingest.GaveUpException;
import com.rostergate.core.ingest.ImportLifecycleEvent;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.ingest.IngestMessage;
import com.rostergate.core.ingest.RosterUpload;
import com.rostergate.core.ingest.WriteFence;
import com.rostergate.core.ingest.memory.InMemoryIngest;
import com.rostergate.core.plan.ChangeGuard;
import com.rostergate.core.telemetry.JsonLog;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Plan, guard, confirm and reject on the in-memory ports: the splitter's and the operator's use case. */
class RosterImportTest {

    private final InMemoryIngest ingest = new InMemoryIngest(new ChangeGuard(20, 50));

    /** A roster of employees 0..n-1, written by a first full upload (not guarded: the roster was empty). */
    private ImportRecord roster(int n) throws Exception {
        ImportRecord first = ingest.upload("rosters/full/first.csv", csv(0, n));
        ingest.drain();
        ImportRecord done = ingest.record(first.importId());
        assertEquals(ImportStatus.COMPLETE, done.status());
        ingest.clock.advance(Duration.ofMinutes(1));
        return done;
    }

    private List<String> phones(int from, int to) {
        return IntStream.range(from, to).mapToObj(Rosters::phone).toList();
    }

    @Test
    void aFullUploadIsPlannedWrittenSettledAndFinalizedRemovingOnlyWhomThePlanRemoves() throws Exception {
        roster(10);

        ImportRecord split = ingest.upload("rosters/full/second.csv", csv(1, 10) + Rosters.row(10, "New"));
        assertEquals(ImportStatus.WRITING, split.status());
        assertEquals(1, split.removalCandidates());
        assertEquals(1, split.employeesAdded());
        assertEquals(9, split.employeesUnchanged());
        ingest.drain();

        ImportRecord done = ingest.record(split.importId());
        assertEquals(ImportStatus.COMPLETE, done.status());
        assertEquals(phones(1, 11), ingest.employees.employees());
        assertEquals(1, done.employeesRemoved());
        assertEquals(10, done.rowsWritten());
        assertEquals(0, done.rowsUnaccounted());
        assertEquals(done.batchesTotal(), done.batchesWritten());
        assertTrue(ingest.employees.entry(phone(0)).tombstone(), "the removal is a tombstone");
        assertEquals(split.revision(), ingest.employees.entry(phone(0)).revision(), "with the remover's revision");
        assertEquals(done, ingest.reports.summary(done.importId()), "the summary is the ledger's final record");
        assertEquals(
                ImportLifecycleEvent.COMPLETED,
                ingest.events.events().get(ingest.events.events().size() - 1).detailType());
    }

    @Test
    void aPlanThatRemovesTooManyChangesNothingUntilConfirmedThenAppliesExactlyThatPlan() throws Exception {
        roster(10);

        ImportRecord guarded = ingest.upload("rosters/full/truncated.csv", csv(0, 5));
        assertEquals(ImportStatus.GUARDED, guarded.status());
        assertTrue(guarded.error().contains("removal guard"), guarded.error());
        assertTrue(ingest.queue.isEmpty(), "no batch was sent");
        assertEquals(phones(0, 10), ingest.employees.employees(), "nothing was changed");

        ImportRecord confirmed = ingest.rosterImport.confirm(guarded.importId(), Deadline.none(), JsonLog.discarding());
        assertEquals(ImportStatus.WRITING, confirmed.status());
        assertNotNull(confirmed.confirmedAt());
        ingest.drain();

        assertEquals(ImportStatus.COMPLETE, ingest.record(guarded.importId()).status());
        assertEquals(phones(0, 5), ingest.employees.employees());
        assertEquals(5, ingest.record(guarded.importId()).employeesRemoved());
    }

    @Test
    void aGuardedUploadOrADryRunOvertakesNoOlderImportStillWriting() throws Exception {
        roster(10);
        ImportRecord hires = ingest.upload("rosters/delta/hires.csv", csv(10, 13)); // WRITING, nothing delivered yet
        ImportRecord guarded = ingest.upload("rosters/full/truncated.csv", csv(0, 5));
        ImportRecord dryRun = ingest.split(ingest.files.upload("rosters/full/draft.csv", csv(0, 10), false, true));
        assertEquals(ImportStatus.GUARDED, guarded.status());
        assertEquals(ImportStatus.PLANNED, dryRun.status());

        ingest.drain();
        ImportRecord done = ingest.record(hires.importId());
        assertEquals(ImportStatus.COMPLETE, done.status());
        assertEquals(3, done.rowsWritten());
        assertEquals(0, done.rowsSuperseded(), "a plan waiting for confirmation supersedes nothing");
        assertEquals(phones(0, 13), ingest.employees.employees());
    }

    @Test
    void aRefusedConfirmOvertakesNoOlderImportStillWriting() throws Exception {
        roster(10);
        ImportRecord hires = ingest.upload("rosters/delta/hires.csv", csv(100, 130)); // two batches, not delivered
        ImportRecord guarded = ingest.upload("rosters/full/truncated.csv", csv(0, 5));
        List<IngestMessage> batches = ingest.queue.take();
        ingest.deliver(batches.subList(0, 1), 1); // the first batch lands: the roster is not what was planned

        assertThrows(
                RosterImport.RefusedException.class,
                () -> ingest.rosterImport.confirm(guarded.importId(), Deadline.none(), JsonLog.discarding()));
        ingest.deliver(batches.subList(1, 2), 1);
        ingest.drain();

        ImportRecord done = ingest.record(hires.importId());
        assertEquals(ImportStatus.COMPLETE, done.status());
        assertEquals(30, done.rowsWritten());
        assertEquals(0, done.rowsSuperseded(), "the refused confirm claimed nothing");
        assertEquals(ImportStatus.GUARDED, ingest.record(guarded.importId()).status());
    }

    @Test
    void rowsAnOlderImportLandsDuringTheWriteFenceAreInThePlanApplied() throws Exception {
        roster(10);
        ImportRecord older = ingest.upload("rosters/full/with-hires.csv", csv(0, 13)); // WRITING, not delivered
        List<IngestMessage> olderBatches = ingest.queue.take();
        // a writer that read the newest-upload pointer before the next upload's claim lands its batch during the fence
        ingest.clock.duringNextSleep(() -> olderBatches.forEach(message -> {
            try {
                ingest.employees.write((BatchMessage) message, Deadline.none(), () -> false);
            } catch (GaveUpException e) {
                throw new AssertionError(e);
            }
        }));

        ImportRecord newer = ingest.upload("rosters/full/without.csv", csv(0, 10));
        assertEquals(1, ingest.clock.waits().size(), "the fence was waited out");
        assertEquals(3, newer.removalCandidates(), "planned again after the fence: the older import's rows go");
        assertEquals(3, ingest.reports.plan(newer.importId()).removed(), "and the stored plan is the one applied");
        olderBatches.forEach(message -> ingest.queue.send(message, Deadline.none())); // and its messages come back
        ingest.drain();

        assertEquals(ImportStatus.COMPLETE, ingest.record(newer.importId()).status());
        assertEquals(ImportStatus.SUPERSEDED, ingest.record(older.importId()).status());
        assertEquals(phones(0, 10), ingest.employees.employees(), "the table is what the newest upload says");
    }

    @Test
    void anOlderPlanConfirmedAndAppliedWhileTheNextUploadIsPlannedIsInThePlanApplied() throws Exception {
        roster(10);
        ImportRecord guarded = ingest.upload("rosters/full/with-many-hires.csv", csv(0, 20)); // +100 %: GUARDED
        assertEquals(ImportStatus.GUARDED, guarded.status());
        ingest.clock.advance(Duration.ofHours(1));
        // while the next upload reads the roster for its plan, an operator confirms the older plan and it lands
        ingest.employees.afterNextRead(() -> {
            try {
                ingest.rosterImport.confirm(guarded.importId(), Deadline.none(), JsonLog.discarding());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            ingest.drain();
        });

        ImportRecord newer = ingest.upload("rosters/full/ten.csv", csv(0, 10));
        assertEquals(ImportStatus.COMPLETE, ingest.record(guarded.importId()).status());
        assertEquals(10, newer.removalCandidates(), "planned again: the confirmed plan's hires are not in this file");
        ingest.drain();

        assertEquals(ImportStatus.COMPLETE, ingest.record(newer.importId()).status());
        assertEquals(phones(0, 10), ingest.employees.employees(), "the table is what the newest upload says");
    }

    @Test
    void aConfirmIsRefusedWhenTheRosterChangedSinceThePlan() throws Exception {
        roster(10);
        ImportRecord guarded = ingest.upload("rosters/full/truncated.csv", csv(0, 5));
        ingest.upload("rosters/delta/hire.csv", csv(50, 51));
        ingest.drain();

        RosterImport.RefusedException refused = assertThrows(
                RosterImport.RefusedException.class,
                () -> ingest.rosterImport.confirm(guarded.importId(), Deadline.none(), JsonLog.discarding()));
        assertTrue(refused.getMessage().contains("the roster changed since"), refused.getMessage());
        assertEquals(ImportStatus.GUARDED, ingest.record(guarded.importId()).status());
        assertTrue(ingest.queue.isEmpty());
    }

    @Test
    void aConfirmIsRefusedWhenTheFileChangedSinceThePlan() throws Exception {
        roster(10);
        ImportRecord guarded = ingest.upload("rosters/full/truncated.csv", csv(0, 5));
        ingest.files.upload("rosters/full/truncated.csv", csv(0, 6)); // the key overwritten; its event comes later

        RosterImport.RefusedException refused = assertThrows(
                RosterImport.RefusedException.class,
                () -> ingest.rosterImport.confirm(guarded.importId(), Deadline.none(), JsonLog.discarding()));
        assertTrue(refused.getMessage().contains("changed since it was planned"), refused.getMessage());
        assertEquals(ImportStatus.GUARDED, ingest.record(guarded.importId()).status());

        ingest.files.delete("rosters/full/truncated.csv");
        refused = assertThrows(
                RosterImport.RefusedException.class,
                () -> ingest.rosterImport.confirm(guarded.importId(), Deadline.none(), JsonLog.discarding()));
        assertTrue(refused.getMessage().contains("is gone"), refused.getMessage());
    }

    @Test
    void aConfirmStoppedWhileSendingResumesWithoutCountingABatchTwice() throws Exception {
        roster(60);
        ImportRecord guarded = ingest.upload("rosters/full/truncated.csv", csv(0, 30));
        ingest.queue.failAfter(1);

        assertThrows(
                IOException.class,
                () -> ingest.rosterImport.confirm(guarded.importId(), Deadline.none(), JsonLog.discarding()));
        ImportRecord stopped = ingest.record(guarded.importId());
        assertEquals(ImportStatus.SPLITTING, stopped.status());
        assertNotNull(stopped.confirmedAt(), "a second confirm resumes it");
        // the batch sent before the queue failed lands; the import is not finalized without the rest
        BatchMessage first = (BatchMessage) ingest.drain().get(0);
        assertEquals(ImportStatus.SPLITTING, ingest.record(guarded.importId()).status());

        ingest.queue.recover();
        ingest.rosterImport.confirm(guarded.importId(), Deadline.none(), JsonLog.discarding());
        List<BatchMessage> sent = ingest.drain().stream()
                .filter(BatchMessage.class::isInstance)
                .map(BatchMessage.class::cast)
                .toList();
        assertTrue(
                sent.stream().anyMatch(message -> message.batch() == first.batch()),
                "the resumed confirm sends every batch, the one already written too");

        ImportRecord done = ingest.record(guarded.importId());
        assertEquals(ImportStatus.COMPLETE, done.status());
        assertEquals(done.batchesTotal(), done.batchesWritten(), "the first batch counted once");
        assertEquals(30, done.rowsWritten());
        assertEquals(0, done.rowsUnaccounted());
        assertEquals(phones(0, 30), ingest.employees.employees());
    }

    @Test
    void aRejectedPlanIsDiscardedAndCannotBeConfirmedOrRejectedAgain() throws Exception {
        roster(10);
        ImportRecord guarded = ingest.upload("rosters/full/truncated.csv", csv(0, 5));

        ImportRecord rejected = ingest.rosterImport.reject(guarded.importId(), JsonLog.discarding());
        assertEquals(ImportStatus.DISCARDED, rejected.status());
        assertEquals(phones(0, 10), ingest.employees.employees());
        assertThrows(
                RosterImport.RefusedException.class,
                () -> ingest.rosterImport.confirm(guarded.importId(), Deadline.none(), JsonLog.discarding()));
        assertThrows(
                RosterImport.RefusedException.class,
                () -> ingest.rosterImport.reject(guarded.importId(), JsonLog.discarding()));
        assertThrows(
                RosterImport.RefusedException.class,
                () -> ingest.rosterImport.reject("imp-unknown", JsonLog.discarding()));
    }

    @Test
    void aDryRunStopsAfterThePlanAndIsAppliedByConfirm() throws Exception {
        roster(4);
        RosterUpload upload = ingest.files.upload("rosters/full/next.csv", csv(0, 3), false, true);

        ImportRecord planned = ingest.split(upload);
        assertEquals(ImportStatus.PLANNED, planned.status());
        assertEquals(1, planned.removalCandidates());
        assertEquals(1, ingest.reports.plan(planned.importId()).removed(), "the plan is stored");
        assertEquals(phones(0, 4), ingest.employees.employees());

        ingest.rosterImport.confirm(planned.importId(), Deadline.none(), JsonLog.discarding());
        ingest.drain();
        assertEquals(ImportStatus.COMPLETE, ingest.record(planned.importId()).status());
        assertEquals(phones(0, 3), ingest.employees.employees());
    }

    @Test
    void aRosterThatCannotBeReadFailsTheImportAndChangesNothing() throws Exception {
        roster(3);
        ingest.employees.makeUnreadable();

        ImportRecord failed = ingest.upload("rosters/full/next.csv", csv(0, 2));
        assertEquals(ImportStatus.FAILED, failed.status());
        assertTrue(failed.error().contains("nothing was changed"), failed.error());
        assertTrue(ingest.queue.isEmpty());
    }

    @Test
    void aDeletedFileFailsItsImportWithTheReason() throws Exception {
        RosterUpload upload = ingest.files.upload("rosters/full/gone.csv", csv(0, 2));
        ingest.files.delete("rosters/full/gone.csv");

        ImportRecord failed = ingest.split(upload);
        assertEquals(ImportStatus.FAILED, failed.status());
        assertEquals("the file was deleted before it could be read", failed.error());
    }

    @Test
    void anUploadWaitsOutTheWriteFenceOnTheClockOnlyWhileAnotherImportIsUnsettled() throws Exception {
        ingest.upload("rosters/full/first.csv", csv(0, 3)); // WRITING: its batches are not delivered yet
        assertEquals(List.of(), ingest.clock.waits(), "nothing else was unsettled: no wait");

        ingest.upload("rosters/delta/second.csv", csv(3, 4));
        assertEquals(List.of(WriteFence.FENCE.toMillis() + 1), ingest.clock.waits(), "the whole fence, on the clock");

        ingest.drain();
        ingest.upload("rosters/delta/third.csv", csv(4, 5));
        assertEquals(1, ingest.clock.waits().size(), "all settled: no wait");
    }

    @Test
    void theLedgerIsStampedFromTheInjectedClock() throws Exception {
        ImportRecord split = ingest.upload("rosters/full/first.csv", csv(0, 2));
        assertEquals("2026-03-02T09:00:00Z", split.startedAt());
        ingest.clock.advance(Duration.ofMinutes(5));
        ingest.drain();
        ImportRecord done = ingest.record(split.importId());
        assertEquals("2026-03-02T09:05:00Z", done.finishedAt());
        assertNull(done.error());
    }
}
