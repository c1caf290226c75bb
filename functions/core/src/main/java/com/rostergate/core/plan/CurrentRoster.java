package com.rostergate.core.plan;

import java.util.function.Consumer;

/** The port to the employees table as it is now: every current employee (tombstones left out). */
public interface CurrentRoster {

    /**
     * Hands each current employee to {@code employee}; throws when the roster cannot be read (the plan is then not
     * made).
     */
    void forEach(Consumer<CurrentEmployee> employee) throws RosterUnreadableException;

    /** The roster could not be read; the message says why. */
    final class RosterUnreadableException extends Exception {
        public RosterUnreadableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
