package com.rostergate.core.ingest;

import java.time.Duration;

/**
 * Why an older upload's late BatchWriteItem cannot land on top of a newer upload's rows, although
 * BatchWriteItem takes no condition. The writer writes a batch unconditionally only on a view of the
 * newest uploads at most {@link #VIEW_MAX_AGE} old that shows none newer than the batch's, and gives
 * each BatchWriteItem call at most {@link #CALL_TIMEOUT}: such a write lands within their sum of a
 * moment when no newer upload was registered. An upload that registers while another import is
 * unsettled sends nothing for {@link #FENCE} after registering, so its rows land after every such
 * write (durations on each side's own clock: no clock is compared with another). The margin is for
 * a request DynamoDB applies just after the client gave up on it.
 */
public final class WriteFence {

    public static final Duration VIEW_MAX_AGE = Duration.ofSeconds(1);
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration FENCE = VIEW_MAX_AGE.plus(CALL_TIMEOUT).plusSeconds(1);

    private WriteFence() {
    }
}
