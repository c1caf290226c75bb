package com.rostergate.core.ingest.memory;

import com.rostergate.core.ingest.RosterUpload;
import com.rostergate.core.ingest.port.RosterFiles;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** An unversioned bucket in memory: a key holds its last upload, whose ETag changes with every upload. */
public final class InMemoryRosterFiles implements RosterFiles {

    public static final String BUCKET = "rosters";

    private record Stored(byte[] bytes, String etag, boolean forced, boolean planOnly) {}

    private final Clock clock;
    private final Map<String, Stored> objects = new HashMap<>();
    private long uploads;

    public InMemoryRosterFiles(Clock clock) {
        this.clock = clock;
    }

    /** Uploads {@code csv} under {@code key} now; returns its upload event. */
    public RosterUpload upload(String key, String csv) {
        return upload(key, csv, false, false);
    }

    /** As {@link #upload(String, String)}, marked forced (beyond the guard) or plan-only (a dry run). */
    public synchronized RosterUpload upload(String key, String csv, boolean forced, boolean planOnly) {
        uploads++;
        String etag = "\"etag-" + uploads + "\"";
        objects.put(key, new Stored(csv.getBytes(StandardCharsets.UTF_8), etag, forced, planOnly));
        String sequencer = String.format(Locale.ROOT, "%016X", uploads);
        return new RosterUpload(BUCKET, key, null, etag, sequencer, csv.length(), clock.instant());
    }

    public synchronized void delete(String key) {
        objects.remove(key);
    }

    @Override
    public synchronized RosterFile open(RosterUpload upload) throws GoneException {
        Stored stored = objects.get(upload.key());
        if (stored == null) {
            throw new GoneException("no such object: " + upload.key(), null);
        }
        return new RosterFile() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(stored.bytes());
            }

            @Override
            public long size() {
                return stored.bytes().length;
            }

            @Override
            public String etag() {
                return stored.etag();
            }

            @Override
            public boolean forced() {
                return stored.forced();
            }

            @Override
            public boolean planOnly() {
                return stored.planOnly();
            }
        };
    }
}
