package com.rostergate.core.ingest;

import java.time.Duration;
import java.time.Instant;

/**
 * A removed employee stays in the employees table as a tombstone ({@code tombstone = true}) carrying the
 * removing upload's revision, so that no older write can bring them back: every conditional write compares
 * revisions, and a tombstone has one. The verifier treats a tombstone as not an employee.
 *
 * <p>Tombstones expire by TTL ({@code expires_at}, epoch seconds) after {@link #RETENTION}: longer than
 * any message that could still carry an older write lives - a batch can wait 14 days in the ingest queue,
 * 14 in the dead-letter queue, be replayed and wait again; the upload event is retried for a day. Because a
 * replay could chain beyond that, correctness does not rest on the retention: a batch older than
 * {@link #WRITE_HORIZON} is never written once a newer upload exists (its tombstones may have expired), and
 * an expired tombstone DynamoDB has not yet deleted still counts as a tombstone.
 */
public final class Tombstones {

    /** The employee item attribute marking a tombstone (BOOL true). */
    public static final String ATTRIBUTE = "tombstone";
    /** The employees table's TTL attribute (TimeToLiveSpecification in the template). */
    public static final String EXPIRES_AT = "expires_at";

    public static final Duration RETENTION = Duration.ofDays(35);
    /** A batch uploaded longer ago than this is dropped as superseded when any newer upload exists. */
    public static final Duration WRITE_HORIZON = RETENTION.minusDays(5);

    private Tombstones() {}

    /** The TTL value (epoch seconds) of a tombstone written at {@code now}. */
    public static long expiresAt(Instant now) {
        return now.plus(RETENTION).getEpochSecond();
    }

    /** The upload time encoded at the start of a revision ({@link ImportIdentity}: epoch seconds, 12 digits). */
    public static Instant uploadedAt(String revision) {
        int dash = revision.indexOf('-');
        return Instant.ofEpochSecond(Long.parseLong(dash < 0 ? revision : revision.substring(0, dash)));
    }

    /** Whether a batch of {@code revision} is past the write horizon at {@code now}. */
    public static boolean pastWriteHorizon(String revision, Instant now) {
        return uploadedAt(revision).isBefore(now.minus(WRITE_HORIZON));
    }
}
