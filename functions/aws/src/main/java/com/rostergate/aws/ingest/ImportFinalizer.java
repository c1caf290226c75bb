package com.rostergate.aws.ingest;

import com.rostergate.core.ingest.Deadline;
import com.rostergate.core.ingest.FinalizeMessage;
import com.rostergate.core.ingest.FinalizeMessage.Phase;
import com.rostergate.core.ingest.Finalization;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.ingest.RemovalGuard;
import com.rostergate.core.telemetry.ImportTelemetry;
import com.rostergate.core.telemetry.JsonLog;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ends an import once all its batches are settled: a delta completes; an import with dead-lettered
 * batches waits (INCOMPLETE, nobody removed); an import overtaken by a newer full roster is
 * SUPERSEDED (nobody removed); a full import syncs - counts the roster and the employees it did not
 * write, stops at the {@link RemovalGuard} (GUARDED), else removes them with conditional deletes.
 * Every step is idempotent: a redelivered message redoes conditional work and counts nothing twice.
 * {@link #applyGuardedRemoval} is the operator's confirmation of a GUARDED import.
 */
public final class ImportFinalizer {

    private static final Set<ImportStatus> OPEN = Set.of(ImportStatus.WRITING, ImportStatus.INCOMPLETE, ImportStatus.FINALIZING);
    private static final long CONTINUATION_MILLIS = 3000;

    private final ImportLedger ledger;
    private final EmployeeTable employees;
    private final IngestQueue queue;
    private final ImportReports reports;
    private final ImportEvents events;
    private final RemovalGuard guard;

    public ImportFinalizer(ImportLedger ledger, EmployeeTable employees, IngestQueue queue, ImportReports reports, ImportEvents events,
                           RemovalGuard guard) {
        this.ledger = ledger;
        this.employees = employees;
        this.queue = queue;
        this.reports = reports;
        this.events = events;
        this.guard = guard;
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
            case COUNT -> {
                if (record.status() == ImportStatus.FINALIZING) {
                    count(record, message, deadline, log);
                }
            }
            case REMOVE -> {
                if (record.status() == ImportStatus.FINALIZING) {
                    remove(record, message, deadline, log);
                }
            }
        }
    }

    private void start(ImportRecord record, FinalizeMessage message, Deadline deadline, JsonLog log) throws GaveUpException {
        ImportLedger.Latest latest = ledger.latest();
        switch (Finalization.decide(record, latest.fullNewerThan(record.revision()))) {
            case NOTHING -> {
                if (record.status().isFinal() || record.status() == ImportStatus.INCOMPLETE) {
                    reports.putSummary(record); // a redelivered signal: make sure the report exists
                }
            }
            case INCOMPLETE -> finish(record, OPEN, ImportStatus.INCOMPLETE, Map.of("error", record.batchesDeadLettered()
                + " batch(es) with " + record.rowsDeadLettered() + " rows are in the dead-letter queue; replay them to complete"
                + " this import. Nobody was removed."), log);
            case SUPERSEDED -> finish(record, OPEN, ImportStatus.SUPERSEDED, Map.of("error", superseded(latest)), log);
            case COMPLETE -> finish(record, OPEN, ImportStatus.COMPLETE, withoutError(), log);
            case SYNC -> {
                Map<String, Object> attributes = withoutError();
                attributes.put("removal_guard_percent", guard.percent());
                if (ledger.transition(record.importId(), OPEN, ImportStatus.FINALIZING, attributes)) {
                    count(record, message.next(Phase.COUNT, null, 0, 0), deadline, log);
                }
            }
        }
    }

    /** Counts the roster and the employees this import did not write, page by page; then guards or removes. */
    private void count(ImportRecord record, FinalizeMessage step, Deadline deadline, JsonLog log) throws GaveUpException {
        String cursor = step.cursor();
        long scanned = step.scanned();
        long stale = step.stale();
        do {
            if (deadline.passed()) {
                queue.send(step.next(Phase.COUNT, cursor, scanned, stale), continuationDeadline());
                return;
            }
            EmployeeTable.Page page = scan(cursor, deadline);
            scanned += page.employees().size();
            stale += page.employees().stream().filter(employee -> employee.olderThan(record.revision())).count();
            cursor = page.nextCursor();
        } while (cursor != null);
        if (!guard.allows(scanned, stale, record.force())) {
            Map<String, Object> guarded = new HashMap<>();
            guarded.put("roster_size", scanned);
            guarded.put("removal_candidates", stale);
            guarded.put("employees_removed", 0L);
            guarded.put("error", guard.explain(scanned, stale));
            finish(record, Set.of(ImportStatus.FINALIZING), ImportStatus.GUARDED, guarded, log);
        } else if (ledger.recordCount(record.importId(), scanned, stale)) {
            if (stale == 0) {
                finish(record, Set.of(ImportStatus.FINALIZING), ImportStatus.COMPLETE, Map.of(), log);
            } else {
                remove(record, step.next(Phase.REMOVE, null, scanned, stale), deadline, log);
            }
        }
    }

    /** Removes, page by page, every employee last written by an older import; stops if a newer full roster appears. */
    private void remove(ImportRecord record, FinalizeMessage step, Deadline deadline, JsonLog log) throws GaveUpException {
        String cursor = step.cursor();
        do {
            ImportLedger.Latest latest = ledger.latest();
            if (latest.fullNewerThan(record.revision())) {
                finish(record, Set.of(ImportStatus.FINALIZING), ImportStatus.SUPERSEDED, Map.of("error", superseded(latest)), log);
                return;
            }
            if (deadline.passed()) {
                queue.send(step.next(Phase.REMOVE, cursor, step.scanned(), step.stale()), continuationDeadline());
                return;
            }
            EmployeeTable.Page page = scan(cursor, deadline);
            List<String> stale = page.employees().stream().filter(employee -> employee.olderThan(record.revision()))
                .map(EmployeeTable.Employee::phone).toList();
            for (int from = 0; from < stale.size(); from += EmployeeTable.REMOVALS_PER_TRANSACTION) {
                List<String> chunk = stale.subList(from, Math.min(stale.size(), from + EmployeeTable.REMOVALS_PER_TRANSACTION));
                Retrying.call("removal of employees missing from the roster", deadline,
                    () -> employees.removeStale(chunk, record.revision(), ledger, record.importId()));
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        finish(record, Set.of(ImportStatus.FINALIZING), ImportStatus.COMPLETE, Map.of(), log);
    }

    /**
     * The operator's confirmation of a GUARDED full import: removes the employees the file did not
     * hold, without the guard, to the end (no time limit). Refused unless the import is GUARDED; if a
     * newer full roster was uploaded meanwhile the import becomes SUPERSEDED and removes nobody.
     * Returns the import's ledger record afterwards; its outcome line goes to {@code log}.
     */
    public ImportRecord applyGuardedRemoval(String importId, JsonLog operatorLog) throws GaveUpException {
        JsonLog log = operatorLog.with("importId", importId);
        ImportRecord record = ledger.get(importId);
        if (record == null) {
            throw new IllegalArgumentException("no import " + importId + " in the ledger");
        }
        if (record.status() != ImportStatus.GUARDED) {
            throw new IllegalStateException("import " + importId + " is " + record.status() + ", not GUARDED: nothing to apply");
        }
        ImportLedger.Latest latest = ledger.latest();
        if (latest.fullNewerThan(record.revision())) {
            finish(record, Set.of(ImportStatus.GUARDED), ImportStatus.SUPERSEDED, Map.of("error", superseded(latest)), log);
            return ledger.get(importId);
        }
        Map<String, Object> confirmed = withoutError();
        confirmed.put("force", true);
        if (!ledger.transition(importId, Set.of(ImportStatus.GUARDED), ImportStatus.FINALIZING, confirmed)) {
            throw new IllegalStateException("import " + importId + " changed while being confirmed; look at it again");
        }
        long size = record.rosterSize() == null ? 0 : record.rosterSize();
        long candidates = record.removalCandidates() == null ? 0 : record.removalCandidates();
        remove(record, new FinalizeMessage(FinalizeMessage.VERSION, importId, record.revision(), record.mode(), Phase.REMOVE, null, size, candidates),
            Deadline.none(), log);
        return ledger.get(importId);
    }

    private EmployeeTable.Page scan(String cursor, Deadline deadline) throws GaveUpException {
        return Retrying.call("Scan of the employees table", deadline, () -> employees.scan(cursor));
    }

    /**
     * Moves the import to a final (or INCOMPLETE) status, writes its summary as the ledger then has it and,
     * once per status entered, logs and publishes the outcome.
     */
    private void finish(ImportRecord record, Set<ImportStatus> from, ImportStatus to, Map<String, ?> attributes, JsonLog log) {
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

    private static String superseded(ImportLedger.Latest latest) {
        return "a newer full roster (import " + latest.fullImportId() + ") was uploaded; this import's remaining work was dropped and it removed nobody";
    }

    private static Map<String, Object> withoutError() {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("error", null);
        return attributes;
    }
}
