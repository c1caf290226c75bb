package com.rostergate.verifier;

import java.time.Duration;

/** The instant a verification must be answered by; every call inside derives its own timeout from it. */
record Deadline(long atNanos) {

    static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    long remainingMillis() {
        return Math.max(0, (atNanos - System.nanoTime()) / 1_000_000);
    }

    boolean passed() {
        return remainingMillis() == 0;
    }

    /** A socket timeout for the time left; never 0, which java.net reads as "wait forever". */
    int socketTimeoutMillis() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, remainingMillis()));
    }
}
