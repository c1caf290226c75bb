package com.rostergate.core.roster;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A roster file held in memory, and a sink that records what a split produced. */
final class InMemoryRoster implements RosterSource {

    private final byte[] bytes;
    private final String sheet;
    int opens;

    InMemoryRoster(byte[] bytes) {
        this(bytes, null);
    }

    InMemoryRoster(byte[] bytes, String sheet) {
        this.bytes = bytes;
        this.sheet = sheet;
    }

    @Override
    public String sheet() {
        return sheet;
    }

    static InMemoryRoster utf8(String text) {
        return new InMemoryRoster(text.getBytes(StandardCharsets.UTF_8));
    }

    static InMemoryRoster encoded(String text, Charset charset) {
        return new InMemoryRoster(text.getBytes(charset));
    }

    @Override
    public InputStream open() {
        opens++;
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public long size() {
        return bytes.length;
    }

    record Reject(long line, List<String> fields, String reason) {}

    static final class Recorded implements SplitSink {
        final List<RosterBatch> batches = new ArrayList<>();
        final List<Reject> rejects = new ArrayList<>();
        List<String> header;
        boolean validated;

        @Override
        public void validated() {
            validated = true;
        }

        @Override
        public void header(List<String> columns) {
            header = columns;
        }

        @Override
        public void batch(RosterBatch batch) {
            batches.add(batch);
        }

        @Override
        public void rejected(long line, String[] fields, String reason) {
            rejects.add(new Reject(line, List.of(fields), reason));
        }

        List<RosterRow> rows() {
            return batches.stream().flatMap(batch -> batch.rows().stream()).toList();
        }

        Reject rejectAt(long line) {
            return rejects.stream()
                    .filter(reject -> reject.line() == line)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no reject at line " + line + " in " + rejects));
        }
    }
}
