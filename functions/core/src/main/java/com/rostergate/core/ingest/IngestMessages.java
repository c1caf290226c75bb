package com.rostergate.core.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Reads and writes ingest queue message bodies. */
public final class IngestMessages {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private IngestMessages() {}

    public static String encode(IngestMessage message) {
        try {
            return MAPPER.writerFor(IngestMessage.class).writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an ingest message always serialises", e);
        }
    }

    /**
     * Parses a body; IllegalArgumentException says where a malformed one is wrong - by field path or
     * position only, never quoting values (a body holds phone numbers, and the reason is logged).
     */
    public static IngestMessage decode(String body) {
        try {
            return MAPPER.readValue(body, IngestMessage.class);
        } catch (JsonMappingException e) {
            String path = e.getPathReference();
            throw new IllegalArgumentException(
                    "not an ingest message: missing or invalid " + (path == null || path.isEmpty() ? "type" : path), e);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "not an ingest message: not JSON (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
