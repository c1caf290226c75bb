package com.rostergate.core.ingest.usecase;

import com.rostergate.core.ingest.Deadline;
import com.rostergate.core.ingest.Finalization;
import com.rostergate.core.ingest.FinalizeMessage;
import com.rostergate.core.ingest.FinalizeMessage.Phase;
import com.rostergate.core.ingest.GaveUpException;
import com.rostergate.core.ingest.ImportChanges;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.ingest.port.BatchQueue;
import com.rostergate.core.ingest.port.EmployeeStore;
import com.rostergate.core.ingest.port.Ledger;
import com.rostergate.core.ingest.port.OutcomeEvents;
import com.rostergate.core.ingest.port.ReportStore;
import com.rostergate.core.telemetry.ImportTelemetry;
import com.rostergate.core.telemetry.JsonLog;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Ends an import once all its batches are settled: a delta completes; an import with dead-lettered
 * batches waits (INCOMPLETE, nobody removed); an import overtaken by a newer full roster is
 * SUPERSEDED (nobody removed); a full import applies its plan's removals - exactly the employees its
 * plan ({@code plan.json}, made before anything was written) found missing from the file - as
 * tombstones, each only if no import as new has written them since. The guard was applied to the
 * plan before any write, so nothing here is guarded.
 * Every step is idempotent: a redelivered message redoes conditional work and counts nothing twice.
 */
public final class ImportFinalizer {

    private static final Set<ImportStatus> OPEN =
            Set.of(ImportStatus.WRITING, ImportStatus.INCOMPLETE, ImportStatus.FINALIZING);
    private static final long CONTINUATION_MILLIS = 3000;

    private final Ledger ledger;
    private final EmployeeStore employees;
    private final BatchQueue queue;
    private final ReportStore reports;
    private final OutcomeEvents events;

    public ImportFinalizer(
            Ledger ledger, EmployeeStore employees, BatchQueue queue, ReportStore reports, OutcomeEvents events) {
        this.ledger = ledger;
        this.employees = employees;
        this.queue = queue;
        this.reports = reports;
        this.events = events;
    }

    /** One finalize step; {@code log} is the invocation's (its lines name the import). */
    public void handle(FinalizeMessage message, Deadline deadline, JsonLog invocationLog) throws GaveUpException {
        JsonLog log = invocationLog.with("importId", message.importId());
        ImportRecord record = ledger.get(message.importId());
        if (record == null) {
            log.warn("finalize-ignored").message("no such import in the ledger").write();
            return;
        }
        switch (message.phase()) {
            case START -> start(record, message, deadline, log);
            // COUNT is a step of plans made before writing existed: removing from the plan's list is all that is left
            // of it.
            case COUNT, REMOVE -> {
                if (record.status() == ImportStatus.FINALIZING) {
                    remove(record, message, deadline, log);
                }
            }
        }
    }

    private void start(ImportRecord record, FinalizeMessage message, Deadline deadline, JsonLog log)
            throws GaveUpException {
        Ledger.Latest latest = ledger.latest();
        switch (Finalization.decide(record, latest.fullNewerThan(record.revision()))) {
            case NOTHING -> {
                if (record.status().isFinal() || record.status() == ImportStatus.INCOMPLETE) {
                    reports.putSummary(record); // a redelivered signal: make sure the report exists
                }
            }
            case INCOMPLETE ->
                finish(
                        record,
                        OPEN,
                        ImportStatus.INCOMPLETE,
                        ImportChanges.error(record.batchesDeadLettered()
                                + " batch(es) with " + record.rowsDeadLettered()
                                + " rows are in the dead-letter queue; replay them to complete"
                                + " this import. Nobody was removed."),
                        log);
            case SUPERSEDED ->
                finish(record, OPEN, ImportStatus.SUPERSEDED, ImportChanges.error(superseded(latest)), log);
            case COMPLETE -> finish(record, OPEN, ImportStatus.COMPLETE, ImportChanges.error(null), log);
            case SYNC -> {
                if (ledger.transition(record.importId(), OPEN, ImportStatus.FINALIZING, ImportChanges.error(null))
                        && ledger.recordCount(
                                record.importId(), orZero(record.rosterSize()), orZero(record.removalCandidates()))) {
                    remove(record, message.next(Phase.REMOVE, null, 0, 0), deadline, log);
                }
            }
        }
    }

    /**
     * Removes the plan's missing employees from the step's position on ({@code cursor}: how many of the list
     * are done), {@link EmployeeStore#REMOVALS_PER_STEP} at a time; stops if a newer full roster appears.
     */
    private void remove(ImportRecord record, FinalizeMessage step, Deadline deadline, JsonLog log)
            throws GaveUpException {
        List<String> phones = syncRemovals(record);
        // How far the list is done; a step of an older version (COUNT, or a phone as cursor) starts over: removals are
        // idempotent.
        int from = step.phase() == Phase.REMOVE
                        && step.cursor() != null
                        && step.cursor().matches("[0-9]{1,9}")
                ? Integer.parseInt(step.cursor())
                : 0;
        while (from < phones.size()) {
            Ledger.Latest latest = ledger.latest();
            if (latest.fullNewerThan(record.revision())) {
                finish(
                        record,
                        Set.of(ImportStatus.FINALIZING),
                        ImportStatus.SUPERSEDED,
                        ImportChanges.error(superseded(latest)),
                        log);
                return;
            }
            if (deadline.passed()) {
                queue.send(
                        step.next(Phase.REMOVE, Integer.toString(from), step.scanned(), step.stale()),
                        continuationDeadline());
                return;
            }
            List<String> chunk = phones.subList(from, Math.min(phones.size(), from + EmployeeStore.REMOVALS_PER_STEP));
            employees.removeStale(chunk, record.revision(), record.importId(), deadline);
            from += chunk.size();
        }
        finish(record, Set.of(ImportStatus.FINALIZING), ImportStatus.COMPLETE, ImportChanges.none(), log);
    }

    /** The plan's sync removals; an import without a plan removes nobody. */
    private List<String> syncRemovals(ImportRecord record) throws GaveUpException {
        if (record.planKey() == null) {
            return List.of();
        }
        try {
            return reports.plan(record.importId()).syncRemovals();
        } catch (IOException | RuntimeException e) {
            throw new GaveUpException("the plan " + record.planKey() + " could not be read: " + e.getMessage(), e);
        }
    }

    /**
     * Moves the import to a final (or INCOMPLETE) status, writes its summary as the ledger then has it and,
     * once per status entered, logs and publishes the outcome.
     */
    private void finish(
            ImportRecord record, Set<ImportStatus> from, ImportStatus to, ImportChanges attributes, JsonLog log) {
        // Entering the status and staying in it (INCOMPLETE finalised again) are separate conditional updates, so
        // of two deliveries finalising at once only one enters and publishes.
        Set<ImportStatus> others = EnumSet.copyOf(from);
        others.remove(to);
        boolean entered = ledger.transition(record.importId(), others, to, attributes);
        if (!entered && from.contains(to)) {
            ledger.transition(record.importId(), Set.of(to), to, attributes);
        }
        ImportRecord now = ledger.get(record.importId());
        if (now.status() == to) {
            reports.putSummary(now); // also when another delivery moved it: its summary may not have been written yet
        }
        if (entered) {
            ImportTelemetry.outcome(log, now);
            events.publish(now, log);
        }
    }

    /** The step's own deadline has passed by then; sending its continuation may still use part of the reserve. */
    private static Deadline continuationDeadline() {
        return Deadline.in(CONTINUATION_MILLIS, 0);
    }

    private static String superseded(Ledger.Latest latest) {
        return "a newer full roster (import " + latest.fullImportId()
                + ") was uploaded; this import's remaining work was dropped and it removed nobody";
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
