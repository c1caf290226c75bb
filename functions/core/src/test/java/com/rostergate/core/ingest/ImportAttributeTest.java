package com.rostergate.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImportAttributeTest {

    private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE =
            new PropertyNamingStrategies.SnakeCaseStrategy();

    @Test
    void everyFieldOfTheRecordIsDefinedOnceInItsOrderWithItsType() {
        RecordComponent[] fields = ImportRecord.class.getRecordComponents();
        assertEquals(
                Arrays.stream(fields)
                        .map(field -> SNAKE.translate(field.getName()))
                        .toList(),
                ImportAttribute.ALL.stream().map(ImportAttribute::name).toList());
        for (int i = 0; i < fields.length; i++) {
            Class<?> type = fields[i].getType();
            Class<?> boxed = type == long.class ? Long.class : type == boolean.class ? Boolean.class : type;
            assertEquals(boxed, ImportAttribute.ALL.get(i).type(), fields[i].getName());
        }
    }

    @Test
    void aRecordSurvivesItsStoredForm() {
        ImportRecord record = new ImportRecord(
                "imp-1",
                "bucket",
                "rosters/full/a.csv",
                null,
                ImportMode.FULL,
                ImportStatus.GUARDED,
                "rev",
                "UTF-8",
                ",",
                null,
                true,
                10,
                9,
                1,
                0,
                0,
                0,
                0,
                0,
                1,
                0,
                0,
                0,
                "2026-03-02T09:00:00Z",
                null,
                null,
                "guarded",
                "reports/imp-1/summary.json",
                null,
                100L,
                40L,
                null,
                20,
                "\"e\"",
                null,
                0L,
                1L,
                2L,
                1L,
                50,
                null);

        Map<String, Object> stored = ImportAttribute.stored(record);
        assertEquals("FULL", stored.get("mode"), "an enum is stored by name");
        assertEquals(20L, stored.get("removal_guard_percent"), "every number as a long");
        assertNull(stored.get("version_id"), "a null is left out");
        assertEquals(record, ImportAttribute.toRecord(stored));
    }

    @Test
    void changesAreStoredAsTheirAttributeStoresThem() {
        ImportChanges changes = ImportChanges.error(null)
                .set(ImportAttribute.ADDITION_GUARD_PERCENT, 50)
                .set(ImportAttribute.FORCE, true);
        assertEquals(
                List.of("error", "addition_guard_percent", "force"),
                changes.asMap().keySet().stream().map(ImportAttribute::name).toList());
        assertEquals(50L, changes.asMap().get(ImportAttribute.ADDITION_GUARD_PERCENT));
        assertNull(changes.asMap().get(ImportAttribute.ERROR), "null: the attribute is removed");
    }
}
