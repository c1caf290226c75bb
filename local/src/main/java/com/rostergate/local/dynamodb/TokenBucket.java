package com.rostergate.local.dynamodb;

import java.util.function.LongSupplier;

/**
 * Capacity units refilled continuously at a rate per second and held up to one second's worth: no
 * burst beyond that (DynamoDB keeps up to 5 minutes of unused capacity, which would hide the limit
 * from a short benchmark). Time comes from {@code ticker} (nanoseconds), so tests need not sleep.
 */
final class TokenBucket {

    private final double perSecond;
    private final LongSupplier ticker;
    private double units;
    private long refilledAt;

    TokenBucket(double perSecond, LongSupplier ticker) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + perSecond);
        }
        this.perSecond = perSecond;
        this.ticker = ticker;
        this.units = perSecond;
        this.refilledAt = ticker.getAsLong();
    }

    /**
     * Takes {@code amount} when that much is there. A call larger than a second's capacity passes
     * when the bucket is full and leaves it in debt, so it is slowed but never refused for good.
     */
    synchronized boolean tryTake(double amount) {
        refill();
        if (units < Math.min(amount, perSecond)) {
            return false;
        }
        units -= amount;
        return true;
    }

    /** Whether any capacity is left: a read goes through then and is {@link #charge charged} what it read. */
    synchronized boolean available() {
        refill();
        return units > 0;
    }

    /** Takes {@code amount} even past what is there: the debt holds back the calls after it. */
    synchronized void charge(double amount) {
        refill();
        units -= amount;
    }

    /** Gives back what {@link #tryTake} took, for a call refused on another table. */
    synchronized void refund(double amount) {
        units = Math.min(perSecond, units + amount);
    }

    synchronized double units() {
        refill();
        return units;
    }

    private void refill() {
        long now = ticker.getAsLong();
        units = Math.min(perSecond, units + (now - refilledAt) * perSecond / 1e9);
        refilledAt = now;
    }
}
