package com.rostergate.it.verifier;

import static com.rostergate.it.verifier.VerifierStack.invoke;
import static com.rostergate.it.verifier.VerifierStack.reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rostergate.fixtures.Fixtures;
import com.rostergate.fixtures.kakao.FakeKakaoServer;
import com.rostergate.fixtures.kakao.FakeKakaoServer.RecordedRequest;
import com.rostergate.verifier.VerifierHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verifier handler against Dynoxide and the fake Kakao, driven with captured API Gateway v2
 * and v1 events: a corpus of real, missing, malformed and oversized requests, and steering attempts
 * that must never make it fetch anything but the configured Kakao base.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifierSkillIT {

    private VerifierStack stack;
    private VerifierHandler handler;

    @BeforeAll
    void start() throws Exception {
        stack = VerifierStack.start();
        handler = new VerifierHandler(stack.env(800, "SKILL_REPLY_EMPLOYEE", "true"));
    }

    @AfterAll
    void stop() throws Exception {
        stack.close();
    }

    private static String sample(String name) {
        return Fixtures.text("sample-data/skill-requests/" + name);
    }

    private static String otpUrl(String token) {
        return "https://talk-plugin-capi.kakao.com/otp/" + token + "/profile";
    }

    private static String validation(String origin) {
        return "{\"isInSlotFilling\":false,\"utterance\":\"임직원 인증\",\"user\":{\"id\":\"u1\",\"type\":\"botUserKey\"},"
                + "\"value\":{\"origin\":" + ApiGatewayEvents.JSON.valueToTree(origin) + "}}";
    }

    /** A validation call by Kakao user {@code requester} whose resolved plugin value names {@code appUserId}. */
    private static String resolvedOnly(String otp, long appUserId, long requester) {
        String plugin = ApiGatewayEvents.JSON
                .createObjectNode()
                .put("otp", otp)
                .put("app_user_id", appUserId)
                .toString();
        return "{\"user\":{\"id\":\"u1\",\"properties\":{\"appUserId\":\"" + requester + "\"}},"
                + "\"value\":{\"resolved\":" + ApiGatewayEvents.JSON.valueToTree(plugin) + "}}";
    }

    /** A skill call by the Kakao user {@code appUserId} the plugin value names. */
    private static String skill(String otp, long appUserId) {
        String plugin = ApiGatewayEvents.JSON
                .createObjectNode()
                .put("otp", otp)
                .put("app_user_id", appUserId)
                .toString();
        return "{\"userRequest\":{\"utterance\":\"임직원 인증\",\"user\":{\"id\":\"u1\",\"type\":\"botUserKey\","
                + "\"properties\":{\"appUserId\":\"" + appUserId + "\"}}},"
                + "\"action\":{\"params\":{\"profile\":" + ApiGatewayEvents.JSON.valueToTree(plugin)
                + "},\"detailParams\":{}}}";
    }

    /** name, event, expected HTTP status, expected Kakao status, whether the reply is a SkillResponse. */
    static Stream<Arguments> corpus() {
        String huge = validation(otpUrl("demo-employee-token")) + " ".repeat(100_000);
        return Stream.of(
                Arguments.of(
                        "v2 validation, employee",
                        ApiGatewayEvents.v2(sample("auth-employee.json")),
                        200,
                        "SUCCESS",
                        false),
                Arguments.of(
                        "v1 validation, employee",
                        ApiGatewayEvents.v1(sample("auth-employee.json")),
                        200,
                        "SUCCESS",
                        false),
                Arguments.of(
                        "v2 base64 validation, employee",
                        ApiGatewayEvents.v2Base64(sample("auth-employee.json")),
                        200,
                        "SUCCESS",
                        false),
                Arguments.of(
                        "v2 validation, resolved only",
                        ApiGatewayEvents.v2(resolvedOnly(otpUrl("demo-employee-token"), 2113105765, 2113105765)),
                        200,
                        "SUCCESS",
                        false),
                Arguments.of(
                        "employee's OTP sent for another Kakao user",
                        ApiGatewayEvents.v2(resolvedOnly(otpUrl("demo-employee-token"), 4437521098L, 4437521098L)),
                        200,
                        "FAIL",
                        false),
                Arguments.of(
                        "v1 skill, employee", ApiGatewayEvents.v1(sample("skill-employee.json")), 200, "SUCCESS", true),
                Arguments.of(
                        "v2 skill, employee",
                        ApiGatewayEvents.v2(skill(otpUrl("demo-employee-token"), 2113105765)),
                        200,
                        "SUCCESS",
                        true),
                Arguments.of(
                        "v2 validation, stranger",
                        ApiGatewayEvents.v2(sample("auth-stranger.json")),
                        200,
                        "FAIL",
                        false),
                Arguments.of(
                        "v1 skill, stranger",
                        ApiGatewayEvents.v1(skill(otpUrl("demo-stranger-token"), 4437521098L)),
                        200,
                        "FAIL",
                        true),
                Arguments.of(
                        "profile without phone",
                        ApiGatewayEvents.v2(validation(otpUrl("demo-no-phone-token"))),
                        200,
                        "FAIL",
                        false),
                Arguments.of(
                        "profile with invalid phone",
                        ApiGatewayEvents.v1(validation(otpUrl("demo-invalid-phone-token"))),
                        200,
                        "FAIL",
                        false),
                Arguments.of(
                        "unknown OTP token",
                        ApiGatewayEvents.v2(validation(otpUrl("never-issued-token"))),
                        200,
                        "FAIL",
                        false),
                Arguments.of("value without fields", ApiGatewayEvents.v2("{\"value\":{}}"), 200, "FAIL", false),
                Arguments.of(
                        "origin is a number", ApiGatewayEvents.v2("{\"value\":{\"origin\":42}}"), 200, "FAIL", false),
                Arguments.of(
                        "resolved is not the plugin JSON",
                        ApiGatewayEvents.v1("{\"value\":{\"resolved\":\"{\\\"otp\\\":[]}\"}}"),
                        200,
                        "FAIL",
                        false),
                Arguments.of(
                        "skill without the plugin parameter",
                        ApiGatewayEvents.v2("{\"userRequest\":{},\"action\":{\"params\":{}}}"),
                        200,
                        "FAIL",
                        true),
                Arguments.of(
                        "skill parameter of the wrong type",
                        ApiGatewayEvents.v1("{\"userRequest\":{},\"action\":{\"params\":{\"profile\":{\"otp\":1}}}}"),
                        200,
                        "FAIL",
                        true),
                Arguments.of("empty body", ApiGatewayEvents.v2(""), 400, "FAIL", false),
                Arguments.of("body not JSON", ApiGatewayEvents.v2("value=origin"), 400, "FAIL", false),
                Arguments.of("body a JSON array", ApiGatewayEvents.v1("[{\"value\":{}}]"), 400, "FAIL", false),
                Arguments.of(
                        "body neither shape", ApiGatewayEvents.v2("{\"intent\":{\"id\":\"x\"}}"), 400, "FAIL", false),
                Arguments.of(
                        "body truncated",
                        ApiGatewayEvents.v2(sample("auth-employee.json").substring(0, 200)),
                        400,
                        "FAIL",
                        false),
                Arguments.of("no body (v1 null)", ApiGatewayEvents.v1(null), 400, "FAIL", false),
                Arguments.of("event not JSON", "{\"version\":\"2.0\",".getBytes(), 400, "FAIL", false),
                Arguments.of("body over 64 KB", ApiGatewayEvents.v2(huge), 413, "FAIL", false),
                Arguments.of("base64 body over 64 KB", ApiGatewayEvents.v2Base64(huge), 413, "FAIL", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void answersEveryRequestWithAWellFormedKakaoReply(
            String name, byte[] event, int httpStatus, String kakaoStatus, boolean skillShape) {
        JsonNode response = invoke(handler, event);

        assertEquals(httpStatus, response.path("statusCode").asInt(), name);
        assertEquals(
                "application/json; charset=utf-8",
                response.path("headers").path("Content-Type").asText());
        JsonNode reply = reply(response);
        assertEquals("2.0", reply.path("version").asText());
        if (skillShape) {
            assertEquals(kakaoStatus, reply.path("data").path("status").asText(), reply.toString());
            assertTrue(reply.at("/template/outputs/0/simpleText/text").isTextual(), reply.toString());
        } else {
            assertEquals(kakaoStatus, reply.path("status").asText(), reply.toString());
        }
        if (kakaoStatus.equals("SUCCESS")) {
            assertEquals("김민준", reply.path("data").path("name").asText(), "employee data is on in this handler");
        }
    }

    static List<String> steeringAttempts(String attackerHostPort) {
        String token = "demo-employee-token";
        return List.of(
                "http://" + attackerHostPort + "/otp/" + token + "/profile",
                "https://" + attackerHostPort + "/otp/" + token + "/profile",
                "http://talk-plugin-capi.kakao.com/otp/" + token + "/profile",
                "https://talk-plugin-capi.kakao.com:" + attackerHostPort.split(":")[1] + "/otp/" + token + "/profile",
                "https://talk-plugin-capi.kakao.com@" + attackerHostPort + "/otp/" + token + "/profile",
                "https://talk-plugin-capi.kakao.com:443@" + attackerHostPort + "/otp/" + token + "/profile",
                "https://user:password@talk-plugin-capi.kakao.com/otp/" + token + "/profile",
                "https://talk-plugin-capi.kakao.com\\@" + attackerHostPort + "/otp/" + token + "/profile",
                "https://127.0.0.1/otp/" + token + "/profile",
                "https://2130706433/otp/" + token + "/profile",
                "https://[::1]:" + attackerHostPort.split(":")[1] + "/otp/" + token + "/profile",
                "https://talk-plugin-capi.kakao.com.evil.example/otp/" + token + "/profile",
                "https://talk-plugin-capi.kakao.com./otp/" + token + "/profile",
                "https://evil.example/talk-plugin-capi.kakao.com/otp/" + token + "/profile",
                "https://evil.example/?https://talk-plugin-capi.kakao.com/otp/" + token + "/profile",
                "HTTPS://TALK-PLUGIN-CAPI.KAKAO.COM/otp/" + token + "/profile",
                "https://talk-plugin-capi.kakao.com/otp/" + token + "%2F..%2F..%2Fadmin/profile",
                "https://talk-plugin-capi.kakao.com/otp/demo%2Demployee%2Dtoken/profile",
                "https://talk-plugin-capi.kakao.com/otp/" + token + "/../../admin/profile",
                "https://talk-plugin-capi.kakao.com/otp/../otp/" + token + "/profile",
                "https://talk-plugin-capi.kakao.com/otp/./" + token + "/profile",
                "https://talk-plugin-capi.kakao.com/otp/" + token + "/profile/",
                "https://talk-plugin-capi.kakao.com/otp/" + token + "/profile?redirect=http://" + attackerHostPort,
                "https://talk-plugin-capi.kakao.com/otp/" + token + "/profile#@" + attackerHostPort,
                "https://talk-plugin-capi.kakao.com/otp/" + token + "/profile\r\nHost: " + attackerHostPort,
                "https://talk-plugin-capi.kakao.com/otp/" + "a".repeat(65) + "/profile",
                "https://talk-plugin-capi.kakao.com/otp/" + "a".repeat(5_000) + "/profile",
                "https://talk-plugin-capi.kakao.com/otp//profile",
                "file:///etc/passwd",
                "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                "jar:http://" + attackerHostPort + "/x.jar!/",
                "//" + attackerHostPort + "/otp/" + token + "/profile");
    }

    @Test
    void steeringAttemptsFailAndNothingLeavesForAnyHostButTheConfiguredKakao() {
        String attackerHostPort = stack.attacker.baseUrl().substring("http://".length());
        List<String> answered = new ArrayList<>();
        for (String hostile : steeringAttempts(attackerHostPort)) {
            int kakaoRequestsBefore = stack.kakao.requests().size();
            for (byte[] event : List.of(
                    ApiGatewayEvents.v2(validation(hostile)),
                    ApiGatewayEvents.v1(resolvedOnly(hostile, 2113105765, 2113105765)),
                    ApiGatewayEvents.v2(skill(hostile, 2113105765)),
                    ApiGatewayEvents.v2Base64(validation(hostile)))) {
                JsonNode response = invoke(handler, event);
                assertEquals(200, response.path("statusCode").asInt(), hostile);
                JsonNode reply = reply(response);
                String status = reply.has("status")
                        ? reply.path("status").asText()
                        : reply.path("data").path("status").asText();
                assertEquals("FAIL", status, hostile);
                answered.add(hostile);
            }
            assertEquals(kakaoRequestsBefore, stack.kakao.requests().size(), "no profile fetched for " + hostile);
        }
        assertEquals(steeringAttempts(attackerHostPort).size() * 4, answered.size());
        assertEquals(List.of(), stack.attacker.requests(), "the attacker's server was never contacted");
        for (RecordedRequest request : stack.kakao.requests()) {
            assertEquals("GET", request.method());
            assertTrue(request.path().matches("/otp/[A-Za-z0-9_-]{8,64}/profile"), request.path());
            assertEquals("rest_api_key=" + FakeKakaoServer.REDACTED, request.query());
        }
    }

    @Test
    void theProfileIsFetchedFromTheConfiguredBaseWithTheKey() {
        int before = stack.kakao.requests().size();
        assertEquals(
                "SUCCESS",
                reply(invoke(handler, ApiGatewayEvents.v2(sample("auth-employee.json"))))
                        .path("status")
                        .asText());
        List<RecordedRequest> made =
                stack.kakao.requests().subList(before, stack.kakao.requests().size());
        assertEquals(
                List.of(new RecordedRequest(
                        "GET", "/otp/demo-employee-token/profile", "rest_api_key=" + FakeKakaoServer.REDACTED)),
                made);

        VerifierHandler wrongKey =
                new VerifierHandler(stack.env(800, "VERIFIER_SECRETS", VerifierStack.WRONG_KEY_SECRET_ARN));
        assertEquals(
                "FAIL",
                reply(invoke(wrongKey, ApiGatewayEvents.v2(sample("auth-employee.json"))))
                        .path("status")
                        .asText(),
                "Kakao refuses a wrong key (401), so nobody gets in");
    }

    private static final String GUARD = VerifierStack.OTHER_SKILL_SECRET;

    @Test
    void aConfiguredSkillSecretMustBePresented() {
        VerifierHandler guarded =
                new VerifierHandler(stack.env(800, "VERIFIER_SECRETS", VerifierStack.OTHER_SECRET_ARN));
        int before = stack.kakao.requests().size();

        JsonNode refused = invoke(guarded, ApiGatewayEvents.v2(sample("auth-employee.json")));
        assertEquals(401, refused.path("statusCode").asInt());
        assertEquals("FAIL", reply(refused).path("status").asText());
        assertEquals(
                401,
                invoke(guarded, ApiGatewayEvents.v1(sample("auth-employee.json"), Map.of("X-Skill-Secret", "guess")))
                        .path("statusCode")
                        .asInt());
        assertEquals(before, stack.kakao.requests().size(), "nothing is fetched for a refused caller");

        JsonNode accepted =
                invoke(guarded, ApiGatewayEvents.v1(sample("auth-employee.json"), Map.of("x-SKILL-secret", GUARD)));
        assertEquals(200, accepted.path("statusCode").asInt());
        assertEquals("SUCCESS", reply(accepted).path("status").asText());
        assertEquals(
                "SUCCESS",
                reply(invoke(
                                guarded,
                                ApiGatewayEvents.v2(sample("auth-employee.json"), Map.of("X-Skill-Secret", GUARD))))
                        .path("status")
                        .asText());
    }
}
