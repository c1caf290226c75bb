package com.rostergate.core.ingest;

import static com.rostergate.core.ingest.LedgerRecords.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.rostergate.fixtures.Contracts;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ImportLifecycleEventTest {

    private static final JsonSchema SCHEMA = Contracts.schema("import-lifecycle-event");
    private static final String REPORTS_BUCKET = "rostergate-rosterbucket-1a2b3c4d5e6f";

    @Test
    void everyExampleMatchesTheSchemaAndIsWhatTheLedgerRecordBecomes() throws Exception {
        List<String> examples = Contracts.examples("import-lifecycle-event");
        Set<String> detailTypes = examples.stream()
                .map(example -> Contracts.read(example).get("detail-type").asText())
                .collect(Collectors.toSet());
        assertEquals(
                Set.of(
                        ImportLifecycleEvent.COMPLETED,
                        ImportLifecycleEvent.FAILED,
                        ImportLifecycleEvent.GUARDED,
                        ImportLifecycleEvent.INCOMPLETE,
                        ImportLifecycleEvent.SUPERSEDED),
                detailTypes,
                "one example per detail-type");
        for (String example : examples) {
            JsonNode event = Contracts.read(example);
            Contracts.assertValid(SCHEMA, event, example);
            ImportRecord ledger = Contracts.JSON.convertValue(event.get("detail"), ImportRecord.class);
            ImportLifecycleEvent produced =
                    ImportLifecycleEvent.of(ledger, REPORTS_BUCKET).orElseThrow();
            assertEquals(event.get("detail-type").asText(), produced.detailType(), example.toString());
            assertEquals(event.get("detail"), Contracts.JSON.readTree(produced.detailJson()), example.toString());
        }
    }

    @Test
    void eachOutcomeHasItsDetailTypeAndAnImportUnderWayHasNone() {
        assertEquals(
                "Roster Import Completed",
                ImportLifecycleEvent.detailType(ImportStatus.COMPLETE).orElseThrow());
        assertEquals(
                "Roster Import Failed",
                ImportLifecycleEvent.detailType(ImportStatus.FAILED).orElseThrow());
        assertEquals(
                "Roster Removal Guarded",
                ImportLifecycleEvent.detailType(ImportStatus.GUARDED).orElseThrow());
        assertEquals(
                "Roster Import Incomplete",
                ImportLifecycleEvent.detailType(ImportStatus.INCOMPLETE).orElseThrow());
        assertEquals(
                "Roster Import Superseded",
                ImportLifecycleEvent.detailType(ImportStatus.SUPERSEDED).orElseThrow());
        for (ImportStatus underWay :
                EnumSet.of(ImportStatus.SPLITTING, ImportStatus.WRITING, ImportStatus.FINALIZING)) {
            assertTrue(ImportLifecycleEvent.detailType(underWay).isEmpty(), underWay.name());
            assertTrue(
                    ImportLifecycleEvent.of(
                                    finished(
                                            record(ImportMode.FULL, underWay, 10, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0),
                                            n -> {}),
                                    REPORTS_BUCKET)
                            .isEmpty(),
                    underWay.name());
        }
    }

    @Test
    void anIncompleteImportCarriesTheLedgersCountsReasonAndReportLocations() throws Exception {
        ImportRecord incomplete = finished(
                record(ImportMode.DELTA, ImportStatus.INCOMPLETE, 100, 4, 3, 60, 8, 25, 0, 4, 3, 1, 0),
                ledger -> ledger.put(
                        "error",
                        "1 batch(es) with 25 rows are in the dead-letter queue; replay them to complete this import."));

        ImportLifecycleEvent event =
                ImportLifecycleEvent.of(incomplete, "reports-bucket").orElseThrow();

        JsonNode detail = assertValidAsDelivered(event);
        assertEquals("Roster Import Incomplete", event.detailType());
        assertEquals(incomplete.importId(), detail.get("import_id").asText());
        assertEquals("DELTA", detail.get("mode").asText());
        assertEquals(100, detail.get("rows_read").asLong());
        assertEquals(93, detail.get("rows_valid").asLong());
        assertEquals(4, detail.get("rows_rejected").asLong());
        assertEquals(3, detail.get("rows_duplicate").asLong());
        assertEquals(60, detail.get("rows_written").asLong());
        assertEquals(8, detail.get("rows_deleted").asLong());
        assertEquals(25, detail.get("rows_dead_lettered").asLong());
        assertEquals(4, detail.get("batches_total").asLong());
        assertEquals(3, detail.get("batches_written").asLong());
        assertEquals(1, detail.get("batches_dead_lettered").asLong());
        assertEquals(incomplete.error(), detail.get("error").asText());
        assertEquals(incomplete.startedAt(), detail.get("started_at").asText());
        assertEquals(incomplete.finishedAt(), detail.get("finished_at").asText());
        assertEquals(
                "s3://reports-bucket/reports/imp-20250301T090000Z-0123456789abcdef/summary.json",
                detail.get("report_uri").asText());
        assertEquals(
                "s3://reports-bucket/reports/imp-20250301T090000Z-0123456789abcdef/rejects.csv",
                detail.get("rejects_uri").asText());
        assertEquals(incomplete.rejectsKey(), detail.get("rejects_key").asText());
        assertFalse(detail.has("roster_size"), "a delta counts no roster");
    }

    @Test
    void aGuardedImportSaysHowManyWouldBeRemovedOfHowMany() throws Exception {
        ImportRecord guarded =
                finished(record(ImportMode.FULL, ImportStatus.GUARDED, 20, 0, 0, 20, 0, 0, 0, 1, 1, 0, 0), ledger -> {
                    ledger.put("roster_size", 30)
                            .put("removal_candidates", 10)
                            .put("employees_removed", 0)
                            .put("removal_guard_percent", 20);
                    ledger.put(
                            "error",
                            "removal guard: this upload would remove 10 of 30 employees (33.3%),"
                                    + " more than REMOVAL_GUARD_PERCENT=20%");
                });

        ImportLifecycleEvent event =
                ImportLifecycleEvent.of(guarded, "reports-bucket").orElseThrow();

        JsonNode detail = assertValidAsDelivered(event);
        assertEquals("Roster Removal Guarded", event.detailType());
        assertEquals(30, detail.get("roster_size").asLong());
        assertEquals(10, detail.get("removal_candidates").asLong());
        assertEquals(0, detail.get("employees_removed").asLong());
        assertEquals(20, detail.get("removal_guard_percent").asInt());
        assertTrue(
                detail.get("error").asText().startsWith("removal guard: this upload would remove 10 of 30 employees"));
    }

    @Test
    void aFileWhoseKeyChoseNoModeFailsWithoutModeOrRejectsReport() throws Exception {
        ImportRecord failed =
                finished(record(ImportMode.FULL, ImportStatus.FAILED, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), ledger -> {
                    ledger.remove("mode");
                    ledger.remove("rejects_key");
                    ledger.put("key", "rosters/employees.csv")
                            .put("error", ImportMode.wrongKeyReason("rosters/employees.csv"));
                });

        JsonNode detail = assertValidAsDelivered(
                ImportLifecycleEvent.of(failed, "reports-bucket").orElseThrow());

        assertFalse(detail.has("mode"));
        assertFalse(detail.has("rejects_key"));
        assertFalse(detail.has("rejects_uri"));
        assertEquals(failed.error(), detail.get("error").asText());
    }

    @Test
    void theDetailUsesTheSummarysNamesAndValues() throws Exception {
        ImportRecord complete = finished(
                record(ImportMode.FULL, ImportStatus.COMPLETE, 30, 1, 0, 29, 0, 0, 0, 2, 2, 0, 0),
                ledger -> ledger.put("roster_size", 31)
                        .put("removal_candidates", 2)
                        .put("employees_removed", 2));
        JsonNode summary = Contracts.JSON.readTree(ImportReportJson.of(complete));

        JsonNode detail = assertValidAsDelivered(
                ImportLifecycleEvent.of(complete, "reports-bucket").orElseThrow());

        detail.fieldNames().forEachRemaining(name -> {
            if (!name.endsWith("_uri")) {
                assertEquals(summary.get(name), detail.get(name), name);
            }
        });
    }

    @Test
    void theSchemaHoldsTheDetailTypeToItsStatus() {
        ObjectNode event = (ObjectNode) Contracts.read("contracts/examples/import-lifecycle-event/completed.json");
        ((ObjectNode) event.get("detail")).put("status", "FAILED");
        assertFalse(SCHEMA.validate(event).isEmpty(), "Completed with status FAILED");

        ObjectNode guarded = (ObjectNode) Contracts.read("contracts/examples/import-lifecycle-event/guarded.json");
        ((ObjectNode) guarded.get("detail")).remove("removal_candidates");
        assertFalse(SCHEMA.validate(guarded).isEmpty(), "Guarded without removal_candidates");
    }

    /** The record as the ledger has it after a transition to its status: finished_at is set. */
    private static ImportRecord finished(ImportRecord record, Consumer<ObjectNode> change) {
        ObjectNode ledger = Contracts.JSON.valueToTree(record);
        ledger.put("finished_at", "2025-03-01T09:00:07.125Z");
        change.accept(ledger);
        return Contracts.JSON.convertValue(ledger, ImportRecord.class);
    }

    /** Wraps the event as EventBridge delivers it, checks it against the contract and returns its detail. */
    private static JsonNode assertValidAsDelivered(ImportLifecycleEvent event) throws Exception {
        ObjectNode delivered = Contracts.JSON.createObjectNode();
        delivered.put("version", "0");
        delivered.put("id", "0b6f2a9c-7d1e-4c3b-9a8f-5e2d1c0b4a73");
        delivered.put("detail-type", event.detailType());
        delivered.put("source", ImportLifecycleEvent.SOURCE);
        delivered.put("account", "123456789012");
        delivered.put("time", "2025-03-01T09:00:07Z");
        delivered.put("region", "ap-northeast-2");
        delivered.putArray("resources");
        delivered.set("detail", Contracts.JSON.readTree(event.detailJson()));
        Contracts.assertValid(SCHEMA, delivered, event.detailType());
        return delivered.get("detail");
    }
}
