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
    public static Map<String, Long> counterChanges(BatchState from, BatchState to, Tally tally) {
        if (from != null && from.isFinal() || from == to) {
            throw new IllegalArgumentException("a batch does not move from " + from + " to " + to);
        }
        Map<String, Long> changes = new LinkedHashMap<>();
        switch (to) {
            case WRITTEN -> {
                changes.put("batches_written", 1L);
                changes.put("rows_written", (long) tally.written());
                changes.put("rows_deleted", (long) tally.deleted());
                changes.put("rows_superseded", (long) tally.superseded());
            }
            case DEAD_LETTERED -> {
                changes.put("batches_dead_lettered", 1L);
                changes.put("rows_dead_lettered", (long) tally.rows());
            }
            case SUPERSEDED -> {
                changes.put("batches_superseded", 1L);
                changes.put("rows_superseded", (long) tally.rows());
            }
            case FAILING -> throw new IllegalArgumentException("a failed attempt changes no counter");
        }
        if (from == DEAD_LETTERED) {
            changes.merge("batches_dead_lettered", -1L, Long::sum);
            changes.merge("rows_dead_lettered", (long) -tally.rows(), Long::sum);
        }
        return changes;
    }
}
