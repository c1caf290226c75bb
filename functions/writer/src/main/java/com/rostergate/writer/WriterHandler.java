package com.rostergate.writer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.rostergate.aws.InvocationLog;
import com.rostergate.aws.ingest.AwsIngest;
import com.rostergate.core.ingest.BatchMessage;
import com.rostergate.core.ingest.Deadline;
import com.rostergate.core.ingest.FinalizeMessage;
import com.rostergate.core.ingest.GaveUpException;
import com.rostergate.core.ingest.IngestMessage;
import com.rostergate.core.ingest.IngestMessages;
import com.rostergate.core.ingest.usecase.BatchWriter;
import com.rostergate.core.ingest.usecase.ImportFinalizer;
import com.rostergate.core.telemetry.JsonLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Lambda entry point for ingest queue batches (up to 10 messages): each message is handled on its
 * own thread with the invocation's whole remaining time, then the batches written are counted in the
 * ledger together ({@link BatchWriter.Round}). Only the messages that failed are reported in
 * {@code batchItemFailures}; their batch mates are deleted normally. The constructor is the function's
 * composition root: the adapters ({@link AwsIngest}: one HTTP client for DynamoDB, S3, SQS and EventBridge)
 * and the two use cases.
 */
public final class WriterHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    /** Kept back from the invocation's time: retries stop early enough to record the outcome in the ledger. */
    private static final long RESERVE_MILLIS = 5_000;

    private static final int MAX_MESSAGES = 10;

    private final BatchWriter batchWriter;
    private final ImportFinalizer finalizer;
    private final ExecutorService workers = Executors.newFixedThreadPool(MAX_MESSAGES, runnable -> {
        Thread thread = new Thread(runnable, "writer-message");
        thread.setDaemon(true);
        return thread;
    });

    public WriterHandler() {
        this(System.getenv());
    }

    public WriterHandler(Map<String, String> env) {
        this(AwsIngest.from(env));
    }

    /** With a given DynamoDB client (tests wrap the real one to inject faults); the rest comes from {@code env}. */
    public WriterHandler(Map<String, String> env, DynamoDbClient dynamoDb) {
        this(AwsIngest.from(env, dynamoDb));
    }

    private WriterHandler(AwsIngest aws) {
        this.batchWriter = new BatchWriter(
                aws.ledger(), aws.employees(), aws.queue(), aws.config().maxReceiveCount(), aws.clock());
        this.finalizer = new ImportFinalizer(aws.ledger(), aws.employees(), aws.queue(), aws.reports(), aws.events());
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        Deadline deadline = Deadline.in(context.getRemainingTimeInMillis(), RESERVE_MILLIS);
        List<SQSEvent.SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
        List<Future<Boolean>> results = new ArrayList<>(messages.size());
        JsonLog log = InvocationLog.of(context);
        BatchWriter.Round round = batchWriter.round(deadline, log);
        for (SQSEvent.SQSMessage message : messages) {
            results.add(workers.submit(() -> handle(message, round, deadline, log)));
        }
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (!succeeded(results.get(i))) {
                failures.add(
                        new SQSBatchResponse.BatchItemFailure(messages.get(i).getMessageId()));
            }
        }
        round.finish().keySet().forEach(messageId -> failures.add(new SQSBatchResponse.BatchItemFailure(messageId)));
        return new SQSBatchResponse(failures);
    }

    /**
     * True when the message is done with; false when it must be delivered again. A batch's failure is logged by the
     * round.
     */
    private boolean handle(SQSEvent.SQSMessage message, BatchWriter.Round round, Deadline deadline, JsonLog log) {
        int receiveCount = receiveCount(message);
        JsonLog messageLog = log.with("messageId", message.getMessageId());
        IngestMessage decoded;
        try {
            decoded = IngestMessages.decode(message.getBody());
        } catch (IllegalArgumentException malformed) {
            messageLog
                    .error("message-malformed")
                    .message("not an ingest message; it will end in the dead-letter queue")
                    .field("receiveCount", receiveCount)
                    .field("reason", malformed.getMessage())
                    .write();
            return false;
        }
        try {
            if (decoded instanceof BatchMessage batch) {
                round.write(message.getMessageId(), batch, receiveCount, queuedMillis(message));
            } else {
                finalizer.handle((FinalizeMessage) decoded, deadline, messageLog);
            }
            return true;
        } catch (GaveUpException | RuntimeException e) {
            if (decoded instanceof FinalizeMessage finalize) {
                messageLog
                        .warn("finalize-failed")
                        .field("importId", finalize.importId())
                        .field("phase", finalize.phase().name())
                        .field("receiveCount", receiveCount)
                        .field("reason", e.getMessage())
                        .write();
            }
            return false;
        }
    }

    /**
     * Waits for one message's outcome; an Error (the function dying) fails the whole invocation, as it would on
     * Lambda.
     */
    private static boolean succeeded(Future<Boolean> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            return false;
        }
    }

    /** How long the message waited in the queue before its first receive, by the queue's own clock; empty if unsaid. */
    private static OptionalLong queuedMillis(SQSEvent.SQSMessage message) {
        Map<String, String> attributes = message.getAttributes() == null ? Map.of() : message.getAttributes();
        try {
            return OptionalLong.of(Long.parseLong(attributes.get("ApproximateFirstReceiveTimestamp"))
                    - Long.parseLong(attributes.get("SentTimestamp")));
        } catch (NumberFormatException missing) {
            return OptionalLong.empty();
        }
    }

    private static int receiveCount(SQSEvent.SQSMessage message) {
        String count =
                message.getAttributes() == null ? null : message.getAttributes().get("ApproximateReceiveCount");
        return count == null ? 1 : Integer.parseInt(count);
    }
}
