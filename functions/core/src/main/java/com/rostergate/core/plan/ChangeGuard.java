package com.rostergate.core.plan;

import com.rostergate.core.ingest.ImportMode;
import java.util.Locale;
import java.util.Optional;

/**
 * Stops an upload whose plan changes a large share of the roster as it was before the upload (a
 * truncated export, the wrong file): more than {@code removalPercent} of it removed (sync removals and
 * delete rows alike, full and delta uploads), or - for a full upload - more than {@code additionPercent}
 * of it added. A guarded plan changes nothing until an operator confirms it. A first upload into an
 * empty roster is not guarded: there is nothing to protect and no share to take.
 */
public record ChangeGuard(int removalPercent, int additionPercent) {

    public static final int DEFAULT_REMOVAL_PERCENT = 20;
    public static final int DEFAULT_ADDITION_PERCENT = 50;

    public ChangeGuard {
        if (removalPercent < 0 || removalPercent > 100) {
            throw new IllegalArgumentException("REMOVAL_GUARD_PERCENT must be 0..100, got " + removalPercent);
        }
        if (additionPercent < 0) {
            throw new IllegalArgumentException("ADDITION_GUARD_PERCENT must be 0 or more, got " + additionPercent);
        }
    }

    /** From the environment values; blank means the default. */
    public static ChangeGuard fromSettings(String removalPercent, String additionPercent) {
        return new ChangeGuard(
                percent(removalPercent, DEFAULT_REMOVAL_PERCENT, "REMOVAL_GUARD_PERCENT"),
                percent(additionPercent, DEFAULT_ADDITION_PERCENT, "ADDITION_GUARD_PERCENT"));
    }

    /** Why {@code plan} waits for confirmation, or empty when it may be applied. */
    public Optional<String> refusal(ImportPlan plan) {
        long size = plan.rosterSize();
        if (size == 0) {
            return Optional.empty();
        }
        if (plan.removed() * 100 > (long) removalPercent * size) {
            return Optional.of(String.format(
                    Locale.ROOT,
                    "removal guard: this upload would remove %d of %d employees (%.1f%%), more than"
                            + " REMOVAL_GUARD_PERCENT=%d%%; nothing was changed.%s",
                    plan.removed(),
                    size,
                    share(plan.removed(), size),
                    removalPercent,
                    HOW));
        }
        if (plan.mode() == ImportMode.FULL && plan.added() * 100 > (long) additionPercent * size) {
            return Optional.of(String.format(
                    Locale.ROOT,
                    "addition guard: this full roster would add %d employees to %d (%.1f%%), more than"
                            + " ADDITION_GUARD_PERCENT=%d%%; nothing was changed.%s",
                    plan.added(),
                    size,
                    share(plan.added(), size),
                    additionPercent,
                    HOW));
        }
        return Optional.empty();
    }

    private static final String HOW = " If the file is right: rosterctl imports confirm <import id> applies this plan"
            + " (rosterctl imports reject <import id> discards it).";

    private static double share(long part, long whole) {
        return part * 100.0 / whole;
    }

    private static int percent(String value, int fallback, String name) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
    }
}
