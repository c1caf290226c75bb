package com.rostergate.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RemovalGuardTest {

    private final RemovalGuard guard = new RemovalGuard(20);

    @Test
    void removalsUpToThePercentGoAhead() {
        assertTrue(guard.allows(30, 6, false));
        assertFalse(guard.allows(30, 7, false));
        assertTrue(guard.allows(0, 0, false), "a first import removes nobody");
    }

    @Test
    void aHeaderOnlyFileWouldRemoveEveryoneAndIsStopped() {
        assertFalse(guard.allows(30, 30, false));
        assertTrue(guard.explain(30, 30).startsWith("removal guard: this full roster would remove 30 of 30 employees (100.0%)"));
    }

    @Test
    void aConfirmationOverridesTheGuard() {
        assertTrue(guard.allows(30, 30, true));
    }

    @Test
    void theSettingDefaultsTo20AndIsChecked() {
        assertEquals(20, RemovalGuard.fromSetting(null).percent());
        assertEquals(20, RemovalGuard.fromSetting(" ").percent());
        assertEquals(5, RemovalGuard.fromSetting("5").percent());
        assertThrows(IllegalArgumentException.class, () -> RemovalGuard.fromSetting("150"));
        assertTrue(new RemovalGuard(0).allows(10, 0, false));
        assertFalse(new RemovalGuard(0).allows(10, 1, false));
    }
}
