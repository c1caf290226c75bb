package com.rostergate.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * What Kakao sent, reduced to what the verifier needs: which kind of reply it expects, the OTP URL the
 * auth plugin put in it (null when there is none) and the Kakao user the plugin says it belongs to
 * ({@code app_user_id}, null when absent).
 *
 * <ul>
 *   <li>{@link Shape#VALIDATION}: the auth block's parameter-validation call, {@code value.origin} is
 *       the OTP URL; {@code value.resolved} / {@code value.value} may hold {@code {"otp": ..., "app_user_id": ...}}.</li>
 *   <li>{@link Shape#SKILL}: an ordinary SkillPayload; the plugin parameter (name configurable) sits in
 *       {@code action.detailParams.<name>.origin|value} or {@code action.params.<name>}.</li>
 * </ul>
 */
record SkillRequest(Shape shape, String otpUrl, String appUserId) {

    enum Shape { VALIDATION, SKILL }

    /** Empty when the body is neither shape: the caller answers 400. */
    static Optional<SkillRequest> parse(ObjectMapper json, JsonNode body, String pluginParam) {
        if (body == null || !body.isObject()) {
            return Optional.empty();
        }
        if (body.has("value")) {
            JsonNode value = body.get("value");
            return Optional.of(of(Shape.VALIDATION, json, value.path("origin"), value.path("resolved"), value.path("value")));
        }
        if (body.has("userRequest") || body.has("action")) {
            JsonNode action = body.path("action");
            JsonNode detail = action.path("detailParams").path(pluginParam);
            return Optional.of(of(Shape.SKILL, json, detail.path("origin"), detail.path("value"), action.path("params").path(pluginParam)));
        }
        return Optional.empty();
    }

    /**
     * The first candidate holding an OTP URL (a plain string or the plugin JSON's {@code otp}) gives the
     * URL; the first plugin JSON with an {@code app_user_id} gives the user.
     */
    private static SkillRequest of(Shape shape, ObjectMapper json, JsonNode... candidates) {
        String otpUrl = null;
        String appUserId = null;
        for (JsonNode candidate : candidates) {
            JsonNode plugin = candidate.isTextual() ? pluginValue(json, candidate.asText()) : null;
            if (plugin == null) {
                continue;
            }
            JsonNode otp = plugin.isTextual() ? plugin : plugin.path("otp");
            String url = otp.isTextual() ? otp.asText() : null;
            if (otpUrl == null && url != null && !url.isBlank()) {
                otpUrl = url;
            }
            if (appUserId == null) {
                appUserId = userId(plugin.get("app_user_id"));
            }
        }
        return new SkillRequest(shape, otpUrl, appUserId);
    }

    /** A string or an integer as text (Kakao sends ids as numbers); null for anything else or blank. */
    static String userId(JsonNode node) {
        boolean usable = node != null && (node.isTextual() || node.isIntegralNumber()) && !node.asText().isBlank();
        return usable ? node.asText() : null;
    }

    /** The plugin's JSON object, or the text itself as a JSON string; null for JSON that does not parse. */
    private static JsonNode pluginValue(ObjectMapper json, String text) {
        if (!text.startsWith("{")) {
            return json.getNodeFactory().textNode(text);
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
