package com.rostergate.verifier;

import com.rostergate.core.phone.PhoneMask;

/**
 * The answer to one verification. {@code detail} is a fixed text (a class name or the normaliser's
 * rejection), {@code maskedPhone} is already masked: both are safe to log.
 */
record Verdict(Reason reason, String detail, String maskedPhone, Employee employee) {

    static Verdict verified(Employee employee) {
        return new Verdict(Reason.VERIFIED, null, PhoneMask.mask(employee.phone()), employee);
    }

    static Verdict fail(Reason reason) {
        return new Verdict(reason, null, null, null);
    }

    static Verdict fail(Reason reason, String detail) {
        return new Verdict(reason, detail, null, null);
    }

    static Verdict fail(Reason reason, String detail, String phone) {
        return new Verdict(reason, detail, PhoneMask.mask(phone), null);
    }

    boolean isVerified() {
        return reason == Reason.VERIFIED;
    }
}
