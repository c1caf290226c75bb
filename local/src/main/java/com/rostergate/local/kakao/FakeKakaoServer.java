package com.rostergate.local.kakao;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rostergate.local.http.LocalHttpServers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for Kakao's auth plugin API ({@code https://talk-plugin-capi.kakao.com}): serves
 * {@code GET /otp/<token>/profile?rest_api_key=<key>} from a JSON file, an array of
 * {@code {"token", "nickname", "phone_number", ...}} objects. Optional {@code delay_ms} makes an answer
 * slow and {@code status} (e.g. 500) makes it an error, to play a struggling Kakao. An unknown token
 * is a 404 and a missing or wrong key a 401, as from Kakao. Every request is recorded (key redacted)
 * so tests can prove which requests reached it.
 */
public final class FakeKakaoServer implements AutoCloseable {

    /** The REST API key the 3-argument {@link #start} expects; give the verifier the same one. */
    public static final String DEMO_REST_API_KEY = "local-demo-kakao-rest-api-key";
    public static final String REDACTED = "REDACTED";

    private static final Pattern PROFILE_PATH = Pattern.compile("/otp/([^/]+)/profile");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService handlers;
    private final Map<String, JsonNode> profiles;
    private final String restApiKey;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    /** One request as it arrived: raw path, and the raw query with the {@code rest_api_key} value replaced. */
    public record RecordedRequest(String method, String path, String query) {
    }

    private FakeKakaoServer(HttpServer server, Map<String, JsonNode> profiles, String restApiKey) {
        this.server = server;
        this.profiles = profiles;
        this.restApiKey = restApiKey;
        // One thread per exchange: a slow profile must not hold up the others.
        this.handlers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-kakao");
            thread.setDaemon(true);
            return thread;
        });
    }

    public static FakeKakaoServer start(String host, int port, Path profilesJson) throws IOException {
        return start(host, port, profilesJson, DEMO_REST_API_KEY);
    }

    public static FakeKakaoServer start(String host, int port, Path profilesJson, String restApiKey) throws IOException {
        FakeKakaoServer fake = new FakeKakaoServer(
            LocalHttpServers.bind(host, port, 512), loadProfiles(profilesJson), restApiKey);
        LocalHttpServers.serve(fake.server, fake::handle, fake.handlers);
        return fake;
    }

    /** {@code http://<host>:<port>}, with 127.0.0.1 for a server listening on every interface. */
    public String baseUrl() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
        return "http://" + host + ":" + address.getPort();
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream ignored = exchange.getRequestBody()) {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(new RecordedRequest(exchange.getRequestMethod(), path, redact(query)));
            answer(exchange, path, query);
        }
    }

    private void answer(HttpExchange exchange, String path, String query) throws IOException {
        Matcher matcher = PROFILE_PATH.matcher(path);
        if (!"GET".equals(exchange.getRequestMethod()) || !matcher.matches()) {
            send(exchange, 404, error(-404, "no such API"));
            return;
        }
        if (!restApiKey.equals(queryParameter(query, "rest_api_key"))) {
            send(exchange, 401, error(-401, "wrong appKey format"));
            return;
        }
        JsonNode profile = profiles.get(matcher.group(1));
        if (profile == null) {
            send(exchange, 404, error(-404, "otp not found or expired"));
            return;
        }
        int delayMs = profile.path("delay_ms").asInt(0);
        if (delayMs > 0) {
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException closing) {
                return;
            }
        }
        int status = profile.path("status").asInt(200);
        if (status != 200) {
            send(exchange, status, error(-500, "internal server error"));
            return;
        }
        ObjectNode body = profile.deepCopy();
        body.remove(List.of("token", "delay_ms", "status"));
        send(exchange, 200, body);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException clientGone) {
            // The caller gave up (its deadline passed) before a slow answer was ready.
        }
    }

    private static JsonNode error(int code, String message) {
        return JSON.createObjectNode().put("msg", message).put("code", code);
    }

    private static String queryParameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (key.equals(name)) {
                try {
                    return equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException badEscape) {
                    return null;
                }
            }
        }
        return null;
    }

    private static String redact(String query) {
        return query == null ? null : query.replaceAll("(^|&)rest_api_key=[^&]*", "$1rest_api_key=" + REDACTED);
    }

    private static Map<String, JsonNode> loadProfiles(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        if (root == null || !root.isArray()) {
            throw new IOException(file + ": expected a JSON array of profiles");
        }
        Map<String, JsonNode> byToken = new HashMap<>();
        for (JsonNode profile : root) {
            if (!profile.isObject() || !profile.path("token").isTextual()) {
                throw new IOException(file + ": every profile needs a string \"token\"");
            }
            byToken.put(profile.get("token").asText(), profile);
        }
        return Map.copyOf(byToken);
    }
}
