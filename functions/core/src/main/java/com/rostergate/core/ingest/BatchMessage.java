package com.rostergate.core.ingest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.rostergate.core.roster.RosterBatch;
import com.rostergate.core.roster.RosterRow;
import java.util.List;
import java.util.Objects;

/** One batch of an import: written with one BatchWriteItem. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BatchMessage(
        int version, String importId, String revision, ImportMode mode, int batch, List<RosterRow> rows)
        implements IngestMessage {

    public BatchMessage {
        Objects.requireNonNull(importId, "import_id");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(mode, "mode");
        if (batch < 1 || rows == null || rows.isEmpty()) {
            throw new IllegalArgumentException("a batch message needs batch >= 1 and at least one row");
        }
        rows = List.copyOf(rows);
    }

    public static BatchMessage of(ImportIdentity identity, ImportMode mode, RosterBatch batch) {
        return new BatchMessage(VERSION, identity.importId(), identity.revision(), mode, batch.number(), batch.rows());
    }
}
