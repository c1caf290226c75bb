package com.rostergate.core.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Groups message bodies into SendMessageBatch calls: at most 10 entries and 256 KiB of bodies a
 * call (SQS's limits), measured on the bodies as sent: JSON, escapes included, in UTF-8. One body never
 * exceeds the limit: 25 rows of at most 8,000 bytes each as encoded (RowRules; BatchMessageSizeTest).
 */
public final class SendBatches {

    public static final int MAX_ENTRIES = 10;
    public static final int MAX_BYTES = 256 * 1024;

    private final List<String> bodies = new ArrayList<>(MAX_ENTRIES);
    private int bytes;

    /** Adds {@code body}; returns the group it completes (to send now) when it no longer fits, else null. */
    public List<String> add(String body) {
        int size = body.getBytes(StandardCharsets.UTF_8).length;
        List<String> full = null;
        if (!bodies.isEmpty() && (bodies.size() == MAX_ENTRIES || bytes + size > MAX_BYTES)) {
            full = drain();
        }
        bodies.add(body);
        bytes += size;
        return full;
    }

    /** The group being filled (possibly empty), which starts over. */
    public List<String> drain() {
        List<String> group = List.copyOf(bodies);
        bodies.clear();
        bytes = 0;
        return group;
    }
}
