package com.rostergate.local.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rostergate.aws.AwsClients;
import com.rostergate.fixtures.Fixtures;
import com.rostergate.local.template.LocalNaming;
import com.rostergate.local.template.LocalTemplate;
import com.rostergate.local.template.StackDefinition;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/** PutEvents from the SDK and from raw requests, routed through sam/template.yaml's rules. */
class EventBridgeServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "000000000000";
    private static final String REGION = "ap-northeast-2";
    private static final String FAILED_DETAIL =
            "{\"import_id\":\"imp-20250306T141210Z-0a1b2c3d4e5f6789\",\"status\":\"FAILED\"}";
    private static final List<String> FUNCTION_EVENTS = new CopyOnWriteArrayList<>();

    private static EventRouter router;
    private static EventBridgeServer server;
    private static EventBridgeClient eventBridge;

    @BeforeAll
    static void start() throws IOException {
        Path template = Fixtures.file("sam/template.yaml");
        StackDefinition stack = StackDefinition.read(LocalTemplate.load(
                template,
                new LocalNaming("rostergate", ACCOUNT, REGION, "http://127.0.0.1:9324"),
                Map.of("KakaoRestApiKey", "key", "SkillSecret", "s".repeat(32)),
                Map.of()));
        router = new EventRouter(stack.rules(), new EventRouter.Targets() {
            @Override
            public void toFunction(String functionId, byte[] event, Optional<String> ruleDeadLetterQueueUrl) {
                FUNCTION_EVENTS.add(functionId);
            }

            @Override
            public void toQueue(String queueUrl, String event) {
                throw new AssertionError("no rule of the template targets a queue");
            }
        });
        server = EventBridgeServer.start("127.0.0.1", 0, ACCOUNT, REGION, router::publish);
        eventBridge = AwsClients.builder(Map.of(
                        "AWS_REGION",
                        REGION,
                        "AWS_ACCESS_KEY_ID",
                        "x",
                        "AWS_SECRET_ACCESS_KEY",
                        "x",
                        "AWS_ENDPOINT_URL_EVENTBRIDGE",
                        endpoint()))
                .build()
                .build(EventBridgeClient.builder(), "EVENTBRIDGE");
    }

    @AfterAll
    static void stop() {
        eventBridge.close();
        server.close();
    }

    @Test
    void entriesGetEventIdsAndTheTemplatesRulesSendFailedImportsToOnCall() throws Exception {
        PutEventsResponse response = eventBridge.putEvents(request -> request.entries(
                entry("Roster Import Failed", FAILED_DETAIL),
                entry("Roster Import Completed", "{\"status\":\"COMPLETE\"}")));

        assertEquals(0, response.failedEntryCount());
        List<String> ids =
                response.entries().stream().map(PutEventsResultEntry::eventId).toList();
        ids.forEach(id ->
                assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), id));
        EventRouter.Routed failed = routed(ids.get(0));
        assertEquals(List.of("OnCallTopic"), failed.targets());
        JsonNode event = JSON.readTree(failed.event());
        assertEquals("0", event.get("version").asText());
        assertEquals("roster.ingest", event.get("source").asText());
        assertEquals("Roster Import Failed", event.get("detail-type").asText());
        assertEquals(ACCOUNT, event.get("account").asText());
        assertEquals(REGION, event.get("region").asText());
        assertTrue(
                event.get("time").asText().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"),
                event.get("time").asText());
        assertEquals(JSON.readTree(FAILED_DETAIL), event.get("detail"));
        assertEquals(List.of(), routed(ids.get(1)).targets(), "no rule of the template takes completed imports");
        assertEquals(List.of(), FUNCTION_EVENTS);
    }

    @Test
    void entriesEventBridgeRefusesGetEntryErrorsAndTheOthersGoThrough() {
        PutEventsResponse response = eventBridge.putEvents(request -> request.entries(
                PutEventsRequestEntry.builder()
                        .source("roster.ingest")
                        .detailType("Roster Import Failed")
                        .build(),
                entry("Roster Import Failed", "not json"),
                entry("Roster Import Failed", "[1, 2]"),
                PutEventsRequestEntry.builder()
                        .source("aws.s3")
                        .detailType("Object Created")
                        .detail("{}")
                        .build(),
                entry("Roster Import Failed", FAILED_DETAIL).toBuilder()
                        .eventBusName("elsewhere")
                        .build(),
                entry("Roster Removal Guarded", "{\"status\":\"GUARDED\"}")));

        assertEquals(5, response.failedEntryCount());
        assertEquals(
                List.of(
                        "InvalidArgument",
                        "MalformedDetail",
                        "MalformedDetail",
                        "NotAuthorizedForSourceException",
                        "ResourceNotFoundException"),
                response.entries().subList(0, 5).stream()
                        .map(PutEventsResultEntry::errorCode)
                        .toList());
        assertEquals(
                "Parameter Detail is not valid. Reason: Detail is a required argument.",
                response.entries().get(0).errorMessage());
        assertEquals(
                List.of("OnCallTopic"),
                routed(response.entries().get(5).eventId()).targets());
    }

    @Test
    void moreThanTenEntriesIsAValidationErrorForTheSdk() {
        List<PutEventsRequestEntry> eleven = Collections.nCopies(11, entry("Roster Import Completed", "{}"));

        EventBridgeException error = assertThrows(
                EventBridgeException.class, () -> eventBridge.putEvents(request -> request.entries(eleven)));

        assertEquals(400, error.statusCode());
        assertEquals("ValidationException", error.awsErrorDetails().errorCode());
    }

    @Test
    void malformedRequestsGetTheServicesJsonErrorWithStatus400() throws Exception {
        assertError(send("AWSEvents.PutEvents", "{\"Entries\": [{"), "SerializationException");
        assertError(send("AWSEvents.PutEvents", "[]"), "SerializationException");
        assertError(
                send(
                        "AWSEvents.PutEvents",
                        "{\"Entries\": [{\"Source\": 5, \"DetailType\": \"x\", \"Detail\": \"{}\"}]}"),
                "SerializationException");
        assertError(send("AWSEvents.PutEvents", "{}"), "ValidationException");
        assertError(send("AWSEvents.PutEvents", "{\"Entries\": []}"), "ValidationException");
        assertError(send("AWSEvents.ListRules", "{}"), "UnknownOperationException");
        assertError(send(null, "{}"), "UnknownOperationException");
        HttpResponse<String> get = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(endpoint())).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
        assertError(get, "UnknownOperationException");
    }

    private static PutEventsRequestEntry entry(String detailType, String detail) {
        return PutEventsRequestEntry.builder()
                .source("roster.ingest")
                .detailType(detailType)
                .detail(detail)
                .build();
    }

    private static EventRouter.Routed routed(String eventId) {
        return router.events().stream()
                .filter(routed -> routed.event().contains("\"id\":\"" + eventId + "\""))
                .findFirst()
                .orElseThrow(() -> new AssertionError("event " + eventId + " is not on the bus"));
    }

    private static HttpResponse<String> send(String target, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint()))
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            request.header("X-Amz-Target", target);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> response, String type) throws IOException {
        assertEquals(400, response.statusCode(), response.body());
        assertEquals(
                "application/x-amz-json-1.1",
                response.headers().firstValue("Content-Type").orElse(""));
        JsonNode error = JSON.readTree(response.body());
        assertEquals(type, error.get("__type").asText(), response.body());
        assertTrue(!error.get("message").asText().isBlank(), response.body());
    }

    private static String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }
}
