package com.rostergate.local.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Builds S3's EventBridge "Object Created" events, shaped as S3 sends them. */
public final class ObjectCreatedEvents {

    private static final String REQUEST_ID_CHARACTERS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final String accountId;
    private final String region;
    private final SecureRandom random = new SecureRandom();
    /** S3's sequencer orders events for one key; here it grows strictly across the whole JVM. */
    private final AtomicLong sequencer = new AtomicLong();

    public ObjectCreatedEvents(String accountId, String region) {
        this.accountId = accountId;
        this.region = region;
    }

    /**
     * @param reason {@code PutObject}, {@code CompleteMultipartUpload} or {@code CopyObject}
     * @param versionId the new version's id, or null when the bucket is not versioned
     */
    public String event(String bucket, String key, long size, String etag, String versionId, String reason) {
        ObjectNode event = EventEnvelope.of(
                UUID.randomUUID().toString(), "aws.s3", "Object Created", accountId, region, Instant.now());
        event.putArray("resources").add("arn:aws:s3:::" + bucket);
        ObjectNode detail = event.putObject("detail");
        detail.put("version", "0");
        detail.putObject("bucket").put("name", bucket);
        ObjectNode object = detail.putObject("object");
        object.put("key", key);
        object.put("size", size);
        object.put("etag", etag.replace("\"", ""));
        if (versionId != null && !versionId.equals("null")) {
            object.put("version-id", versionId);
        }
        object.put("sequencer", String.format("%018X", nextSequencer()));
        detail.put("request-id", requestId());
        detail.put("requester", accountId);
        detail.put("source-ip-address", "127.0.0.1");
        detail.put("reason", reason);
        return event.toString();
    }

    private long nextSequencer() {
        long nowMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        return sequencer.updateAndGet(previous -> Math.max(previous + 1, nowMicros));
    }

    private String requestId() {
        StringBuilder id = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            id.append(REQUEST_ID_CHARACTERS.charAt(random.nextInt(REQUEST_ID_CHARACTERS.length())));
        }
        return id.toString();
    }
}
