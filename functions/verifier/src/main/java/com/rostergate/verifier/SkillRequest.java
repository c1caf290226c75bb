package com.rostergate.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * What Kakao sent, reduced to the two things the verifier needs: which kind of reply it expects and
 * the OTP URL the auth plugin put in it (null when there is none).
 *
 * <ul>
 *   <li>{@link Shape#VALIDATION}: the auth block's parameter-validation call, {@code value.origin} is
 *       the OTP URL; {@code value.resolved} / {@code value.value} may hold {@code {"otp": ..., "app_user_id": ...}}.</li>
 *   <li>{@link Shape#SKILL}: an ordinary SkillPayload; the plugin parameter (name configurable) sits in
 *       {@code action.detailParams.<name>.origin|value} or {@code action.params.<name>}.</li>
 * </ul>
 */
record SkillRequest(Shape shape, String otpUrl) {

    enum Shape { VALIDATION, SKILL }

    /** Empty when the body is neither shape: the caller answers 400. */
    static Optional<SkillRequest> parse(ObjectMapper json, JsonNode body, String pluginParam) {
        if (body == null || !body.isObject()) {
            return Optional.empty();
        }
        if (body.has("value")) {
            JsonNode value = body.get("value");
            return Optional.of(new SkillRequest(Shape.VALIDATION,
                firstOtpUrl(json, value.path("origin"), value.path("resolved"), value.path("value"))));
        }
        if (body.has("userRequest") || body.has("action")) {
            JsonNode action = body.path("action");
            JsonNode detail = action.path("detailParams").path(pluginParam);
            return Optional.of(new SkillRequest(Shape.SKILL,
                firstOtpUrl(json, detail.path("origin"), detail.path("value"), action.path("params").path(pluginParam))));
        }
        return Optional.empty();
    }

    /** The first candidate that holds an OTP URL, as a plain string or as the plugin's JSON {@code otp} field. */
    private static String firstOtpUrl(ObjectMapper json, JsonNode... candidates) {
        for (JsonNode candidate : candidates) {
            String url = candidate.isTextual() ? otpUrlIn(json, candidate.asText()) : null;
            if (url != null && !url.isBlank()) {
                return url;
            }
        }
        return null;
    }

    private static String otpUrlIn(ObjectMapper json, String text) {
        if (!text.startsWith("{")) {
            return text;
        }
        try {
            JsonNode otp = json.readTree(text).path("otp");
            return otp.isTextual() ? otp.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
