package com.rostergate.verifier;

/** Why a verification ended as it did; logged as a fixed code, so a log line never carries request text. */
enum Reason {
    VERIFIED,
    NOT_IN_ROSTER,
    PLUGIN_VALUE_MISSING,
    OTP_URL_REJECTED,
    OTP_UNKNOWN,
    /** Kakao sent no {@code appUserId} for the user who asks: the bot has no Kakao Sync / profile plugin linked. */
    REQUESTER_UNIDENTIFIED,
    /** Neither Kakao's profile answer nor the plugin's resolved value says whose OTP it is. */
    OTP_OWNER_UNKNOWN,
    /** The OTP was issued to another Kakao user than the one who asks. */
    OTP_USER_MISMATCH,
    PROFILE_WITHOUT_PHONE,
    PHONE_INVALID,
    KAKAO_ERROR,
    KAKAO_CIRCUIT_OPEN,
    ROSTER_ERROR,
    TIMEOUT,
    CALLER_UNAUTHORIZED,
    /** The verifier has no skill secret of at least 32 characters, so it refuses every call. */
    SKILL_SECRET_NOT_SET,
    BODY_TOO_LARGE,
    MALFORMED_REQUEST,
    INTERNAL_ERROR
}
