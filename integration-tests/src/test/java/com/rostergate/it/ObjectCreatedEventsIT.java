package com.rostergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.rostergate.fixtures.Contracts;
import com.rostergate.fixtures.Fixtures;
import com.rostergate.local.LocalDeployment;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * S3 uploads reach the template's EventBridge rule target as real "Object Created" events, and a
 * target that keeps failing is retried, then dead-lettered with Lambda's invocation record.
 */
class ObjectCreatedEventsIT {

    private record Invocation(JsonNode event, String requestId) {
        String key() {
            return event.at("/detail/object/key").asText();
        }
    }

    private static final List<Invocation> SPLITTER_CALLS = new CopyOnWriteArrayList<>();
    private static final Duration IDLE = Duration.ofSeconds(60);
    private static LocalDeployment stack;
    private static String bucket;

    @BeforeAll
    static void start() throws Exception {
        stack = TestStacks.withTestHandlers()
                .asyncRetryDelay(Duration.ofMillis(100))
                .handler("SplitterFunction", env -> (RequestStreamHandler) (input, output, context) -> {
                    Invocation call = new Invocation(TestStacks.json(input.readAllBytes()), context.getAwsRequestId());
                    SPLITTER_CALLS.add(call);
                    if (call.key().contains("/unreadable/")) {
                        throw new IllegalStateException("cannot split " + call.key());
                    }
                })
                .start();
        bucket = stack.endpoint("ROSTER_BUCKET");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void putObjectUnderRostersReachesTheSplitterAsAnObjectCreatedEvent() throws Exception {
        byte[] content = "name,phone\n김민준,010-2222-3333\n".getBytes(StandardCharsets.UTF_8);
        stack.s3()
                .putObject(
                        request -> request.bucket(bucket).key("rosters/full/put.csv"), RequestBody.fromBytes(content));
        stack.awaitIdle(IDLE);

        JsonNode event = onlyCallFor("rosters/full/put.csv").event();
        Contracts.assertValid("s3-object-created-event", event);
        assertEquals("PutObject", event.at("/detail/reason").asText());
        assertEquals(bucket, event.at("/detail/bucket/name").asText());
        assertEquals("arn:aws:s3:::" + bucket, event.at("/resources/0").asText());
        assertEquals(content.length, event.at("/detail/object/size").asLong());
        assertEquals(
                HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)),
                event.at("/detail/object/etag").asText());
        assertEquals(stack.endpoint("REGION"), event.get("region").asText());
    }

    @Test
    void completedMultipartUploadReachesTheSplitter() throws Exception {
        String key = "rosters/full/multipart.csv";
        byte[] first = new byte[5 * 1024 * 1024]; // S3's smallest part but the last
        byte[] second = "last part\n".getBytes(StandardCharsets.UTF_8);
        String uploadId = stack.s3()
                .createMultipartUpload(request -> request.bucket(bucket).key(key))
                .uploadId();
        String firstEtag = stack.s3()
                .uploadPart(
                        request -> request.bucket(bucket)
                                .key(key)
                                .uploadId(uploadId)
                                .partNumber(1),
                        RequestBody.fromBytes(first))
                .eTag();
        String secondEtag = stack.s3()
                .uploadPart(
                        request -> request.bucket(bucket)
                                .key(key)
                                .uploadId(uploadId)
                                .partNumber(2),
                        RequestBody.fromBytes(second))
                .eTag();
        stack.s3()
                .completeMultipartUpload(request -> request.bucket(bucket)
                        .key(key)
                        .uploadId(uploadId)
                        .multipartUpload(upload -> upload.parts(
                                CompletedPart.builder()
                                        .partNumber(1)
                                        .eTag(firstEtag)
                                        .build(),
                                CompletedPart.builder()
                                        .partNumber(2)
                                        .eTag(secondEtag)
                                        .build())));
        stack.awaitIdle(IDLE);

        JsonNode event = onlyCallFor(key).event();
        Contracts.assertValid("s3-object-created-event", event);
        assertEquals("CompleteMultipartUpload", event.at("/detail/reason").asText());
        assertEquals(
                first.length + second.length, event.at("/detail/object/size").asLong());
        assertTrue(event.at("/detail/object/etag").asText().endsWith("-2"), event.toString());
    }

    @Test
    void copyIntoRostersReachesTheSplitter() throws Exception {
        stack.s3()
                .putObject(
                        request -> request.bucket(bucket).key("incoming/source.csv"), RequestBody.fromString("a,b\n"));
        stack.s3()
                .copyObject(request -> request.sourceBucket(bucket)
                        .sourceKey("incoming/source.csv")
                        .destinationBucket(bucket)
                        .destinationKey("rosters/delta/copied.csv"));
        stack.awaitIdle(IDLE);

        JsonNode event = onlyCallFor("rosters/delta/copied.csv").event();
        Contracts.assertValid("s3-object-created-event", event);
        assertEquals("CopyObject", event.at("/detail/reason").asText());
        assertEquals(4, event.at("/detail/object/size").asLong());
        assertEquals(List.of(), callsFor("incoming/source.csv"), "incoming/ is outside the rule's prefix");
    }

    @Test
    void uploadOutsideRostersDoesNotReachTheSplitter() throws Exception {
        stack.s3().putObject(request -> request.bucket(bucket).key("other/x.csv"), RequestBody.fromString("a,b\n"));
        stack.s3()
                .putObject(
                        request -> request.bucket(bucket).key("rosters/full/after-other.csv"),
                        RequestBody.fromString("a,b\n"));
        stack.awaitIdle(IDLE);

        assertEquals(List.of(), callsFor("other/x.csv"));
        // at least once, as S3 delivers: a PutObject the SDK retried is stored, and announced, twice (seen once in a
        // full run)
        assertFalse(callsFor("rosters/full/after-other.csv").isEmpty(), "the stack did route the upload after it");
    }

    @Test
    void sequencersOfLaterUploadsAreGreater() throws Exception {
        String key = "rosters/delta/twice.csv";
        stack.s3().putObject(request -> request.bucket(bucket).key(key), RequestBody.fromString("first\n"));
        stack.s3().putObject(request -> request.bucket(bucket).key(key), RequestBody.fromString("second version\n"));
        stack.awaitIdle(IDLE);

        List<JsonNode> events = callsFor(key).stream()
                .map(Invocation::event)
                .sorted((a, b) -> Long.compare(
                        a.at("/detail/object/size").asLong(),
                        b.at("/detail/object/size").asLong()))
                .collect(Collectors.toList());
        assertEquals(2, events.size());
        String first = events.get(0).at("/detail/object/sequencer").asText();
        String second = events.get(1).at("/detail/object/sequencer").asText();
        assertEquals(first.length(), second.length());
        assertTrue(second.compareTo(first) > 0, first + " then " + second);
    }

    @Test
    void failingTargetIsRetriedTwiceThenItsEventGoesToTheOnFailureDestination() throws Exception {
        String key = "rosters/unreadable/broken.csv";
        stack.s3().putObject(request -> request.bucket(bucket).key(key), RequestBody.fromString("x\n"));
        stack.awaitIdle(IDLE);

        List<Invocation> attempts = callsFor(key);
        assertEquals(3, attempts.size(), "the first attempt and MaximumRetryAttempts (2) retries");
        assertEquals(1, attempts.stream().map(Invocation::requestId).distinct().count(), "retries keep the request id");
        List<Message> failed = stack.sqs()
                .receiveMessage(request -> request.queueUrl(stack.endpoint("SPLITTER_FAILED_EVENTS_QUEUE_URL"))
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(1))
                .messages();
        assertEquals(1, failed.size());
        JsonNode record = TestStacks.json(failed.get(0).body());
        assertEquals("1.0", record.get("version").asText());
        assertTrue(
                record.get("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
                record.toString());
        assertEquals(
                attempts.get(0).requestId(),
                record.at("/requestContext/requestId").asText());
        assertEquals("RetriesExhausted", record.at("/requestContext/condition").asText());
        assertEquals(3, record.at("/requestContext/approximateInvokeCount").asInt());
        assertTrue(
                record.at("/requestContext/functionArn")
                        .asText()
                        .matches("arn:aws:lambda:ap-northeast-2:000000000000:function:"
                                + "rostergate-splitter-function:\\$LATEST"),
                record.toString());
        assertEquals(attempts.get(0).event(), record.get("requestPayload"), "the event, unchanged");
        assertEquals("Unhandled", record.at("/responseContext/functionError").asText());
        assertEquals(
                "java.lang.IllegalStateException",
                record.at("/responsePayload/errorType").asText());
        assertEquals(
                "cannot split " + key,
                record.at("/responsePayload/errorMessage").asText());
    }

    @Test
    void contractExamplesAreValid() throws Exception {
        Set<String> reasons = new HashSet<>();
        for (String file : Fixtures.list("contracts/examples/s3-object-created-event")) {
            JsonNode example = TestStacks.json(Fixtures.bytes(file));
            Contracts.assertValid("s3-object-created-event", example);
            reasons.add(example.at("/detail/reason").asText());
        }
        assertEquals(Set.of("PutObject", "CompleteMultipartUpload", "CopyObject"), reasons);
    }

    private static List<Invocation> callsFor(String key) {
        return SPLITTER_CALLS.stream().filter(call -> call.key().equals(key)).collect(Collectors.toList());
    }

    private static Invocation onlyCallFor(String key) {
        List<Invocation> calls = callsFor(key);
        assertEquals(1, calls.size(), "events for " + key + ": " + calls);
        return calls.get(0);
    }
}
