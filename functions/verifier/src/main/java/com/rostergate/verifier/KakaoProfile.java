package com.rostergate.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.rostergate.core.json.JsonTrees;
import java.io.IOException;

/**
 * The part of Kakao's OTP profile answer the verifier uses: {@code phone_number} such as
 * {@code +82 10-2222-3333}, and {@code app_user_id}, the Kakao user the OTP was issued to.
 */
record KakaoProfile(String nickname, String phoneNumber, String appUserId) {

    static KakaoProfile parse(byte[] body) throws IOException {
        JsonNode root = JsonTrees.read(body);
        if (root == null || !root.isObject()) {
            throw new IOException("profile is not a JSON object");
        }
        return new KakaoProfile(
                text(root, "nickname"), text(root, "phone_number"), SkillRequest.userId(root.get("app_user_id")));
    }

    private static String text(JsonNode root, String field) {
        JsonNode value = root.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
