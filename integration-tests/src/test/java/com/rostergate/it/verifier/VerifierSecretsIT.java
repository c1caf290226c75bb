package com.rostergate.it.verifier;

import static com.rostergate.it.verifier.VerifierStack.invoke;
import static com.rostergate.it.verifier.VerifierStack.reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rostergate.fixtures.Fixtures;
import com.rostergate.fixtures.kakao.FakeKakaoServer;
import com.rostergate.verifier.VerifierHandler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The verifier's secrets by reference, against the local Secrets Manager the way it reads them on AWS: the
 * function's environment names the secret; the key and the skill secret come from it, never from the environment.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifierSecretsIT {

    private VerifierStack stack;
    private String employeeRequest;

    @BeforeAll
    void start() throws Exception {
        stack = VerifierStack.start();
        employeeRequest = Fixtures.text("sample-data/skill-requests/auth-employee.json");
    }

    @AfterAll
    void stop() throws Exception {
        stack.close();
    }

    @Test
    void theKeyAndTheSkillSecretComeFromTheSecretAndNotFromTheEnvironment() {
        String plainSecret = "a-plain-environment-skill-secret-0123456789";
        VerifierHandler handler = new VerifierHandler(
                stack.env(800, "SKILL_SECRET", plainSecret, "KAKAO_REST_API_KEY", "a-plain-environment-key"));

        JsonNode answer = invoke(handler, ApiGatewayEvents.v2(employeeRequest));
        assertEquals(200, answer.path("statusCode").asInt());
        assertEquals("SUCCESS", reply(answer).path("status").asText(), "the secret's key reached Kakao");
        assertEquals(
                401,
                invoke(handler, ApiGatewayEvents.v2(employeeRequest, Map.of("X-Skill-Secret", plainSecret)))
                        .path("statusCode")
                        .asInt(),
                "a skill secret in the environment is not the skill secret");
        assertEquals(
                "rest_api_key=" + FakeKakaoServer.REDACTED,
                stack.kakao.requests().get(stack.kakao.requests().size() - 1).query());
    }

    @Test
    void theStartSaysHowLongReadingTheSecretTook() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            new VerifierHandler(stack.env(800));
        } finally {
            System.setOut(stdout);
        }
        String line = printed.toString(StandardCharsets.UTF_8);
        assertTrue(line.matches("(?s).*\"event\":\"verifier-started\".*\"secretsReadMs\":\\d+.*"), line);
        assertFalse(
                line.contains(VerifierStack.SKILL_SECRET) || line.contains(FakeKakaoServer.DEMO_REST_API_KEY), line);
    }

    @Test
    void withoutAReadableSecretTheFunctionDoesNotStart() {
        IllegalArgumentException none = assertThrows(
                IllegalArgumentException.class, () -> new VerifierHandler(stack.env(800, "VERIFIER_SECRETS", "")));
        assertTrue(none.getMessage().startsWith("VERIFIER_SECRETS is not set"), none.getMessage());

        RuntimeException unknown = assertThrows(
                RuntimeException.class,
                () -> new VerifierHandler(
                        stack.env(800, "VERIFIER_SECRETS", VerifierStack.SECRET_ARN.replace("verifier", "missing"))));
        assertTrue(unknown.getClass().getSimpleName().equals("ResourceNotFoundException"), unknown.toString());
    }
}
