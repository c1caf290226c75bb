package com.rostergate.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rostergate.local.template.FunctionDefinition.SqsEventSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * An SQS event source mapping run the way Lambda runs it: up to {@code MaximumConcurrency} pollers
 * long-poll the queue, gather up to {@code BatchSize} messages within {@code MaximumBatchingWindowInSeconds},
 * invoke the function with an {@code SQSEvent}, and delete what succeeded. Failed messages are left alone,
 * so they reappear after the visibility timeout and the queue's own redrive policy dead-letters them.
 */
public final class SqsPoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqsPoller.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** As long as SQS allows, as Lambda's pollers do. */
    private static final int LONG_POLL_SECONDS = 20;

    private static final int MAX_WAIT_SECONDS = 20;
    private static final int MAX_MESSAGES_PER_RECEIVE = 10;
    /** The message attributes Lambda copies into an SQS event record. */
    private static final Set<String> EVENT_ATTRIBUTES = Set.of(
            "ApproximateReceiveCount",
            "SentTimestamp",
            "SenderId",
            "ApproximateFirstReceiveTimestamp",
            "AWSTraceHeader",
            "SequenceNumber",
            "MessageGroupId",
            "MessageDeduplicationId");

    private final SqsEventSource source;
    private final LocalFunction function;
    private final SqsClient sqs;
    private final String region;
    private final ExecutorService pollers;
    private volatile boolean running = true;

    private SqsPoller(SqsEventSource source, LocalFunction function, SqsClient sqs, String region) {
        this.source = source;
        this.function = function;
        this.sqs = sqs;
        this.region = region;
        this.pollers = Executors.newFixedThreadPool(
                source.maximumConcurrency(),
                DaemonThreads.named("sqs-" + function.definition().name()));
    }

    public static SqsPoller start(SqsEventSource source, LocalFunction function, SqsClient sqs, String region) {
        SqsPoller poller = new SqsPoller(source, function, sqs, region);
        for (int i = 0; i < source.maximumConcurrency(); i++) {
            poller.pollers.execute(poller::poll);
        }
        return poller;
    }

    public SqsEventSource source() {
        return source;
    }

    private void poll() {
        while (running) {
            try {
                List<Message> batch = receiveBatch();
                if (!batch.isEmpty()) {
                    InvocationResult result =
                            function.invoke(sqsEvent(batch), UUID.randomUUID().toString());
                    delete(succeeded(batch, result));
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("{}: polling {} failed: {}", function.definition().name(), source.queueUrl(), e.toString());
                sleepQuietly();
            }
        }
    }

    private List<Message> receiveBatch() {
        List<Message> batch = new ArrayList<>();
        long windowEnds = 0;
        do {
            int wanted = Math.min(MAX_MESSAGES_PER_RECEIVE, source.batchSize() - batch.size());
            int waitSeconds = batch.isEmpty()
                    ? LONG_POLL_SECONDS
                    : (int) Math.min(MAX_WAIT_SECONDS, Math.ceil((windowEnds - System.nanoTime()) / 1e9));
            List<Message> received = sqs.receiveMessage(request -> request.queueUrl(source.queueUrl())
                            .maxNumberOfMessages(wanted)
                            .waitTimeSeconds(waitSeconds)
                            .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                            .messageAttributeNames("All"))
                    .messages();
            if (batch.isEmpty() && !received.isEmpty()) {
                windowEnds = System.nanoTime() + source.batchingWindow().toNanos();
            }
            batch.addAll(received);
        } while (running && !batch.isEmpty() && batch.size() < source.batchSize() && System.nanoTime() < windowEnds);
        return batch;
    }

    /**
     * The messages to delete. A function error or timeout fails the whole batch; with
     * ReportBatchItemFailures the listed messages stay, and a response Lambda cannot use
     * (invalid JSON, an empty or unknown itemIdentifier) fails the whole batch too.
     */
    private List<Message> succeeded(List<Message> batch, InvocationResult result) {
        if (result.failed()) {
            return List.of();
        }
        if (!source.reportBatchItemFailures()) {
            return batch;
        }
        Set<String> failed = new HashSet<>();
        try {
            JsonNode response = result.payload().length == 0 ? null : JSON.readTree(result.payload());
            JsonNode failures = response == null || !response.isObject() ? null : response.get("batchItemFailures");
            Set<String> ids = batch.stream().map(Message::messageId).collect(Collectors.toSet());
            for (JsonNode failure : failures == null || failures.isNull() ? List.<JsonNode>of() : failures) {
                JsonNode id = failure.get("itemIdentifier");
                if (id == null || !id.isTextual() || !ids.contains(id.asText())) {
                    LOG.warn(
                            "{}: batchItemFailures names {}, which is not in the batch: the whole batch failed",
                            function.definition().name(),
                            failure);
                    return List.of();
                }
                failed.add(id.asText());
            }
        } catch (IOException e) {
            LOG.warn(
                    "{}: the response is not valid JSON: the whole batch failed",
                    function.definition().name());
            return List.of();
        }
        return batch.stream()
                .filter(message -> !failed.contains(message.messageId()))
                .collect(Collectors.toList());
    }

    private void delete(List<Message> messages) {
        for (int from = 0; from < messages.size(); from += MAX_MESSAGES_PER_RECEIVE) {
            List<Message> chunk = messages.subList(from, Math.min(messages.size(), from + MAX_MESSAGES_PER_RECEIVE));
            List<DeleteMessageBatchRequestEntry> entries = IntStream.range(0, chunk.size())
                    .mapToObj(i -> DeleteMessageBatchRequestEntry.builder()
                            .id(String.valueOf(i))
                            .receiptHandle(chunk.get(i).receiptHandle())
                            .build())
                    .collect(Collectors.toList());
            DeleteMessageBatchResponse response = sqs.deleteMessageBatch(
                    request -> request.queueUrl(source.queueUrl()).entries(entries));
            response.failed()
                    .forEach(failure -> LOG.warn(
                            "{}: could not delete a processed message from {}: {}",
                            function.definition().name(),
                            source.queueUrl(),
                            failure.message()));
        }
    }

    /** The SQSEvent JSON Lambda builds from a batch. */
    private byte[] sqsEvent(List<Message> batch) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message message : batch) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", message.body());
            ObjectNode attributes = record.putObject("attributes");
            message.attributesAsStrings().forEach((name, value) -> {
                if (EVENT_ATTRIBUTES.contains(name)) {
                    attributes.put(name, value);
                }
            });
            ObjectNode messageAttributes = record.putObject("messageAttributes");
            message.messageAttributes().forEach((name, value) -> messageAttributes.set(name, messageAttribute(value)));
            record.put("md5OfBody", message.md5OfBody());
            if (message.md5OfMessageAttributes() != null) {
                record.put("md5OfMessageAttributes", message.md5OfMessageAttributes());
            }
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", source.queueArn());
            record.put("awsRegion", region);
        }
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode messageAttribute(MessageAttributeValue value) {
        ObjectNode attribute = JSON.createObjectNode();
        if (value.stringValue() != null) {
            attribute.put("stringValue", value.stringValue());
        }
        if (value.binaryValue() != null) {
            attribute.put(
                    "binaryValue",
                    Base64.getEncoder().encodeToString(value.binaryValue().asByteArray()));
        }
        ArrayNode strings = attribute.putArray("stringListValues");
        value.stringListValues().forEach(strings::add);
        ArrayNode binaries = attribute.putArray("binaryListValues");
        value.binaryListValues()
                .forEach(binary -> binaries.add(Base64.getEncoder().encodeToString(binary.asByteArray())));
        attribute.put("dataType", value.dataType());
        return attribute;
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops polling; a batch being processed finishes first, for up to {@code drainMillis}. */
    public void stop(long drainMillis) throws InterruptedException {
        running = false;
        pollers.shutdown();
        if (!pollers.awaitTermination(drainMillis, TimeUnit.MILLISECONDS)) {
            pollers.shutdownNow();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop(0);
    }
}
