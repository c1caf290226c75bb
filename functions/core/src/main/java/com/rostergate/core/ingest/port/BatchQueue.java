package com.rostergate.core.ingest.port;

import com.rostergate.core.ingest.Deadline;
import com.rostergate.core.ingest.FinalizeMessage;
import com.rostergate.core.ingest.GaveUpException;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.ingest.IngestMessage;
import java.io.IOException;
import java.util.concurrent.ExecutorService;

/** The ingest queue the writers read: batch messages and finalize steps. */
public interface BatchQueue {

    /** Sends one message (a finalize step), retried on transient errors within {@code deadline}. */
    void send(IngestMessage message, Deadline deadline) throws GaveUpException;

    /** A sender for many messages, at most {@code maxInFlight} sends at once on {@code pool}. */
    Sender sender(ExecutorService pool, int maxInFlight, Deadline deadline);

    /** Sends messages in the background; {@link #finish} waits for every send and throws the first failure. */
    interface Sender {
        void send(IngestMessage message) throws IOException;

        void finish() throws IOException;
    }

    /**
     * With the import as the ledger has it after a batch was counted or splitting ended: once every batch is
     * settled, sends the finalize START step. Two callers may both send it; finalizing is idempotent.
     */
    default void finalizeIfSettled(ImportRecord record, Deadline deadline) throws GaveUpException {
        boolean waiting = record != null
                && (record.status() == ImportStatus.WRITING || record.status() == ImportStatus.INCOMPLETE);
        if (waiting && record.allBatchesSettled()) {
            send(FinalizeMessage.start(record.importId(), record.revision(), record.mode()), deadline);
        }
    }
}
