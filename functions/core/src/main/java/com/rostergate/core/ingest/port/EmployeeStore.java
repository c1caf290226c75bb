package com.rostergate.core.ingest.port;

import com.rostergate.core.ingest.BatchMessage;
import com.rostergate.core.ingest.BatchState;
import com.rostergate.core.ingest.Deadline;
import com.rostergate.core.ingest.GaveUpException;
import com.rostergate.core.ingest.Tombstones;
import com.rostergate.core.ingest.WriteFence;
import com.rostergate.core.plan.CurrentRoster;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The employees: one entry per phone with the revision of the upload that last wrote it; a removal leaves a
 * tombstone with the removing upload's revision ({@link Tombstones}). Revisions decide who may overwrite whom.
 */
public interface EmployeeStore {

    /** What writing a batch achieved, and how many bulk write calls it took beyond the first. */
    record Landed(BatchState.Tally tally, int retries) {}

    /** The roster as it is now (tombstones are not employees), read within {@code deadline}. */
    CurrentRoster current(Deadline deadline);

    /**
     * Writes a batch in bulk, unconditionally (a delete row as a tombstone), retrying within {@code deadline}.
     * Before each attempt {@code newerImportStarted} is asked: if a newer upload appeared, the rest of the batch
     * is written as {@link #writeEach} does. Each attempt lands within {@link WriteFence#CALL_TIMEOUT} or not at all.
     */
    Landed write(BatchMessage message, Deadline deadline, BooleanSupplier newerImportStarted) throws GaveUpException;

    /**
     * Writes each row only where no newer upload has written or removed that employee (an entry of the same
     * revision may be written again); rows a newer upload owns are counted as superseded.
     */
    BatchState.Tally writeEach(BatchMessage message, Deadline deadline) throws GaveUpException;

    /**
     * Turns the current employees {@code phones} (at most {@link #REMOVALS_PER_STEP}) into tombstones of a full
     * import's removal - each only if it is a current employee last written by an older revision - and adds
     * how many to the import's {@code employees_removed} in the same atomic step. Returns that number; a
     * redelivered step finds them removed and counts nothing twice. Retried on transient errors within
     * {@code deadline}.
     */
    int removeStale(List<String> phones, String importRevision, String importId, Deadline deadline)
            throws GaveUpException;

    /** Removals per {@link #removeStale} step (DynamoDB's TransactWriteItems takes 100 actions; one counts them). */
    int REMOVALS_PER_STEP = 99;
}
