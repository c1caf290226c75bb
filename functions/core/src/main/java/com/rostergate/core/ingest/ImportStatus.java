package com.rostergate.core.ingest;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/** The life of an import in the ledger. */
public enum ImportStatus {
    /** The splitter is reading the file and sending batches. */
    SPLITTING,
    /** Every batch is sent; writers are landing them. */
    WRITING,
    /** Every batch of a full import is written; employees missing from the file are being removed. */
    FINALIZING,
    /** Every batch is settled but some are dead-lettered; waits for them to be replayed. Nothing was removed. */
    INCOMPLETE,
    COMPLETE,
    /** The file could not be read as a roster; nothing was written or removed ({@code error} says why). */
    FAILED,
    /**
     * The plan changes more than the guard allows; nothing was changed; waits for an operator to confirm or reject it.
     */
    GUARDED,
    /** A dry run: the upload asked for its plan only; nothing was changed; confirming it applies the plan. */
    PLANNED,
    /** An operator rejected the plan of a GUARDED or PLANNED import; nothing was changed. */
    DISCARDED,
    /** A newer full roster was uploaded; this import's remaining work was dropped and it removed nothing. */
    SUPERSEDED;

    /**
     * Statuses after which no batch or finalisation changes the import any more (GUARDED and PLANNED wait for an
     * operator).
     */
    public boolean isFinal() {
        return this == COMPLETE || this == FAILED || this == SUPERSEDED || waitsForConfirmation() || this == DISCARDED;
    }

    /**
     * A plan was made and nothing applied: {@code rosterctl imports confirm} applies it, {@code imports reject}
     * discards it.
     */
    public boolean waitsForConfirmation() {
        return this == GUARDED || this == PLANNED;
    }

    /** The statuses that are not final: an import in one of them may still write or remove employees. */
    public static Set<ImportStatus> unsettled() {
        return EnumSet.copyOf(
                Arrays.stream(values()).filter(status -> !status.isFinal()).toList());
    }
}
