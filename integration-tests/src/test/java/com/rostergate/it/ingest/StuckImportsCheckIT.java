package com.rostergate.it.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stuck-import check as deployed: the template's Schedule event (shortened to half a second)
 * runs the real StuckImportsHandler against the ledger, and its log lines - one per stuck import,
 * one that is the StuckImports metric - name the import that stopped moving and no other.
 */
class StuckImportsCheckIT {

    private static final String FUNCTION = "StuckImportsFunction";
    private static final List<JsonNode> LINES = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static final IngestStack STACK = IngestStack.with(builder -> builder.schedulePeriod(Duration.ofMillis(500))
            .functionLogs((functionId, line) -> {
                if (functionId.equals(FUNCTION)) {
                    LINES.add(json(line));
                }
            }));

    @Test
    void anImportThatStoppedMovingIsReportedAndNoneThatIsSettledMovingOrTooOld() throws Exception {
        Instant now = Instant.now();
        create(
                "imp-stuck-writing",
                ImportStatus.WRITING,
                now.minus(Duration.ofHours(3)),
                now.minus(Duration.ofHours(2)));
        create("imp-complete", ImportStatus.COMPLETE, now.minus(Duration.ofHours(3)), now.minus(Duration.ofHours(2)));
        create("imp-moving", ImportStatus.WRITING, now.minus(Duration.ofMinutes(10)), now.minus(Duration.ofMinutes(1)));
        create(
                "imp-awaiting-replay",
                ImportStatus.INCOMPLETE,
                now.minus(Duration.ofHours(3)),
                now.minus(Duration.ofHours(2)));
        create("imp-last-month", ImportStatus.WRITING, now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(30)));

        JsonNode check = awaitCheckLine(line -> line.get("StuckImports").asInt() == 1
                && line.get("IncompleteImports").asInt() == 1);

        List<JsonNode> stuck = LINES.stream()
                .filter(line -> line.get("event").asText().equals("stuck-import"))
                .filter(line -> line.get("awsRequestId").equals(check.get("awsRequestId")))
                .toList();
        assertEquals(1, stuck.size(), LINES.toString());
        JsonNode line = stuck.get(0);
        assertEquals("WARN", line.get("level").asText());
        assertEquals("imp-stuck-writing", line.get("importId").asText());
        assertEquals("WRITING", line.get("status").asText());
        assertEquals(120, line.get("idleMinutes").asLong());
        assertEquals(4, line.get("batchesTotal").asLong());
        assertEquals(2, line.get("batchesWritten").asLong());
        assertEquals(1, line.get("batchesDeadLettered").asLong());
        assertEquals(
                "[\"imp-awaiting-replay\"]", check.get("incompleteImportIds").toString());
        assertEquals(60, check.get("thresholdMinutes").asLong(), "the template's default");
        for (String quiet : List.of("imp-complete", "imp-moving", "imp-last-month")) {
            assertFalse(LINES.toString().contains(quiet), quiet + " is never reported: " + LINES);
        }
    }

    @Test
    void everyRunIsACloudWatchMetricLineEvenWhenNothingIsStuck() throws Exception {
        JsonNode check = awaitCheckLine(line -> true);

        JsonNode directive = check.at("/_aws/CloudWatchMetrics/0");
        assertEquals("Rostergate", directive.get("Namespace").asText());
        assertEquals("[[\"Service\"]]", directive.get("Dimensions").toString());
        assertEquals(List.of("StuckImports", "IncompleteImports"), directive.findValuesAsText("Name"));
        assertEquals(List.of("Count", "Count"), directive.findValuesAsText("Unit"));
        assertEquals("ingest", check.get("Service").asText());
        assertTrue(
                check.get("StuckImports").isNumber()
                        && check.get("IncompleteImports").isNumber(),
                check.toString());
        assertTrue(check.at("/_aws/Timestamp").isNumber(), check.toString());
    }

    private static JsonNode awaitCheckLine(Predicate<JsonNode> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<JsonNode> found = LINES.stream()
                    .filter(line -> line.get("event").asText().equals("stuck-import-check"))
                    .filter(wanted)
                    .reduce((first, second) -> second);
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no such stuck-import check line in 30 s: " + LINES);
    }

    /** A ledger item as the splitter writes it, with the given times; 4 batches, 2 written, 1 dead-lettered. */
    private static void create(String importId, ImportStatus status, Instant startedAt, Instant updatedAt) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("import_id", importId);
        fields.put("bucket", STACK.bucket);
        fields.put("key", "rosters/full/" + importId + ".csv");
        fields.put("mode", "FULL");
        fields.put("status", status.name());
        fields.put("started_at", startedAt.truncatedTo(ChronoUnit.MILLIS).toString());
        fields.put("updated_at", updatedAt.truncatedTo(ChronoUnit.MILLIS).toString());
        fields.put("batches_total", 4);
        fields.put("batches_written", 2);
        fields.put("batches_dead_lettered", 1);
        assertTrue(STACK.ledger.create(IngestStack.JSON.convertValue(fields, ImportRecord.class)), importId);
    }

    private static JsonNode json(String line) {
        try {
            return IngestStack.JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON line: " + line, e);
        }
    }
}
