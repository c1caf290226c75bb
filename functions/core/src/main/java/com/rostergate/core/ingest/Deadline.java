package com.rostergate.core.ingest;

/**
 * When the current invocation must have finished its work (Lambda's remaining time less a reserve), on the monotonic
 * clock.
 */
public final class Deadline {

    private static final Deadline NONE = new Deadline(Long.MAX_VALUE);

    private final long endNanos;

    private Deadline(long endNanos) {
        this.endNanos = endNanos;
    }

    /** {@code remainingMillis} from now, less {@code reserveMillis} kept for the bookkeeping after the work. */
    public static Deadline in(long remainingMillis, long reserveMillis) {
        return new Deadline(System.nanoTime() + Math.max(0, remainingMillis - reserveMillis) * 1_000_000L);
    }

    /** No limit: an operator's command that runs to the end. */
    public static Deadline none() {
        return NONE;
    }

    public long remainingMillis() {
        return endNanos == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, (endNanos - System.nanoTime()) / 1_000_000L);
    }

    public boolean passed() {
        return remainingMillis() == 0;
    }
}
