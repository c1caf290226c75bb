package com.rostergate.core.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * The one way a phone number becomes a roster key: parsed with libphonenumber (default region KR)
 * and written in E.164. The roster splitter and the verifier both go through here, so a number HR
 * typed as {@code 010-1234-5678} and Kakao reports as {@code +82 10-1234-5678} meet on the same key.
 */
public final class PhoneNormaliser {

    public static final String DEFAULT_REGION = "KR";
    private static final int MAX_INPUT_LENGTH = 40;

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final String defaultRegion;

    public PhoneNormaliser() {
        this(DEFAULT_REGION);
    }

    public PhoneNormaliser(String defaultRegion) {
        this.defaultRegion = defaultRegion;
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
        PhoneNumber parsed;
        try {
            parsed = util.parse(trimmed, defaultRegion);
        } catch (NumberParseException e) {
            return Result.rejected("not a phone number");
        }
        if (!util.isValidNumber(parsed)) {
            return Result.rejected("invalid phone number");
        }
        return Result.of(util.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164));
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
