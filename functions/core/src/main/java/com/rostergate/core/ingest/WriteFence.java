package com.rostergate.core.ingest;

import java.time.Duration;

/**
 * Why an older upload's late BatchWriteItem cannot land on top of a newer upload's rows, although
 * BatchWriteItem takes no condition. The writer writes a batch unconditionally only on a view of the
 * newest uploads at most {@link #VIEW_MAX_AGE} old that shows none newer than the batch's, and gives
 * each BatchWriteItem call at most {@link #CALL_TIMEOUT}: such a write lands within their sum of a
 * moment when no newer upload was registered. An upload that registers while another import is
 * unsettled neither plans nor sends anything for {@link #FENCE} after registering, so its plan reads the
 * roster every such write leaves and its rows land after them (durations on each side's own clock: no
 * clock is compared with another). The margin is for a request DynamoDB applies just after the client
 * gave up on it.
 *
 * <p>Why BatchWriteItem stays the bulk path instead of a conditional PutItem per row: a conditional write
 * costs one call per row (bench/results.md: BatchWriteItem 5.1x the rate of one PutItem per row on the local stack;
 * more against DynamoDB's
 * round trips). The unconditional path is kept to the case the fence covers - the newest upload's own
 * unsettled import, started inside the look-back the fence's check reads - and everything else (a newer
 * upload exists, a settled import's duplicate, a DLQ replay of an old import) writes row by row under the
 * revision condition, which tombstones make hold for removals too.
 */
public final class WriteFence {

    public static final Duration VIEW_MAX_AGE = Duration.ofSeconds(1);
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration FENCE = VIEW_MAX_AGE.plus(CALL_TIMEOUT).plusSeconds(1);

    private WriteFence() {}
}
