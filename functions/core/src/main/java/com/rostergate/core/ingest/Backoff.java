package com.rostergate.core.ingest;

import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the n-th retry waits a random time in
 * [0, min(cap, base * 2^(n-1))], which spreads retries of many writers apart.
 */
public record Backoff(long baseMillis, long capMillis) {

    /** The code's own retries of a call (and of a refused count): from around 50 ms, at most 2 s each. */
    public static final Backoff CALLS = new Backoff(50, 2000);
    /** A retry is not started with less than this left: the call itself and the bookkeeping after it must still fit. */
    public static final long CALL_RESERVE_MILLIS = 1000;

    public long delayMillis(int retry, RandomGenerator random) {
        int doublings = Math.min(Math.max(retry - 1, 0), 30);
        long ceiling = Math.min(capMillis, baseMillis << doublings);
        return random.nextLong(ceiling + 1);
    }

    /**
     * Whether a wait of {@code delayMillis} still leaves {@code reserveMillis} of {@code remainingMillis} for the call
     * and the bookkeeping after it.
     */
    public static boolean fits(long delayMillis, long remainingMillis, long reserveMillis) {
        return delayMillis + reserveMillis <= remainingMillis;
    }
}
