package com.rostergate.core.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** The fields of an EventBridge S3 "Object Created" event that an import needs. */
public record RosterUpload(
        String bucket, String key, String versionId, String etag, String sequencer, long size, Instant time) {

    /** Reads an EventBridge event; throws IllegalArgumentException when it is not an S3 object event. */
    public static RosterUpload fromEvent(JsonNode event) {
        JsonNode detail = event.path("detail");
        String bucket = detail.path("bucket").path("name").asText("");
        JsonNode object = detail.path("object");
        String key = object.path("key").asText("");
        String time = event.path("time").asText("");
        if (bucket.isEmpty() || key.isEmpty() || time.isEmpty()) {
            throw new IllegalArgumentException(
                    "not an S3 Object Created event: detail.bucket.name, detail.object.key and time are required");
        }
        return new RosterUpload(
                bucket,
                key,
                textOrNull(object, "version-id"),
                textOrNull(object, "etag"),
                textOrNull(object, "sequencer"),
                object.path("size").asLong(-1),
                Instant.parse(time));
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }
}
