package com.rostergate.verifier;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rostergate.fixtures.kakao.FakeKakaoServer;
import java.io.IOException;
import java.util.List;

/** The fake Kakao of the unit tests: the shared one, serving the answers these tests need, on loopback. */
final class KakaoFakes {

    /** Every token {@link #standard} answers; a missing OTP is simply not among them. */
    static final List<String> TOKENS = List.of(
            "employee-token-0001",
            "stranger-token-0001",
            "badphone-token-0001",
            "broken-token-0001",
            "refused-token-0001",
            "huge-token-0001",
            "garbled-token-0001",
            "moved-token-0001",
            "slow-token-0001");

    private KakaoFakes() {}

    /** Employees, a stranger, a bad phone, Kakao's errors, a huge, a garbled, a redirected and a slow answer. */
    static FakeKakaoServer standard(String restApiKey) throws IOException {
        ArrayNode profiles = TestEvents.JSON.createArrayNode();
        profile(profiles, "employee-token-0001")
                .put("nickname", "김민준")
                .put("phone_number", "+82 10-2222-3333")
                .put("app_user_id", 1);
        profile(profiles, "stranger-token-0001")
                .put("nickname", "정민호")
                .put("phone_number", "+82 10-9999-0404")
                .put("app_user_id", 2);
        profile(profiles, "badphone-token-0001")
                .put("nickname", "최유나")
                .put("phone_number", "+82 10-12")
                .put("app_user_id", 3);
        profile(profiles, "broken-token-0001").put("status", 500);
        profile(profiles, "refused-token-0001").put("status", 401);
        profile(profiles, "huge-token-0001").put("nickname", "x".repeat(40_000));
        profile(profiles, "garbled-token-0001").put("body", "<html>not json</html>");
        profile(profiles, "moved-token-0001").put("location", "/elsewhere");
        profile(profiles, "slow-token-0001").put("delay_ms", 3_000);
        return FakeKakaoServer.loopback(profiles, restApiKey);
    }

    private static ObjectNode profile(ArrayNode profiles, String token) {
        return profiles.addObject().put("token", token);
    }
}
