package com.rostergate.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(50, 2000);

    @Test
    void eachRetryWaitsBetweenZeroAndAnExponentiallyGrowingCeiling() {
        Random random = new Random(1);
        long[] ceilings = {50, 100, 200, 400, 800, 1600, 2000, 2000, 2000};
        for (int retry = 1; retry <= ceilings.length; retry++) {
            long min = Long.MAX_VALUE;
            long max = 0;
            for (int i = 0; i < 5000; i++) {
                long delay = backoff.delayMillis(retry, random);
                min = Math.min(min, delay);
                max = Math.max(max, delay);
            }
            long ceiling = ceilings[retry - 1];
            assertTrue(min >= 0 && min <= ceiling / 20, "full jitter reaches near zero on retry " + retry + ": " + min);
            assertTrue(
                    max <= ceiling && max >= ceiling * 19 / 20,
                    "retry " + retry + " reaches its ceiling " + ceiling + ": " + max);
        }
    }

    @Test
    void hugeRetryCountsStayAtTheCap() {
        Random random = new Random(2);
        for (int retry : new int[] {40, 64, 1000, Integer.MAX_VALUE}) {
            long delay = backoff.delayMillis(retry, random);
            assertTrue(delay >= 0 && delay <= 2000, retry + " -> " + delay);
        }
        assertEquals(0, new Backoff(0, 0).delayMillis(3, random));
    }

    @Test
    void aWaitFitsOnlyWhenTheReserveIsLeftAfterIt() {
        assertTrue(Backoff.fits(1000, 3000, 2000));
        assertFalse(Backoff.fits(1001, 3000, 2000));
        assertFalse(Backoff.fits(0, 500, 1000));
    }
}
