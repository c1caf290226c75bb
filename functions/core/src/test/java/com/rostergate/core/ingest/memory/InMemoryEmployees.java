package com.rostergate.core.ingest.memory;

import com.rostergate.core.ingest.BatchMessage;
import com.rostergate.core.ingest.BatchState;
import com.rostergate.core.ingest.Deadline;
import com.rostergate.core.ingest.GaveUpException;
import com.rostergate.core.ingest.Tombstones;
import com.rostergate.core.ingest.port.EmployeeStore;
import com.rostergate.core.plan.CurrentEmployee;
import com.rostergate.core.plan.CurrentRoster;
import com.rostergate.core.plan.Fingerprint;
import com.rostergate.core.roster.RosterRow;
import com.rostergate.core.roster.RowAction;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * The employees table in memory, with the DynamoDB adapter's conditions: a conditional write lands only where
 * no newer revision wrote or removed the phone, a removal leaves a tombstone with its revision and expiry.
 */
public final class InMemoryEmployees implements EmployeeStore {

    /** One phone's item: its values, or a tombstone; and the import that wrote it. */
    public record Entry(
            String phone,
            Map<String, String> attributes,
            Map<String, String> extra,
            boolean tombstone,
            long expiresAt,
            String importId,
            String revision) {}

    private final Clock clock;
    private final InMemoryLedger ledger;
    private final Map<String, Entry> entries = new TreeMap<>();
    private int failingWrites;
    private boolean unreadable;

    private Runnable afterNextRead;

    /** {@code ledger} counts sync removals in the same step as the removals. */
    public InMemoryEmployees(Clock clock, InMemoryLedger ledger) {
        this.clock = clock;
        this.ledger = ledger;
    }

    /** The next {@code count} writes (bulk or conditional) fail as an unreachable table would. */
    public synchronized void failWrites(int count) {
        failingWrites = count;
    }

    /** Reading the roster fails (the plan cannot be made). */
    public synchronized void makeUnreadable() {
        unreadable = true;
    }

    /** Puts an employee as a past import wrote them. */
    public synchronized void put(String phone, String name, String employeeId, String revision) {
        Map<String, String> attributes = new TreeMap<>(Map.of("name", name, "employee_id", employeeId));
        entries.put(phone, new Entry(phone, attributes, Map.of(), false, 0, "seed", revision));
    }

    public synchronized Entry entry(String phone) {
        return entries.get(phone);
    }

    /** DynamoDB's TTL deleting an expired item (late, and only then). */
    public synchronized void expire(String phone) {
        entries.remove(phone);
    }

    /** The current employees' phones (tombstones left out). */
    public synchronized List<String> employees() {
        return entries.values().stream()
                .filter(entry -> !entry.tombstone())
                .map(Entry::phone)
                .toList();
    }

    /** What happens right after the next read of the roster: other imports' work while a plan is being made. */
    public synchronized void afterNextRead(Runnable action) {
        afterNextRead = action;
    }

    @Override
    public CurrentRoster current(Deadline deadline) {
        return employee -> {
            List<Entry> snapshot;
            Runnable action;
            synchronized (this) {
                if (unreadable) {
                    throw new CurrentRoster.RosterUnreadableException("the table is unreachable", null);
                }
                snapshot = new ArrayList<>(entries.values());
                action = afterNextRead;
                afterNextRead = null;
            }
            if (action != null) {
                action.run();
            }
            snapshot.stream()
                    .filter(entry -> !entry.tombstone())
                    .map(entry -> new CurrentEmployee(
                            entry.phone(),
                            entry.attributes().get("employee_id"),
                            entry.attributes().get("name"),
                            Fingerprint.of(entry.attributes(), entry.extra())))
                    .forEach(employee);
        };
    }

    @Override
    public synchronized Landed write(BatchMessage message, Deadline deadline, BooleanSupplier newerImportStarted)
            throws GaveUpException {
        if (newerImportStarted.getAsBoolean()) {
            return new Landed(writeEach(message, deadline), 0);
        }
        failIfAsked(message);
        int deletes = 0;
        for (RosterRow row : message.rows()) {
            entries.put(row.phone(), entry(row, message));
            deletes += row.action() == RowAction.DELETE ? 1 : 0;
        }
        int rows = message.rows().size();
        return new Landed(new BatchState.Tally(rows, rows - deletes, deletes, 0), 0);
    }

    @Override
    public synchronized BatchState.Tally writeEach(BatchMessage message, Deadline deadline) throws GaveUpException {
        failIfAsked(message);
        int written = 0;
        int deleted = 0;
        int superseded = 0;
        for (RosterRow row : message.rows()) {
            Entry now = entries.get(row.phone());
            if (now != null && now.revision().compareTo(message.revision()) > 0) {
                superseded++;
                continue;
            }
            entries.put(row.phone(), entry(row, message));
            if (row.action() == RowAction.DELETE) {
                deleted++;
            } else {
                written++;
            }
        }
        return new BatchState.Tally(message.rows().size(), written, deleted, superseded);
    }

    @Override
    public synchronized int removeStale(
            List<String> phones, String importRevision, String importId, Deadline deadline) {
        if (phones.size() > REMOVALS_PER_STEP) {
            throw new IllegalArgumentException(phones.size() + " removals in one step");
        }
        int removed = 0;
        for (String phone : phones) {
            Entry now = entries.get(phone);
            if (now != null && !now.tombstone() && now.revision().compareTo(importRevision) < 0) {
                entries.put(phone, tombstone(phone, importId, importRevision));
                removed++;
            }
        }
        if (!ledger.countRemovals(importId, removed)) {
            throw new IllegalStateException("import " + importId + " is not in the ledger");
        }
        return removed;
    }

    private void failIfAsked(BatchMessage message) throws GaveUpException {
        if (failingWrites > 0) {
            failingWrites--;
            throw new GaveUpException("batch " + message.batch() + ": the table did not answer", null);
        }
    }

    private Entry entry(RosterRow row, BatchMessage message) {
        if (row.action() == RowAction.DELETE) {
            return tombstone(row.phone(), message.importId(), message.revision());
        }
        return new Entry(row.phone(), row.attributes(), row.extra(), false, 0, message.importId(), message.revision());
    }

    private Entry tombstone(String phone, String importId, String revision) {
        return new Entry(phone, Map.of(), Map.of(), true, Tombstones.expiresAt(clock.instant()), importId, revision);
    }
}
