package com.rostergate.aws.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rostergate.core.ingest.ImportMode;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.telemetry.JsonLog;
import com.rostergate.fixtures.http.LocalHttpServers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PutEvents as the SDK sends it, against a loopback server that answers as EventBridge does (AWS JSON 1.1). */
class ImportEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCEPTED =
            "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"11111111-2222-4333-8444-555555555555\"}]}";

    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> targets = new CopyOnWriteArrayList<>();
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final JsonLog log = JsonLog.to(logLines::add);
    /** Status and body of the next answers; the last one repeats. */
    private final Deque<Answer> answers = new ArrayDeque<>();

    private HttpServer server;

    private record Answer(int status, String body) {}

    @BeforeEach
    void start() throws IOException {
        server = LocalHttpServers.loopback(this::answer);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void anOutcomeIsPutOnTheConfiguredBusWithItsDetailTypeAndDetail() {
        answers.add(new Answer(200, ACCEPTED));

        Optional<String> id = events(server.getAddress().getPort()).publish(record(ImportStatus.GUARDED), log);

        assertEquals(Optional.of("11111111-2222-4333-8444-555555555555"), id);
        assertEquals(List.of("AWSEvents.PutEvents"), targets);
        JsonNode entry = requests.get(0).at("/Entries/0");
        assertEquals("roster-events", entry.get("EventBusName").asText());
        assertEquals("roster.ingest", entry.get("Source").asText());
        assertEquals("Roster Removal Guarded", entry.get("DetailType").asText());
        JsonNode detail = readJson(entry.get("Detail").asText());
        assertEquals("GUARDED", detail.get("status").asText());
        assertEquals(
                "s3://reports-bucket/reports/imp-20250301T090000Z-0123456789abcdef/summary.json",
                detail.get("report_uri").asText());
    }

    @Test
    void aThrottledEntryIsPutAgainUntilAccepted() {
        answers.add(new Answer(
                200,
                "{\"FailedEntryCount\":1,\"Entries\":[{\"ErrorCode\":\"ThrottlingException\","
                        + "\"ErrorMessage\":\"Rate exceeded\"}]}"));
        answers.add(new Answer(500, "{\"__type\":\"InternalException\",\"message\":\"try again\"}"));
        answers.add(new Answer(200, ACCEPTED));

        Optional<String> id = events(server.getAddress().getPort()).publish(record(ImportStatus.COMPLETE), log);

        assertTrue(id.isPresent());
        assertTrue(
                requests.size() >= 3, "the throttled entry and the server error are tried again: " + requests.size());
    }

    @Test
    void aRefusedEntryIsGivenUpAtOnceWithoutThrowing() {
        answers.add(new Answer(
                200,
                "{\"FailedEntryCount\":1,\"Entries\":[{\"ErrorCode\":\"NotAuthorizedForSourceException\","
                        + "\"ErrorMessage\":\"Not authorized for the source.\"}]}"));

        Optional<String> id = events(server.getAddress().getPort()).publish(record(ImportStatus.FAILED), log);

        assertEquals(Optional.empty(), id);
        assertEquals(1, requests.size());
    }

    @Test
    void anUnreachableEventBridgeLeavesTheCallerAlone() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertEquals(Optional.empty(), events(closedPort).publish(record(ImportStatus.INCOMPLETE), log));
        assertEquals(1, logLines.size());
        JsonNode line = JSON.readTree(logLines.get(0));
        assertEquals("event-not-published", line.get("event").asText());
        assertEquals("Roster Import Incomplete", line.get("detailType").asText());
    }

    @Test
    void anImportStillUnderWayPublishesNothing() {
        answers.add(new Answer(200, ACCEPTED));

        assertEquals(
                Optional.empty(), events(server.getAddress().getPort()).publish(record(ImportStatus.WRITING), log));
        assertEquals(List.of(), requests);
    }

    private static ImportEvents events(int port) {
        return AwsIngest.from(Map.of(
                        "AWS_REGION",
                        "ap-northeast-2",
                        "AWS_ACCESS_KEY_ID",
                        "test",
                        "AWS_SECRET_ACCESS_KEY",
                        "test",
                        "AWS_ENDPOINT_URL_EVENTBRIDGE",
                        "http://127.0.0.1:" + port,
                        "EVENT_BUS_NAME",
                        "roster-events",
                        "REPORTS_BUCKET",
                        "reports-bucket"))
                .events();
    }

    private static ImportRecord record(ImportStatus status) {
        String id = "imp-20250301T090000Z-0123456789abcdef";
        return new ImportRecord(
                id,
                "roster-bucket",
                "rosters/full/roster.csv",
                null,
                ImportMode.FULL,
                status,
                "rev",
                "UTF-8",
                "comma",
                null,
                false,
                20,
                20,
                0,
                0,
                20,
                0,
                0,
                0,
                1,
                1,
                0,
                0,
                "2025-03-01T09:00:01Z",
                "2025-03-01T09:00:05Z",
                "2025-03-01T09:00:05Z",
                status == ImportStatus.COMPLETE ? null : "why",
                ImportReports.summaryKey(id),
                ImportReports.rejectsKey(id),
                30L,
                10L,
                0L,
                20,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.add(readJson(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        targets.add(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        Answer answer = answers.size() > 1 ? answers.poll() : answers.peek();
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(answer.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
