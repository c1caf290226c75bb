package com.rostergate.core.plan;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A 64-bit FNV-1a hash of an employee's stored attributes and extra columns, independent of their
 * order, so a file row and a table item holding the same values have the same fingerprint. A collision
 * only makes an update count as unchanged in a plan; every row is written either way.
 */
public final class Fingerprint {

    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private Fingerprint() {}

    public static long of(Map<String, String> attributes, Map<String, String> extra) {
        long hash = OFFSET;
        hash = mix(hash, new TreeMap<>(attributes), "a");
        return mix(hash, new TreeMap<>(extra), "x");
    }

    private static long mix(long hash, Map<String, String> values, String kind) {
        for (Map.Entry<String, String> entry : values.entrySet()) {
            hash = mix(hash, kind + '\u0000' + entry.getKey() + '\u0000' + entry.getValue() + '\u0000');
        }
        return hash;
    }

    private static long mix(long hash, String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= PRIME;
        }
        return hash;
    }
}
