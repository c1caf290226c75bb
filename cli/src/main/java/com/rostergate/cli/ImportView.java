package com.rostergate.cli;

import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.phone.PhoneMask;
import com.rostergate.core.plan.ImportPlan;
import java.util.List;

/** How an import's ledger record is printed, and what its status means as an exit code. */
final class ImportView {

    private ImportView() {}

    static void print(Console console, ImportRecord record) {
        if (console.isJson()) {
            console.json(record);
            return;
        }
        console.line(
                "Import %s: %s (%s, s3://%s/%s)",
                record.importId(), record.status(), record.mode(), record.bucket(), record.key());
        console.line(
                "  rows read %,d: written %,d, deleted %,d, rejected %,d, duplicate %,d, dead-lettered %,d,"
                        + " superseded %,d",
                record.rowsRead(),
                record.rowsWritten(),
                record.rowsDeleted(),
                record.rowsRejected(),
                record.rowsDuplicate(),
                record.rowsDeadLettered(),
                record.rowsSuperseded());
        console.line(
                "  batches %,d: written %,d, dead-lettered %,d, superseded %,d",
                record.batchesTotal(),
                record.batchesWritten(),
                record.batchesDeadLettered(),
                record.batchesSuperseded());
        if (record.planKey() != null) {
            console.line(
                    "  plan: roster %,d before the upload; adds %,d, updates %,d, leaves %,d unchanged, removes %,d,"
                            + " keeps %,d"
                            + " (their row was rejected); guards %s%% removed, %s%% added",
                    orZero(record.rosterSize()),
                    orZero(record.employeesAdded()),
                    orZero(record.employeesUpdated()),
                    orZero(record.employeesUnchanged()),
                    orZero(record.removalCandidates()),
                    orZero(record.employeesKept()),
                    record.removalGuardPercent(),
                    record.additionGuardPercent());
            console.line("  removed %,d (the full sync, so far)", orZero(record.employeesRemoved()));
        }
        console.line(
                "  started %s, finished %s",
                record.startedAt(), record.finishedAt() == null ? "-" : record.finishedAt());
        if (record.rejectsKey() != null) {
            console.line("  rejects: s3://%s/%s", record.bucket(), record.rejectsKey());
        }
        if (record.reportKey() != null) {
            console.line("  report:  s3://%s/%s", record.bucket(), record.reportKey());
        }
        if (record.planKey() != null) {
            console.line("  plan:    s3://%s/%s", record.bucket(), record.planKey());
        }
        if (record.error() != null) {
            console.line("  reason:  %s", record.error());
        }
    }

    /** The first entries of each list of a plan (phones masked). */
    static void printPlan(Console console, ImportPlan plan) {
        entries(console, "adds", plan.added(), plan.addedSample());
        entries(console, "updates", plan.updated(), plan.updatedSample());
        entries(console, "removes", plan.removed(), plan.removedSample());
        entries(console, "keeps (row rejected)", plan.kept(), plan.keptSample());
    }

    private static void entries(Console console, String list, long count, List<ImportPlan.Entry> sample) {
        if (count == 0) {
            return;
        }
        console.line("  %s %,d%s:", list, count, count > sample.size() ? ", the first " + sample.size() : "");
        for (ImportPlan.Entry entry : sample) {
            console.line(
                    "    %-16s %-12s %s",
                    PhoneMask.mask(entry.phone()),
                    entry.employeeId() == null ? "-" : entry.employeeId(),
                    entry.name() == null ? "-" : entry.name());
        }
    }

    /**
     * Whether the import has stopped moving on its own (INCOMPLETE waits for a DLQ replay, GUARDED and PLANNED for an
     * operator).
     */
    static boolean settled(ImportRecord record) {
        return record.status().isFinal() || record.status() == ImportStatus.INCOMPLETE;
    }

    static int exitCode(ImportRecord record) {
        return record.status() == ImportStatus.COMPLETE ? RosterCtl.OK : RosterCtl.NEGATIVE;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
