package com.rostergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.rostergate.local.LocalDeployment;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The writer's SQS event source runs as Lambda runs it: batches, partial batch failures, whole-batch
 * failures, and the queue's own redrive policy moving a message that keeps failing to the DLQ.
 */
class SqsEventSourceIT {

    private static final List<SQSMessage> DELIVERIES = new CopyOnWriteArrayList<>();
    private static final Duration IDLE = Duration.ofSeconds(60);
    private static LocalDeployment stack;

    /**
     * Fails "poison-*" messages through batchItemFailures; names a message that is not in the batch for
     * "bad-failure-id" and throws for "throws" the first time it sees them.
     */
    static final class ScriptedWriter implements RequestHandler<SQSEvent, SQSBatchResponse> {
        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
            List<BatchItemFailure> failures = new ArrayList<>();
            for (SQSMessage message : event.getRecords()) {
                DELIVERIES.add(message);
                boolean firstTime = deliveries(message.getBody()) == 1;
                if (message.getBody().startsWith("poison")) {
                    failures.add(new BatchItemFailure(message.getMessageId()));
                } else if (message.getBody().equals("bad-failure-id") && firstTime) {
                    failures.add(new BatchItemFailure("not-a-message-of-this-batch"));
                } else if (message.getBody().equals("throws") && firstTime) {
                    throw new IllegalStateException("the table is unavailable");
                }
            }
            return new SQSBatchResponse(failures);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        stack = TestStacks.withTestHandlers()
                .handler("WriterFunction", env -> new ScriptedWriter())
                .queueVisibilityTimeout(
                        Duration.ofSeconds(2)) // above the 1 s batching window, or batches expire before they run
                .start();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void poisonMessageEndsInTheDlqIntactWhileItsBatchMatesAreProcessedOnce() throws Exception {
        Map<String, MessageAttributeValue> attributes = Map.of(
                "import_id",
                        MessageAttributeValue.builder()
                                .dataType("String")
                                .stringValue("imp-42")
                                .build(),
                "batch",
                        MessageAttributeValue.builder()
                                .dataType("Number")
                                .stringValue("7")
                                .build());
        List<SendMessageBatchRequestEntry> entries = List.of("mate-1", "poison-1", "mate-2", "mate-3").stream()
                .map(body -> SendMessageBatchRequestEntry.builder()
                        .id(body)
                        .messageBody(body)
                        .messageAttributes(attributes)
                        .build())
                .collect(Collectors.toList());
        stack.sqs()
                .sendMessageBatch(request ->
                        request.queueUrl(stack.endpoint("INGEST_QUEUE_URL")).entries(entries));
        stack.awaitIdle(IDLE);

        assertEquals(5, deliveries("poison-1"), "maxReceiveCount is 5");
        for (String mate : List.of("mate-1", "mate-2", "mate-3")) {
            assertEquals(1, deliveries(mate), mate);
        }
        List<Message> deadLetters = stack
                .sqs()
                .receiveMessage(request -> request.queueUrl(stack.endpoint("DLQ_URL"))
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(1)
                        .messageAttributeNames("All"))
                .messages()
                .stream()
                .filter(message -> message.body().startsWith("poison"))
                .collect(Collectors.toList());
        assertEquals(1, deadLetters.size());
        assertEquals("poison-1", deadLetters.get(0).body());
        assertEquals(attributes, deadLetters.get(0).messageAttributes());
    }

    @Test
    void recordsAreShapedAsLambdaBuildsThem() throws Exception {
        stack.sqs()
                .sendMessage(request -> request.queueUrl(stack.endpoint("INGEST_QUEUE_URL"))
                        .messageBody("shape")
                        .messageAttributes(Map.of(
                                "import_id",
                                MessageAttributeValue.builder()
                                        .dataType("String")
                                        .stringValue("imp-1")
                                        .build())));
        stack.awaitIdle(IDLE);

        SQSMessage record = DELIVERIES.stream()
                .filter(message -> message.getBody().equals("shape"))
                .findFirst()
                .orElseThrow();
        assertEquals("aws:sqs", record.getEventSource());
        assertEquals("arn:aws:sqs:ap-northeast-2:000000000000:rostergate-ingest-queue", record.getEventSourceArn());
        assertEquals("ap-northeast-2", record.getAwsRegion());
        assertEquals(
                HexFormat.of()
                        .formatHex(MessageDigest.getInstance("MD5").digest("shape".getBytes(StandardCharsets.UTF_8))),
                record.getMd5OfBody());
        assertNotNull(record.getReceiptHandle());
        assertEquals("1", record.getAttributes().get("ApproximateReceiveCount"));
        assertTrue(
                record.getAttributes().containsKey("SentTimestamp"),
                record.getAttributes().toString());
        assertTrue(
                record.getAttributes().containsKey("ApproximateFirstReceiveTimestamp"),
                record.getAttributes().toString());
        assertEquals("imp-1", record.getMessageAttributes().get("import_id").getStringValue());
        assertEquals("String", record.getMessageAttributes().get("import_id").getDataType());
    }

    @Test
    void anUnknownFailureIdentifierFailsTheWholeBatch() throws Exception {
        stack.sqs()
                .sendMessage(request ->
                        request.queueUrl(stack.endpoint("INGEST_QUEUE_URL")).messageBody("bad-failure-id"));
        stack.awaitIdle(IDLE);

        assertEquals(2, deliveries("bad-failure-id"), "redelivered after the visibility timeout, then accepted");
    }

    @Test
    void aThrownExceptionFailsTheWholeBatch() throws Exception {
        stack.sqs()
                .sendMessage(request ->
                        request.queueUrl(stack.endpoint("INGEST_QUEUE_URL")).messageBody("throws"));
        stack.awaitIdle(IDLE);

        assertEquals(2, deliveries("throws"), "redelivered after the visibility timeout, then accepted");
    }

    private static long deliveries(String body) {
        return DELIVERIES.stream()
                .filter(message -> message.getBody().equals(body))
                .count();
    }
}
