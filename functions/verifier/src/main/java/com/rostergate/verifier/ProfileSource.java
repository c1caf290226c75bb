package com.rostergate.verifier;

import java.io.IOException;
import java.util.Optional;

/** Reads the Kakao profile behind an OTP token. */
interface ProfileSource {

    /**
     * @return the profile, or empty when Kakao does not know the token (expired or made up)
     * @throws IOException when Kakao could not be asked or answered with an error: counts against the circuit
     */
    Optional<KakaoProfile> fetch(String token, Deadline deadline) throws IOException;

    /** Before a SnapStart snapshot: readies what the first fetch of a restored instance would set up. */
    default void warmUp() {}
}
