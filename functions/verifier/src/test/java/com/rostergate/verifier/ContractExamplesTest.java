package com.rostergate.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rostergate.fixtures.Contracts;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Kakao contracts' examples and the sample requests are valid, and the verifier reads them. */
class ContractExamplesTest {

    static final List<String> KAKAO_CONTRACTS = List.of(
            "kakao-validation-request",
            "kakao-validation-reply",
            "kakao-skill-request",
            "kakao-skill-response",
            "kakao-otp-profile");

    static Stream<Arguments> examples() {
        Stream<Arguments> all = Stream.empty();
        for (String contract : KAKAO_CONTRACTS) {
            List<String> files = Contracts.examples(contract);
            assertFalse(files.isEmpty(), contract + " has examples");
            all = Stream.concat(all, files.stream().map(file -> Arguments.of(contract, file)));
        }
        return all;
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleMatchesItsSchema(String contract, String example) {
        Contracts.assertValid(contract, Contracts.read(example));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void theVerifierFindsTheOtpUrlInEveryRequestExample(String contract, String example) {
        if (contract.endsWith("-request")) {
            Optional<SkillRequest> request = SkillRequest.parse(Contracts.read(example), "profile");
            assertTrue(OtpUrl.token(request.orElseThrow().otpUrl()).isPresent(), example);
        }
    }

    @Test
    void sampleSkillRequestsAreRealShapedAndNameTheDemoTokens() throws IOException {
        assertSample("auth-employee.json", "kakao-validation-request", "demo-employee-token");
        assertSample("auth-stranger.json", "kakao-validation-request", "demo-stranger-token");
        assertSample("skill-employee.json", "kakao-skill-request", "demo-employee-token");
    }

    @Test
    void everyFakeProfileIsWhatKakaoWouldAnswer() throws IOException {
        JsonNode profiles = Contracts.read("sample-data/kakao-profiles.json");
        for (JsonNode profile : profiles) {
            com.fasterxml.jackson.databind.node.ObjectNode answer = profile.deepCopy();
            answer.remove(List.of("token", "delay_ms", "status"));
            if (answer.path("phone_number").asText().length() > 10) {
                Contracts.assertValid("kakao-otp-profile", answer);
            }
        }
    }

    private static void assertSample(String file, String contract, String token) throws IOException {
        JsonNode body = Contracts.read("sample-data/skill-requests/" + file);
        Contracts.assertValid(contract, body);
        assertEquals(
                Optional.of(token),
                OtpUrl.token(SkillRequest.parse(body, "profile").orElseThrow().otpUrl()));
    }
}
