package com.rostergate.core.ingest;

/**
 * A call did not succeed within the time allowed, or cannot succeed; the message says why (it goes into the ledger).
 */
public final class GaveUpException extends Exception {
    public GaveUpException(String message, Throwable cause) {
        super(message, cause);
    }
}
