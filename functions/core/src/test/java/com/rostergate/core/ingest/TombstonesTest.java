package com.rostergate.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rostergate.core.plan.Fingerprint;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TombstonesTest {

    private static final Instant UPLOADED = Instant.parse("2026-03-01T09:00:00Z");
    private static final String REVISION = ImportIdentity.of(
                    new RosterUpload("b", "rosters/full/r.csv", null, "e", "0A", 1, UPLOADED))
            .revision();

    @Test
    void aRevisionSaysWhenItsFileWasUploaded() {
        assertEquals(UPLOADED, Tombstones.uploadedAt(REVISION));
    }

    @Test
    void aTombstoneOutlivesEveryMessageThatCouldCarryAnOlderWrite() {
        Duration queues =
                Duration.ofDays(14 + 14); // the ingest queue's and the DLQ's MessageRetentionPeriod (template)
        assertTrue(Tombstones.RETENTION.compareTo(queues.plusDays(1)) > 0, "and a day of EventBridge retries");
        assertEquals(UPLOADED.plus(Tombstones.RETENTION).getEpochSecond(), Tombstones.expiresAt(UPLOADED));
    }

    @Test
    void aBatchPastTheWriteHorizonIsOneWhoseTombstonesMayHaveExpired() {
        assertFalse(Tombstones.pastWriteHorizon(REVISION, UPLOADED.plus(Tombstones.WRITE_HORIZON)));
        assertTrue(Tombstones.pastWriteHorizon(
                REVISION, UPLOADED.plus(Tombstones.WRITE_HORIZON).plusSeconds(1)));
        assertTrue(Tombstones.WRITE_HORIZON.compareTo(Tombstones.RETENTION) < 0);
    }

    @Test
    void aFingerprintDoesNotDependOnTheOrderOfTheValues() {
        Map<String, String> one = new LinkedHashMap<>();
        one.put("name", "김민준");
        one.put("department", "개발팀");
        Map<String, String> other = new LinkedHashMap<>();
        other.put("department", "개발팀");
        other.put("name", "김민준");
        assertEquals(Fingerprint.of(one, Map.of("비고", "x")), Fingerprint.of(other, Map.of("비고", "x")));
        assertFalse(
                Fingerprint.of(one, Map.of()) == Fingerprint.of(Map.of("name", "김민준", "department", "인사팀"), Map.of()));
        assertFalse(
                Fingerprint.of(one, Map.of()) == Fingerprint.of(Map.of(), one), "an extra column is not an attribute");
    }
}
