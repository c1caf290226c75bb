package com.rostergate.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rostergate.verifier.ApiGateway.RequestRejected;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * Who may call the skill: whoever presents the skill secret, in the configured header or, for bot builders
 * that cannot set one, as the last path segment ({@code POST /skill/verify/{token}}). Closed by default:
 * without a secret of at least {@link #MIN_SECRET_LENGTH} characters every call is refused.
 */
final class CallerCheck {

    static final int MIN_SECRET_LENGTH = 32;
    /** The path parameter of the template's {@code /skill/verify/{token}} route. */
    static final String PATH_PARAMETER = "token";

    enum Place {
        HEADER,
        PATH
    }

    private final Place place;
    private final String header;
    /** Null when no usable secret was configured: every call is refused. */
    private final byte[] secret;

    private CallerCheck(Place place, String header, byte[] secret) {
        this.place = place;
        this.header = header;
        this.secret = secret;
    }

    /** {@code placeName} is {@code header} or {@code path}; a secret that is missing or too short closes the skill. */
    static CallerCheck of(String secret, String placeName, String header) {
        Place place;
        try {
            place = Place.valueOf(placeName.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SKILL_SECRET_IN must be header or path");
        }
        boolean usable = secret != null && secret.strip().length() >= MIN_SECRET_LENGTH;
        return new CallerCheck(place, header, usable ? secret.strip().getBytes(StandardCharsets.UTF_8) : null);
    }

    /** False when the skill refuses every call for want of a secret. */
    boolean isOpenToItsCaller() {
        return secret != null;
    }

    Place place() {
        return place;
    }

    String header() {
        return header;
    }

    /** What a refused caller is told to present. */
    String describe() {
        return place == Place.HEADER ? "the " + header + " header" : "the path token (/skill/verify/<token>)";
    }

    void check(JsonNode event) throws RequestRejected {
        if (secret == null) {
            throw new RequestRejected(401, Reason.SKILL_SECRET_NOT_SET);
        }
        String presented = place == Place.HEADER
                ? ApiGateway.header(event, header)
                : ApiGateway.pathParameter(event, PATH_PARAMETER);
        // MessageDigest.isEqual takes time by the length of its first argument only: the caller's own input.
        if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), secret)) {
            throw new RequestRejected(401, Reason.CALLER_UNAUTHORIZED);
        }
    }

    /** Puts the secret where a caller would (priming builds its events with it); nothing without a secret. */
    void presentIn(ObjectNode event) {
        if (secret == null) {
            return;
        }
        String value = new String(secret, StandardCharsets.UTF_8);
        if (place == Place.HEADER) {
            ((ObjectNode) event.path("headers")).put(header, value);
        } else {
            event.putObject("pathParameters").put(PATH_PARAMETER, value);
        }
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "CallerCheck[" + place + (place == Place.HEADER ? " " + header : "")
                + (secret == null ? ", no secret: closed" : "") + "]";
    }
}
