package com.rostergate.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VerifierConfigTest {

    @Test
    void defaultsFollowTheTemplate() {
        VerifierConfig config = VerifierConfig.from(VerifierHandlerTest.env(
                "VERIFY_BUDGET_MS", "", "KAKAO_API_BASE_URL", "https://talk-plugin-capi.kakao.com/"));
        assertEquals(Duration.ofMillis(800), config.budget());
        assertEquals("https://talk-plugin-capi.kakao.com", config.kakaoBaseUrl());
        assertEquals("profile", config.pluginParam());
        assertEquals(CallerCheck.Place.HEADER, config.callerCheck().place());
        assertEquals("X-Skill-Secret", config.callerCheck().header());
        assertFalse(config.replyWithEmployee());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "talk-plugin-capi.kakao.com",
                "ftp://kakao.example",
                "https://user@kakao.example",
                "https://kakao.example?x=1",
                "https://kakao.example/#f",
                "http:///nohost",
                "not a url"
            })
    void aBaseUrlThatIsNotAPlainOriginIsRefusedAtInit(String base) {
        assertThrows(
                IllegalArgumentException.class,
                () -> VerifierConfig.from(VerifierHandlerTest.env("KAKAO_API_BASE_URL", base)));
    }

    @Test
    void plainHttpIsRefusedUnlessTheLocalStackAsksForItOnLoopback() {
        IllegalArgumentException clear = assertThrows(
                IllegalArgumentException.class,
                () -> VerifierConfig.from(VerifierHandlerTest.env(
                        "KAKAO_API_LOCAL_HTTP", "", "KAKAO_API_BASE_URL", "http://kakao.example")));
        assertTrue(clear.getMessage().contains("https"), clear.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> VerifierConfig.from(VerifierHandlerTest.env(
                        "KAKAO_API_LOCAL_HTTP", "", "KAKAO_API_BASE_URL", "http://127.0.0.1:9")));
        assertThrows(
                IllegalArgumentException.class,
                () -> VerifierConfig.from(VerifierHandlerTest.env(
                        "KAKAO_API_LOCAL_HTTP", "true", "KAKAO_API_BASE_URL", "http://kakao.example")),
                "only to a loopback host");

        assertEquals(
                "http://127.0.0.1:9",
                VerifierConfig.from(VerifierHandlerTest.env(
                                "KAKAO_API_LOCAL_HTTP", "true", "KAKAO_API_BASE_URL", "http://127.0.0.1:9"))
                        .kakaoBaseUrl());
    }

    @ParameterizedTest
    @ValueSource(strings = {"99", "2001", "fast", "-1"})
    void aBudgetOutsideTheTemplatesRangeIsRefused(String budget) {
        assertThrows(
                IllegalArgumentException.class,
                () -> VerifierConfig.from(VerifierHandlerTest.env("VERIFY_BUDGET_MS", budget)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"EMPLOYEES_TABLE", "KAKAO_API_BASE_URL", "KAKAO_REST_API_KEY"})
    void requiredSettingsMustBePresent(String name) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> VerifierConfig.from(VerifierHandlerTest.env(name, " ")));
        assertEquals(name + " is not set", e.getMessage());
    }

    @Test
    void toStringNeverShowsTheKeyOrTheSecret() {
        String text = VerifierConfig.from(VerifierHandlerTest.env("SKILL_SECRET", "the-secret"))
                .toString();
        assertFalse(text.contains("unit-test-rest-api-key") || text.contains("the-secret"), text);
    }
}
