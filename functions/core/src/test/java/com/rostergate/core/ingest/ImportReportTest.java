package com.rostergate.core.ingest;

import static com.rostergate.core.ingest.LedgerRecords.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.rostergate.fixtures.Contracts;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportReportTest {

    private static final JsonSchema SCHEMA = Contracts.schema("import-report");

    @Test
    void everyExampleMatchesTheSchemaAndReconciles() {
        List<String> examples = Contracts.examples("import-report");
        assertFalse(examples.isEmpty());
        for (String example : examples) {
            JsonNode report = Contracts.read(example);
            Contracts.assertValid(SCHEMA, report, example);
            ImportRecord record = Contracts.JSON.convertValue(report, ImportRecord.class);
            assertEquals(report.get("rows_unaccounted").asLong(), record.rowsUnaccounted(), example.toString());
            assertEquals(0, record.rowsUnaccounted(), example + " is a settled report");
            assertEquals(
                    record.rowsRead() - record.rowsRejected() - record.rowsDuplicate(),
                    record.rowsValid(),
                    example.toString());
        }
    }

    @Test
    void theSummaryOfALedgerRecordMatchesTheSchema() throws Exception {
        ImportRecord settled = record(ImportMode.DELTA, ImportStatus.INCOMPLETE, 100, 4, 3, 60, 8, 25, 0, 4, 3, 1, 0);
        JsonNode summary = Contracts.JSON.readTree(ImportReportJson.of(settled));
        Contracts.assertValid(SCHEMA, summary, "a summary");
        assertEquals(0, summary.get("rows_unaccounted").asLong());
        assertEquals("INCOMPLETE", summary.get("status").asText());
        assertEquals(settled, Contracts.JSON.convertValue(summary, ImportRecord.class));
    }
}
