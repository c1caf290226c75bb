package com.rostergate.core.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rostergate.core.ingest.ImportMode;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ImportTelemetryTest {

    private final ObjectMapper json = new ObjectMapper();
    private final List<String> lines = new ArrayList<>();
    private final JsonLog log = JsonLog.to(lines::add).with("awsRequestId", "req-1");

    @Test
    void anOutcomeLineIsTheImportsRowCountsAsMetricsByOutcome() throws Exception {
        ImportTelemetry.outcome(
                log.with("importId", "imp-1"),
                new ImportRecord(
                        "imp-1",
                        "bucket",
                        "rosters/full/r.csv",
                        null,
                        ImportMode.FULL,
                        ImportStatus.INCOMPLETE,
                        "rev",
                        "UTF-8",
                        "comma",
                        null,
                        false,
                        100,
                        90,
                        7,
                        3,
                        65,
                        0,
                        25,
                        0,
                        4,
                        3,
                        1,
                        0,
                        "t0",
                        "t1",
                        null,
                        "1 batch(es) with 25 rows are in the dead-letter queue",
                        "reports/imp-1/summary.json",
                        "reports/imp-1/rejects.csv",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null));

        JsonNode line = json.readTree(lines.get(0));
        assertEquals("WARN", line.get("level").asText(), "an import that needs a replay is a warning");
        assertEquals("import-outcome", line.get("event").asText());
        assertEquals("imp-1", line.get("importId").asText());
        assertEquals("req-1", line.get("awsRequestId").asText());
        assertEquals(0, line.get("rowsUnaccounted").asLong());
        assertEquals(
                "[[\"Service\",\"Outcome\"]]",
                line.at("/_aws/CloudWatchMetrics/0/Dimensions").toString());
        assertEquals("ingest", line.get("Service").asText());
        assertEquals("INCOMPLETE", line.get("Outcome").asText());
        assertEquals(
                new TreeMap<>(Map.of(
                        "Imports",
                        1L,
                        "RowsRead",
                        100L,
                        "RowsRejected",
                        7L,
                        "RowsDuplicate",
                        3L,
                        "RowsWritten",
                        65L,
                        "RowsDeleted",
                        0L,
                        "RowsDeadLettered",
                        25L,
                        "RowsSuperseded",
                        0L,
                        "EmployeesRemoved",
                        0L)),
                metrics(line, "Count"));
    }

    @Test
    void aSettledBatchCountsItsRetriesAndItsTimeInTheQueue() throws Exception {
        ImportTelemetry.batchSettled(log.with("batch", 7), "WRITTEN", 25, 2, OptionalLong.of(1_250));

        JsonNode line = json.readTree(lines.get(0));
        assertEquals("INFO", line.get("level").asText());
        assertEquals(7, line.get("batch").asInt());
        assertEquals(new TreeMap<>(Map.of("BatchesSettled", 1L, "BatchRetries", 2L)), metrics(line, "Count"));
        assertEquals(new TreeMap<>(Map.of("BatchQueueTime", 1_250L)), metrics(line, "Milliseconds"));
    }

    @Test
    void aBatchWhoseQueueGaveNoTimestampsHasNoQueueTime() throws Exception {
        ImportTelemetry.batchSettled(log, "SUPERSEDED", 25, 0, OptionalLong.empty());

        JsonNode line = json.readTree(lines.get(0));
        assertEquals(Map.of(), metrics(line, "Milliseconds"));
        assertFalse(line.has("BatchQueueTime"));
    }

    /** Each metric of {@code unit} the line declares, with the value it carries. */
    private static Map<String, Long> metrics(JsonNode line, String unit) {
        Map<String, Long> metrics = new TreeMap<>();
        for (JsonNode metric : line.at("/_aws/CloudWatchMetrics/0/Metrics")) {
            if (metric.get("Unit").asText().equals(unit)) {
                metrics.put(
                        metric.get("Name").asText(),
                        line.get(metric.get("Name").asText()).asLong());
            }
        }
        return metrics;
    }
}
