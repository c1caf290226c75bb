package com.rostergate.core.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast path for plain 010 numbers must answer exactly as libphonenumber does. */
class PhoneNormaliserFastPathTest {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final String[] SPELLINGS = {
        "010-%s-%s",
        "010%s%s",
        "010 %s %s",
        "010.%s.%s",
        "+82 10-%s-%s",
        "+82-10-%s-%s",
        "+8210%s%s",
        "+82 010 %s %s",
        " 010-%s-%s ",
        "010--%s--%s",
        "+82 10 %s%s",
        "(010)%s-%s",
        "010-%s-%s0",
        "+82 10-%s-%s1",
        "011-%s-%s",
        "+82 11-%s-%s",
        "01-0%s-%s",
        "+821%s-%s",
        "+83 10-%s-%s",
        "010-%s-%s-",
        "010‐%s‐%s"
    };

    @Test
    void agreesWithLibphonenumberOnEveryCommonSpelling() {
        PhoneNormaliser normaliser = new PhoneNormaliser();
        Random random = new Random(11);
        for (int i = 0; i < 3000; i++) {
            String middle = String.format("%04d", random.nextInt(10_000));
            String last = String.format("%04d", random.nextInt(10_000));
            for (String spelling : SPELLINGS) {
                String raw = String.format(spelling, middle, last);
                assertEquals(libphonenumber(raw), normaliser.normalise(raw).e164(), raw);
            }
        }
    }

    @Test
    void agreesWithLibphonenumberOnEvery010Block() {
        // validity depends on the digits after 010 (some ranges are not mobile numbers): try every block of four
        PhoneNormaliser normaliser = new PhoneNormaliser();
        Random random = new Random(12);
        for (int middle = 0; middle < 10_000; middle++) {
            String raw = String.format("010-%04d-%04d", middle, random.nextInt(10_000));
            assertEquals(libphonenumber(raw), normaliser.normalise(raw).e164(), raw);
        }
    }

    @Test
    void anotherDefaultRegionDoesNotTakeTheKoreanShortcut() {
        assertEquals(
                libphonenumber("01012345678", "US"),
                new PhoneNormaliser("US").normalise("01012345678").e164());
    }

    private static String libphonenumber(String raw) {
        return libphonenumber(raw, "KR");
    }

    private static String libphonenumber(String raw, String region) {
        try {
            PhoneNumber parsed = UTIL.parse(raw.strip(), region);
            return UTIL.isValidNumber(parsed) ? UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164) : null;
        } catch (NumberParseException e) {
            return null;
        }
    }
}
