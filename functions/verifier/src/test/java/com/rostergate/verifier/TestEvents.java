package com.rostergate.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rostergate.fixtures.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** API Gateway events as HTTP API (payload v2) and REST API (v1) deliver them, around a Kakao body. */
final class TestEvents {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String OTP_URL_PREFIX = "https://talk-plugin-capi.kakao.com/otp/";

    private TestEvents() {}

    static String read(String fixture) {
        return Fixtures.text(fixture);
    }

    static String otpUrl(String token) {
        return OTP_URL_PREFIX + token + "/profile";
    }

    /** The Kakao user who asks in the test requests, and who owns the test OTPs unless a test says otherwise. */
    static final String REQUESTER = "2113105765";

    /** The plugin's resolved value: {@code {"otp": url, "app_user_id": owner}} (no id when owner is null). */
    static String pluginValue(String otpUrl, String owner) {
        ObjectNode value = JSON.createObjectNode().put("otp", otpUrl);
        if (owner != null) {
            value.put("app_user_id", Long.parseLong(owner));
        }
        return value.toString();
    }

    /** Kakao's parameter-validation body as the plugin sends it: origin, the resolved value, and the asking user. */
    static String validationBody(String otpUrl) {
        return validationBody(otpUrl, pluginValue(otpUrl, REQUESTER), REQUESTER);
    }

    /** A validation body with each part given; null leaves a part out. */
    static String validationBody(String origin, String resolved, String requester) {
        ObjectNode body = JSON.createObjectNode();
        body.put("isInSlotFilling", false).put("utterance", "임직원 인증");
        user(body.putObject("user"), requester);
        ObjectNode value = body.putObject("value");
        putIfPresent(value, "origin", origin);
        putIfPresent(value, "resolved", resolved);
        return body.toString();
    }

    /** An ordinary SkillPayload with the plugin value in {@code action.params.profile} and in detailParams. */
    static String skillBody(String otpUrl) {
        return skillBody(otpUrl, pluginValue(otpUrl, REQUESTER), REQUESTER);
    }

    /**
     * A SkillPayload with the utterance's {@code origin}, the plugin-resolved value and the asking user; null leaves a
     * part out.
     */
    static String skillBody(String origin, String resolved, String requester) {
        ObjectNode body = JSON.createObjectNode();
        user(body.putObject("userRequest").put("utterance", "임직원 인증").putObject("user"), requester);
        ObjectNode action = body.putObject("action");
        ObjectNode params = action.putObject("params");
        ObjectNode detail = action.putObject("detailParams").putObject("profile");
        putIfPresent(params, "profile", resolved);
        putIfPresent(detail, "origin", origin);
        putIfPresent(detail, "value", resolved);
        return body.toString();
    }

    private static void user(ObjectNode user, String appUserId) {
        user.put("id", "bot-user-key-1").put("type", "botUserKey");
        ObjectNode properties = user.putObject("properties").put("plusfriendUserKey", "Xq3kP0aZ2mNc");
        putIfPresent(properties, "appUserId", appUserId);
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** The skill secret of the test handlers: 40 characters, above the 32 the verifier needs. */
    static final String SECRET = "test-skill-secret-0123456789abcdefghijkl";

    static final String SECRET_HEADER = "X-Skill-Secret";

    /** A v2 event that presents {@link #SECRET} in its header, as Kakao would. */
    static byte[] v2(String body) {
        return v2(body, Map.of(SECRET_HEADER, SECRET));
    }

    static byte[] v2Base64(String body) {
        return v2Base64(body, Map.of(SECRET_HEADER, SECRET));
    }

    static byte[] v1(String body) {
        return v1(body, Map.of(SECRET_HEADER, SECRET));
    }

    static byte[] v2(String body, Map<String, String> headers) {
        ObjectNode event = base(headers);
        event.put("version", "2.0").put("routeKey", "POST /skill/verify").put("rawPath", "/skill/verify");
        event.putObject("requestContext")
                .put("requestId", "v2-request-id")
                .putObject("http")
                .put("method", "POST")
                .put("path", "/skill/verify");
        event.put("body", body).put("isBase64Encoded", false);
        return bytes(event);
    }

    static byte[] v2Base64(String body, Map<String, String> headers) {
        ObjectNode event = (ObjectNode) tree(v2(body, headers));
        event.put("body", Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
        event.put("isBase64Encoded", true);
        return bytes(event);
    }

    /** REST API v1: headers keep the client's spelling and are repeated in multiValueHeaders. */
    static byte[] v1(String body, Map<String, String> headers) {
        ObjectNode event = base(headers);
        ObjectNode multi = event.putObject("multiValueHeaders");
        headers.forEach((name, value) -> multi.putArray(name).add(value));
        event.put("resource", "/skill/verify").put("path", "/skill/verify").put("httpMethod", "POST");
        event.putObject("requestContext").put("requestId", "v1-request-id").put("stage", "prod");
        event.put("body", body).put("isBase64Encoded", false);
        return bytes(event);
    }

    static JsonNode tree(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Kakao reply inside an API Gateway response. */
    static JsonNode replyBody(JsonNode response) {
        return tree(response.path("body").asText().getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode base(Map<String, String> headers) {
        ObjectNode event = JSON.createObjectNode();
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach(headerNode::put);
        return event;
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
