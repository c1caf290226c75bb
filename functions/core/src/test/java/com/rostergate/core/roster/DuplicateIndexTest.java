package com.rostergate.core.roster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DuplicateIndexTest {

    @Test
    void phoneKeysAreTheDigitsOfTheE164Number() {
        assertEquals(821022223333L, DuplicateIndex.key("+821022223333"));
        assertEquals(16502530000L, DuplicateIndex.key("+16502530000"));
    }

    @Test
    void theFilterGrowsWithTheFileTo16MiB() {
        assertEquals(16 << 10, DuplicateIndex.forFileOf(1).filterBytes(), "2^17 bits at the least");
        // 12 MB: a million rows of 12 bytes, 10 million bits, rounded up to 2^24
        assertEquals(2 << 20, DuplicateIndex.forFileOf(12_000_000).filterBytes());
        assertEquals(16 << 20, DuplicateIndex.forFileOf(1L << 40).filterBytes(), "at most 2^27 bits");
    }

    @Test
    void answersExactlyLikeAFullMapEvenWhenTheFilterIsOverloaded() throws Exception {
        // the smallest filter with 200,000 rows: most "seen before" answers are false positives
        DuplicateIndex index = DuplicateIndex.forFileOf(1);
        Random random = new Random(7);
        long[] keys = new long[200_000];
        Map<Long, Long> lastLine = new HashMap<>();
        for (int line = 0; line < keys.length; line++) {
            keys[line] = 821000000000L + random.nextInt(150_000);
            index.record(keys[line], line + 2);
            lastLine.put(keys[line], line + 2L);
        }
        int duplicates = 0;
        for (int line = 0; line < keys.length; line++) {
            long winner = lastLine.get(keys[line]);
            long expected = winner == line + 2 ? -1 : winner;
            assertEquals(expected, index.laterLine(keys[line], line + 2), "line " + (line + 2));
            duplicates += expected > 0 ? 1 : 0;
        }
        assertEquals(keys.length - lastLine.size(), duplicates);
    }

    @Test
    void aFileWithTooManyRepeatedNumbersFailsInsteadOfRunningOutOfMemory() throws Exception {
        DuplicateIndex index = DuplicateIndex.forFileOf(4_000_000L * 80);
        for (long i = 1; i <= DuplicateIndex.MAX_REPEATED; i++) {
            index.record(821000000000L + i, i);
            index.record(821000000000L + i, i + 1);
        }
        BadRosterFileException failure = assertThrows(BadRosterFileException.class, () -> {
            for (long i = DuplicateIndex.MAX_REPEATED + 1L; i <= DuplicateIndex.MAX_CANDIDATES + 1L; i++) {
                index.record(821000000000L + i, 1);
                index.record(821000000000L + i, 2);
            }
        });
        assertEquals(
                "more than 1000000 phone numbers appear more than once; remove the duplicates or split the file",
                failure.getMessage());
    }

    @Test
    void theLargestFileWithoutRepeatsPassesDespiteFalsePositivesAndOneRowMoreFails() throws Exception {
        // 10-digit mobile numbers in a scattered order, each once: only the filter's false positives reach the map
        DuplicateIndex index = DuplicateIndex.forFileOf(DuplicateIndex.MAX_ROWS * 12);
        for (long row = 0; row < DuplicateIndex.MAX_ROWS; row++) {
            index.record(821000000000L + Math.floorMod(row * 12_345_679L, 100_000_000L), row + 2);
        }
        BadRosterFileException failure =
                assertThrows(BadRosterFileException.class, () -> index.record(821099999999L, 1));
        assertEquals("more than 20000000 rows with a valid phone number; split the file", failure.getMessage());
        assertEquals(-1, index.laterLine(821000000000L, 2));
    }
}
