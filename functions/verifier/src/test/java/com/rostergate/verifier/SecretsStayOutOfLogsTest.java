package com.rostergate.verifier;

import static com.rostergate.verifier.TestEvents.otpUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rostergate.fixtures.kakao.FakeKakaoServer;
import com.rostergate.fixtures.lambda.LocalContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Runs every kind of outcome through the real Kakao HTTP client and captures everything the function
 * prints (its logger, stdout, stderr): no REST API key, skill secret, OTP token or full phone number.
 */
class SecretsStayOutOfLogsTest {

    static final String KEY = "kakao-rest-key-5b8e1d";
    static final String SECRET = "skill-secret-9c4a7f-5e2d8b1a0c3f6e9d7b4a";

    @Test
    void nothingSecretIsEverPrinted() throws Exception {
        List<String> tokens = new ArrayList<>(KakaoFakes.TOKENS);
        tokens.add("unknown-token-0001");
        List<String> logged = new ArrayList<>();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try (FakeKakaoServer kakao = KakaoFakes.standard(KEY)) {
            VerifierHandler handler = handler(kakao.baseUrl());
            for (String token : tokens) {
                for (byte[] event : List.of(
                        TestEvents.v2(TestEvents.validationBody(otpUrl(token)), Map.of("X-Skill-Secret", SECRET)),
                        TestEvents.v1(TestEvents.skillBody(otpUrl(token)), Map.of("x-skill-secret", SECRET)),
                        TestEvents.v2(
                                TestEvents.validationBody(otpUrl(token)), Map.of("X-Skill-Secret", SECRET + "x")))) {
                    LocalContext context = LocalContext.capturing("req");
                    VerifierHandlerTest.call(handler, event, context);
                    logged.addAll(context.lines());
                }
            }
            VerifierHandlerTest.call(
                    handler("http://127.0.0.1:1"),
                    TestEvents.v2(
                            TestEvents.validationBody(otpUrl("employee-token-0001")), Map.of("X-Skill-Secret", SECRET)),
                    null);
            handler.beforeCheckpoint(null);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        String stdoutAndErr = printed.toString(StandardCharsets.UTF_8);
        assertEquals(tokens.size() * 3, logged.size(), "one line per request: " + logged);
        assertTrue(
                stdoutAndErr.contains("\"reason\":\"KAKAO_ERROR\""),
                "without a Lambda context the line goes to stdout: " + stdoutAndErr);
        logged.add(stdoutAndErr);
        String everything = String.join("\n", logged);
        for (String forbidden :
                List.of(KEY, SECRET, "rest_api_key", "1022223333", "10-2222-3333", "1099990404", "otp/")) {
            assertFalse(everything.contains(forbidden), forbidden + " appears in:\n" + everything);
        }
        for (String token : tokens) {
            assertFalse(everything.contains(token), token + " appears in:\n" + everything);
        }
    }

    private static VerifierHandler handler(String kakaoBase) {
        VerifierConfig config = VerifierConfig.from(VerifierHandlerTest.env(
                "KAKAO_API_BASE_URL",
                kakaoBase,
                "KAKAO_REST_API_KEY",
                KEY,
                "SKILL_SECRET",
                SECRET,
                "VERIFY_BUDGET_MS",
                "500"));
        RosterLookup roster = (e164, deadline) ->
                VerifierHandlerTest.KIM.equals(e164) ? Optional.of(VerifierHandlerTest.KIM_EMPLOYEE) : Optional.empty();
        return new VerifierHandler(config, new KakaoProfileClient(config.kakaoBaseUrl(), KEY), roster);
    }
}
