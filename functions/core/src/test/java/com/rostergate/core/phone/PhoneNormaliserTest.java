package com.rostergate.core.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNormaliserTest {

    private final PhoneNormaliser normaliser = new PhoneNormaliser();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "010-1234-5678",
                "01012345678",
                "010 1234 5678",
                "(010)1234-5678",
                "+82 10-1234-5678",
                "+82-10-1234-5678",
                " 010.1234.5678 ",
                "+821012345678"
            })
    void everyKoreanSpellingIsTheSamePerson(String raw) {
        assertEquals("+821012345678", normaliser.normalise(raw).e164());
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1 650-253-0000", "+44 20 7946 0958", "+81 90-1234-5678"})
    void foreignNumbersWithCountryCodeAreKept(String raw) {
        PhoneNormaliser.Result result = normaliser.normalise(raw);
        assertNotNull(result.e164(), raw);
        assertEquals('+', result.e164().charAt(0));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "abc", "010-1234", "123", "010-1234-5678-9999-0000-1111-2222-3333-4444"})
    void invalidOrMissingNumbersAreRejectedWithAReason(String raw) {
        PhoneNormaliser.Result result = normaliser.normalise(raw);
        assertFalse(result.isValid());
        assertNotNull(result.rejection());
    }

    @ParameterizedTest
    @ValueSource(strings = {"+821012345678"})
    void maskKeepsCountryCodeAndLastFourDigits(String e164) {
        assertEquals("+82******5678", PhoneMask.mask(e164));
        assertEquals("***-****-5678".length(), PhoneMask.mask("010-1234-5678").length());
        assertEquals("***", PhoneMask.mask("123"));
    }
}
