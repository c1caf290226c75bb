package com.rostergate.core.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneMaskTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "+821012345678|+82******5678",
        "+82 10-1234-5678|+82 **-****-5678",
    })
    void masksAllButTheCountryCodeAndTheLastFourDigits(String phone, String masked) {
        assertEquals(masked, PhoneMask.mask(phone));
    }

    @ParameterizedTest
    @ValueSource(strings = {"010-1234-5678", "01012345678", "010 1234 5678", "(010)1234-5678", "+82 10-1234-5678",
        "+82-10-1234-5678", "+821012345678", "010.1234.5678", "+1 650-253-0000"})
    void redactsEverySpellingOfANumberInsideFreeText(String phone) {
        String redacted = PhoneMask.redact("line 7: '" + phone + "' is not an employee, said 김민준");

        assertFalse(redacted.replaceAll("[^0-9]", "").contains(phone.replaceAll("[^0-9]", "").substring(0, 7)), redacted);
        assertEquals(true, redacted.startsWith("line 7: '"), redacted);
        assertEquals(true, redacted.endsWith(phone.substring(phone.length() - 4) + "' is not an employee, said 김민준"), redacted);
    }

    @ParameterizedTest
    @ValueSource(strings = {"import 2026-11-22T06:09:32.123Z read 100000 rows in 12345 ms",
        "batch 000042 of imp-8f3e9a1c2b4d, receive 3",
        "import imp-20261122T061534Z-3549331234567890 is COMPLETE", "s3://rostergate-roster/rosters/full/2026-11-22.csv", ""})
    void leavesDatesCountsAndIdsAlone(String text) {
        assertEquals(text, PhoneMask.redact(text));
    }
}
