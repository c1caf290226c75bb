package com.rostergate.core.ingest;

/** Waits: a backoff before a retry, the write fence. Injected so tests advance a clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

    /** The thread's own sleep; an interrupt ends the wait with an IllegalStateException (the interrupt flag kept). */
    Sleeper THREAD = millis -> {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    };

    void sleep(long millis);
}
