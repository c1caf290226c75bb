package com.rostergate.core.telemetry;

import com.rostergate.core.ingest.ImportRecord;
import java.util.OptionalLong;

/**
 * The ingest side's log lines that are also CloudWatch metrics (namespace {@value EmfMetrics#NAMESPACE},
 * dimension {@code Service=ingest}): one line per outcome an import reaches, with its row counts by
 * Outcome (the status entered), and one line per batch written, with its retries and
 * its time in the queue.
 */
public final class ImportTelemetry {

    private static final String SERVICE = "ingest";

    private ImportTelemetry() {}

    /** The line of an import entering {@code record.status()}: counts, reason and report, as the ledger has them. */
    public static void outcome(JsonLog log, ImportRecord record) {
        EmfMetrics metrics = new EmfMetrics(SERVICE)
                .dimension("Outcome", record.status().name())
                .count("Imports", 1)
                .count("RowsRead", record.rowsRead())
                .count("RowsRejected", record.rowsRejected())
                .count("RowsDuplicate", record.rowsDuplicate())
                .count("RowsWritten", record.rowsWritten())
                .count("RowsDeleted", record.rowsDeleted())
                .count("RowsDeadLettered", record.rowsDeadLettered())
                .count("RowsSuperseded", record.rowsSuperseded())
                .count("EmployeesRemoved", record.employeesRemoved() == null ? 0 : record.employeesRemoved());
        (record.status().isFinal() && record.error() == null ? log.info("import-outcome") : log.warn("import-outcome"))
                .field("importId", record.importId())
                .field("status", record.status().name())
                .field("mode", record.mode() == null ? null : record.mode().name())
                .field("key", record.key())
                .field("error", record.error())
                .field("batchesTotal", record.batchesTotal())
                .field("batchesDeadLettered", record.batchesDeadLettered())
                .field("rowsUnaccounted", record.rowsUnaccounted())
                .field("reportKey", record.reportKey())
                .metrics(metrics)
                .write();
    }

    /**
     * The line of one batch counted as written or superseded; {@code retries} is how many BatchWriteItem calls it
     * took beyond the first; {@code queuedMillis} (metric BatchQueueTime) how long its message waited in the queue
     * before its first receive (SentTimestamp to ApproximateFirstReceiveTimestamp, by the queue's clock), empty
     * when the queue did not say.
     */
    public static void batchSettled(JsonLog log, String state, int rows, int retries, OptionalLong queuedMillis) {
        EmfMetrics metrics = new EmfMetrics(SERVICE).count("BatchesSettled", 1).count("BatchRetries", retries);
        queuedMillis.ifPresent(millis -> metrics.milliseconds("BatchQueueTime", millis));
        log.info("batch-settled")
                .field("state", state)
                .field("rows", rows)
                .metrics(metrics)
                .write();
    }

    /** The line of one batch message that must be delivered again (or is being dead-lettered), with why. */
    public static void batchFailed(JsonLog log, int receiveCount, boolean deadLettered, String reason) {
        log.warn("batch-failed")
                .field("receiveCount", receiveCount)
                .field("deadLettered", deadLettered)
                .field("reason", reason)
                .metrics(new EmfMetrics(SERVICE).count("BatchFailures", 1))
                .write();
    }
}
