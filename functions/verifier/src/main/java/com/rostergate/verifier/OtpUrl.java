package com.rostergate.verifier;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kakao's OTP profile URL, accepted only in its exact form. The verifier never fetches this URL:
 * it keeps only the token and asks the configured Kakao base for {@code /otp/<token>/profile}. The
 * whole string is matched as text (no URI parsing, no decoding), so user info, ports, other hosts,
 * {@code http:}, percent-encoding, dot segments, queries and fragments all fall outside the pattern.
 */
final class OtpUrl {

    static final String HOST = "talk-plugin-capi.kakao.com";
    /** Kakao's tokens are hex object ids (24 characters); the class allows ids of that family, no separators. */
    private static final Pattern FORM =
            Pattern.compile("https://talk-plugin-capi\\.kakao\\.com/otp/([A-Za-z0-9][A-Za-z0-9_-]{7,63})/profile");

    private static final int MAX_LENGTH = 128;

    private OtpUrl() {}

    /** The token of a well-formed OTP URL, or empty for anything else. */
    static Optional<String> token(String candidate) {
        if (candidate == null || candidate.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Matcher matcher = FORM.matcher(candidate);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
