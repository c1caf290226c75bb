package com.rostergate.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rostergate.local.template.FunctionDefinition.FailureDestination;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Lambda's asynchronous invocation: the event is queued, the function invoked, and on an error or
 * timeout retried {@code MaximumRetryAttempts} times (Lambda waits about a minute, then two; here
 * {@code retryDelay}, then twice that). When retries are exhausted the event goes to the function's
 * on-failure destination as Lambda's invocation record, or to its dead-letter queue as the event
 * itself with Lambda's RequestID/ErrorCode/ErrorMessage attributes; with neither, Lambda drops it
 * (a schedule's next run replaces it), and so does this, with a warning.
 */
public final class AsyncInvoker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncInvoker.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter RECORD_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final SqsClient sqs;
    private final Duration retryDelay;
    private final AtomicInteger pending = new AtomicInteger();
    private final ExecutorService attempts = Executors.newCachedThreadPool(DaemonThreads.named("async-invoke"));
    private final ScheduledExecutorService retries =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("async-retry"));

    public AsyncInvoker(SqsClient sqs, Duration retryDelay) {
        this.sqs = sqs;
        this.retryDelay = retryDelay;
    }

    /**
     * Accepts an event for {@code function}, as Lambda's Invoke with InvocationType Event does.
     * {@code ruleDeadLetterQueueUrl} receives the failure record when the function names no destination.
     */
    public void invoke(LocalFunction function, byte[] event, Optional<String> ruleDeadLetterQueueUrl) {
        Optional<FailureDestination> destination = function.definition()
                .onFailure()
                .or(() -> ruleDeadLetterQueueUrl.map(url -> new FailureDestination(url, "DeadLetterConfig", true)));
        String requestId = UUID.randomUUID().toString();
        pending.incrementAndGet();
        attempts.execute(() -> attempt(function, event, requestId, 1, destination));
    }

    /** Events accepted and not yet finished: running, waiting to retry, or being sent to a destination. */
    public int pending() {
        return pending.get();
    }

    private void attempt(
            LocalFunction function,
            byte[] event,
            String requestId,
            int attempt,
            Optional<FailureDestination> destination) {
        boolean retryScheduled = false;
        try {
            InvocationResult result = function.invoke(event, requestId);
            if (!result.failed()) {
                return;
            }
            if (attempt <= function.definition().maximumRetryAttempts()) {
                retries.schedule(
                        () -> attempts.execute(() -> attempt(function, event, requestId, attempt + 1, destination)),
                        retryDelay.toMillis() * attempt,
                        TimeUnit.MILLISECONDS);
                retryScheduled = true;
                return;
            }
            if (destination.isPresent()) {
                deliverFailure(function, event, requestId, attempt, result, destination.get());
            } else {
                LOG.warn(
                        "{}: request {} failed {} times and has no on-failure destination: dropped",
                        function.definition().name(),
                        requestId,
                        attempt);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error(
                    "{}: request {} failed and could not be sent to {}: {}",
                    function.definition().name(),
                    requestId,
                    destination.map(FailureDestination::queueUrl).orElse("-"),
                    e.toString());
        } finally {
            if (!retryScheduled) {
                pending.decrementAndGet();
            }
        }
    }

    private void deliverFailure(
            LocalFunction function,
            byte[] event,
            String requestId,
            int attempts,
            InvocationResult result,
            FailureDestination destination) {
        LOG.warn(
                "{}: request {} failed {} times; sending it to {}",
                function.definition().name(),
                requestId,
                attempts,
                destination.queueUrl());
        if (destination.invocationRecord()) {
            String record = invocationRecord(function, event, requestId, attempts, result);
            sqs.sendMessage(message -> message.queueUrl(destination.queueUrl()).messageBody(record));
        } else {
            String error = result.errorMessage().length() > 256
                    ? result.errorMessage().substring(0, 256)
                    : result.errorMessage();
            sqs.sendMessage(message -> message.queueUrl(destination.queueUrl())
                    .messageBody(new String(event, StandardCharsets.UTF_8))
                    .messageAttributes(Map.of(
                            "RequestID",
                                    MessageAttributeValue.builder()
                                            .dataType("String")
                                            .stringValue(requestId)
                                            .build(),
                            "ErrorCode",
                                    MessageAttributeValue.builder()
                                            .dataType("Number")
                                            .stringValue("200")
                                            .build(),
                            "ErrorMessage",
                                    MessageAttributeValue.builder()
                                            .dataType("String")
                                            .stringValue(error)
                                            .build())));
        }
    }

    /** The record Lambda sends to an on-failure destination. */
    private static String invocationRecord(
            LocalFunction function, byte[] event, String requestId, int attempts, InvocationResult result) {
        ObjectNode record = JSON.createObjectNode();
        record.put("version", "1.0");
        record.put("timestamp", RECORD_TIME.format(Instant.now()));
        ObjectNode requestContext = record.putObject("requestContext");
        requestContext.put("requestId", requestId);
        requestContext.put("functionArn", function.definition().arn() + ":$LATEST");
        requestContext.put("condition", "RetriesExhausted");
        requestContext.put("approximateInvokeCount", attempts);
        record.set("requestPayload", parse(event));
        ObjectNode responseContext = record.putObject("responseContext");
        responseContext.put("statusCode", 200);
        responseContext.put("executedVersion", "$LATEST");
        responseContext.put("functionError", "Unhandled");
        ObjectNode responsePayload = record.putObject("responsePayload");
        responsePayload.put("errorMessage", result.errorMessage());
        responsePayload.put("errorType", result.errorType());
        result.stackTrace().forEach(responsePayload.putArray("stackTrace")::add);
        return record.toString();
    }

    private static JsonNode parse(byte[] event) {
        try {
            return JSON.readTree(event);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(new String(event, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        retries.shutdownNow();
        attempts.shutdownNow();
    }
}
