package com.rostergate.aws.ingest;

import com.rostergate.core.ingest.BatchMessage;
import com.rostergate.core.ingest.BatchState;
import com.rostergate.core.ingest.Deadline;

/**
 * Lands one batch message in the employees table and counts it in the ledger exactly once.
 * <ul>
 *   <li>A batch already WRITTEN or SUPERSEDED (a redelivery) is not written again.</li>
 *   <li>A newer full roster exists: the batch is dropped as SUPERSEDED. A newer upload of any kind
 *       exists: rows are written one by one, each only where that upload has not written the
 *       employee. Otherwise: one BatchWriteItem, retried within the invocation's time.</li>
 *   <li>A failure is recorded on the batch (attempts, first/last failure time, last error) and thrown,
 *       so the message is reported failed; on the receive that reaches {@code maxReceiveCount} the batch
 *       is counted DEAD_LETTERED, as the queue is about to move it to the DLQ. Replayed later and
 *       written, it moves from dead-lettered to written.</li>
 * </ul>
 * After every counted change the import is checked for being settled (then it is finalised).
 */
public final class BatchWriter {

    private final ImportLedger ledger;
    private final EmployeeTable employees;
    private final IngestQueue queue;
    private final int maxReceiveCount;

    public BatchWriter(ImportLedger ledger, EmployeeTable employees, IngestQueue queue, int maxReceiveCount) {
        this.ledger = ledger;
        this.employees = employees;
        this.queue = queue;
        this.maxReceiveCount = maxReceiveCount;
    }

    /** Returns when the message is done with; throws when it must be delivered again (or dead-lettered). */
    public void write(BatchMessage message, int receiveCount, Deadline deadline) throws GaveUpException {
        BatchState state = ledger.batchState(message.importId(), message.batch());
        if (state == null || !state.isFinal()) {
            try {
                apply(message, deadline);
            } catch (GaveUpException | RuntimeException e) {
                recordFailure(message, receiveCount, e, deadline);
                throw e;
            }
        }
        queue.finalizeIfSettled(ledger.get(message.importId()), deadline);
    }

    private void apply(BatchMessage message, Deadline deadline) throws GaveUpException {
        ImportLedger.Latest latest = ledger.latest();
        if (latest.fullNewerThan(message.revision())) {
            settle(message, BatchState.SUPERSEDED, BatchState.Tally.superseded(message.rows().size()), null);
            return;
        }
        BatchState.Tally tally = latest.anyNewerThan(message.revision())
            ? employees.writeEach(message, deadline)
            : employees.write(message, deadline, () -> ledger.latest().anyNewerThan(message.revision()));
        settle(message, BatchState.WRITTEN, tally, null);
    }

    private void recordFailure(BatchMessage message, int receiveCount, Exception failure, Deadline deadline) throws GaveUpException {
        String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        boolean lastReceive = receiveCount >= maxReceiveCount;
        boolean counted = lastReceive && settle(message, BatchState.DEAD_LETTERED, new BatchState.Tally(message.rows().size(), 0, 0, 0), reason);
        if (!counted) {
            ledger.noteFailure(message, reason);
        }
        if (lastReceive) {
            queue.finalizeIfSettled(ledger.get(message.importId()), deadline);
        }
    }

    /**
     * Moves the batch to {@code to} from whatever state it is in, counting it once. False when there was
     * nothing to move: the batch was already in {@code to} or settled by another delivery.
     */
    private boolean settle(BatchMessage message, BatchState to, BatchState.Tally tally, String error) {
        while (true) {
            BatchState from = ledger.batchState(message.importId(), message.batch());
            if (from == to || from != null && from.isFinal()) {
                return false;
            }
            if (ledger.settle(message, from, to, tally, error)) {
                return true;
            }
        }
    }
}
