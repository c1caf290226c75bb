package com.rostergate.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StuckImportsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private final StuckImports check = new StuckImports(Duration.ofMinutes(30));

    @ParameterizedTest
    @EnumSource(
            value = ImportStatus.class,
            names = {"SPLITTING", "WRITING", "FINALIZING"})
    void anImportInFlightIsStuckOnceUnchangedForTheThreshold(ImportStatus status) {
        ImportRecord quietForThirtyMinutes = record("imp-a", status, "2025-03-01T11:00:00Z", "2025-03-01T11:30:00Z");
        ImportRecord quietForTwentyNine = record("imp-b", status, "2025-03-01T11:00:00Z", "2025-03-01T11:31:00Z");

        StuckImports.Findings findings = check.check(List.of(quietForThirtyMinutes, quietForTwentyNine), null, NOW);

        assertEquals(List.of(new StuckImports.Stuck(quietForThirtyMinutes, Duration.ofMinutes(30))), findings.stuck());
        assertEquals(List.of(), findings.awaitingReplay());
    }

    @ParameterizedTest
    @EnumSource(
            value = ImportStatus.class,
            names = {"COMPLETE", "FAILED", "GUARDED", "SUPERSEDED"})
    void aSettledImportIsNeverStuckHoweverOld(ImportStatus status) {
        StuckImports.Findings findings = check.check(
                List.of(record("imp-a", status, "2025-01-01T00:00:00Z", "2025-01-01T00:05:00Z")), null, NOW);

        assertEquals(List.of(), findings.stuck());
        assertEquals(List.of(), findings.awaitingReplay());
    }

    @Test
    void anIncompleteImportWaitsForAReplayRatherThanBeingStuck() {
        ImportRecord incomplete =
                record("imp-a", ImportStatus.INCOMPLETE, "2025-03-01T08:00:00Z", "2025-03-01T08:10:00Z");

        StuckImports.Findings findings = check.check(List.of(incomplete), null, NOW);

        assertEquals(List.of(), findings.stuck());
        assertEquals(List.of(incomplete), findings.awaitingReplay());
    }

    @Test
    void anImportNeverChangedSinceItsStartIsJudgedByItsStart() {
        ImportRecord splitting = record("imp-a", ImportStatus.SPLITTING, "2025-03-01T10:00:00Z", null);

        assertEquals(
                Duration.ofHours(2),
                check.check(List.of(splitting), null, NOW).stuck().get(0).idle());
    }

    @Test
    void theLongestQuietImportComesFirst() {
        ImportRecord hourAgo = record("imp-hour", ImportStatus.WRITING, "2025-03-01T10:00:00Z", "2025-03-01T11:00:00Z");
        ImportRecord dayAgo =
                record("imp-day", ImportStatus.FINALIZING, "2025-02-28T10:00:00Z", "2025-02-28T12:00:00.250Z");

        List<StuckImports.Stuck> stuck =
                check.check(List.of(hourAgo, dayAgo), null, NOW).stuck();

        assertEquals(
                List.of("imp-day", "imp-hour"),
                stuck.stream().map(s -> s.record().importId()).toList());
        assertEquals(Duration.ofHours(24).minusMillis(250), stuck.get(0).idle());
    }

    @Test
    void theCheckReadsAWeekBackAndWatchesEveryStatusItReports() {
        assertEquals(Instant.parse("2025-02-22T12:00:00Z"), check.oldestStart(NOW));
        for (ImportStatus status : ImportStatus.values()) {
            boolean reportable = !check.check(List.of(record("imp-a", status, "2025-03-01T00:00:00Z", null)), null, NOW)
                    .equals(new StuckImports.Findings(List.of(), List.of()));
            assertEquals(reportable, StuckImports.WATCHED.contains(status), status.name());
        }
    }

    @Test
    void anImportOvertakenByANewerFullRosterIsNeitherStuckNorAwaitingReplay() {
        ImportRecord stuck = record("imp-a", ImportStatus.WRITING, "2025-03-01T08:00:00Z", "2025-03-01T08:10:00Z");
        ImportRecord incomplete =
                record("imp-b", ImportStatus.INCOMPLETE, "2025-03-01T08:00:00Z", "2025-03-01T08:10:00Z");

        assertEquals(
                new StuckImports.Findings(List.of(), List.of()), check.check(List.of(stuck, incomplete), "2", NOW));
        assertEquals(
                1, check.check(List.of(stuck, incomplete), "1", NOW).stuck().size(), "the newest full roster itself");
        assertEquals(
                1,
                check.check(List.of(stuck, incomplete), "0", NOW)
                        .awaitingReplay()
                        .size(),
                "an older full roster");
    }

    @Test
    void theThresholdSettingIsWholeMinutesWithADefault() {
        assertEquals(Duration.ofMinutes(45), StuckImports.fromSetting(" 45 ").threshold());
        assertEquals(
                StuckImports.DEFAULT_THRESHOLD, StuckImports.fromSetting(null).threshold());
        assertEquals(
                StuckImports.DEFAULT_THRESHOLD, StuckImports.fromSetting("").threshold());
        IllegalArgumentException notANumber =
                assertThrows(IllegalArgumentException.class, () -> StuckImports.fromSetting("half an hour"));
        assertTrue(notANumber.getMessage().contains("STUCK_AFTER_MINUTES"), notANumber.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StuckImports.fromSetting("0"));
    }

    private static ImportRecord record(String importId, ImportStatus status, String startedAt, String updatedAt) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("import_id", importId);
        fields.put("status", status.name());
        fields.put("mode", ImportMode.FULL.name());
        fields.put("revision", "1");
        fields.put("started_at", startedAt);
        fields.put("updated_at", updatedAt);
        fields.put("batches_total", 4);
        fields.put("batches_written", 3);
        return JSON.convertValue(fields, ImportRecord.class);
    }
}
