package com.rostergate.it.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Captured API Gateway events (HTTP API payload v2, REST API v1 proxy) with the body and headers swapped in. */
final class ApiGatewayEvents {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode V2 = load("apigw-http-api-v2-event.json");
    private static final JsonNode V1 = load("apigw-rest-api-v1-event.json");

    private ApiGatewayEvents() {}

    /** A v2 event presenting the skill secret of {@link VerifierStack#env}, as Kakao would. */
    static byte[] v2(String body) {
        return v2(body, Map.of(VerifierStack.SECRET_HEADER, VerifierStack.SKILL_SECRET));
    }

    static byte[] v2(String body, Map<String, String> headers) {
        ObjectNode event = V2.deepCopy();
        ObjectNode headerNode = (ObjectNode) event.get("headers");
        headers.forEach((name, value) -> headerNode.put(name.toLowerCase(java.util.Locale.ROOT), value));
        event.put("body", body);
        return bytes(event);
    }

    static byte[] v2Base64(String body) {
        ObjectNode event = (ObjectNode) tree(v2(body));
        event.put("body", Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
        event.put("isBase64Encoded", true);
        return bytes(event);
    }

    static byte[] v1(String body) {
        return v1(body, Map.of(VerifierStack.SECRET_HEADER, VerifierStack.SKILL_SECRET));
    }

    /** REST API v1 keeps the client's header spelling, in headers and again in multiValueHeaders. */
    static byte[] v1(String body, Map<String, String> headers) {
        ObjectNode event = V1.deepCopy();
        headers.forEach((name, value) -> {
            ((ObjectNode) event.get("headers")).put(name, value);
            ((ObjectNode) event.get("multiValueHeaders")).putArray(name).add(value);
        });
        event.put("body", body);
        return bytes(event);
    }

    static JsonNode tree(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(JsonNode event) {
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode load(String name) {
        try (InputStream in = ApiGatewayEvents.class.getResourceAsStream(name)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
