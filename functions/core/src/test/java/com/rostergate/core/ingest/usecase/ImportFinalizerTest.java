package com.rostergate.core.ingest.usecase;

import static com.rostergate.core.ingest.usecase.Rosters.csv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rostergate.core.ingest.Deadline;
import com.rostergate.core.ingest.FinalizeMessage;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.ingest.IngestMessage;
import com.rostergate.core.ingest.StuckImports;
import com.rostergate.core.ingest.memory.InMemoryIngest;
import com.rostergate.core.plan.ChangeGuard;
import com.rostergate.core.telemetry.JsonLog;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Finalizing on the in-memory ports: removals in bounded, resumable steps; superseded imports; stuck imports. */
class ImportFinalizerTest {

    private final InMemoryIngest ingest = new InMemoryIngest(new ChangeGuard(100, 1_000_000));

    @Test
    void removalsPastTheDeadlineContinueInANewStepAndCountEachEmployeeOnce() throws Exception {
        ingest.upload("rosters/full/first.csv", csv(0, 250));
        ingest.drain();
        ingest.clock.advance(Duration.ofMinutes(1));
        ImportRecord second = ingest.upload("rosters/full/second.csv", csv(0, 10));
        ingest.deliver(ingest.queue.take(), 1); // its one batch: the finalize START step is queued
        List<IngestMessage> start = ingest.queue.take();

        ingest.finalizer.handle((FinalizeMessage) start.get(0), Deadline.in(0, 0), JsonLog.discarding());
        FinalizeMessage next = (FinalizeMessage) ingest.queue.take().get(0);
        assertEquals(FinalizeMessage.Phase.REMOVE, next.phase());
        assertEquals(ImportStatus.FINALIZING, ingest.record(second.importId()).status());

        ingest.finalizer.handle(next, Deadline.none(), JsonLog.discarding());
        ingest.finalizer.handle(next, Deadline.none(), JsonLog.discarding()); // delivered twice
        ImportRecord done = ingest.record(second.importId());
        assertEquals(ImportStatus.COMPLETE, done.status());
        assertEquals(240, done.employeesRemoved(), "each removal counted once");
        assertEquals(10, ingest.employees.employees().size());
    }

    @Test
    void aFullImportOvertakenByANewerFullRosterRemovesNobody() throws Exception {
        ingest.upload("rosters/full/first.csv", csv(0, 5));
        ingest.drain();
        ingest.clock.advance(Duration.ofMinutes(1));
        ImportRecord older = ingest.upload("rosters/full/older.csv", csv(0, 3));
        List<IngestMessage> olderBatches = ingest.queue.take();
        ingest.clock.advance(Duration.ofSeconds(1));
        ingest.upload("rosters/full/newer.csv", csv(0, 5));

        ingest.deliver(olderBatches, 1);
        ingest.drain();

        assertEquals(ImportStatus.SUPERSEDED, ingest.record(older.importId()).status());
        assertEquals(5, ingest.employees.employees().size(), "the older plan's removals were dropped");
    }

    @Test
    void anImportThatStopsMovingIsFoundStuckOnTheClockWithoutWaiting() throws Exception {
        StuckImports check = new StuckImports(Duration.ofMinutes(60));
        ImportRecord writing = ingest.upload("rosters/full/first.csv", csv(0, 3));
        ingest.clock.advance(Duration.ofMinutes(59));
        assertTrue(findings(check).stuck().isEmpty(), "59 minutes without a change: not yet");

        ingest.clock.advance(Duration.ofMinutes(2));
        StuckImports.Findings findings = findings(check);
        assertEquals(1, findings.stuck().size());
        assertEquals(writing.importId(), findings.stuck().get(0).record().importId());
        assertEquals(Duration.ofMinutes(61), findings.stuck().get(0).idle());

        ingest.drain();
        assertFalse(findings(check).stuck().stream()
                .anyMatch(stuck -> stuck.record().importId().equals(writing.importId())));
    }

    private StuckImports.Findings findings(StuckImports check) {
        var now = ingest.clock.instant();
        return check.check(
                ingest.ledger.startedSince(check.oldestStart(now), StuckImports.WATCHED),
                ingest.ledger.latest().fullRevision(),
                now);
    }
}
