package com.rostergate.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The part of Kakao's OTP profile answer the verifier uses: {@code phone_number} such as {@code +82 10-2222-3333}. */
record KakaoProfile(String nickname, String phoneNumber) {

    static KakaoProfile parse(ObjectMapper json, byte[] body) throws IOException {
        JsonNode root = json.readTree(body);
        if (root == null || !root.isObject()) {
            throw new IOException("profile is not a JSON object");
        }
        return new KakaoProfile(text(root, "nickname"), text(root, "phone_number"));
    }

    private static String text(JsonNode root, String field) {
        JsonNode value = root.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
