package com.rostergate.verifier;

import static com.rostergate.verifier.TestEvents.SECRET;
import static com.rostergate.verifier.TestEvents.otpUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rostergate.fixtures.Contracts;
import com.rostergate.fixtures.lambda.LocalContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Closed by default: only a caller presenting the skill secret (header or path token) is served. */
class CallerCheckTest {

    final VerifierHandlerTest fixture = new VerifierHandlerTest();
    final String body = TestEvents.validationBody(otpUrl("employee-token-0001"));

    private JsonNode refused(VerifierHandler handler, byte[] event, String reason) {
        LocalContext context = LocalContext.capturing("req-401");
        JsonNode response = VerifierHandlerTest.call(handler, event, context);
        assertEquals(401, response.path("statusCode").asInt());
        JsonNode reply = TestEvents.replyBody(response);
        Contracts.assertValid("kakao-validation-reply", reply);
        assertEquals("FAIL", reply.path("status").asText());
        assertEquals(reason, VerifierHandlerTest.logLine(context).path("reason").asText());
        return reply;
    }

    private static int status(VerifierHandler handler, byte[] event) {
        return VerifierHandlerTest.call(handler, event).path("statusCode").asInt();
    }

    /** The v2 event of {@link #body} with {@code token} as the route's path parameter. */
    private byte[] withPathToken(String token, Map<String, String> headers) {
        ObjectNode event = (ObjectNode) TestEvents.tree(TestEvents.v2(body, headers));
        event.put("rawPath", "/skill/verify/" + token);
        event.putObject("pathParameters").put(CallerCheck.PATH_PARAMETER, token);
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theHeaderMustCarryTheExactSecret() {
        VerifierHandler handler = fixture.handler("SKILL_SECRET_HEADER", "X-Skill-Secret");
        for (Map<String, String> headers : List.of(
                Map.<String, String>of(),
                Map.of("x-skill-secret", "wrong"),
                Map.of("x-skill-secret", SECRET.substring(1)),
                Map.of("x-skill-secret", SECRET + "x"),
                Map.of("x-other", SECRET),
                Map.of("x-skill-secret", SECRET.toUpperCase()))) {
            JsonNode reply = refused(handler, TestEvents.v2(body, headers), "CALLER_UNAUTHORIZED");
            assertTrue(reply.path("message").asText().contains("X-Skill-Secret header"), reply.toString());
        }
        refused(handler, withPathToken(SECRET, Map.of()), "CALLER_UNAUTHORIZED");
        assertTrue(fixture.fetchedTokens.isEmpty(), "nothing is fetched for a refused caller");

        assertEquals(200, status(handler, TestEvents.v2(body, Map.of("x-skill-secret", SECRET))));
        assertEquals(200, status(handler, TestEvents.v1(body, Map.of("X-SKILL-SECRET", SECRET))));
        assertEquals(200, status(handler, TestEvents.v1(body, Map.of("x-Skill-secret", SECRET))));
    }

    @Test
    void aV1SecretOnlyInMultiValueHeadersCounts() {
        JsonNode event = TestEvents.tree(TestEvents.v1(body, Map.of("X-Skill-Secret", SECRET)));
        ((ObjectNode) event).putObject("headers");
        assertEquals(
                200,
                VerifierHandlerTest.call(fixture.handler(), event.toString().getBytes(StandardCharsets.UTF_8))
                        .path("statusCode")
                        .asInt());
    }

    @Test
    void aPathTokenServesBotBuildersThatCannotSetAHeader() {
        VerifierHandler handler = fixture.handler("SKILL_SECRET_IN", "path");
        assertEquals(200, status(handler, withPathToken(SECRET, Map.of())));

        refused(handler, TestEvents.v2(body, Map.of("X-Skill-Secret", SECRET)), "CALLER_UNAUTHORIZED");
        refused(handler, withPathToken(SECRET.substring(0, 32), Map.of()), "CALLER_UNAUTHORIZED");
        JsonNode reply = refused(handler, withPathToken("", Map.of()), "CALLER_UNAUTHORIZED");
        assertTrue(reply.path("message").asText().contains("path token"), reply.toString());
        assertEquals(List.of("employee-token-0001"), fixture.fetchedTokens);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "only-31-characters-long-secret!"})
    void withoutASecretOfAtLeast32CharactersEveryCallIsRefused(String secret) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        VerifierHandler handler;
        try {
            handler = fixture.handler("SKILL_SECRET", secret);
        } finally {
            System.setOut(stdout);
        }
        for (byte[] event : List.of(
                TestEvents.v2(body),
                TestEvents.v2(body, Map.of("X-Skill-Secret", secret)),
                TestEvents.v1(TestEvents.skillBody(otpUrl("employee-token-0001")), Map.of()),
                withPathToken(secret, Map.of()))) {
            refused(handler, event, "SKILL_SECRET_NOT_SET");
        }
        assertTrue(fixture.fetchedTokens.isEmpty() && fixture.lookedUpPhones.isEmpty(), "closed: nobody verified");
        String startLine = printed.toString(StandardCharsets.UTF_8);
        assertTrue(
                startLine.contains("\"event\":\"skill-closed\"") && startLine.contains("SKILL_SECRET_NOT_SET"),
                "the start says why the skill is closed: " + startLine);
        assertFalse(!secret.isBlank() && startLine.contains(secret), "the short secret itself is not logged");
    }

    @Test
    void aMissingSecretRefusesToo() {
        Map<String, String> env = VerifierHandlerTest.env();
        env.remove("SKILL_SECRET");
        VerifierHandler handler = new VerifierHandler(VerifierConfig.from(env), fixture.profiles, fixture.roster);
        refused(handler, TestEvents.v2(body), "SKILL_SECRET_NOT_SET");
    }

    @Test
    void anUnknownPlaceForTheSecretStopsTheStart() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> VerifierConfig.from(VerifierHandlerTest.env("SKILL_SECRET_IN", "query")));
        assertEquals("SKILL_SECRET_IN must be header or path", e.getMessage());
    }

    @Test
    void primingPresentsTheSecretWhereverItIsExpected() {
        fixture.handler("SKILL_SECRET_IN", "path").beforeCheckpoint(null);
        assertEquals(
                Collections.nCopies(2 * VerifierHandler.PRIMING_ROUNDS, "+821000000000"),
                fixture.lookedUpPhones,
                "both priming requests got in, every round");
    }

    @Test
    void theCheckNeverShowsTheSecret() {
        assertFalse(
                CallerCheck.of(SECRET, "header", "X-Skill-Secret").toString().contains(SECRET));
        assertFalse(VerifierConfig.from(VerifierHandlerTest.env()).toString().contains(SECRET));
    }
}
