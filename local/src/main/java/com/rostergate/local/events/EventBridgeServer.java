package com.rostergate.local.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rostergate.fixtures.http.LocalHttpServers;
import com.rostergate.local.lambda.DaemonThreads;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EventBridge's PutEvents for the local stack, in the AWS JSON 1.1 protocol the SDKs and the AWS CLI
 * speak ({@code POST /} with {@code X-Amz-Target: AWSEvents.PutEvents}). Each entry for the default bus
 * becomes the event EventBridge delivers and goes to {@code bus}, the router S3's events take too. An
 * entry EventBridge would refuse gets its entry error (counted in FailedEntryCount); another operation or
 * a malformed request gets the service's JSON error with status 400.
 */
public final class EventBridgeServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventBridgeServer.class);
    private static final String PUT_EVENTS = "AWSEvents.PutEvents";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String DEFAULT_BUS = "default";
    /** PutEvents' limits: 1 to 10 entries, at most 256 KiB of them together. */
    private static final int MAX_ENTRIES = 10;

    private static final int MAX_ENTRIES_BYTES = 256 * 1024;
    /** Above what ten entries of 256 KiB take as JSON; a larger body is not read to its end. */
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(DaemonThreads.named("eventbridge"));
    private final String accountId;
    private final String region;
    private final String defaultBusArn;
    private final Consumer<String> bus;

    /** The caller's mistake, answered with status 400 and the service's error type. */
    private static final class BadRequest extends Exception {
        private final String type;

        BadRequest(String type, String message) {
            super(message, null, false, false);
            this.type = type;
        }
    }

    private EventBridgeServer(HttpServer server, String accountId, String region, Consumer<String> bus) {
        this.server = server;
        this.accountId = accountId;
        this.region = region;
        this.defaultBusArn = "arn:aws:events:" + region + ":" + accountId + ":event-bus/" + DEFAULT_BUS;
        this.bus = bus;
    }

    /** Serves PutEvents on {@code host:port}; {@code bus} gets each accepted event as EventBridge delivers it. */
    public static EventBridgeServer start(String host, int port, String accountId, String region, Consumer<String> bus)
            throws IOException {
        EventBridgeServer eventBridge =
                new EventBridgeServer(LocalHttpServers.bind(host, port, 0), accountId, region, bus);
        LocalHttpServers.serve(eventBridge.server, eventBridge::handle, eventBridge.executor);
        return eventBridge;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders()
                    .set("x-amzn-RequestId", UUID.randomUUID().toString());
            try {
                send(exchange, 200, putEvents(exchange));
            } catch (BadRequest e) {
                ObjectNode error = JSON.createObjectNode().put("__type", e.type).put("message", e.getMessage());
                send(exchange, 400, error);
            }
        }
    }

    private ObjectNode putEvents(HttpExchange exchange) throws IOException, BadRequest {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (!exchange.getRequestMethod().equals("POST") || !PUT_EVENTS.equals(target)) {
            throw new BadRequest(
                    "UnknownOperationException",
                    "the local EventBridge serves POST with X-Amz-Target: " + PUT_EVENTS + " only, not "
                            + exchange.getRequestMethod() + " " + target);
        }
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw new BadRequest("ValidationException", "Total size of the entries in the request is over the limit.");
        }
        JsonNode entries = entries(body);
        ArrayNode results = JSON.createArrayNode();
        int failed = 0;
        for (JsonNode entry : entries) {
            ObjectNode result = put(entry);
            failed += result.has("ErrorCode") ? 1 : 0;
            results.add(result);
        }
        ObjectNode answer = JSON.createObjectNode().put("FailedEntryCount", failed);
        answer.set("Entries", results);
        return answer;
    }

    /** The request's entries, checked as the service checks the request as a whole. */
    private static JsonNode entries(byte[] body) throws BadRequest {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException parse ? parse.getOriginalMessage() : e.getMessage();
            throw new BadRequest("SerializationException", "the body is not JSON: " + reason);
        }
        if (request == null || !request.isObject()) {
            throw new BadRequest("SerializationException", "the body must be a JSON object with Entries");
        }
        JsonNode entries = request.path("Entries");
        if (entries.isMissingNode() || entries.isNull()) {
            throw new BadRequest(
                    "ValidationException",
                    "1 validation error detected: Value null at 'entries' "
                            + "failed to satisfy constraint: Member must not be null");
        }
        if (!entries.isArray() || entries.size() < 1 || entries.size() > MAX_ENTRIES) {
            throw new BadRequest(
                    "ValidationException",
                    "1 validation error detected: Value at 'entries' failed to satisfy constraint:"
                            + " Member must be a list of 1 to " + MAX_ENTRIES + " entries");
        }
        int size = 0;
        for (JsonNode entry : entries) {
            checkTypes(entry);
            size += entry.toString().getBytes(StandardCharsets.UTF_8).length;
        }
        if (size > MAX_ENTRIES_BYTES) {
            throw new BadRequest("ValidationException", "Total size of the entries in the request is over the limit.");
        }
        return entries;
    }

    private static void checkTypes(JsonNode entry) throws BadRequest {
        if (!entry.isObject()) {
            throw new BadRequest("SerializationException", "each of Entries must be an object, not " + entry);
        }
        for (String text : List.of("Source", "DetailType", "Detail", "EventBusName", "TraceHeader")) {
            if (entry.has(text) && !entry.get(text).isTextual()) {
                throw new BadRequest("SerializationException", text + " must be a string, not " + entry.get(text));
            }
        }
        JsonNode time = entry.path("Time");
        if (!time.isMissingNode() && !time.isNumber()) {
            throw new BadRequest(
                    "SerializationException", "Time must be a number of seconds since the epoch, not " + time);
        }
        JsonNode resources = entry.path("Resources");
        if (!resources.isMissingNode() && !(resources.isArray() && allTextual(resources))) {
            throw new BadRequest("SerializationException", "Resources must be a list of ARNs, not " + resources);
        }
    }

    private static boolean allTextual(JsonNode array) {
        for (JsonNode item : array) {
            if (!item.isTextual()) {
                return false;
            }
        }
        return true;
    }

    /** One entry: its EventId once the bus has it, or the entry error EventBridge answers for it. */
    private ObjectNode put(JsonNode entry) {
        for (String required : List.of("Source", "DetailType", "Detail")) {
            if (entry.path(required).asText().isBlank()) {
                return entryError(
                        "InvalidArgument",
                        "Parameter " + required + " is not valid. Reason: " + required + " is a required argument.");
            }
        }
        String busName = entry.path("EventBusName").asText(DEFAULT_BUS);
        if (!busName.equals(DEFAULT_BUS) && !busName.equals(defaultBusArn)) {
            return entryError(
                    "ResourceNotFoundException",
                    "Event bus " + busName + " does not exist (the local stack runs the default bus).");
        }
        String source = entry.get("Source").asText();
        if (source.startsWith("aws.")) {
            return entryError("NotAuthorizedForSourceException", "Not authorized for the source.");
        }
        JsonNode detail;
        try {
            detail = JSON.readTree(entry.get("Detail").asText());
        } catch (JsonProcessingException e) {
            detail = null;
        }
        if (detail == null || !detail.isObject()) {
            return entryError("MalformedDetail", "Detail is malformed.");
        }
        String id = UUID.randomUUID().toString();
        try {
            bus.accept(event(id, entry, detail));
        } catch (RuntimeException e) {
            LOG.warn("event {} could not be routed: {}", id, e.toString());
            return entryError("InternalFailure", "the event could not be routed: " + e.getMessage());
        }
        return JSON.createObjectNode().put("EventId", id);
    }

    /** The event as EventBridge delivers it to a rule's target. */
    private String event(String id, JsonNode entry, JsonNode detail) {
        Instant time = entry.has("Time")
                ? Instant.ofEpochMilli((long) (entry.get("Time").asDouble() * 1000))
                : Instant.now();
        ObjectNode event = EventEnvelope.of(
                id, entry.get("Source").asText(), entry.get("DetailType").asText(), accountId, region, time);
        event.set("resources", entry.has("Resources") ? entry.get("Resources") : JSON.createArrayNode());
        event.set("detail", detail);
        return event.toString();
    }

    private static ObjectNode entryError(String code, String message) {
        return JSON.createObjectNode().put("ErrorCode", code).put("ErrorMessage", message);
    }

    private static void send(HttpExchange exchange, int status, ObjectNode document) throws IOException {
        LocalHttpServers.send(exchange, status, CONTENT_TYPE, JSON.writeValueAsBytes(document));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
