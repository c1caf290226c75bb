package com.rostergate.core.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which imports have stopped moving. An import in SPLITTING, WRITING or FINALIZING changes its ledger
 * item ({@code updated_at}) whenever a batch settles or a step ends; one that has not changed for the
 * threshold is stuck: a splitter that died mid-split, a WRITING import whose last batch went to the DLQ
 * with nobody left to finalise it (the writer died during its last receive), a lost FINALIZING continuation.
 * INCOMPLETE is not stuck: it waits
 * for on-call to replay its dead-lettered batches, so it is reported apart (the DLQ alarm pages for it).
 * An import overtaken by a newer full roster is neither: that roster replaces whatever it would have done.
 */
public final class StuckImports {

    /** How far back the check reads the ledger: an import stuck for longer has paged on-call for a week. */
    public static final Duration LOOKBACK = Duration.ofDays(7);
    /**
     * A healthy import can stay quiet for maxReceiveCount x the queue's visibility timeout (5 x 6 min)
     * while its last batch is retried before it is counted dead-lettered; the default waits twice that.
     */
    public static final Duration DEFAULT_THRESHOLD = Duration.ofMinutes(60);
    /** The statuses the check reads: the ones that can be stuck, and INCOMPLETE. */
    public static final Set<ImportStatus> WATCHED = ImportStatus.unsettled();

    private static final Set<ImportStatus> IN_FLIGHT =
            EnumSet.of(ImportStatus.SPLITTING, ImportStatus.WRITING, ImportStatus.FINALIZING);

    private final Duration threshold;

    public StuckImports(Duration threshold) {
        if (threshold.isNegative() || threshold.isZero()) {
            throw new IllegalArgumentException("the stuck-import threshold must be positive, not " + threshold);
        }
        this.threshold = threshold;
    }

    /** From the {@code STUCK_AFTER_MINUTES} setting, a whole number of minutes; unset or blank is the default. */
    public static StuckImports fromSetting(String minutes) {
        if (minutes == null || minutes.isBlank()) {
            return new StuckImports(DEFAULT_THRESHOLD);
        }
        try {
            return new StuckImports(Duration.ofMinutes(Long.parseLong(minutes.strip())));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "STUCK_AFTER_MINUTES must be a whole number of minutes, not '" + minutes + "'");
        }
    }

    public Duration threshold() {
        return threshold;
    }

    /** The earliest start time the check needs to read. */
    public Instant oldestStart(Instant now) {
        return now.minus(LOOKBACK);
    }

    /** An import that stopped moving, and for how long it has not. */
    public record Stuck(ImportRecord record, Duration idle) {}

    /** The stuck imports, oldest change first, and those waiting for a replay. */
    public record Findings(List<Stuck> stuck, List<ImportRecord> awaitingReplay) {}

    /** {@code latestFullRevision}: the revision of the newest full roster the ledger knows of, null for none. */
    public Findings check(Collection<ImportRecord> records, String latestFullRevision, Instant now) {
        List<Stuck> stuck = new ArrayList<>();
        List<ImportRecord> awaitingReplay = new ArrayList<>();
        for (ImportRecord record : records) {
            if (overtaken(record, latestFullRevision)) {
                continue;
            }
            Duration idle = idle(record, now);
            if (IN_FLIGHT.contains(record.status()) && idle.compareTo(threshold) >= 0) {
                stuck.add(new Stuck(record, idle));
            } else if (record.status() == ImportStatus.INCOMPLETE) {
                awaitingReplay.add(record);
            }
        }
        stuck.sort((a, b) -> b.idle().compareTo(a.idle()));
        return new Findings(List.copyOf(stuck), List.copyOf(awaitingReplay));
    }

    private static boolean overtaken(ImportRecord record, String latestFullRevision) {
        return latestFullRevision != null
                && record.revision() != null
                && latestFullRevision.compareTo(record.revision()) > 0;
    }

    /** Time since the ledger last changed the import (since its start when nothing changed it yet). */
    static Duration idle(ImportRecord record, Instant now) {
        String lastChange = record.updatedAt() != null ? record.updatedAt() : record.startedAt();
        return Duration.between(Instant.parse(lastChange), now);
    }
}
