package com.rostergate.core.ingest;

import java.util.Locale;

/**
 * Stops a full import from removing a large share of the roster by mistake (a truncated export, a
 * header-only file): above {@code percent} of the current roster it removes nobody until an
 * operator confirms.
 */
public record RemovalGuard(int percent) {

    public static final int DEFAULT_PERCENT = 20;

    public RemovalGuard {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("REMOVAL_GUARD_PERCENT must be 0..100, got " + percent);
        }
    }

    /** From the environment value; blank means the default. */
    public static RemovalGuard fromSetting(String value) {
        return new RemovalGuard(value == null || value.isBlank() ? DEFAULT_PERCENT : Integer.parseInt(value.strip()));
    }

    /** Whether removing {@code removals} of {@code rosterSize} employees may go ahead. */
    public boolean allows(long rosterSize, long removals, boolean confirmed) {
        return confirmed || removals == 0 || removals * 100 <= (long) percent * rosterSize;
    }

    public String explain(long rosterSize, long removals) {
        double share = rosterSize == 0 ? 100 : removals * 100.0 / rosterSize;
        return String.format(Locale.ROOT, "removal guard: this full roster would remove %d of %d employees (%.1f%%), more than"
            + " REMOVAL_GUARD_PERCENT=%d%%; nobody was removed. To apply it, upload the file again with metadata"
            + " x-amz-meta-force: true (or tag force=true), or apply the guarded removal of this import", removals, rosterSize, share, percent);
    }
}
