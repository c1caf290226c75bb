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
                Map.of(
                        ImportAttribute.BATCHES_WRITTEN,
                        1L,
                        ImportAttribute.ROWS_WRITTEN,
                        20L,
                        ImportAttribute.ROWS_DELETED,
                        3L,
                        ImportAttribute.ROWS_SUPERSEDED,
                        2L),
                BatchState.counterChanges(null, BatchState.WRITTEN, tally));
        assertEquals(
                BatchState.counterChanges(null, BatchState.WRITTEN, tally),
                BatchState.counterChanges(BatchState.FAILING, BatchState.WRITTEN, tally),
                "failed attempts were never counted");
    }

    @Test
    void deadLetteringCountsTheWholeBatchAndAReplayMovesItToWritten() {
        assertEquals(
                Map.of(ImportAttribute.BATCHES_DEAD_LETTERED, 1L, ImportAttribute.ROWS_DEAD_LETTERED, 25L),
                BatchState.counterChanges(BatchState.FAILING, BatchState.DEAD_LETTERED, tally));
        assertEquals(
                Map.of(
                        ImportAttribute.BATCHES_WRITTEN,
                        1L,
                        ImportAttribute.ROWS_WRITTEN,
                        20L,
                        ImportAttribute.ROWS_DELETED,
                        3L,
                        ImportAttribute.ROWS_SUPERSEDED,
                        2L,
                        ImportAttribute.BATCHES_DEAD_LETTERED,
                        -1L,
                        ImportAttribute.ROWS_DEAD_LETTERED,
                        -25L),
                BatchState.counterChanges(BatchState.DEAD_LETTERED, BatchState.WRITTEN, tally));
    }

    @Test
    void supersedingCountsEveryRowAsSuperseded() {
        assertEquals(
                Map.of(ImportAttribute.BATCHES_SUPERSEDED, 1L, ImportAttribute.ROWS_SUPERSEDED, 25L),
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
