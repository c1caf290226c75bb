package com.rostergate.core.phone;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks phone numbers for logs and console output: {@code +821012345678} becomes {@code +82******5678}. */
public final class PhoneMask {

    private static final int KEPT_PREFIX = 3;
    private static final int KEPT_SUFFIX = 4;
    private static final String DIGIT = "[0-9\uFF10-\uFF19]";
    /**
     * Between digits: spaces, hyphens and dashes, dots, slashes, parentheses, ASCII or full width (Korean IMEs type
     * both).
     */
    private static final String SEPARATOR = "[ \u3000().\\-/\u2010-\u2015\u2212\uFF08\uFF09\uFF0D\uFF0E\uFF0F]";
    /**
     * 9 to 15 digits (E.164's most), optionally after '+', with at most three separators between two digits
     * ({@code 010 - 1234 - 5678}). Longer digit runs (ids, epoch nanos) are not phone numbers, nor is a run
     * that is part of an id: one joined by a hyphen, underscore, dot or slash to letters or digits before it
     * ({@code ...-8f9a-123456789012}, a request id whose last group is all digits) or by a hyphen or
     * underscore to letters or digits after it.
     */
    private static final Pattern PHONE_LIKE =
            Pattern.compile("(?<![A-Za-z0-9\uFF10-\uFF19_.+\uFF0B])(?<![A-Za-z0-9_][-_./])"
                    + "[+\uFF0B]?[(\uFF08]?" + DIGIT + "(?:" + SEPARATOR + "{0,3}" + DIGIT + "){8,14}"
                    + "(?![A-Za-z0-9\uFF10-\uFF19_])(?![-_][A-Za-z0-9])");

    private PhoneMask() {}

    public static String mask(String phone) {
        if (phone == null) {
            return null;
        }
        int length = phone.length();
        boolean keepEnds = length >= KEPT_PREFIX + KEPT_SUFFIX + 3;
        StringBuilder masked = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            char c = phone.charAt(i);
            boolean kept = keepEnds && (i < KEPT_PREFIX || i >= length - KEPT_SUFFIX);
            masked.append(kept || !Character.isLetterOrDigit(c) ? c : '*');
        }
        return masked.toString();
    }

    /**
     * Masks every phone-like run of digits in free text (an error message quoting a row, say), so a
     * number that was not known to be one still reaches a log only masked. Dates and counts are left
     * alone: they have fewer than nine digits in a run.
     */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = PHONE_LIKE.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder redacted = new StringBuilder(text.length());
        do {
            matcher.appendReplacement(redacted, Matcher.quoteReplacement(mask(matcher.group())));
        } while (matcher.find());
        matcher.appendTail(redacted);
        return redacted.toString();
    }
}
