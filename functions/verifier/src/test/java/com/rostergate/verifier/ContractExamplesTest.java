package com.rostergate.verifier;

import static com.rostergate.verifier.TestEvents.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The Kakao contracts' examples and the sample requests are valid, and the verifier reads them. */
class ContractExamplesTest {

    static final List<String> KAKAO_CONTRACTS = List.of(
        "kakao-validation-request", "kakao-validation-reply", "kakao-skill-request", "kakao-skill-response", "kakao-otp-profile");

    static Stream<Arguments> examples() throws IOException {
        Stream<Arguments> all = Stream.empty();
        for (String contract : KAKAO_CONTRACTS) {
            List<Path> files;
            try (Stream<Path> listing = Files.list(TestEvents.repoFile("contracts/examples/" + contract))) {
                files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            }
            assertFalse(files.isEmpty(), contract + " has examples");
            all = Stream.concat(all, files.stream().map(file -> Arguments.of(contract, file)));
        }
        return all;
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleMatchesItsSchema(String contract, Path example) throws IOException {
        Contracts.assertValid(contract, JSON.readTree(example.toFile()));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void theVerifierFindsTheOtpUrlInEveryRequestExample(String contract, Path example) throws IOException {
        if (contract.endsWith("-request")) {
            Optional<SkillRequest> request = SkillRequest.parse(JSON, JSON.readTree(example.toFile()), "profile");
            assertTrue(OtpUrl.token(request.orElseThrow().otpUrl()).isPresent(), example.toString());
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
        JsonNode profiles = JSON.readTree(TestEvents.repoFile("sample-data/kakao-profiles.json").toFile());
        for (JsonNode profile : profiles) {
            com.fasterxml.jackson.databind.node.ObjectNode answer = profile.deepCopy();
            answer.remove(List.of("token", "delay_ms", "status"));
            if (answer.path("phone_number").asText().length() > 10) {
                Contracts.assertValid("kakao-otp-profile", answer);
            }
        }
    }

    private static void assertSample(String file, String contract, String token) throws IOException {
        JsonNode body = JSON.readTree(TestEvents.repoFile("sample-data/skill-requests/" + file).toFile());
        Contracts.assertValid(contract, body);
        assertEquals(Optional.of(token), OtpUrl.token(SkillRequest.parse(JSON, body, "profile").orElseThrow().otpUrl()));
    }
}
