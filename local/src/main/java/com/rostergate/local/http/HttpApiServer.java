package com.rostergate.local.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rostergate.fixtures.http.LocalHttpServers;
import com.rostergate.local.lambda.DaemonThreads;
import com.rostergate.local.lambda.InvocationResult;
import com.rostergate.local.lambda.LocalFunction;
import com.rostergate.local.template.FunctionDefinition.HttpRoute;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The template's HTTP API routes on a local port: each request becomes an API Gateway HTTP API
 * payload v2 event, the route's function is invoked, and its response object becomes the HTTP
 * response, with API Gateway's own answers for an unknown route (404) and a failed function (500).
 */
public final class HttpApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApiServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** API Gateway's payload limit. */
    private static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern(
                    "dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final Pattern TEXT_CONTENT = Pattern.compile(
            "(text/.*|application/(json|xml|javascript|x-www-form-urlencoded)|.*\\+(json|xml))(;.*)?",
            Pattern.CASE_INSENSITIVE);

    /** A route and the function behind it. */
    public record Binding(HttpRoute route, LocalFunction function) {}

    private record Match(Binding binding, Map<String, String> pathParameters) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(DaemonThreads.named("http-api"));
    private final List<Binding> bindings;
    private final String accountId;

    private HttpApiServer(HttpServer server, List<Binding> bindings, String accountId) {
        this.server = server;
        this.accountId = accountId;
        // API Gateway prefers the most specific route: literal paths, then {parameters}, then {greedy+}, then $default.
        this.bindings = bindings.stream()
                .sorted(Comparator.comparingInt(binding -> specificity(binding.route())))
                .toList();
    }

    public static HttpApiServer start(String host, int port, List<Binding> bindings, String accountId)
            throws IOException {
        HttpServer server = LocalHttpServers.bind(host, port, 0);
        HttpApiServer api = new HttpApiServer(server, bindings, accountId);
        LocalHttpServers.serve(server, api::handle, api.executor);
        return api;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        try (exchange) {
            exchange.getResponseHeaders().add("apigw-requestid", requestId);
            Match match =
                    match(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
            if (match == null) {
                respond(exchange, 404, "{\"message\":\"Not Found\"}");
                return;
            }
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                respond(exchange, 413, "{\"message\":\"Request Entity Too Large\"}");
                return;
            }
            InvocationResult result = match.binding()
                    .function()
                    .invoke(JSON.writeValueAsBytes(event(exchange, match, body, requestId)), requestId);
            if (result.failed()) {
                respond(exchange, 500, "{\"message\":\"Internal Server Error\"}");
                return;
            }
            writeResponse(exchange, result.payload());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // e.g. a response whose base64 body does not decode: API Gateway answers 500 too
            // Not the path: a skill secret may travel in it as the path token.
            LOG.warn("{} request {} failed: {}", exchange.getRequestMethod(), requestId, e.toString());
            respond(exchange, 500, "{\"message\":\"Internal Server Error\"}");
        }
    }

    private Match match(String method, String rawPath) {
        String[] segments = rawPath.split("/", -1);
        for (Binding binding : bindings) {
            HttpRoute route = binding.route();
            if (!route.method().equals("ANY") && !route.method().equalsIgnoreCase(method)) {
                continue;
            }
            if (route.path().equals("$default")) {
                return new Match(binding, Map.of());
            }
            Map<String, String> parameters = matchPath(route.path().split("/", -1), segments);
            if (parameters != null) {
                return new Match(binding, parameters);
            }
        }
        return null;
    }

    private static Map<String, String> matchPath(String[] template, String[] segments) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            String part = template[i];
            if (part.startsWith("{") && part.endsWith("+}") && i < segments.length) {
                String rest = String.join("/", List.of(segments).subList(i, segments.length));
                parameters.put(part.substring(1, part.length() - 2), URLDecoder.decode(rest, StandardCharsets.UTF_8));
                return parameters;
            }
            if (i >= segments.length) {
                return null;
            }
            if (part.startsWith("{") && part.endsWith("}") && !segments[i].isEmpty()) {
                parameters.put(
                        part.substring(1, part.length() - 1), URLDecoder.decode(segments[i], StandardCharsets.UTF_8));
            } else if (!part.equals(segments[i])) {
                return null;
            }
        }
        return template.length == segments.length ? parameters : null;
    }

    private static int specificity(HttpRoute route) {
        if (route.path().equals("$default")) {
            return 3;
        }
        return route.path().contains("+}") ? 2 : route.path().contains("{") ? 1 : 0;
    }

    /** The API Gateway HTTP API payload format 2.0 event. */
    private ObjectNode event(HttpExchange exchange, Match match, byte[] body, String requestId) {
        Instant now = Instant.now();
        String rawPath = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        String routeKey = match.binding().route().routeKey();
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", rawPath);
        event.put("rawQueryString", rawQuery == null ? "" : rawQuery);
        List<String> cookies = exchange.getRequestHeaders().getOrDefault("Cookie", List.of());
        if (!cookies.isEmpty()) {
            cookies.stream()
                    .flatMap(header -> List.of(header.split(";\\s*")).stream())
                    .forEach(event.putArray("cookies")::add);
        }
        ObjectNode headers = event.putObject("headers");
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Cookie")) {
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values));
            }
        });
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
        headers.put("x-forwarded-for", sourceIp);
        headers.put("x-forwarded-port", String.valueOf(port()));
        headers.put("x-forwarded-proto", "http");
        Map<String, String> query = queryParameters(rawQuery);
        if (!query.isEmpty()) {
            query.forEach(event.putObject("queryStringParameters")::put);
        }
        if (!match.pathParameters().isEmpty()) {
            match.pathParameters().forEach(event.putObject("pathParameters")::put);
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", accountId);
        context.put("apiId", match.binding().route().apiId());
        String host = exchange.getRequestHeaders().getFirst("Host");
        String domainName = host == null ? "127.0.0.1" : host;
        context.put("domainName", domainName);
        context.put("domainPrefix", domainName.split("[.:]")[0]);
        ObjectNode http = context.putObject("http");
        http.put("method", exchange.getRequestMethod());
        http.put("path", rawPath);
        http.put("protocol", exchange.getProtocol());
        http.put("sourceIp", sourceIp);
        http.put("userAgent", exchange.getRequestHeaders().getFirst("User-Agent"));
        context.put("requestId", requestId);
        context.put("routeKey", routeKey);
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(now));
        context.put("timeEpochMillis", now.toEpochMilli());
        String text =
                body.length == 0 ? null : asText(exchange.getRequestHeaders().getFirst("Content-Type"), body);
        if (body.length > 0) {
            event.put("body", text != null ? text : Base64.getEncoder().encodeToString(body));
        }
        event.put("isBase64Encoded", body.length > 0 && text == null);
        return event;
    }

    /** The body as text when API Gateway would pass it as text (a textual content type), else null. */
    private static String asText(String contentType, byte[] body) {
        if (contentType != null && !TEXT_CONTENT.matcher(contentType.trim()).matches()) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.merge(name, value, (first, second) -> first + "," + second);
        }
        return parameters;
    }

    /**
     * Applies the function's response as API Gateway does for payload 2.0: an object with a
     * {@code statusCode} gives status, headers, cookies and body; any other valid JSON is the body of a 200.
     */
    private static void writeResponse(HttpExchange exchange, byte[] payload) throws IOException {
        JsonNode response;
        try {
            response = JSON.readTree(payload);
        } catch (IOException e) {
            respond(exchange, 500, "{\"message\":\"Internal Server Error\"}");
            return;
        }
        if (response == null || !response.isObject() || !response.has("statusCode")) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            String body = response == null ? "" : response.isTextual() ? response.asText() : response.toString();
            send(exchange, 200, body.getBytes(StandardCharsets.UTF_8));
            return;
        }
        response.path("headers")
                .fields()
                .forEachRemaining(header -> exchange.getResponseHeaders()
                        .set(header.getKey(), header.getValue().asText()));
        response.path("multiValueHeaders")
                .fields()
                .forEachRemaining(header -> header.getValue()
                        .forEach(value -> exchange.getResponseHeaders().add(header.getKey(), value.asText())));
        response.path("cookies").forEach(cookie -> exchange.getResponseHeaders().add("Set-Cookie", cookie.asText()));
        String body =
                response.path("body").isMissingNode() || response.path("body").isNull()
                        ? ""
                        : response.path("body").asText();
        byte[] bytes = response.path("isBase64Encoded").asBoolean(false)
                ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        send(exchange, response.path("statusCode").asInt(500), bytes);
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, status, json.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream output = exchange.getResponseBody()) {
                output.write(body);
            }
        }
    }

    /** The request body, or null when it exceeds API Gateway's limit. */
    private static byte[] readBody(InputStream input) throws IOException {
        byte[] body = input.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
