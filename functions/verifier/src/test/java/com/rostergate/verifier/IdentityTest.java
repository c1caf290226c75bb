package com.rostergate.verifier;

import static com.rostergate.verifier.TestEvents.REQUESTER;
import static com.rostergate.verifier.TestEvents.otpUrl;
import static com.rostergate.verifier.TestEvents.pluginValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.rostergate.fixtures.lambda.LocalContext;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Only the Kakao user who asks is verified. The attacker (another Kakao user) holds an employee's OTP URL
 * and puts it where the user's utterance goes ({@code origin}), bare or as the plugin's JSON naming the
 * employee, in both request shapes. {@code employee-token-0001}'s profile belongs to {@link TestEvents#REQUESTER};
 * {@code anonymous-token-0001}'s profile names nobody.
 */
class IdentityTest {

    static final String ATTACKER = "4437521098";
    static final String EMPLOYEE_URL = otpUrl("employee-token-0001");
    static final String ANONYMOUS_URL = otpUrl("anonymous-token-0001");

    /** Each request shape as a body builder: (origin, resolved, requester). */
    interface Body {
        String of(String origin, String resolved, String requester);
    }

    static Stream<Arguments> attacks() {
        Map<String, Body> shapes = Map.of("validation", TestEvents::validationBody, "skill", TestEvents::skillBody);
        Function<String, String> employeeJson = url -> pluginValue(url, REQUESTER);
        return shapes.entrySet().stream()
                .flatMap(shape -> Stream.of(
                        // the leaked URL alone: Kakao's profile says whose it is
                        Arguments.of(
                                shape.getKey(),
                                "bare URL in origin",
                                shape.getValue().of(EMPLOYEE_URL, null, ATTACKER),
                                "OTP_USER_MISMATCH",
                                List.of("employee-token-0001")),
                        Arguments.of(
                                shape.getKey(),
                                "plugin JSON naming the employee in origin",
                                shape.getValue().of(employeeJson.apply(EMPLOYEE_URL), null, ATTACKER),
                                "OTP_USER_MISMATCH",
                                List.of("employee-token-0001")),
                        // a profile that names nobody: an id typed into origin does not count, and no other says whose
                        // the OTP is
                        Arguments.of(
                                shape.getKey(),
                                "bare URL in origin, profile without id",
                                shape.getValue().of(ANONYMOUS_URL, null, ATTACKER),
                                "OTP_OWNER_UNKNOWN",
                                List.of("anonymous-token-0001")),
                        Arguments.of(
                                shape.getKey(),
                                "plugin JSON naming the attacker in origin, profile without id",
                                shape.getValue().of(pluginValue(ANONYMOUS_URL, ATTACKER), null, ATTACKER),
                                "OTP_OWNER_UNKNOWN",
                                List.of("anonymous-token-0001")),
                        // the resolved value names the employee: the requester is someone else
                        Arguments.of(
                                shape.getKey(),
                                "resolved JSON of another user, profile without id",
                                shape.getValue().of(null, pluginValue(ANONYMOUS_URL, REQUESTER), ATTACKER),
                                "OTP_USER_MISMATCH",
                                List.of("anonymous-token-0001")),
                        // a resolved value exists: origin is never read, whatever it holds
                        Arguments.of(
                                shape.getKey(),
                                "employee URL in origin beside the attacker's own resolved value",
                                shape.getValue()
                                        .of(
                                                EMPLOYEE_URL,
                                                pluginValue(otpUrl("attacker-token-0001"), ATTACKER),
                                                ATTACKER),
                                "OTP_UNKNOWN",
                                List.of("attacker-token-0001")),
                        // no id for the requester: nothing is fetched
                        Arguments.of(
                                shape.getKey(),
                                "no appUserId on the requester",
                                shape.getValue().of(EMPLOYEE_URL, employeeJson.apply(EMPLOYEE_URL), null),
                                "REQUESTER_UNIDENTIFIED",
                                List.of()),
                        // the owner by the resolved value when Kakao's profile names nobody
                        Arguments.of(
                                shape.getKey(),
                                "the employee, profile without id",
                                shape.getValue().of(null, pluginValue(ANONYMOUS_URL, REQUESTER), REQUESTER),
                                "VERIFIED",
                                List.of("anonymous-token-0001")),
                        Arguments.of(
                                shape.getKey(),
                                "the employee",
                                shape.getValue().of(EMPLOYEE_URL, employeeJson.apply(EMPLOYEE_URL), REQUESTER),
                                "VERIFIED",
                                List.of("employee-token-0001"))));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("attacks")
    void onlyTheUserWhoAsksIsVerified(String shape, String attack, String body, String reason, List<String> fetched) {
        VerifierHandlerTest test = new VerifierHandlerTest();
        LocalContext context = LocalContext.capturing("req-identity");
        // Not a test of time: a budget that a cold first verification on a busy machine does not run out of.
        VerifierHandler handler = test.handler("VERIFY_BUDGET_MS", "2000");
        JsonNode response = VerifierHandlerTest.call(handler, TestEvents.v2(body), context);

        assertEquals(200, response.path("statusCode").asInt());
        JsonNode reply = TestEvents.replyBody(response);
        String status = (shape.equals("skill") ? reply.path("data") : reply)
                .path("status")
                .asText();
        assertEquals(reason.equals("VERIFIED") ? "SUCCESS" : "FAIL", status);
        assertEquals(reason, VerifierHandlerTest.logLine(context).path("reason").asText());
        assertEquals(fetched, test.fetchedTokens);
    }
}
