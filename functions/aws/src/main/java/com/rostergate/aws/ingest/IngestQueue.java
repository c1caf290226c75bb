package com.rostergate.aws.ingest;

import com.rostergate.core.ingest.Deadline;
import com.rostergate.core.ingest.GaveUpException;
import com.rostergate.core.ingest.IngestMessage;
import com.rostergate.core.ingest.IngestMessages;
import com.rostergate.core.ingest.SendBatches;
import com.rostergate.core.ingest.port.BatchQueue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** The ingest queue: batch and finalize messages go out here (contracts/roster-batch-message.schema.json). */
public final class IngestQueue implements BatchQueue {

    private final SqsClient sqs;
    private final String queueUrl;

    public IngestQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = IngestConfig.require(queueUrl, "INGEST_QUEUE_URL");
    }

    /** Sends one message (a finalize signal), retried on transient errors until {@code deadline}. */
    @Override
    public void send(IngestMessage message, Deadline deadline) throws GaveUpException {
        String body = IngestMessages.encode(message);
        Retrying.call(
                "SendMessage to the ingest queue",
                deadline,
                () -> sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body)));
    }

    /**
     * A sender for many messages: SendMessageBatch calls of up to 10, at most {@code maxInFlight} at once on
     * {@code pool}.
     */
    @Override
    public Sender sender(ExecutorService pool, int maxInFlight, Deadline deadline) {
        return new Sender(pool, maxInFlight, deadline);
    }

    /** Groups messages into SendMessageBatch calls made in parallel; {@link #finish()} waits for all of them. */
    public final class Sender implements BatchQueue.Sender {
        private final ExecutorService pool;
        private final Semaphore inFlight;
        private final int maxInFlight;
        private final Deadline deadline;
        private final SendBatches group = new SendBatches();
        private final AtomicReference<Exception> failure = new AtomicReference<>();

        private Sender(ExecutorService pool, int maxInFlight, Deadline deadline) {
            this.pool = pool;
            this.maxInFlight = maxInFlight;
            this.inFlight = new Semaphore(maxInFlight);
            this.deadline = deadline;
        }

        @Override
        public void send(IngestMessage message) throws IOException {
            List<String> full = group.add(IngestMessages.encode(message));
            if (full != null) {
                submit(full);
            }
        }

        /** Sends what is left and waits until every call has succeeded; throws the first failure. */
        @Override
        public void finish() throws IOException {
            List<String> last = group.drain();
            if (!last.isEmpty()) {
                submit(last);
            }
            inFlight.acquireUninterruptibly(maxInFlight);
            inFlight.release(maxInFlight);
            throwIfFailed();
        }

        private void submit(List<String> bodies) throws IOException {
            throwIfFailed();
            inFlight.acquireUninterruptibly();
            pool.execute(() -> {
                try {
                    sendBatch(bodies);
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                } finally {
                    inFlight.release();
                }
            });
        }

        /**
         * One SendMessageBatch; entries SQS failed are sent again (they are independent), with backoff, unless
         * SQS says the sender is at fault: another try of the same message cannot succeed, so the split stops at once.
         */
        private void sendBatch(List<String> bodies) throws GaveUpException {
            List<SendMessageBatchRequestEntry> pending = new ArrayList<>(bodies.size());
            for (int i = 0; i < bodies.size(); i++) {
                pending.add(SendMessageBatchRequestEntry.builder()
                        .id(Integer.toString(i))
                        .messageBody(bodies.get(i))
                        .build());
            }
            Retrying.call("SendMessageBatch to the ingest queue", deadline, () -> {
                List<BatchResultErrorEntry> failed = sqs.sendMessageBatch(
                                r -> r.queueUrl(queueUrl).entries(pending))
                        .failed();
                for (BatchResultErrorEntry entry : failed) {
                    if (Boolean.TRUE.equals(entry.senderFault())) {
                        throw new GaveUpException(
                                "SendMessageBatch to the ingest queue refused a message for good (" + entry.code()
                                        + ": " + entry.message() + ")",
                                null);
                    }
                }
                List<String> failedIds =
                        failed.stream().map(BatchResultErrorEntry::id).toList();
                pending.removeIf(entry -> !failedIds.contains(entry.id()));
                return pending.isEmpty() ? Boolean.TRUE : null;
            });
        }

        private void throwIfFailed() throws IOException {
            Exception e = failure.get();
            if (e != null) {
                throw new IOException("sending batches to the ingest queue failed: " + e.getMessage(), e);
            }
        }
    }
}
