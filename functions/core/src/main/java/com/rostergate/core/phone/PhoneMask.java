package com.rostergate.core.phone;

/** Masks phone numbers for logs and console output: {@code +821012345678} becomes {@code +82******5678}. */
public final class PhoneMask {

    private static final int KEPT_PREFIX = 3;
    private static final int KEPT_SUFFIX = 4;

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
}
