package com.rostergate.core.roster;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Packs rows in file order into batches of at most {@link #MAX_ROWS} (BatchWriteItem's limit), numbered from 1. */
public final class BatchPacker {

    public static final int MAX_ROWS = 25;

    /** Receives each full batch. */
    public interface Consumer {
        void accept(RosterBatch batch) throws IOException;
    }

    private final Consumer consumer;
    private final List<RosterRow> pending = new ArrayList<>(MAX_ROWS);
    private int batches;

    public BatchPacker(Consumer consumer) {
        this.consumer = consumer;
    }

    public void add(RosterRow row) throws IOException {
        pending.add(row);
        if (pending.size() == MAX_ROWS) {
            flush();
        }
    }

    /** Emits the last, partial batch. */
    public void flush() throws IOException {
        if (!pending.isEmpty()) {
            batches++;
            consumer.accept(new RosterBatch(batches, pending));
            pending.clear();
        }
    }

    public int batches() {
        return batches;
    }
}
