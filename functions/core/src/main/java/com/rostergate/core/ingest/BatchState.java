package com.rostergate.core.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of one batch in the ledger ({@code record = "BATCH#000042"}). A batch is counted in
 * the import's totals when it moves into WRITTEN, DEAD_LETTERED or SUPERSEDED, in the same
 * transaction that moves it, conditioned on the state it moves from: a redelivered message finds
 * the batch already moved and counts nothing twice.
 */
public enum BatchState {
    /** Tried and failed; the queue will deliver it again. Counted nowhere yet. */
    FAILING,
    WRITTEN,
    /** Failed on its last receive: the queue moves it to the dead-letter queue. Replaying it can still write it. */
    DEAD_LETTERED,
    /** A newer full roster exists: dropped. */
    SUPERSEDED;

    /** Whether nothing can change this batch any more. */
    public boolean isFinal() {
        return this == WRITTEN || this == SUPERSEDED;
    }

    /** What one attempt at a batch achieved: rows stored, delete rows applied, rows left to a newer upload. */
    public record Tally(int rows, int written, int deleted, int superseded) {
        public static Tally superseded(int rows) {
            return new Tally(rows, 0, 0, rows);
        }
    }

    /**
     * The ledger counter changes for moving a batch from {@code from} (null: never recorded) to
     * {@code to}. Leaving DEAD_LETTERED takes the batch back out of the dead-letter counts.
     */
    public static Map<ImportAttribute<Long>, Long> counterChanges(BatchState from, BatchState to, Tally tally) {
        if (from != null && from.isFinal() || from == to) {
            throw new IllegalArgumentException("a batch does not move from " + from + " to " + to);
        }
        Map<ImportAttribute<Long>, Long> changes = new LinkedHashMap<>();
        switch (to) {
            case WRITTEN -> {
                changes.put(ImportAttribute.BATCHES_WRITTEN, 1L);
                changes.put(ImportAttribute.ROWS_WRITTEN, (long) tally.written());
                changes.put(ImportAttribute.ROWS_DELETED, (long) tally.deleted());
                changes.put(ImportAttribute.ROWS_SUPERSEDED, (long) tally.superseded());
            }
            case DEAD_LETTERED -> {
                changes.put(ImportAttribute.BATCHES_DEAD_LETTERED, 1L);
                changes.put(ImportAttribute.ROWS_DEAD_LETTERED, (long) tally.rows());
            }
            case SUPERSEDED -> {
                changes.put(ImportAttribute.BATCHES_SUPERSEDED, 1L);
                changes.put(ImportAttribute.ROWS_SUPERSEDED, (long) tally.rows());
            }
            case FAILING -> throw new IllegalArgumentException("a failed attempt changes no counter");
        }
        if (from == DEAD_LETTERED) {
            changes.merge(ImportAttribute.BATCHES_DEAD_LETTERED, -1L, Long::sum);
            changes.merge(ImportAttribute.ROWS_DEAD_LETTERED, (long) -tally.rows(), Long::sum);
        }
        return changes;
    }
}
