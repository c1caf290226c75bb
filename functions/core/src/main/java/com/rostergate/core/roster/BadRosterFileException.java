package com.rostergate.core.roster;

/**
 * The file as a whole cannot be a roster (empty, binary, wrong encoding, no phone column...): the import fails with
 * this message.
 */
public final class BadRosterFileException extends Exception {
    public BadRosterFileException(String message) {
        super(message);
    }
}
