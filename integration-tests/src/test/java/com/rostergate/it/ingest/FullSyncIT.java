package com.rostergate.it.ingest;

import static com.rostergate.it.ingest.IngestStack.assertSettledAndReconciled;
import static com.rostergate.it.ingest.IngestStack.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.ingest.usecase.RosterImport;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A full roster removes the employees it does not hold - only once every batch is written, never for a
 * failed import, and not beyond the removal guard (20% here) unless confirmed: a guarded plan changes nothing.
 */
class FullSyncIT {

    private static final Roster THIRTY = Roster.cp949Sample();

    @RegisterExtension
    static final IngestStack stack = IngestStack.withRealHandlers();

    @Test
    void aPersonRemovedFromTheRosterIsNoLongerInTheTable() throws Exception {
        stack.resetTo(THIRTY);
        Roster withoutSeoyeon = THIRTY.without(1);
        ImportRecord record = stack.upload("rosters/full/employees.csv", withoutSeoyeon.csv());

        assertStatus(ImportStatus.COMPLETE, record);
        assertSettledAndReconciled(record);
        assertEquals(30, record.rosterSize());
        assertEquals(1, record.removalCandidates());
        assertEquals(1, record.employeesRemoved());
        assertFalse(stack.employees().containsKey("+821033334444"), "이서연 left");
        withoutSeoyeon.assertIsTheTable(stack.employees());
        assertEquals(1, stack.summary(record).get("employees_removed").asLong());
    }

    @Test
    void aHeaderOnlyFullFileRemovesNobody() throws Exception {
        stack.resetTo(THIRTY);
        ImportRecord record =
                stack.upload("rosters/full/employees.csv", (Roster.HEADER + "\r\n").getBytes(StandardCharsets.UTF_8));

        assertStatus(ImportStatus.GUARDED, record);
        assertSettledAndReconciled(record);
        assertEquals(null, record.employeesRemoved());
        assertEquals(30, record.removalCandidates());
        THIRTY.assertIsTheTable(stack.employees());
        JsonNode summary = stack.summary(record);
        assertEquals("GUARDED", summary.get("status").asText());
        assertTrue(
                summary.get("error")
                        .asText()
                        .startsWith("removal guard: this upload would remove 30 of 30 employees (100.0%)"),
                summary.get("error").asText());
    }

    @Test
    void theGuardStopsALargeRemovalAndAConfirmedUploadAppliesIt() throws Exception {
        stack.resetTo(THIRTY);
        Roster twenty = THIRTY.first(20);
        ImportRecord guarded = stack.upload("rosters/full/employees.csv", twenty.csv());

        assertStatus(ImportStatus.GUARDED, guarded);
        assertEquals(10, guarded.removalCandidates());
        assertEquals(0, guarded.rowsWritten(), "a guarded plan writes nothing either");
        assertEquals(0, guarded.batchesTotal());
        THIRTY.assertIsTheTable(stack.employees());

        ImportRecord confirmed = stack.upload("rosters/full/employees.csv", twenty.csv(), Map.of("force", "true"));
        assertStatus(ImportStatus.COMPLETE, confirmed);
        assertSettledAndReconciled(confirmed);
        assertTrue(confirmed.force());
        assertEquals(10, confirmed.employeesRemoved());
        twenty.assertIsTheTable(stack.employees());
    }

    @Test
    void anOperatorCanApplyAGuardedRemovalLater() throws Exception {
        stack.resetTo(THIRTY);
        Roster twenty = THIRTY.first(20);
        ImportRecord guarded = stack.upload("rosters/full/employees.csv", twenty.csv());
        assertStatus(ImportStatus.GUARDED, guarded);

        ImportRecord applied = stack.confirm(guarded.importId());

        assertStatus(ImportStatus.COMPLETE, applied);
        assertSettledAndReconciled(applied);
        assertEquals(10, applied.employeesRemoved());
        assertEquals(20, applied.rowsWritten());
        assertTrue(applied.force());
        assertNotNull(applied.confirmedAt());
        twenty.assertIsTheTable(stack.employees());
        assertEquals("COMPLETE", stack.summary(applied).get("status").asText());
        RosterImport.RefusedException again =
                assertThrows(RosterImport.RefusedException.class, () -> stack.confirm(guarded.importId()));
        assertTrue(again.getMessage().contains("is COMPLETE, not waiting for confirmation"), again.getMessage());
    }

    @Test
    void aGuardedImportOvertakenByANewerRosterCannotBeApplied() throws Exception {
        stack.resetTo(THIRTY);
        ImportRecord guarded =
                stack.upload("rosters/full/old.csv", THIRTY.first(20).csv());
        assertStatus(ImportStatus.GUARDED, guarded);
        stack.upload("rosters/full/new.csv", THIRTY.csv());

        ImportRecord after = stack.confirm(guarded.importId());

        assertStatus(ImportStatus.SUPERSEDED, after);
        assertEquals(null, after.employeesRemoved());
        THIRTY.assertIsTheTable(stack.employees());
    }

    @Test
    void filesThatAreNotRostersFailWithTheirReasonAndRemoveNobody() throws Exception {
        stack.resetTo(THIRTY);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("the file is empty", new byte[0]);
        files.put(
                "the file holds binary data, not CSV text",
                new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13});
        files.put(
                "the file is a ZIP archive but not a readable Excel workbook (.xlsx)",
                new byte[] {'P', 'K', 3, 4, 20, 0, 6, 0, 8, 0});
        files.put("the file has no header row (it is blank)", "\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        files.put(
                "no phone column in line 1 (the header, read as UTF-8, comma-separated), 2 columns;"
                        + " name the column 휴대폰, 휴대전화, 전화번호, 연락처, mobile or phone",
                "사번,이름\r\nE1001,김민준\r\n".getBytes(StandardCharsets.UTF_8));
        files.put(
                "line 1 (the header, read as UTF-8, comma-separated): the line is longer than 65536 characters",
                ("x".repeat(70_000) + ",휴대폰\r\n010-2222-3333,ok\r\n").getBytes(StandardCharsets.UTF_8));
        int n = 0;
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            ImportRecord record = stack.upload("rosters/full/broken-" + ++n + ".csv", file.getValue());
            assertStatus(ImportStatus.FAILED, record);
            assertEquals(file.getKey(), record.error());
            assertEquals(0, record.batchesTotal());
            assertEquals(file.getKey(), stack.summary(record).get("error").asText());
            THIRTY.assertIsTheTable(stack.employees());
        }
    }

    @Test
    void aKeyOutsideFullAndDeltaFailsWithTheReason() throws Exception {
        ImportRecord record = stack.upload("rosters/employees.csv", THIRTY.csv());
        assertStatus(ImportStatus.FAILED, record);
        assertEquals(
                "the key rosters/employees.csv is not under rosters/full/ (a whole roster) or rosters/delta/ (changes"
                        + " only);"
                        + " upload it again under one of them",
                record.error());
    }
}
