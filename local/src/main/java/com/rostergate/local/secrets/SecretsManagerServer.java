package com.rostergate.local.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rostergate.fixtures.http.LocalHttpServers;
import com.rostergate.local.lambda.DaemonThreads;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Secrets Manager's GetSecretValue for the local stack, in the AWS JSON 1.1 protocol the SDKs and the AWS
 * CLI speak ({@code POST /} with {@code X-Amz-Target: secretsmanager.GetSecretValue}), serving the secrets
 * the template declares, by ARN or by name. Another operation, an unknown secret or a malformed request gets
 * the service's JSON error with status 400. Secret values are never logged.
 */
public final class SecretsManagerServer implements AutoCloseable {

    private static final String GET_SECRET_VALUE = "secretsmanager.GetSecretValue";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A stored secret: its ARN, its name and its string value. */
    public record Secret(String arn, String name, String value) {
        @Override
        public String toString() {
            return "Secret[" + arn + "]";
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(DaemonThreads.named("secretsmanager"));
    private final Map<String, Secret> secrets;
    private final Instant created = Instant.now();

    private static final class BadRequest extends Exception {
        private final String type;

        BadRequest(String type, String message) {
            super(message, null, false, false);
            this.type = type;
        }
    }

    private SecretsManagerServer(HttpServer server, Map<String, Secret> secrets) {
        this.server = server;
        this.secrets = Map.copyOf(secrets);
    }

    /** Serves {@code secrets} (keyed by ARN) on {@code host:port}. */
    public static SecretsManagerServer start(String host, int port, Map<String, Secret> secrets) throws IOException {
        SecretsManagerServer secretsManager = new SecretsManagerServer(LocalHttpServers.bind(host, port, 0), secrets);
        LocalHttpServers.serve(secretsManager.server, secretsManager::handle, secretsManager.executor);
        return secretsManager;
    }

    public String endpoint() {
        return "http://" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String requestId = UUID.randomUUID().toString();
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            try {
                send(exchange, 200, getSecretValue(exchange, requestId));
            } catch (BadRequest e) {
                send(
                        exchange,
                        400,
                        JSON.createObjectNode().put("__type", e.type).put("message", e.getMessage()));
            }
        }
    }

    private ObjectNode getSecretValue(HttpExchange exchange, String requestId) throws IOException, BadRequest {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (!exchange.getRequestMethod().equals("POST") || !GET_SECRET_VALUE.equals(target)) {
            throw new BadRequest(
                    "UnknownOperationException",
                    "the local Secrets Manager serves POST with " + "X-Amz-Target: " + GET_SECRET_VALUE + " only, not "
                            + exchange.getRequestMethod() + " " + target);
        }
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        JsonNode request;
        try {
            request = body.length > MAX_BODY_BYTES ? null : JSON.readTree(body);
        } catch (IOException e) {
            request = null;
        }
        JsonNode id = request == null ? null : request.get("SecretId");
        if (id == null || !id.isTextual() || id.asText().isEmpty()) {
            throw new BadRequest("InvalidParameterException", "SecretId is required");
        }
        Secret secret = find(id.asText())
                .orElseThrow(() -> new BadRequest(
                        "ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
        return JSON.createObjectNode()
                .put("ARN", secret.arn())
                .put("Name", secret.name())
                .put("SecretString", secret.value())
                .put(
                        "VersionId",
                        UUID.nameUUIDFromBytes(secret.arn().getBytes(StandardCharsets.UTF_8))
                                .toString())
                .put("CreatedDate", created.getEpochSecond())
                .set("VersionStages", JSON.createArrayNode().add("AWSCURRENT"));
    }

    /** By ARN, or by name as the service accepts it. */
    private Optional<Secret> find(String id) {
        return Optional.ofNullable(secrets.get(id))
                .or(() -> secrets.values().stream()
                        .filter(secret -> secret.name().equals(id))
                        .findFirst());
    }

    private static void send(HttpExchange exchange, int status, ObjectNode answer) throws IOException {
        LocalHttpServers.send(exchange, status, CONTENT_TYPE, JSON.writeValueAsBytes(answer));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
