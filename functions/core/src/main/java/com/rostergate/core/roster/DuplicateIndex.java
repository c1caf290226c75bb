package com.rostergate.core.roster;

/**
 * Finds which rows of a file are earlier copies of a phone number that appears again later,
 * in memory with a fixed cap (a 10,000,000-row roster must split at -Xmx128m).
 *
 * <p>Pass 1 calls {@link #record} for every accepted row. A Bloom filter remembers the numbers
 * seen; a number the filter may have seen before goes into an exact map, number -> last line.
 * Every repeat of a number lands in the map (its first sighting is in the filter), so the map
 * holds the true last line of each repeated number; a false positive only adds a number whose
 * one line is its own last line. Pass 2 asks {@link #laterLine}: a row whose number is in the map
 * with another line is an earlier duplicate.
 *
 * <p>Memory: the filter, 10 bits for each row the file's size allows, at most 16 MiB (reached at files
 * of about 80 MB, a million rows); plus 16 to 32 bytes for each repeated number or false positive. Exact
 * answers need that much state per distinct number, so the index takes at most {@link #MAX_ROWS}
 * rows: there the full filter has 6.7 bits a number and about 1 % of rows are false positives
 * (measured: 199,444 of 20,000,000). The map takes {@link #MAX_REPEATED} repeated numbers plus room
 * for 2 % of MAX_ROWS false positives (at most 32 MiB); a file beyond either limit fails with that
 * reason instead of running out of heap, and never because of the filter's false positives.
 */
public final class DuplicateIndex {

    public static final int MAX_REPEATED = 1_000_000;
    public static final long MAX_ROWS = 20_000_000;
    static final int MAX_CANDIDATES = MAX_REPEATED + (int) (MAX_ROWS / 50);
    static final long MAX_FILTER_BITS = 1L << 27;
    /**
     * The filter gets 10 bits for each row of this many bytes (a bare mobile number and a line break);
     * even rows of 8 bytes leave the 6.7 bits a number that bound false positives at MAX_ROWS.
     */
    private static final int MIN_ROW_BYTES = 12;

    private static final int HASHES = 7;

    private final long[] filter;
    private final long blockMask;
    private final LastLines repeated = new LastLines();
    private long rows;

    private DuplicateIndex(long bits) {
        long size = Long.highestOneBit(Math.max(bits - 1, 1L << 16)) << 1;
        this.filter = new long[(int) (Math.min(size, MAX_FILTER_BITS) >>> 6)];
        this.blockMask = (filter.length >>> 3) - 1;
    }

    /** An index sized for a file of {@code bytes} bytes. */
    public static DuplicateIndex forFileOf(long bytes) {
        return new DuplicateIndex(Math.min(Math.max(bytes, 1) / MIN_ROW_BYTES, MAX_ROWS) * 10);
    }

    /** The Bloom filter's size: what the index holds however few numbers repeat. */
    public long filterBytes() {
        return filter.length * (long) Long.BYTES;
    }

    /** The number as a map key: the digits of an E.164 number (at most 15, so it fits a long, never 0). */
    public static long key(String e164) {
        long key = 0;
        for (int i = 1; i < e164.length(); i++) {
            key = key * 10 + (e164.charAt(i) - '0');
        }
        return key;
    }

    public void record(long key, long line) throws BadRosterFileException {
        if (++rows > MAX_ROWS) {
            throw new BadRosterFileException(
                    "more than " + MAX_ROWS + " rows with a valid phone number; split the file");
        }
        if (mightContainThenAdd(key)) {
            repeated.put(key, line);
            if (repeated.size() > MAX_CANDIDATES) {
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

    /**
     * Sets the key's bits and says whether they were all set already. All of a key's bits lie in one
     * 512-bit block (a cache line), so a row costs one memory access rather than one per hash.
     */
    private boolean mightContainThenAdd(long key) {
        long hash = mix(key);
        int block = (int) (hash & blockMask) << 3;
        long positions = mix(hash);
        boolean all = true;
        for (int i = 0; i < HASHES; i++) {
            int bit = (int) (positions >>> (9 * i)) & 511;
            long mask = 1L << bit;
            all &= (filter[block + (bit >>> 6)] & mask) != 0;
            filter[block + (bit >>> 6)] |= mask;
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
