package com.rostergate.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchStateTest {

    private final BatchState.Tally tally = new BatchState.Tally(25, 20, 3, 2);

    @Test
    void writingABatchCountsItsRowsByOutcome() {
        assertEquals(
                Map.of("batches_written", 1L, "rows_written", 20L, "rows_deleted", 3L, "rows_superseded", 2L),
                BatchState.counterChanges(null, BatchState.WRITTEN, tally));
        assertEquals(
                BatchState.counterChanges(null, BatchState.WRITTEN, tally),
                BatchState.counterChanges(BatchState.FAILING, BatchState.WRITTEN, tally),
                "failed attempts were never counted");
    }

    @Test
    void deadLetteringCountsTheWholeBatchAndAReplayMovesItToWritten() {
        assertEquals(
                Map.of("batches_dead_lettered", 1L, "rows_dead_lettered", 25L),
                BatchState.counterChanges(BatchState.FAILING, BatchState.DEAD_LETTERED, tally));
        assertEquals(
                Map.of(
                        "batches_written",
                        1L,
                        "rows_written",
                        20L,
                        "rows_deleted",
                        3L,
                        "rows_superseded",
                        2L,
                        "batches_dead_lettered",
                        -1L,
                        "rows_dead_lettered",
                        -25L),
                BatchState.counterChanges(BatchState.DEAD_LETTERED, BatchState.WRITTEN, tally));
    }

    @Test
    void supersedingCountsEveryRowAsSuperseded() {
        assertEquals(
                Map.of("batches_superseded", 1L, "rows_superseded", 25L),
                BatchState.counterChanges(null, BatchState.SUPERSEDED, BatchState.Tally.superseded(25)));
    }

    @Test
    void settledBatchesNeverMoveAgain() {
        assertThrows(
                IllegalArgumentException.class,
                () -> BatchState.counterChanges(BatchState.WRITTEN, BatchState.DEAD_LETTERED, tally));
        assertThrows(
                IllegalArgumentException.class,
                () -> BatchState.counterChanges(BatchState.SUPERSEDED, BatchState.WRITTEN, tally));
        assertThrows(IllegalArgumentException.class, () -> BatchState.counterChanges(null, BatchState.FAILING, tally));
        assertThrows(
                IllegalArgumentException.class,
                () -> BatchState.counterChanges(BatchState.DEAD_LETTERED, BatchState.DEAD_LETTERED, tally));
    }
}
