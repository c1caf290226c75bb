package com.rostergate.core.ingest;

/** What an upload means, chosen by its key prefix. */
public enum ImportMode {
    /**
     * {@code rosters/full/...}: the file is the whole roster; employees it does not hold are removed once it is
     * written.
     */
    FULL("rosters/full/"),
    /** {@code rosters/delta/...}: adds or updates its rows, removes those whose status says so. */
    DELTA("rosters/delta/");

    private final String prefix;

    ImportMode(String prefix) {
        this.prefix = prefix;
    }

    /** The mode for an object key, or null when the key is under neither prefix. */
    public static ImportMode forKey(String key) {
        for (ImportMode mode : values()) {
            if (key.startsWith(mode.prefix) && key.length() > mode.prefix.length()) {
                return mode;
            }
        }
        return null;
    }

    /** Why a key under {@code rosters/} has no mode. */
    public static String wrongKeyReason(String key) {
        return "the key " + key + " is not under " + FULL.prefix + " (a whole roster) or " + DELTA.prefix
                + " (changes only); upload it again under one of them";
    }
}
