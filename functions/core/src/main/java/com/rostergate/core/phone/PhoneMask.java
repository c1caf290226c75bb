package com.rostergate.core.phone;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks phone numbers for logs and console output: {@code +821012345678} becomes {@code +82******5678}. */
public final class PhoneMask {

    private static final int KEPT_PREFIX = 3;
    private static final int KEPT_SUFFIX = 4;
    /**
     * 9 to 15 digits (E.164's most), optionally after '+', separated by at most two of space, hyphen, dot
     * or parenthesis. Longer digit runs (ids, epoch nanos) are not phone numbers.
     */
    private static final Pattern PHONE_LIKE = Pattern.compile("(?<![\\w.+])\\+?\\(?\\d(?:[ ().-]{0,2}\\d){8,14}(?![\\w])");

    private PhoneMask() {
    }

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
