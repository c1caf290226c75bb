package com.rostergate.core.roster;

/**
 * Finds which rows of a file are earlier copies of a phone number that appears again later,
 * in memory that does not grow with the file (a 10,000,000-row roster must split at -Xmx128m).
 *
 * <p>Pass 1 calls {@link #record} for every accepted row. A Bloom filter remembers the numbers
 * seen; a number the filter may have seen before goes into an exact map, number -> last line.
 * Every repeat of a number lands in the map (its first sighting is in the filter), so the map
 * holds the true last line of each repeated number; a false positive only adds a number whose
 * one line is its own last line. Pass 2 asks {@link #laterLine}: a row whose number is in the map
 * with another line is an earlier duplicate. Memory: the filter (at most 16 MiB, sized from the
 * file's bytes) plus about 24 bytes for each repeated number or false positive, capped at
 * {@link #MAX_REPEATED} - beyond that the file fails with a clear reason instead of running out of heap.
 */
public final class DuplicateIndex {

    public static final int MAX_REPEATED = 1_000_000;
    static final long MAX_FILTER_BITS = 1L << 27;
    /** Rows are rarely shorter than this many bytes; the filter gets 10 bits for each possible row. */
    private static final int MIN_ROW_BYTES = 24;
    private static final int HASHES = 7;

    private final long[] filter;
    private final long filterMask;
    private final LastLines repeated = new LastLines();

    private DuplicateIndex(long bits) {
        long size = Long.highestOneBit(Math.max(bits - 1, 1L << 16)) << 1;
        this.filter = new long[(int) (Math.min(size, MAX_FILTER_BITS) >>> 6)];
        this.filterMask = filter.length * 64L - 1;
    }

    /** An index sized for a file of {@code bytes} bytes. */
    public static DuplicateIndex forFileOf(long bytes) {
        return new DuplicateIndex(Math.max(bytes, 1) / MIN_ROW_BYTES * 10);
    }

    /** The number as a map key: the digits of an E.164 number (at most 15, so it fits a long, never 0). */
    public static long key(String e164) {
        return Long.parseLong(e164, 1, e164.length(), 10);
    }

    public void record(long key, long line) throws BadRosterFileException {
        if (mightContainThenAdd(key)) {
            repeated.put(key, line);
            if (repeated.size() > MAX_REPEATED) {
                throw new BadRosterFileException("more than " + MAX_REPEATED + " phone numbers appear more than once;"
                    + " remove the duplicates or split the file");
            }
        }
    }

    /** For a row of pass 2: the line of a later row with the same number, which wins, or -1 when this row wins. */
    public long laterLine(long key, long line) {
        long last = repeated.get(key);
        return last > line ? last : -1;
    }

    private boolean mightContainThenAdd(long key) {
        long h1 = mix(key);
        long h2 = mix(h1) | 1;
        boolean all = true;
        for (int i = 0; i < HASHES; i++) {
            long bit = (h1 + i * h2) & filterMask;
            int word = (int) (bit >>> 6);
            long mask = 1L << bit;
            all &= (filter[word] & mask) != 0;
            filter[word] |= mask;
        }
        return all;
    }

    /** SplitMix64's finaliser: spreads nearby phone numbers over the whole filter. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Open-addressing map of phone key -> line (keys are never 0, which marks an empty slot). */
    private static final class LastLines {
        private long[] keys = new long[1024];
        private long[] lines = new long[1024];
        private int size;

        int size() {
            return size;
        }

        void put(long key, long line) {
            if ((size + 1) * 4L > keys.length * 3L) {
                grow();
            }
            int slot = slotOf(keys, key);
            if (keys[slot] == 0) {
                keys[slot] = key;
                size++;
            }
            lines[slot] = line;
        }

        long get(long key) {
            int slot = slotOf(keys, key);
            return keys[slot] == key ? lines[slot] : -1;
        }

        private static int slotOf(long[] table, long key) {
            int mask = table.length - 1;
            int slot = (int) mix(key) & mask;
            while (table[slot] != 0 && table[slot] != key) {
                slot = (slot + 1) & mask;
            }
            return slot;
        }

        private void grow() {
            long[] oldKeys = keys;
            long[] oldLines = lines;
            keys = new long[oldKeys.length * 2];
            lines = new long[oldLines.length * 2];
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != 0) {
                    int slot = slotOf(keys, oldKeys[i]);
                    keys[slot] = oldKeys[i];
                    lines[slot] = oldLines[i];
                }
            }
        }
    }
}
