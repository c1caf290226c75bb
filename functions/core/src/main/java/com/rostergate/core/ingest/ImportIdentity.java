package com.rostergate.core.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names and orders imports. The id is derived from the upload event only (bucket, key, sequencer,
 * version, ETag), so the same event delivered twice is the same import. The revision orders
 * uploads: the event time, then S3's sequencer (zero-padded so that string order is numeric
 * order; it orders events on one key), then the id as a tie-breaker. Employee items carry the
 * revision of the import that last wrote them, and every conditional write compares revisions
 * as strings.
 */
public record ImportIdentity(String importId, String revision) {

    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final int SEQUENCER_WIDTH = 32;

    public static ImportIdentity of(RosterUpload upload) {
        String source = String.join(
                "\n",
                upload.bucket(),
                upload.key(),
                String.valueOf(upload.sequencer()),
                String.valueOf(upload.versionId()),
                String.valueOf(upload.etag()));
        String importId =
                "imp-" + ID_TIME.format(upload.time()) + "-" + sha256(source).substring(0, 16);
        String sequencer = upload.sequencer() == null ? "" : upload.sequencer().toUpperCase(Locale.ROOT);
        String revision = String.format(
                Locale.ROOT,
                "%012d-%s-%s",
                upload.time().getEpochSecond(),
                "0".repeat(Math.max(0, SEQUENCER_WIDTH - sequencer.length())) + sequencer,
                importId);
        return new ImportIdentity(importId, revision);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
