package com.rostergate.core.ingest;

/** What an import does once its batches are settled. */
public enum Finalization {
    /** Not settled yet, or already past this point: nothing to do. */
    NOTHING,
    /** Some batches are dead-lettered: wait for their replay, remove nobody. */
    INCOMPLETE,
    /** A newer full roster exists: drop the rest, remove nobody. */
    SUPERSEDED,
    /** A delta is done. */
    COMPLETE,
    /** A full import is done writing: remove the employees the file did not hold (guarded). */
    SYNC;

    public static Finalization decide(ImportRecord ledger, boolean newerFullImportExists) {
        ImportStatus status = ledger.status();
        boolean open = status == ImportStatus.WRITING
                || status == ImportStatus.INCOMPLETE
                || status == ImportStatus.FINALIZING;
        if (!open || !ledger.allBatchesSettled()) {
            return NOTHING;
        }
        boolean fullOvertaken = ledger.mode() == ImportMode.FULL && newerFullImportExists;
        if (fullOvertaken || ledger.batchesSuperseded() > 0) {
            return SUPERSEDED;
        }
        if (ledger.batchesDeadLettered() > 0) {
            return INCOMPLETE;
        }
        return ledger.mode() == ImportMode.FULL ? SYNC : COMPLETE;
    }
}
