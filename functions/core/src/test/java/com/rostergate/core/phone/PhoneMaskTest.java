package com.rostergate.core.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneMaskTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "+821012345678|+82******5678",
                "+82 10-1234-5678|+82 **-****-5678",
            })
    void masksAllButTheCountryCodeAndTheLastFourDigits(String phone, String masked) {
        assertEquals(masked, PhoneMask.mask(phone));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "010-1234-5678",
                "01012345678",
                "010 1234 5678",
                "(010)1234-5678",
                "+82 10-1234-5678",
                "+82-10-1234-5678",
                "+821012345678",
                "010.1234.5678",
                "+1 650-253-0000"
            })
    void redactsEverySpellingOfANumberInsideFreeText(String phone) {
        String redacted = PhoneMask.redact("line 7: '" + phone + "' is not an employee, said 김민준");

        assertFalse(
                redacted.replaceAll("[^0-9]", "")
                        .contains(phone.replaceAll("[^0-9]", "").substring(0, 7)),
                redacted);
        assertEquals(true, redacted.startsWith("line 7: '"), redacted);
        assertEquals(
                true,
                redacted.endsWith(phone.substring(phone.length() - 4) + "' is not an employee, said 김민준"),
                redacted);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "０１０－１２３４－５６７８",
                "０１０１２３４５６７８",
                "010/1234/5678",
                "010 - 1234 - 5678",
                "010 / 1234 / 5678",
                "+８２ １０ １２３４ ５６７８",
                "010．1234．5678",
                "（010）1234－5678",
                "010\u30001234\u30005678",
                "010\u20131234\u20135678"
            })
    void redactsFullWidthDigitsAndOtherSeparators(String phone) {
        String redacted = PhoneMask.redact("row 7 holds " + phone + " for 김민준");
        String digits = ascii(redacted).replaceAll("[^0-9]", "");
        assertFalse(digits.contains("1234"), redacted);
        assertEquals(true, redacted.startsWith("row 7 holds ") && redacted.endsWith(" for 김민준"), redacted);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "c0a8f3e2-1b2c-4d5e-8f9a-123456789012",
                "5b0c0b4e-3f3a-4c49-9a65-000000000001",
                "059f36b4-87a3-44ab-83d2-661975830a7d",
                "1-5759e988-bd862e3fe1be46a994272793",
                "msg_123456789012",
                "x/123456789012",
                "123456789012-abcd",
                "req.123456789012"
            })
    void leavesIdsWhoseGroupsAreAllDigitsAlone(String id) {
        String text = "awsRequestId " + id + " messageId " + id;
        assertEquals(text, PhoneMask.redact(text));
    }

    private static String ascii(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c >= 0xFF10 && c <= 0xFF19 ? (char) ('0' + c - 0xFF10) : (char) c));
        return out.toString();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "import 2026-11-22T06:09:32.123Z read 100000 rows in 12345 ms",
                "batch 000042 of imp-8f3e9a1c2b4d, receive 3",
                "import imp-20261122T061534Z-3549331234567890 is COMPLETE",
                "s3://rostergate-roster/rosters/full/2026-11-22.csv",
                ""
            })
    void leavesDatesCountsAndIdsAlone(String text) {
        assertEquals(text, PhoneMask.redact(text));
    }
}
