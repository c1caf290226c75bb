package com.rostergate.local.dynamodb;

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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP proxy in front of the local DynamoDB server: every call waits a fixed latency, and calls past a
 * table's capacity are answered as DynamoDB answers them (see {@link Throttle}) — HTTP 400
 * ProvisionedThroughputExceededException, or a BatchWriteItem's excess items in UnprocessedItems — so
 * every client (the SDK, the AWS CLI, the functions) sees it. The request signature is not checked
 * (the server does not check it either), so a BatchWriteItem can be forwarded without its excess items.
 */
public final class DynamoDbProxy implements AutoCloseable {

    static final String THROTTLED_TYPE = "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException";
    static final String THROTTLED_MESSAGE = "The level of configured provisioned throughput for the table was"
            + " exceeded. " + "Consider increasing your provisioning level with the UpdateTable API.";
    private static final String SERVER_ERROR_TYPE = "com.amazonaws.dynamodb.v20120810#InternalServerError";
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    /** Headers the JDK client sets itself; Accept-Encoding is dropped so an answer is never compressed. */
    private static final Set<String> NOT_FORWARDED =
            Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding", "accept-encoding");
    /** The proxy sets these itself on every answer (the checksum over the body it sends). */
    private static final Set<String> NOT_RETURNED =
            Set.of("content-length", "transfer-encoding", "connection", "date", "x-amz-crc32");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbProxy.class);

    private final URI server;
    private final Duration latency;
    private final Throttle throttle;
    private final HttpClient client;
    private final HttpServer http;
    private final ExecutorService threads;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong itemsUnprocessed = new AtomicLong();

    private DynamoDbProxy(HttpServer http, URI server, DynamoDbLimits limits, LongSupplier ticker) {
        this.http = http;
        this.server = server;
        this.latency = limits.latency();
        this.throttle = new Throttle(limits.writeCapacity(), limits.readCapacity(), ticker);
        this.threads = Executors.newCachedThreadPool(DaemonThreads.named("dynamodb-proxy"));
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(threads)
                .build();
    }

    /** Listens on {@code host:port} and forwards to the DynamoDB server at {@code server}. */
    public static DynamoDbProxy start(String host, int port, URI server, DynamoDbLimits limits) throws IOException {
        DynamoDbProxy proxy =
                new DynamoDbProxy(LocalHttpServers.bind(host, port, 200), server, limits, System::nanoTime);
        LocalHttpServers.serve(proxy.http, proxy::handle, proxy.threads);
        return proxy;
    }

    /** What the proxy did so far: calls it received, calls it refused, BatchWriteItem items it returned unprocessed. */
    public record Counts(long calls, long refused, long itemsUnprocessed) {}

    public Counts counts() {
        return new Counts(calls.get(), refused.get(), itemsUnprocessed.get());
    }

    public int port() {
        return http.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            calls.incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation =
                    target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : "";
            pause();
            JsonNode request = throttle.limits(operation) ? parse(body) : null;
            Throttle.Admission admission = request == null ? null : admit(operation, request);
            if (admission != null && admission.refused()) {
                refused.incrementAndGet();
                send(exchange, 400, Map.of(), error(THROTTLED_TYPE, THROTTLED_MESSAGE));
                return;
            }
            byte[] forwarded = admission == null || admission.forward() == request
                    ? body
                    : JSON.writeValueAsBytes(admission.forward());
            HttpResponse<byte[]> answer;
            try {
                answer = forward(exchange, forwarded);
            } catch (IOException e) {
                LOG.warn("DynamoDB proxy: the server did not answer {}: {}", operation, e.toString());
                send(
                        exchange,
                        500,
                        Map.of(),
                        error(SERVER_ERROR_TYPE, "the local DynamoDB server did not answer: " + e.getMessage()));
                return;
            }
            byte[] answerBody = answer.body();
            if (admission != null && answer.statusCode() == 200) {
                JsonNode answerJson = parse(answerBody);
                if (answerJson != null) {
                    throttle.charge(operation, request, answerJson);
                    if (!admission.unprocessed().isEmpty()) {
                        answerBody = withUnprocessed((ObjectNode) answerJson, admission.unprocessed());
                    }
                }
            }
            send(exchange, answer.statusCode(), answer.headers().map(), answerBody);
        }
    }

    /** The throttle's decision; none for a request it cannot read (e.g. bad base64): the server answers its error. */
    private Throttle.Admission admit(String operation, JsonNode request) {
        try {
            return throttle.admit(operation, request);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    private static byte[] error(String type, String message) {
        return JSON.createObjectNode()
                .put("__type", type)
                .put("message", message)
                .toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The server's answer with the items held back added to its own UnprocessedItems. */
    private byte[] withUnprocessed(ObjectNode answer, Map<String, ArrayNode> unprocessed)
            throws JsonProcessingException {
        ObjectNode all = answer.get("UnprocessedItems") instanceof ObjectNode existing
                ? existing
                : answer.putObject("UnprocessedItems");
        unprocessed.forEach((table, writes) -> {
            itemsUnprocessed.addAndGet(writes.size());
            (all.get(table) instanceof ArrayNode existing ? existing : all.putArray(table)).addAll(writes);
        });
        return JSON.writeValueAsBytes(answer);
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        server.resolve(exchange.getRequestURI().getRawPath()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding to the DynamoDB server", e);
        }
    }

    private static void send(HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body)
            throws IOException {
        headers.forEach((name, values) -> {
            if (!NOT_RETURNED.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        }
        if (!exchange.getResponseHeaders().containsKey("x-amzn-RequestId")) {
            exchange.getResponseHeaders()
                    .set("x-amzn-RequestId", UUID.randomUUID().toString());
        }
        CRC32 crc = new CRC32();
        crc.update(body);
        exchange.getResponseHeaders().set("x-amz-crc32", Long.toString(crc.getValue()));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    /** The request's JSON, or null when it is not JSON: the server then answers its own error. */
    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private void pause() {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        http.stop(0);
        threads.shutdownNow();
    }
}
