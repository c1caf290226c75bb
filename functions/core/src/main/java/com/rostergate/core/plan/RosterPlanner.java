package com.rostergate.core.plan;

import com.rostergate.core.ingest.ImportMode;
import com.rostergate.core.roster.RosterRow;
import com.rostergate.core.roster.RowAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes an upload's {@link ImportPlan} from the roster before it and the file's rows, in one pass over
 * the file: each accepted row (the row that wins for its phone) and each rejected row is handed in, in
 * file order; then {@link #plan()}. Holds the current roster, not the file.
 *
 * <p>A rejected row never removes anyone: the current employee it names is kept - by phone when its
 * phone normalises, otherwise by employee id when the row and the roster both carry one.
 */
public final class RosterPlanner {

    private final ImportMode mode;
    private final Map<String, Current> byPhone = new HashMap<>();
    private final Map<String, List<Current>> byEmployeeId = new HashMap<>();
    private final Samples added = new Samples();
    private final Samples updated = new Samples();
    private final Samples removed = new Samples();
    private final Samples kept = new Samples();
    private long addedCount;
    private long updatedCount;
    private long unchangedCount;
    private long explicitRemovals;
    private long keptCount;
    private long rejected;

    /** A current employee and what the file has said of them so far. */
    private static final class Current {
        final CurrentEmployee employee;
        /** An accepted row holds their phone. */
        boolean named;
        /** A rejected row names them. */
        boolean rejected;

        Current(CurrentEmployee employee) {
            this.employee = employee;
        }
    }

    public RosterPlanner(ImportMode mode, CurrentRoster roster) throws CurrentRoster.RosterUnreadableException {
        this.mode = mode;
        roster.forEach(employee -> {
            Current current = new Current(employee);
            byPhone.put(employee.phone(), current);
            if (employee.employeeId() != null) {
                byEmployeeId
                        .computeIfAbsent(employee.employeeId(), id -> new ArrayList<>(1))
                        .add(current);
            }
        });
    }

    /** A row that will be written (the last row of its phone in the file). */
    public void accepted(RosterRow row) {
        Current current = byPhone.get(row.phone());
        if (current != null) {
            current.named = true;
        }
        Map<String, String> attributes = row.attributes();
        ImportPlan.Entry entry =
                new ImportPlan.Entry(row.phone(), attributes.get("employee_id"), attributes.get("name"));
        if (row.action() == RowAction.DELETE) {
            if (current != null) {
                explicitRemovals++;
                removed.add(entry(current.employee));
            }
        } else if (current == null) {
            addedCount++;
            added.add(entry);
        } else if (current.employee.fingerprint() == Fingerprint.of(row.attributes(), row.extra())) {
            unchangedCount++;
        } else {
            updatedCount++;
            updated.add(entry);
        }
    }

    /**
     * A row refused with a reason; {@code phone} is its E.164 number when it normalises, {@code employeeId} its id
     * (either may be null).
     */
    public void rejected(String phone, String employeeId) {
        rejected++;
        Current byNumber = phone == null ? null : byPhone.get(phone);
        if (byNumber != null) {
            keep(byNumber);
        } else if (phone == null && employeeId != null) {
            byEmployeeId.getOrDefault(employeeId, List.of()).forEach(this::keep);
        }
    }

    private void keep(Current current) {
        current.rejected = true;
    }

    /** Whom the rows did not name: kept when a rejected row names them, else removed by a full upload. */
    public ImportPlan plan() {
        List<String> syncRemovals = new ArrayList<>();
        List<Current> unnamed = byPhone.values().stream()
                .filter(current -> !current.named)
                .sorted((a, b) -> a.employee.phone().compareTo(b.employee.phone()))
                .toList();
        for (Current current : unnamed) {
            if (current.rejected) {
                keptCount++;
                kept.add(entry(current.employee));
            } else if (mode == ImportMode.FULL) {
                syncRemovals.add(current.employee.phone());
                removed.add(entry(current.employee));
            }
        }
        return new ImportPlan(
                mode,
                byPhone.size(),
                addedCount,
                updatedCount,
                unchangedCount,
                explicitRemovals + syncRemovals.size(),
                explicitRemovals,
                keptCount,
                rejected,
                added.entries,
                updated.entries,
                removed.entries,
                kept.entries,
                syncRemovals);
    }

    private static ImportPlan.Entry entry(CurrentEmployee employee) {
        return new ImportPlan.Entry(employee.phone(), employee.employeeId(), employee.name());
    }

    /** The first {@link ImportPlan#SAMPLE} entries of a list. */
    private static final class Samples {
        final List<ImportPlan.Entry> entries = new ArrayList<>();

        void add(ImportPlan.Entry entry) {
            if (entries.size() < ImportPlan.SAMPLE) {
                entries.add(entry);
            }
        }
    }
}
