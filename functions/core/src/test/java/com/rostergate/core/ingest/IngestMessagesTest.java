package com.rostergate.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.JsonSchema;
import com.rostergate.core.roster.RosterBatch;
import com.rostergate.core.roster.RosterRow;
import com.rostergate.core.roster.RowAction;
import com.rostergate.fixtures.Contracts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestMessagesTest {

    private static final JsonSchema SCHEMA = Contracts.schema("roster-batch-message");
    private static final ImportIdentity IDENTITY = ImportIdentity.of(new RosterUpload(
            "roster-bucket",
            "rosters/full/roster.csv",
            "v1",
            "etag",
            "00617F08299329D189",
            100,
            Instant.parse("2025-03-01T09:00:00Z")));

    @Test
    void everyExampleMatchesTheSchemaAndReadsBackUnchanged() throws Exception {
        List<String> examples = Contracts.examples("roster-batch-message");
        assertFalse(examples.isEmpty());
        for (String example : examples) {
            Contracts.assertValid(SCHEMA, Contracts.read(example), example);
            IngestMessage message = IngestMessages.decode(Contracts.JSON.writeValueAsString(Contracts.read(example)));
            assertEquals(
                    Contracts.read(example),
                    Contracts.JSON.readTree(IngestMessages.encode(message)),
                    example.toString());
        }
    }

    @Test
    void aBatchOf25FullRowsMatchesTheSchemaAndRoundTrips() throws Exception {
        List<RosterRow> rows = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("name", "직원" + i);
            attributes.put("department", "개발팀");
            rows.add(
                    i == 3
                            ? new RosterRow(i + 2, RowAction.DELETE, "+8210" + (30000000 + i), Map.of(), Map.of())
                            : new RosterRow(
                                    i + 2,
                                    RowAction.PUT,
                                    "+8210" + (30000000 + i),
                                    attributes,
                                    Map.of("입사일", "2020-01-0" + (i % 9 + 1))));
        }
        BatchMessage message = BatchMessage.of(IDENTITY, ImportMode.FULL, new RosterBatch(7, rows));
        String body = IngestMessages.encode(message);
        Contracts.assertValid(SCHEMA, Contracts.JSON.readTree(body), "an encoded batch");
        assertEquals(message, IngestMessages.decode(body));
        assertTrue(body.contains("\"type\":\"BATCH\""));
        assertFalse(body.contains("\"attributes\":{}"), "empty maps are left out");
    }

    @Test
    void finalizeStepsMatchTheSchemaAndRoundTrip() throws Exception {
        FinalizeMessage start = FinalizeMessage.start(IDENTITY.importId(), IDENTITY.revision(), ImportMode.FULL);
        FinalizeMessage step = start.next(FinalizeMessage.Phase.REMOVE, "+821022223333", 31, 2);
        for (FinalizeMessage message : List.of(start, step)) {
            String body = IngestMessages.encode(message);
            Contracts.assertValid(
                    SCHEMA, Contracts.JSON.readTree(body), message.phase().name());
            assertEquals(message, IngestMessages.decode(body));
        }
        assertNull(start.cursor());
    }

    @Test
    void malformedBodiesAreRefusedWithAReason() {
        for (String body : List.of(
                "",
                "not json",
                "{}",
                "{\"type\":\"BATCH\"}",
                "{\"type\":\"NOPE\",\"import_id\":\"x\"}",
                "{\"type\":\"BATCH\",\"version\":1,\"import_id\":\"i\",\"revision\":\"r\",\"mode\":\"FULL\","
                        + "\"batch\":1,\"rows\":[]}")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> IngestMessages.decode(body), body);
            assertTrue(e.getMessage().startsWith("not an ingest message"), e.getMessage());
        }
        String withPhone = "{\"type\":\"BATCH\",\"version\":1,\"import_id\":\"i\",\"revision\":\"r\",\"mode\":\"FULL\","
                + "\"batch\":1,"
                + "\"rows\":[{\"line\":\"+821022223333\",\"action\":\"PUT\",\"phone\":\"+821022223333\"}]}";
        String reason = assertThrows(IllegalArgumentException.class, () -> IngestMessages.decode(withPhone))
                .getMessage();
        assertFalse(reason.contains("2222"), "the reason is logged: it must not quote a phone number: " + reason);
        assertTrue(reason.contains("rows"), reason);
        assertInstanceOf(
                FinalizeMessage.class,
                IngestMessages.decode(IngestMessages.encode(
                        FinalizeMessage.start(IDENTITY.importId(), IDENTITY.revision(), ImportMode.DELTA))));
    }
}
