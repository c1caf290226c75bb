package com.rostergate.core.ingest.usecase;

import com.rostergate.core.ingest.Backoff;
import com.rostergate.core.ingest.BatchMessage;
import com.rostergate.core.ingest.BatchState;
import com.rostergate.core.ingest.Deadline;
import com.rostergate.core.ingest.GaveUpException;
import com.rostergate.core.ingest.ImportGoneException;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.Sleeper;
import com.rostergate.core.ingest.StuckImports;
import com.rostergate.core.ingest.Tombstones;
import com.rostergate.core.ingest.WriteFence;
import com.rostergate.core.ingest.port.BatchQueue;
import com.rostergate.core.ingest.port.EmployeeStore;
import com.rostergate.core.ingest.port.Ledger;
import com.rostergate.core.telemetry.ImportTelemetry;
import com.rostergate.core.telemetry.JsonLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Lands batch messages in the employees table and counts each batch in the ledger exactly once.
 * The messages of one invocation form a {@link Round}: each is written on its own thread, then the
 * round counts them all in one ledger transaction and checks each import they belong to once.
 * <ul>
 *   <li>A redelivered batch already WRITTEN or SUPERSEDED is not written again. (A first delivery is
 *       not looked up: should it be a copy of a settled batch, it rewrites the same items, and its
 *       count is refused by the transaction's condition on the batch's state.)</li>
 *   <li>A newer full roster exists, or a newer upload exists and the batch is past the tombstones' write
 *       horizon ({@link Tombstones#WRITE_HORIZON}): the batch is dropped as SUPERSEDED. A newer upload of
 *       any kind exists, or the batch's import is not one a newer upload's {@link WriteFence} waits for
 *       (settled - a duplicate delivery or a replay - or started before the fence's look-back): rows are
 *       written one by one, each only where no newer upload has written or removed the employee.
 *       Otherwise: one BatchWriteItem, retried within the invocation's time, each attempt made on a view
 *       of the newest uploads no older than the fence allows.</li>
 *   <li>A failure is recorded on the batch (attempts, first/last failure time, last error) and the
 *       message is reported failed. The receive that reaches {@code maxReceiveCount} counts the batch
 *       DEAD_LETTERED before it tries, as the queue moves it to the DLQ if this try fails or the writer
 *       dies in it; written then, or replayed later and written, it moves from dead-lettered to written.</li>
 * </ul>
 * After every counted change (and for a redelivered batch found settled) the import is checked for
 * being settled, then finalised.
 */
public final class BatchWriter {

    /** Tries to count one batch on its own (each refused by another delivery's move) before its delivery gives up. */
    static final int SETTLE_ATTEMPTS = 8;

    private final Ledger ledger;
    private final EmployeeStore employees;
    private final BatchQueue queue;
    private final int maxReceiveCount;
    private final Clock clock;
    private final Sleeper sleeper;

    /** Backs off between refused counts with the thread's sleep. */
    public BatchWriter(Ledger ledger, EmployeeStore employees, BatchQueue queue, int maxReceiveCount, Clock clock) {
        this(ledger, employees, queue, maxReceiveCount, clock, Sleeper.THREAD);
    }

    /** {@code clock} ages the view of the newest uploads and dates batches; {@code sleeper} backs off. */
    public BatchWriter(
            Ledger ledger,
            EmployeeStore employees,
            BatchQueue queue,
            int maxReceiveCount,
            Clock clock,
            Sleeper sleeper) {
        this.ledger = ledger;
        this.employees = employees;
        this.queue = queue;
        this.maxReceiveCount = maxReceiveCount;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** The batch messages of one invocation, sharing its {@code deadline}; {@code log} is the invocation's. */
    public Round round(Deadline deadline, JsonLog log) {
        return new Round(deadline, log);
    }

    /**
     * One invocation's batches: {@link #write} them in parallel, then {@link #finish} once, after the
     * last write returned. A batch is counted only in {@code finish}, so a writer that dies before it
     * has counted nothing and every message of the invocation is delivered again.
     */
    public final class Round {
        private final Deadline deadline;
        private final JsonLog log;
        private Ledger.Latest latest;
        private Instant latestReadAt;
        private final Queue<Written> written = new ConcurrentLinkedQueue<>();
        /** Import id -> the messages whose success waits on its check (none for a batch that failed anyway). */
        private final Map<String, Set<String>> checks = new ConcurrentHashMap<>();
        /** Import id -> whether a newer upload's write fence waits for this import's unconditional writes. */
        private final Map<String, Boolean> fenced = new ConcurrentHashMap<>();

        private Round(Deadline deadline, JsonLog log) {
            this.deadline = deadline;
            this.log = log;
        }

        /**
         * A batch written (or found superseded) and waiting to be counted; {@code retries}: BatchWriteItem calls
         * beyond the first; {@code queuedMillis}: its message's wait in the queue, for the batch's log line.
         */
        private record Written(
                String messageId,
                int receiveCount,
                Ledger.Settlement settlement,
                int retries,
                OptionalLong queuedMillis,
                JsonLog log) {}

        /**
         * Writes one message's batch; throws when the message must be delivered again (or dead-lettered).
         * {@code queuedMillis}: how long the message waited in the queue before its first receive, if known.
         */
        public void write(String messageId, BatchMessage message, int receiveCount, OptionalLong queuedMillis)
                throws GaveUpException {
            JsonLog batchLog = log.with("messageId", messageId)
                    .with("importId", message.importId())
                    .with("batch", message.batch());
            try {
                BatchState from = receiveCount > 1 ? stateOfRedelivered(message, receiveCount) : null;
                if (from != null && from.isFinal()) {
                    check(message.importId(), messageId);
                    return;
                }
                written.add(apply(messageId, receiveCount, message, from, queuedMillis, batchLog));
            } catch (GaveUpException | RuntimeException e) {
                recordFailure(message, receiveCount, e, batchLog);
                throw e;
            }
        }

        /** A redelivered batch's state; on the last receive it is counted DEAD_LETTERED first. */
        private BatchState stateOfRedelivered(BatchMessage message, int receiveCount) throws GaveUpException {
            BatchState from = ledger.batchState(message.importId(), message.batch());
            boolean settled = from != null && from.isFinal();
            if (receiveCount >= maxReceiveCount && from != BatchState.DEAD_LETTERED && !settled) {
                // Counted before the last try: should the writer die in it, the queue moves the message to the DLQ
                // already counted. A success moves it on to WRITTEN.
                from = settleAlone(message, BatchState.DEAD_LETTERED, deadLettered(message), null, deadline)
                        ? BatchState.DEAD_LETTERED
                        : ledger.batchState(message.importId(), message.batch());
            }
            return from;
        }

        /**
         * Counts every batch written in this round, in one transaction, and checks each import concerned.
         * Returns the messages that must be delivered again after all, each with the reason.
         */
        public Map<String, String> finish() {
            Map<String, String> failed = new LinkedHashMap<>();
            countWritten(failed);
            checks.forEach((importId, messageIds) -> {
                try {
                    queue.finalizeIfSettled(ledger.get(importId), deadline);
                } catch (GaveUpException | RuntimeException e) {
                    log.warn("finalize-signal-failed")
                            .message("the import's batches are delivered again to send it")
                            .field("importId", importId)
                            .field("reason", reason(e))
                            .write();
                    messageIds.forEach(messageId -> failed.putIfAbsent(messageId, reason(e)));
                }
            });
            return failed;
        }

        /**
         * The newest uploads, shared by the round's messages and read again once the view is older than
         * {@link WriteFence#VIEW_MAX_AGE} (its age counts from before the read).
         */
        private synchronized Ledger.Latest latest() {
            Instant now = clock.instant();
            if (latest == null || Duration.between(latestReadAt, now).compareTo(WriteFence.VIEW_MAX_AGE) > 0) {
                latest = ledger.latest();
                latestReadAt = now;
            }
            return latest;
        }

        private Written apply(
                String messageId,
                int receiveCount,
                BatchMessage message,
                BatchState from,
                OptionalLong queuedMillis,
                JsonLog batchLog)
                throws GaveUpException {
            Ledger.Latest newest = latest();
            boolean newer = newest.anyNewerThan(message.revision());
            if (newest.fullNewerThan(message.revision())
                    || newer && Tombstones.pastWriteHorizon(message.revision(), clock.instant())) {
                return new Written(
                        messageId,
                        receiveCount,
                        new Ledger.Settlement(
                                message,
                                from,
                                BatchState.SUPERSEDED,
                                BatchState.Tally.superseded(message.rows().size()),
                                null),
                        0,
                        queuedMillis,
                        batchLog);
            }
            EmployeeStore.Landed landed = newer || !fenced.computeIfAbsent(message.importId(), this::fencedImport)
                    ? new EmployeeStore.Landed(employees.writeEach(message, deadline), 0)
                    : employees.write(message, deadline, () -> latest().anyNewerThan(message.revision()));
            return new Written(
                    messageId,
                    receiveCount,
                    new Ledger.Settlement(message, from, BatchState.WRITTEN, landed.tally(), null),
                    landed.retries(),
                    queuedMillis,
                    batchLog);
        }

        /**
         * Whether a newer upload registering now would see this import as unsettled and wait out the fence:
         * the import is not final and started inside the look-back of {@link Ledger#anyUnsettledBesides}
         * (less a day, so the index's lag and a long replay cannot put it outside while it writes).
         */
        private boolean fencedImport(String importId) {
            ImportRecord record = ledger.get(importId);
            return record != null
                    && !record.status().isFinal()
                    && Instant.parse(record.startedAt())
                            .isAfter(
                                    clock.instant().minus(StuckImports.LOOKBACK).plus(Duration.ofDays(1)));
        }

        /**
         * One transaction for the round (of up to {@link Ledger#MAX_SETTLEMENTS} batches). If it is
         * refused (a batch was moved meanwhile by another delivery, or is dead-lettered and being replayed)
         * or fails, and for a second copy of a batch in the same round, each batch is counted on its own
         * from the state it is found in.
         */
        private void countWritten(Map<String, String> failed) {
            List<Written> together = new ArrayList<>();
            List<Written> alone = new ArrayList<>();
            Set<String> batches = new HashSet<>();
            for (Written batch : written) {
                BatchMessage message = batch.settlement().message();
                (batches.add(message.importId() + "/" + message.batch()) ? together : alone).add(batch);
            }
            for (int from = 0; from < together.size(); from += Ledger.MAX_SETTLEMENTS) {
                List<Written> group = together.subList(from, Math.min(together.size(), from + Ledger.MAX_SETTLEMENTS));
                try {
                    if (ledger.settle(group.stream().map(Written::settlement).toList())) {
                        group.forEach(this::counted);
                        continue;
                    }
                } catch (RuntimeException e) {
                    // e.g. conflicts with other writers' transactions outlasted the retries: a batch fails only if it
                    // fails alone
                }
                alone.addAll(group);
            }
            for (Written batch : alone) {
                try {
                    Ledger.Settlement settlement = batch.settlement();
                    if (settleAlone(settlement.message(), settlement.to(), settlement.tally(), null, deadline)) {
                        counted(batch);
                    } else {
                        check(settlement.message().importId(), batch.messageId());
                    }
                } catch (GaveUpException | RuntimeException e) {
                    fail(batch, e, failed);
                }
            }
        }

        private void fail(Written batch, Exception e, Map<String, String> failed) {
            String reason = reason(e);
            try {
                recordFailure(batch.settlement().message(), batch.receiveCount(), e, batch.log());
            } catch (GaveUpException | RuntimeException recording) {
                reason += "; recording the failure failed too: " + reason(recording);
            }
            failed.put(batch.messageId(), reason);
        }

        private void counted(Written batch) {
            Ledger.Settlement settlement = batch.settlement();
            ImportTelemetry.batchSettled(
                    batch.log(),
                    settlement.to().name(),
                    settlement.message().rows().size(),
                    batch.retries(),
                    batch.queuedMillis());
            check(settlement.message().importId(), batch.messageId());
        }

        private void check(String importId, String messageId) {
            Set<String> messageIds = checks.computeIfAbsent(importId, id -> ConcurrentHashMap.newKeySet());
            if (messageId != null) {
                messageIds.add(messageId);
            }
        }

        /**
         * Logged first: the ledger may be what failed. A batch whose import is gone is only noted (on its
         * own item, for {@code rosterctl dlq list}): there is no import to count it in or to finalise.
         */
        private void recordFailure(BatchMessage message, int receiveCount, Exception failure, JsonLog batchLog)
                throws GaveUpException {
            String reason = reason(failure);
            boolean lastReceive = receiveCount >= maxReceiveCount;
            boolean importGone = failure instanceof ImportGoneException;
            ImportTelemetry.batchFailed(batchLog, receiveCount, lastReceive, reason);
            boolean counted = lastReceive
                    && !importGone
                    && settleAlone(message, BatchState.DEAD_LETTERED, deadLettered(message), reason, deadline);
            if (!counted) {
                ledger.noteFailure(message, reason);
            }
            if (lastReceive && !importGone) {
                check(message.importId(), null);
            }
        }
    }

    /**
     * Moves the batch to {@code to} from whatever state it is in, counting it once. False when there was
     * nothing to move: the batch was already in {@code to} or settled by another delivery. A refused move
     * means another delivery moved the batch (read again, after a backoff, at most {@value #SETTLE_ATTEMPTS}
     * times within {@code deadline}) or the import's item is gone ({@link ImportGoneException}: no try can succeed).
     */
    private boolean settleAlone(
            BatchMessage message, BatchState to, BatchState.Tally tally, String error, Deadline deadline)
            throws GaveUpException {
        for (int attempt = 1; ; attempt++) {
            BatchState from = ledger.batchState(message.importId(), message.batch());
            if (from == to || from != null && from.isFinal()) {
                return false;
            }
            if (ledger.settle(List.of(new Ledger.Settlement(message, from, to, tally, error)))) {
                return true;
            }
            if (ledger.get(message.importId()) == null) {
                throw new ImportGoneException(message);
            }
            long delay = Backoff.CALLS.delayMillis(attempt, ThreadLocalRandom.current());
            boolean timeLeft = Backoff.fits(delay, deadline.remainingMillis(), Backoff.CALL_RESERVE_MILLIS);
            if (attempt == SETTLE_ATTEMPTS || !timeLeft) {
                throw new GaveUpException(
                        "batch " + message.batch() + " of import " + message.importId()
                                + " was moved by other deliveries each time it was counted (" + attempt + " tries);"
                                + " its next delivery counts it",
                        null);
            }
            sleeper.sleep(delay);
        }
    }

    private static BatchState.Tally deadLettered(BatchMessage message) {
        return new BatchState.Tally(message.rows().size(), 0, 0, 0);
    }

    private static String reason(Exception failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }
}
