package com.rostergate.cli;

import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;

/** How an import's ledger record is printed, and what its status means as an exit code. */
final class ImportView {

    private ImportView() {
    }

    static void print(Console console, ImportRecord record) {
        if (console.isJson()) {
            console.json(record);
            return;
        }
        console.line("Import %s: %s (%s, s3://%s/%s)", record.importId(), record.status(), record.mode(), record.bucket(), record.key());
        console.line("  rows read %,d: written %,d, deleted %,d, rejected %,d, duplicate %,d, dead-lettered %,d, superseded %,d",
            record.rowsRead(), record.rowsWritten(), record.rowsDeleted(), record.rowsRejected(), record.rowsDuplicate(),
            record.rowsDeadLettered(), record.rowsSuperseded());
        console.line("  batches %,d: written %,d, dead-lettered %,d, superseded %,d",
            record.batchesTotal(), record.batchesWritten(), record.batchesDeadLettered(), record.batchesSuperseded());
        if (record.removalCandidates() != null) {
            console.line("  full sync: roster %,d, not in file %,d, removed %,d (guard %s%%)", orZero(record.rosterSize()),
                record.removalCandidates(), orZero(record.employeesRemoved()), record.removalGuardPercent());
        }
        console.line("  started %s, finished %s", record.startedAt(), record.finishedAt() == null ? "-" : record.finishedAt());
        if (record.rejectsKey() != null) {
            console.line("  rejects: s3://%s/%s", record.bucket(), record.rejectsKey());
        }
        if (record.reportKey() != null) {
            console.line("  report:  s3://%s/%s", record.bucket(), record.reportKey());
        }
        if (record.error() != null) {
            console.line("  reason:  %s", record.error());
        }
    }

    /** Whether the import has stopped moving on its own (INCOMPLETE waits for a DLQ replay). */
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
