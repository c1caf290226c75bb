package com.rostergate.core.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JsonLogTest {

    private final ObjectMapper json = new ObjectMapper();
    private final List<String> lines = new ArrayList<>();
    private final JsonLog log = JsonLog.to(lines::add).with("awsRequestId", "req-1");

    @Test
    void eachLineIsOneJsonObjectWithLevelEventContextAndFields() throws Exception {
        log.with("import_id", "imp-1")
                .with("batch", 42)
                .warn("batch-failed")
                .message("throttled")
                .field("receive_count", 2)
                .write();

        assertEquals(1, lines.size());
        JsonNode line = json.readTree(lines.get(0));
        assertEquals("WARN", line.get("level").asText());
        assertEquals("batch-failed", line.get("event").asText());
        assertEquals("req-1", line.get("awsRequestId").asText());
        assertEquals("imp-1", line.get("import_id").asText());
        assertEquals(42, line.get("batch").asInt());
        assertEquals("throttled", line.get("message").asText());
        assertEquals(2, line.get("receive_count").asInt());
    }

    @Test
    void contextAddedToADerivedLogStaysOffTheOriginal() throws Exception {
        log.with("import_id", "imp-1");
        log.info("plain").write();

        assertFalse(json.readTree(lines.get(0)).has("import_id"));
    }

    @Test
    void phoneNumbersInStringFieldsAreMasked() throws Exception {
        log.error("row-failed")
                .message("ConditionalCheckFailed for +821012345678")
                .field("raw", "010-2222-3333")
                .write();

        JsonNode line = json.readTree(lines.get(0));
        assertEquals(
                "ConditionalCheckFailed for +82******5678", line.get("message").asText());
        assertEquals("010-****-3333", line.get("raw").asText());
    }

    @Test
    void metricsMakeTheLineAnEmfDocument() throws Exception {
        log.info("import-split")
                .metrics(new EmfMetrics("ingest").count("RowsRead", 30))
                .write();

        JsonNode line = json.readTree(lines.get(0));
        assertTrue(line.at("/_aws/CloudWatchMetrics/0/Metrics/0/Name").isTextual());
        assertEquals(30, line.get("RowsRead").asInt());
        assertEquals("ingest", line.get("Service").asText());
    }

    @Test
    void nothingIsWrittenUntilWrite() {
        log.info("unfinished").field("x", 1);

        assertTrue(lines.isEmpty());
    }

    @Test
    void aLogLineCarriesItsFieldsAsObjectMapperWouldHaveTurnedThem() throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("count", 1);
        document.put("latency", 12L);
        document.put("ratio", 0.5);
        document.put("flag", true);
        document.put("names", List.of("a", "b"));
        document.put("none", null);
        document.put("nested", Map.of("Timestamp", 1_700_000_000_000L));
        document.put("id", UUID.fromString("00000000-0000-0000-0000-000000000015"));
        document.put("state", Thread.State.RUNNABLE);
        document.put("keyedByNumber", Map.of(1, "one"));
        List<String> lines = new ArrayList<>();
        JsonLog.Line line = JsonLog.to(lines::add).info("fields");
        document.forEach(line::field);
        line.write();

        ObjectNode expected = json.createObjectNode().put("level", "INFO").put("event", "fields");
        document.forEach((name, value) -> {
            if (value != null) {
                expected.set(name, json.valueToTree(value));
            }
        });
        assertEquals(expected.toString(), lines.get(0));
        assertTrue(lines.get(0).contains("\"keyedByNumber\":{\"1\":\"one\"}"));
    }
}
