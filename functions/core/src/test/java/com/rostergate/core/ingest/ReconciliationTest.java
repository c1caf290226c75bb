package com.rostergate.core.ingest;

import static com.rostergate.core.ingest.LedgerRecords.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReconciliationTest {

    @Test
    void aSettledImportAccountsForEveryRowRead() {
        ImportRecord settled = record(ImportMode.DELTA, ImportStatus.WRITING, 100, 4, 3, 60, 8, 25, 0, 4, 3, 1, 0);
        assertTrue(settled.allBatchesSettled());
        assertEquals(0, settled.rowsUnaccounted());
    }

    @Test
    void rowsOfBatchesStillInFlightAreUnaccounted() {
        ImportRecord writing = record(ImportMode.FULL, ImportStatus.WRITING, 100, 4, 3, 50, 0, 0, 0, 4, 2, 0, 0);
        assertFalse(writing.allBatchesSettled());
        assertEquals(43, writing.rowsUnaccounted());
    }

    @Test
    void anImportStillSplittingIsNeverSettled() {
        assertFalse(record(ImportMode.FULL, ImportStatus.SPLITTING, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
                .allBatchesSettled());
        assertTrue(
                record(ImportMode.FULL, ImportStatus.WRITING, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
                        .allBatchesSettled(),
                "a header-only file has no batches to wait for");
    }
}
