package com.rostergate.core.ingest;

import static com.rostergate.core.ingest.LedgerRecords.record;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FinalizationTest {

    @Test
    void aFullImportWhoseBatchesAreAllWrittenSyncs() {
        assertEquals(Finalization.SYNC, Finalization.decide(settled(ImportMode.FULL, 0, 0), false));
    }

    @Test
    void aDeltaCompletes() {
        assertEquals(Finalization.COMPLETE, Finalization.decide(settled(ImportMode.DELTA, 0, 0), false));
        assertEquals(
                Finalization.COMPLETE,
                Finalization.decide(settled(ImportMode.DELTA, 0, 0), true),
                "a newer full roster does not undo a delta that was fully written");
    }

    @Test
    void deadLetteredBatchesStopTheSync() {
        assertEquals(Finalization.INCOMPLETE, Finalization.decide(settled(ImportMode.FULL, 1, 0), false));
    }

    @Test
    void aNewerFullRosterSupersedesAFullImport() {
        assertEquals(Finalization.SUPERSEDED, Finalization.decide(settled(ImportMode.FULL, 0, 0), true));
        assertEquals(Finalization.SUPERSEDED, Finalization.decide(settled(ImportMode.DELTA, 0, 1), false));
        assertEquals(
                Finalization.SUPERSEDED,
                Finalization.decide(settled(ImportMode.FULL, 1, 1), false),
                "no replay needed then");
    }

    @Test
    void nothingHappensWhileBatchesAreInFlight() {
        ImportRecord writing = record(ImportMode.FULL, ImportStatus.WRITING, 50, 0, 0, 25, 0, 0, 0, 2, 1, 0, 0);
        assertEquals(Finalization.NOTHING, Finalization.decide(writing, false));
    }

    @ParameterizedTest
    @EnumSource(
            value = ImportStatus.class,
            names = {"SPLITTING", "COMPLETE", "FAILED", "GUARDED", "SUPERSEDED"})
    void nothingHappensToAnImportThatIsNotWaitingToFinish(ImportStatus status) {
        ImportRecord record = record(ImportMode.FULL, status, 25, 0, 0, 25, 0, 0, 0, 1, 1, 0, 0);
        assertEquals(Finalization.NOTHING, Finalization.decide(record, false));
    }

    private static ImportRecord settled(ImportMode mode, int deadBatches, int supersededBatches) {
        int written = 4 - deadBatches - supersededBatches;
        return record(
                mode,
                ImportStatus.WRITING,
                100,
                0,
                0,
                written * 25L,
                0,
                deadBatches * 25L,
                supersededBatches * 25L,
                4,
                written,
                deadBatches,
                supersededBatches);
    }
}
