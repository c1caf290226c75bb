package com.rostergate.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ImportIdentityTest {

    private static final String EVENT = """
        {"version":"0","id":"17793124-05d4-b198-2fde-7ededc63b103","detail-type":"Object Created","source":"aws.s3",
         "account":"111122223333","time":"2025-03-01T09:00:00Z","region":"ap-northeast-2",
         "resources":["arn:aws:s3:::roster-bucket"],
         "detail":{"version":"0","bucket":{"name":"roster-bucket"},
           "object":{"key":"rosters/full/인사명단 2025.csv","size":2048,"etag":"b1946ac92492d2347c6235b4d2611184",
                     "version-id":"IYV3p45BT0ac8hjHg1houSdS1a.Mro8e","sequencer":"00617F08299329D189"},
           "request-id":"N4N7GDK58NMKJ12R","requester":"123456789012",
           "source-ip-address":"1.2.3.4","reason":"PutObject"}}
        """;

    @Test
    void anEventIsReadAsS3SendsIt() throws Exception {
        RosterUpload upload = RosterUpload.fromEvent(new ObjectMapper().readTree(EVENT));
        assertEquals(
                new RosterUpload(
                        "roster-bucket",
                        "rosters/full/인사명단 2025.csv",
                        "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e",
                        "b1946ac92492d2347c6235b4d2611184",
                        "00617F08299329D189",
                        2048,
                        Instant.parse("2025-03-01T09:00:00Z")),
                upload);
    }

    @Test
    void somethingElseIsNotAnUpload() {
        assertThrows(
                IllegalArgumentException.class,
                () -> RosterUpload.fromEvent(new ObjectMapper().readTree("{\"detail\":{}}")));
    }

    @Test
    void theSameEventIsTheSameImport() throws Exception {
        ImportIdentity first = ImportIdentity.of(RosterUpload.fromEvent(new ObjectMapper().readTree(EVENT)));
        ImportIdentity again = ImportIdentity.of(RosterUpload.fromEvent(new ObjectMapper().readTree(EVENT)));
        assertEquals(first, again);
        assertTrue(first.importId().matches("imp-20250301T090000Z-[0-9a-f]{16}"), first.importId());
        assertEquals("001740819600-0000000000000000617F08299329D189-" + first.importId(), first.revision());
    }

    @Test
    void anotherUploadOfTheSameKeyIsAnotherImportOrderedBySequencer() {
        Instant time = Instant.parse("2025-03-01T09:00:00Z");
        ImportIdentity earlier = ImportIdentity.of(upload("rosters/full/a.csv", "00617F08299329D189", time));
        ImportIdentity later = ImportIdentity.of(upload("rosters/full/a.csv", "00617F0829932A0000", time));
        assertNotEquals(earlier.importId(), later.importId());
        assertTrue(later.revision().compareTo(earlier.revision()) > 0);
        ImportIdentity shortSequencer = ImportIdentity.of(upload("rosters/full/a.csv", "FF", time));
        assertTrue(
                earlier.revision().compareTo(shortSequencer.revision()) > 0,
                "sequencers compare as numbers, not as text");
    }

    @Test
    void uploadsAreOrderedByTimeFirst() {
        ImportIdentity nine =
                ImportIdentity.of(upload("rosters/full/b.csv", "FFFFFFFF", Instant.parse("2025-03-01T09:00:00Z")));
        ImportIdentity ten =
                ImportIdentity.of(upload("rosters/delta/a.csv", "00000001", Instant.parse("2025-03-01T10:00:00Z")));
        assertTrue(ten.revision().compareTo(nine.revision()) > 0);
    }

    @Test
    void theKeyChoosesTheMode() {
        assertEquals(ImportMode.FULL, ImportMode.forKey("rosters/full/2025/roster.csv"));
        assertEquals(ImportMode.DELTA, ImportMode.forKey("rosters/delta/changes.csv"));
        assertNull(ImportMode.forKey("rosters/roster.csv"));
        assertNull(ImportMode.forKey("rosters/fullroster.csv"));
        assertNull(ImportMode.forKey("rosters/full/"));
        assertTrue(ImportMode.wrongKeyReason("rosters/x.csv").contains("rosters/full/"));
    }

    private static RosterUpload upload(String key, String sequencer, Instant time) {
        return new RosterUpload("roster-bucket", key, null, "etag", sequencer, 10, time);
    }
}
