package com.rostergate.core.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Objects;

/**
 * Finalises an import whose batches are all settled. {@code START} decides what to do; a full
 * import's sync then runs as a chain of steps, each bounded by one writer invocation's time:
 * {@code COUNT} pages through the employees table counting the roster and the employees this
 * import did not write, {@code REMOVE} pages through it again removing them. {@code cursor} is
 * the last phone key a step reached; {@code scanned} and {@code stale} carry the count so far.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FinalizeMessage(
        int version,
        String importId,
        String revision,
        ImportMode mode,
        Phase phase,
        String cursor,
        long scanned,
        long stale)
        implements IngestMessage {

    public enum Phase {
        START,
        COUNT,
        REMOVE
    }

    public FinalizeMessage {
        Objects.requireNonNull(importId, "import_id");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(phase, "phase");
    }

    public static FinalizeMessage start(String importId, String revision, ImportMode mode) {
        return new FinalizeMessage(VERSION, importId, revision, mode, Phase.START, null, 0, 0);
    }

    /** The message that carries on from here. */
    public FinalizeMessage next(Phase nextPhase, String nextCursor, long nextScanned, long nextStale) {
        return new FinalizeMessage(VERSION, importId, revision, mode, nextPhase, nextCursor, nextScanned, nextStale);
    }
}
