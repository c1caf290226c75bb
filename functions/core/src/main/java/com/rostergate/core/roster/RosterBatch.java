package com.rostergate.core.roster;

import java.util.List;

/** Up to {@link BatchPacker#MAX_ROWS} rows written with one BatchWriteItem; numbered from 1 within an import. */
public record RosterBatch(int number, List<RosterRow> rows) {

    public RosterBatch {
        rows = List.copyOf(rows);
    }

    public int deletes() {
        return (int)
                rows.stream().filter(row -> row.action() == RowAction.DELETE).count();
    }

    public int puts() {
        return rows.size() - deletes();
    }
}
