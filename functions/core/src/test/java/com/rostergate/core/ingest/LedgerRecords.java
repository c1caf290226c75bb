package com.rostergate.core.ingest;

/** Ledger records for tests, built from counts. */
final class LedgerRecords {

    private LedgerRecords() {}

    static ImportRecord record(
            ImportMode mode,
            ImportStatus status,
            long read,
            long rejected,
            long duplicate,
            long written,
            long deleted,
            long deadRows,
            long supersededRows,
            long batchesTotal,
            long batchesWritten,
            long batchesDead,
            long batchesSuperseded) {
        return new ImportRecord(
                "imp-20250301T090000Z-0123456789abcdef",
                "roster-bucket",
                "rosters/full/roster.csv",
                null,
                mode,
                status,
                "001740819600-00000000000000000000000000000001-imp-20250301T090000Z-0123456789abcdef",
                "UTF-8",
                "comma",
                null,
                false,
                read,
                read - rejected - duplicate,
                rejected,
                duplicate,
                written,
                deleted,
                deadRows,
                supersededRows,
                batchesTotal,
                batchesWritten,
                batchesDead,
                batchesSuperseded,
                "2025-03-01T09:00:01Z",
                "2025-03-01T09:00:05Z",
                null,
                null,
                "reports/imp-20250301T090000Z-0123456789abcdef/summary.json",
                "reports/imp-20250301T090000Z-0123456789abcdef/rejects.csv",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
