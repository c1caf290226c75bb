package com.rostergate.local.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final TokenBucket bucket = new TokenBucket(100, now::get);

    @Test
    void startsFullWithOneSecondOfCapacityAndRefusesPastIt() {
        assertTrue(bucket.tryTake(60));
        assertTrue(bucket.tryTake(40));
        assertFalse(bucket.tryTake(1), "a second's capacity is spent");
        assertEquals(0, bucket.units(), 1e-9);
    }

    @Test
    void refillsAtTheRateAndHoldsNoMoreThanOneSecond() {
        assertTrue(bucket.tryTake(100));
        advanceMillis(250);
        assertFalse(bucket.tryTake(26), "a quarter second refills 25 units");
        assertTrue(bucket.tryTake(25));
        advanceMillis(60_000);
        assertEquals(100, bucket.units(), 1e-9, "a minute idle still leaves one second's worth: no burst");
    }

    @Test
    void aCallLargerThanTheCapacityPassesOnAFullBucketAndLeavesItInDebt() {
        assertTrue(bucket.tryTake(400), "a 400-unit write on a 100-unit table is slowed, not refused for ever");
        assertEquals(-300, bucket.units(), 1e-9);
        advanceMillis(3_000);
        assertFalse(bucket.tryTake(1), "the debt is paid back at the rate first");
        advanceMillis(1);
        assertTrue(bucket.tryTake(0.1));
    }

    @Test
    void readsPassWhileAnyUnitIsLeftAndAreChargedAfterwards() {
        assertTrue(bucket.available());
        bucket.charge(150);
        assertFalse(bucket.available(), "a read that took more than was there leaves the table in debt");
        advanceMillis(500);
        assertFalse(bucket.available());
        advanceMillis(501);
        assertTrue(bucket.available());
    }

    @Test
    void aRefundNeverFillsPastOneSecond() {
        assertTrue(bucket.tryTake(10));
        bucket.refund(50);
        assertEquals(100, bucket.units(), 1e-9);
    }

    @Test
    void aCapacityMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, now::get));
    }

    private void advanceMillis(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
