package com.rostergate.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.rostergate.core.json.JsonTrees;
import java.io.IOException;
import java.util.Optional;

/**
 * What Kakao sent, reduced to what the verifier needs: which kind of reply it expects, the OTP URL the
 * auth plugin resolved (null when there is none), the Kakao user the plugin's JSON says that OTP belongs
 * to ({@code app_user_id}, null when absent) and the Kakao user who asks ({@code appUserId} of the
 * request's user, which Kakao sets; null when Kakao sent none).
 *
 * <ul>
 *   <li>{@link Shape#VALIDATION}: the auth block's parameter-validation call. The plugin-resolved value is
 *       {@code value.resolved} (or its twin {@code value.value}); the user is {@code user.properties}.</li>
 *   <li>{@link Shape#SKILL}: an ordinary SkillPayload; the plugin parameter (name configurable) is resolved in
 *       {@code action.detailParams.<name>.value} or {@code action.params.<name>}; the user is
 *       {@code userRequest.user.properties}.</li>
 * </ul>
 *
 * <p>{@code origin} is what the user's utterance held, so anyone can type a leaked OTP URL there: it is read
 * only when the request has no plugin-resolved value at all, and an id it carries is never the OTP's.
 */
record SkillRequest(Shape shape, String otpUrl, String otpAppUserId, String requesterAppUserId) {

    enum Shape {
        VALIDATION,
        SKILL
    }

    /** Empty when the body is neither shape: the caller answers 400. */
    static Optional<SkillRequest> parse(JsonNode body, String pluginParam) {
        if (body == null || !body.isObject()) {
            return Optional.empty();
        }
        if (body.has("value")) {
            JsonNode value = body.path("value");
            return Optional.of(of(
                    Shape.VALIDATION,
                    body.path("user").path("properties"),
                    value.path("origin"),
                    value.path("resolved"),
                    value.path("value")));
        }
        if (body.has("userRequest") || body.has("action")) {
            JsonNode action = body.path("action");
            JsonNode detail = action.path("detailParams").path(pluginParam);
            return Optional.of(of(
                    Shape.SKILL,
                    body.path("userRequest").path("user").path("properties"),
                    detail.path("origin"),
                    detail.path("value"),
                    action.path("params").path(pluginParam)));
        }
        return Optional.empty();
    }

    /** The first resolved value present decides; the origin counts only when none is. */
    private static SkillRequest of(Shape shape, JsonNode user, JsonNode origin, JsonNode... resolved) {
        String requester = requesterId(user);
        for (JsonNode candidate : resolved) {
            if (isPresent(candidate)) {
                JsonNode plugin = pluginValue(candidate.asText());
                String url = otpUrl(plugin);
                String owner = url == null || plugin.isTextual() ? null : userId(plugin.get("app_user_id"));
                return new SkillRequest(shape, url, owner, requester);
            }
        }
        String typed = isPresent(origin) ? otpUrl(pluginValue(origin.asText())) : null;
        return new SkillRequest(shape, typed, null, requester);
    }

    /** The plugin value's OTP URL: the text itself, or the JSON's {@code otp}; null when it has none. */
    private static String otpUrl(JsonNode plugin) {
        JsonNode otp = plugin == null ? null : plugin.isTextual() ? plugin : plugin.path("otp");
        return otp != null && otp.isTextual() && !otp.asText().isBlank() ? otp.asText() : null;
    }

    /** Kakao sends the id in camel case and as a snake-case twin; two that disagree name nobody. */
    private static String requesterId(JsonNode properties) {
        String camel = userId(properties.get("appUserId"));
        String snake = userId(properties.get("app_user_id"));
        if (camel != null && snake != null && !camel.equals(snake)) {
            return null;
        }
        return camel != null ? camel : snake;
    }

    private static boolean isPresent(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank();
    }

    /** A string or an integer as text (Kakao sends ids as numbers); null for anything else or blank. */
    static String userId(JsonNode node) {
        boolean usable = node != null
                && (node.isTextual() || node.isIntegralNumber())
                && !node.asText().isBlank();
        return usable ? node.asText().strip() : null;
    }

    /** The plugin's JSON object, or the text itself as a JSON string; null for JSON that does not parse. */
    private static JsonNode pluginValue(String text) {
        if (!text.startsWith("{")) {
            return JsonNodeFactory.instance.textNode(text);
        }
        try {
            JsonNode node = JsonTrees.read(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
