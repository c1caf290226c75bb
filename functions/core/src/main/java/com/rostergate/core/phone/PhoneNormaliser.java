package com.rostergate.core.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The one way a phone number becomes a roster key: parsed with libphonenumber (default region KR)
 * and written in E.164. The roster splitter and the verifier both go through here, so a number HR
 * typed as {@code 010-1234-5678} and Kakao reports as {@code +82 10-1234-5678} meet on the same key.
 */
public final class PhoneNormaliser {

    public static final String DEFAULT_REGION = "KR";
    private static final int MAX_INPUT_LENGTH = 40;
    private static final int KOREA = 82;

    private final String defaultRegion;
    /** libphonenumber's KR patterns, compiled once: a number they both accept is one isValidNumber accepts. */
    private final Predicate<String> koreanNumber;

    private final Predicate<String> koreanMobile;

    public PhoneNormaliser() {
        this(DEFAULT_REGION);
    }

    public PhoneNormaliser(String defaultRegion) {
        this.defaultRegion = defaultRegion;
        PhoneMetadata korea = DefaultMetadataDependenciesProvider.getInstance()
                .getPhoneNumberMetadataSource()
                .getMetadataForRegion(DEFAULT_REGION);
        this.koreanNumber = matcherOf(korea.getGeneralDesc());
        this.koreanMobile = matcherOf(korea.getMobile());
    }

    /** Parses {@code raw}; never throws, the result carries either the E.164 number or why it was refused. */
    public Result normalise(String raw) {
        if (raw == null || raw.isBlank()) {
            return Result.rejected("missing phone number");
        }
        String trimmed = raw.strip();
        if (trimmed.length() > MAX_INPUT_LENGTH) {
            return Result.rejected("phone number too long");
        }
        Result mobile = DEFAULT_REGION.equals(defaultRegion) ? plainKoreanMobile(trimmed) : null;
        if (mobile != null) {
            return mobile;
        }
        PhoneNumber parsed;
        try {
            parsed = FullParser.UTIL.parse(trimmed, defaultRegion);
        } catch (NumberParseException e) {
            return Result.rejected("not a phone number");
        }
        if (!FullParser.UTIL.isValidNumber(parsed)) {
            return Result.rejected("invalid phone number");
        }
        return Result.of(FullParser.UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164));
    }

    /**
     * Fast path for the common spellings of a Korean 010 mobile number ({@code 010-1234-5678},
     * {@code 01012345678}, {@code +82 10 1234 5678}: ASCII digits with spaces, dots or hyphens). It
     * skips libphonenumber's text parsing and its per-call metadata lookups (together most of the
     * splitter's time per row) but checks the number against the same KR patterns its isValidNumber
     * uses, so the answer is the same (some 010 ranges are not valid). A number the patterns refuse,
     * and anything that is not such a spelling (null), takes the full path.
     */
    private Result plainKoreanMobile(String text) {
        boolean international = text.charAt(0) == '+';
        StringBuilder digits = new StringBuilder(13);
        for (int i = international ? 1 : 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c != '-' && c != ' ' && c != '.') {
                return null;
            }
        }
        String prefix = international ? (digits.indexOf("82010") == 0 ? "82010" : "8210") : "010";
        if (digits.length() != prefix.length() + 8 || digits.indexOf(prefix) != 0) {
            return null;
        }
        String national = "10" + digits.substring(prefix.length());
        if (koreanNumber.test(national) && koreanMobile.test(national)) {
            return Result.of("+82" + national);
        }
        PhoneNumber number = new PhoneNumber().setCountryCode(KOREA).setNationalNumber(Long.parseLong(national));
        return FullParser.UTIL.isValidNumber(number)
                ? Result.of("+82" + national)
                : Result.rejected("invalid phone number");
    }

    /**
     * libphonenumber's parser, built on first use (the JVM initialises a nested class when it is first touched): a
     * Korean 010 mobile, nearly every number Kakao reports, never needs it, and building it costs a cold verifier's
     * start some 10 ms of the library's own patterns.
     */
    private static final class FullParser {
        static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    }

    /**
     * libphonenumber's isNumberMatchingDesc: a possible length (when the description lists any), then a whole match of
     * the pattern.
     */
    private static Predicate<String> matcherOf(PhoneNumberDesc desc) {
        long lengths = 0;
        for (int length : desc.getPossibleLengthList()) {
            lengths |= 1L << length;
        }
        long possible = lengths == 0 ? -1L : lengths;
        Pattern pattern = Pattern.compile(desc.getNationalNumberPattern());
        return number -> (possible & 1L << number.length()) != 0
                && pattern.matcher(number).matches();
    }

    /** Either {@code e164} or {@code rejection} is set. */
    public record Result(String e164, String rejection) {
        static Result of(String e164) {
            return new Result(e164, null);
        }

        static Result rejected(String reason) {
            return new Result(null, reason);
        }

        public boolean isValid() {
            return e164 != null;
        }
    }
}
