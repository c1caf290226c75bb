package com.rostergate.verifier;

import static com.rostergate.verifier.TestEvents.JSON;
import static com.rostergate.verifier.TestEvents.otpUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rostergate.fixtures.Contracts;
import com.rostergate.fixtures.lambda.LocalContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The handler end to end over in-memory Kakao and roster stand-ins: shapes, caller check, limits, logs. */
class VerifierHandlerTest {

    static final String KIM = "+821022223333";
    static final Map<String, KakaoProfile> PROFILES = Map.of(
            "employee-token-0001", new KakaoProfile("김민준", "+82 10-2222-3333", TestEvents.REQUESTER),
            "stranger-token-0001", new KakaoProfile("정민호", "+82 10-9999-0404", TestEvents.REQUESTER),
            "nophone-token-0001", new KakaoProfile("윤서진", null, TestEvents.REQUESTER),
            "badphone-token-0001", new KakaoProfile("최유나", "+82 10-12", TestEvents.REQUESTER),
            "anonymous-token-0001", new KakaoProfile("김민준", "+82 10-2222-3333", null));
    static final Employee KIM_EMPLOYEE = new Employee(KIM, "김민준", "개발팀", "대리", "E1001", "minjun.kim@example.com");

    final List<String> fetchedTokens = new CopyOnWriteArrayList<>();
    final List<String> lookedUpPhones = new CopyOnWriteArrayList<>();
    final ProfileSource profiles = (token, deadline) -> {
        fetchedTokens.add(token);
        return Optional.ofNullable(PROFILES.get(token));
    };
    final RosterLookup roster = (e164, deadline) -> {
        lookedUpPhones.add(e164);
        return KIM.equals(e164) ? Optional.of(KIM_EMPLOYEE) : Optional.empty();
    };

    static Map<String, String> env(String... overrides) {
        Map<String, String> env = new HashMap<>(Map.of(
                "EMPLOYEES_TABLE", "employees",
                "KAKAO_API_BASE_URL", "http://127.0.0.1:9",
                "KAKAO_API_LOCAL_HTTP", "true",
                "KAKAO_REST_API_KEY", "unit-test-rest-api-key",
                "VERIFY_BUDGET_MS", "300",
                "SKILL_SECRET", TestEvents.SECRET));
        for (int i = 0; i < overrides.length; i += 2) {
            env.put(overrides[i], overrides[i + 1]);
        }
        return env;
    }

    VerifierHandler handler(String... envOverrides) {
        return new VerifierHandler(VerifierConfig.from(env(envOverrides)), profiles, roster);
    }

    static JsonNode call(VerifierHandler handler, byte[] event, LocalContext context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, context);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return TestEvents.tree(out.toByteArray());
    }

    static JsonNode call(VerifierHandler handler, byte[] event) {
        return call(handler, event, LocalContext.capturing("req-1"));
    }

    static Stream<Arguments> verdicts() {
        return Stream.of(
                Arguments.of("employee-token-0001", "SUCCESS", "VERIFIED"),
                Arguments.of("stranger-token-0001", "FAIL", "NOT_IN_ROSTER"),
                Arguments.of("nophone-token-0001", "FAIL", "PROFILE_WITHOUT_PHONE"),
                Arguments.of("badphone-token-0001", "FAIL", "PHONE_INVALID"),
                Arguments.of("unknown-token-0001", "FAIL", "OTP_UNKNOWN"));
    }

    @ParameterizedTest
    @MethodSource("verdicts")
    void validationRequestsGetAKakaoValidationReply(String token, String status, String reason) {
        LocalContext context = LocalContext.capturing("req-validation");
        JsonNode response = call(handler(), TestEvents.v2(TestEvents.validationBody(otpUrl(token))), context);

        assertEquals(200, response.path("statusCode").asInt());
        JsonNode reply = TestEvents.replyBody(response);
        Contracts.assertValid("kakao-validation-reply", reply);
        assertEquals(status, reply.path("status").asText());
        assertFalse(reply.has("data"), "employee data is off by default");
        assertEquals(reason, logLine(context).path("reason").asText());
    }

    @ParameterizedTest
    @MethodSource("verdicts")
    void skillPayloadsGetASkillResponse(String token, String status, String reason) {
        LocalContext context = LocalContext.capturing("req-skill");
        JsonNode response = call(handler(), TestEvents.v1(TestEvents.skillBody(otpUrl(token))), context);

        JsonNode reply = TestEvents.replyBody(response);
        Contracts.assertValid("kakao-skill-response", reply);
        assertEquals(status, reply.path("data").path("status").asText());
        String expected =
                status.equals("SUCCESS") ? VerifierConfig.DEFAULT_SUCCESS_MESSAGE : VerifierConfig.DEFAULT_FAIL_MESSAGE;
        assertEquals(expected, reply.at("/template/outputs/0/simpleText/text").asText());
        assertEquals(reason, logLine(context).path("reason").asText());
    }

    @Test
    void messagesAndEmployeeDataAreConfigurable() {
        VerifierHandler handler = handler(
                "SKILL_SUCCESS_MESSAGE", "확인되었습니다", "SKILL_FAIL_MESSAGE", "확인되지 않았습니다", "SKILL_REPLY_EMPLOYEE", "true");

        JsonNode validation = TestEvents.replyBody(
                call(handler, TestEvents.v2(TestEvents.validationBody(otpUrl("employee-token-0001")))));
        Contracts.assertValid("kakao-validation-reply", validation);
        assertEquals("확인되었습니다", validation.path("message").asText());
        assertEquals(
                JSON.createObjectNode()
                        .put("name", "김민준")
                        .put("department", "개발팀")
                        .put("position", "대리"),
                validation.path("data"));

        JsonNode skill =
                TestEvents.replyBody(call(handler, TestEvents.v2(TestEvents.skillBody(otpUrl("stranger-token-0001")))));
        Contracts.assertValid("kakao-skill-response", skill);
        assertEquals(
                "확인되지 않았습니다", skill.at("/template/outputs/0/simpleText/text").asText());
        assertEquals(JSON.createObjectNode().put("status", "FAIL"), skill.path("data"));
    }

    @Test
    void base64BodiesAreDecoded() {
        JsonNode reply = TestEvents.replyBody(
                call(handler(), TestEvents.v2Base64(TestEvents.validationBody(otpUrl("employee-token-0001")))));
        assertEquals("SUCCESS", reply.path("status").asText());
    }

    @Test
    void theOtpTokenNotTheUrlIsWhatReachesKakao() {
        call(handler(), TestEvents.v2(TestEvents.validationBody(otpUrl("employee-token-0001"))));
        call(
                handler(),
                TestEvents.v2(TestEvents.validationBody("https://evil.example/otp/employee-token-0001/profile")));
        assertEquals(List.of("employee-token-0001"), fetchedTokens);
        assertEquals(List.of(KIM), lookedUpPhones);
    }

    @Test
    void oneJsonLogLinePerRequestWithMaskedPhoneAndRequestId() {
        LocalContext context = LocalContext.capturing("aws-req-42");
        call(handler(), TestEvents.v2(TestEvents.validationBody(otpUrl("employee-token-0001"))), context);

        JsonNode line = logLine(context);
        assertEquals("aws-req-42", line.path("awsRequestId").asText());
        assertEquals("SUCCESS", line.path("outcome").asText());
        assertEquals("validation", line.path("shape").asText());
        assertEquals("+82******3333", line.path("phone").asText());
        assertTrue(line.path("latencyMs").isIntegralNumber());
        assertFalse(
                context.lines().get(0).contains("2222"),
                "no full number in " + context.lines().get(0));
    }

    @Test
    void theLogLineIsAlsoAnEmbeddedMetricDocument() {
        LocalContext context = LocalContext.capturing("aws-req-43");
        call(
                handler(),
                TestEvents.v2(TestEvents.validationBody("https://evil.example/otp/employee-token-0001/profile")),
                context);

        JsonNode line = logLine(context);
        assertEquals(
                "Rostergate", line.at("/_aws/CloudWatchMetrics/0/Namespace").asText());
        assertEquals(
                "[[\"Service\",\"Outcome\"],[\"Service\",\"Reason\"]]",
                line.at("/_aws/CloudWatchMetrics/0/Dimensions").toString());
        assertEquals("FAIL", line.path("Outcome").asText());
        assertEquals("OTP_URL_REJECTED", line.path("Reason").asText());
        assertEquals(1, line.path("Verifications").asInt());
        assertTrue(line.path("VerificationLatency").isNumber());
    }

    @Test
    void bodiesOver64KbAre413() {
        String padded = TestEvents.validationBody(otpUrl("employee-token-0001"));
        String exactly64Kb = padded
                + " "
                        .repeat(SkillEndpoint.MAX_BODY_BYTES
                                - padded.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertEquals(
                200,
                call(handler(), TestEvents.v2(exactly64Kb)).path("statusCode").asInt());

        for (byte[] event : List.of(
                TestEvents.v2(exactly64Kb + " "),
                TestEvents.v2Base64(exactly64Kb + " "),
                TestEvents.v1(padded + "가".repeat(30_000)),
                TestEvents.v2("x".repeat(2_000_000)))) {
            LocalContext context = LocalContext.capturing("req-413");
            JsonNode response = call(handler(), event, context);
            assertEquals(413, response.path("statusCode").asInt());
            Contracts.assertValid("kakao-validation-reply", TestEvents.replyBody(response));
            assertEquals("BODY_TOO_LARGE", logLine(context).path("reason").asText());
        }
        assertEquals(List.of("employee-token-0001"), fetchedTokens);
    }

    static Stream<String> malformedEvents() {
        return Stream.of(
                "",
                "not json",
                "[1,2,3]",
                "{\"headers\":{}}",
                "{\"body\":null}",
                "{\"body\":42}",
                "{\"body\":{\"value\":{}}}",
                "{\"body\":\"not json\"}",
                "{\"body\":\"{\\\"value\\\":\"}",
                "{\"body\":\"[]\"}",
                "{\"body\":\"{}\"}",
                "{\"body\":\"\"}",
                "{\"body\":\"{\\\"intent\\\":{}}\"}",
                "{\"body\":\"!!!not base64!!!\",\"isBase64Encoded\":true}",
                "{\"body\":\"" + "[".repeat(5000) + "\"}");
    }

    @ParameterizedTest
    @MethodSource("malformedEvents")
    void malformedRequestsAre400WithAWellFormedBody(String event) {
        LocalContext context = LocalContext.capturing("req-400");
        JsonNode response =
                call(handler(), withSecret(event).getBytes(java.nio.charset.StandardCharsets.UTF_8), context);
        assertEquals(400, response.path("statusCode").asInt());
        JsonNode reply = TestEvents.replyBody(response);
        Contracts.assertValid("kakao-validation-reply", reply);
        assertEquals("FAIL", reply.path("status").asText());
        assertEquals("MALFORMED_REQUEST", logLine(context).path("reason").asText());
    }

    @Test
    void knownShapesWithMissingOrMistypedFieldsAreAnsweredFail() {
        for (String body : List.of(
                "{\"value\":{}}",
                "{\"value\":{\"origin\":123}}",
                "{\"userRequest\":{},\"action\":{\"params\":{\"profile\":[1]}}}")) {
            LocalContext context = LocalContext.capturing("req-fail");
            JsonNode response = call(handler(), TestEvents.v2(body), context);
            assertEquals(200, response.path("statusCode").asInt());
            assertEquals("PLUGIN_VALUE_MISSING", logLine(context).path("reason").asText());
        }
    }

    @Test
    void anUnexpectedFailureIsAFailReplyWithoutAStackTrace() {
        RosterLookup broken = (e164, deadline) -> {
            throw new IllegalStateException("boom at com.rostergate.Secret");
        };
        VerifierHandler handler = new VerifierHandler(VerifierConfig.from(env()), profiles, broken);
        LocalContext context = LocalContext.capturing("req-500");
        JsonNode response = call(handler, TestEvents.v2(TestEvents.skillBody(otpUrl("employee-token-0001"))), context);

        assertEquals(200, response.path("statusCode").asInt());
        Contracts.assertValid("kakao-skill-response", TestEvents.replyBody(response));
        assertFalse(
                response.toString().contains("boom") || response.toString().contains("at com."), response.toString());
        assertEquals("INTERNAL_ERROR", logLine(context).path("reason").asText());
        assertFalse(context.lines().get(0).contains("boom"));

        RosterLookup linkageBroken = (e164, deadline) -> {
            throw new NoClassDefFoundError("software/amazon/Missing");
        };
        JsonNode errorResponse = call(
                new VerifierHandler(VerifierConfig.from(env()), profiles, linkageBroken),
                TestEvents.v2(TestEvents.validationBody(otpUrl("employee-token-0001"))));
        assertEquals(200, errorResponse.path("statusCode").asInt());
        assertEquals("FAIL", TestEvents.replyBody(errorResponse).path("status").asText());
    }

    @Test
    void primingRunsTheRequestPathWithoutKakaoAndWithoutLogging() throws Exception {
        VerifierHandler handler = handler();
        java.io.PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(printed, true));
        try {
            handler.beforeCheckpoint(null);
        } finally {
            System.setOut(stdout);
        }
        assertTrue(fetchedTokens.isEmpty(), "priming must not call Kakao");
        assertEquals(
                Collections.nCopies(2 * VerifierHandler.PRIMING_ROUNDS, "+821000000000"),
                lookedUpPhones,
                "both shapes reach the roster lookup, every round");
        assertEquals("", printed.toString());
    }

    /** The event with the skill secret header added, where it is a JSON object: a caller that is let in. */
    private static String withSecret(String event) {
        try {
            JsonNode tree = JSON.readTree(event);
            if (tree instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
                object.putObject("headers").put(TestEvents.SECRET_HEADER, TestEvents.SECRET);
                return object.toString();
            }
        } catch (IOException notJson) {
            // sent as it is
        }
        return event;
    }

    static JsonNode logLine(LocalContext context) {
        assertEquals(1, context.lines().size(), "one log line per request: " + context.lines());
        return TestEvents.tree(context.lines().get(0).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
