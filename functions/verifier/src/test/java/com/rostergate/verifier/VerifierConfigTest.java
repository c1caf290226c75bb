package com.rostergate.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VerifierConfigTest {

    @Test
    void defaultsFollowTheTemplate() {
        VerifierConfig config = VerifierConfig.from(VerifierHandlerTest.env("VERIFY_BUDGET_MS", "", "KAKAO_API_BASE_URL", "https://talk-plugin-capi.kakao.com/"));
        assertEquals(Duration.ofMillis(800), config.budget());
        assertEquals("https://talk-plugin-capi.kakao.com", config.kakaoBaseUrl());
        assertEquals("profile", config.pluginParam());
        assertEquals(CallerCheck.Place.HEADER, config.callerCheck().place());
        assertEquals("X-Skill-Secret", config.callerCheck().header());
        assertFalse(config.replyWithEmployee());
    }

    @ParameterizedTest
    @ValueSource(strings = {"talk-plugin-capi.kakao.com", "ftp://kakao.example", "https://user@kakao.example", "https://kakao.example?x=1", "https://kakao.example/#f", "http:///nohost", "not a url"})
    void aBaseUrlThatIsNotAPlainOriginIsRefusedAtInit(String base) {
        assertThrows(IllegalArgumentException.class, () -> VerifierConfig.from(VerifierHandlerTest.env("KAKAO_API_BASE_URL", base)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"99", "2001", "fast", "-1"})
    void aBudgetOutsideTheTemplatesRangeIsRefused(String budget) {
        assertThrows(IllegalArgumentException.class, () -> VerifierConfig.from(VerifierHandlerTest.env("VERIFY_BUDGET_MS", budget)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"EMPLOYEES_TABLE", "KAKAO_API_BASE_URL", "KAKAO_REST_API_KEY"})
    void requiredSettingsMustBePresent(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VerifierConfig.from(VerifierHandlerTest.env(name, " ")));
        assertEquals(name + " is not set", e.getMessage());
    }

    @Test
    void toStringNeverShowsTheKeyOrTheSecret() {
        String text = VerifierConfig.from(VerifierHandlerTest.env("SKILL_SECRET", "the-secret")).toString();
        assertFalse(text.contains("unit-test-rest-api-key") || text.contains("the-secret"), text);
    }
}
