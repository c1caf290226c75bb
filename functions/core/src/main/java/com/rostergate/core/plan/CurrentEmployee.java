package com.rostergate.core.plan;

/**
 * One employee in the table as a plan sees them: the key, what identifies them besides it, and a
 * {@link Fingerprint} of their stored attributes (to tell an update from an unchanged row).
 */
public record CurrentEmployee(String phone, String employeeId, String name, long fingerprint) {}
