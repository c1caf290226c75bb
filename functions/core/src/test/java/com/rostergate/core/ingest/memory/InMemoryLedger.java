package com.rostergate.core.ingest.memory;

import com.rostergate.core.ingest.BatchMessage;
import com.rostergate.core.ingest.BatchState;
import com.rostergate.core.ingest.ImportAttribute;
import com.rostergate.core.ingest.ImportChanges;
import com.rostergate.core.ingest.ImportIdentity;
import com.rostergate.core.ingest.ImportMode;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.ingest.StuckImports;
import com.rostergate.core.ingest.port.Ledger;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ledger in memory, with the DynamoDB adapter's conditions: every change is checked and applied under one
 * lock, as one conditional update or transaction is. Items are held as stored values ({@link ImportAttribute}).
 */
public final class InMemoryLedger implements Ledger {

    /** What the ledger holds of one batch. */
    public record Batch(BatchState state, long rows, long attempts, String lastError) {}

    private final Clock clock;
    private final Map<String, Map<String, Object>> imports = new LinkedHashMap<>();
    private final Map<String, Batch> batches = new HashMap<>();
    private Latest latest = new Latest(null, null, null, null);

    public InMemoryLedger(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized ImportRecord get(String importId) {
        Map<String, Object> item = imports.get(importId);
        return item == null ? null : ImportAttribute.toRecord(item);
    }

    @Override
    public synchronized boolean create(ImportRecord record) {
        if (imports.containsKey(record.importId())) {
            return false;
        }
        imports.put(record.importId(), new HashMap<>(ImportAttribute.stored(record)));
        return true;
    }

    @Override
    public synchronized boolean transition(
            String importId, Set<ImportStatus> from, ImportStatus to, ImportChanges changes) {
        Map<String, Object> item = imports.get(importId);
        if (item == null || !from.contains(ImportStatus.valueOf((String) item.get("status")))) {
            return false;
        }
        String now = now();
        item.put(ImportAttribute.STATUS.name(), to.name());
        item.put(ImportAttribute.UPDATED_AT.name(), now);
        if (to.isFinal() || to == ImportStatus.INCOMPLETE) {
            item.put(ImportAttribute.FINISHED_AT.name(), now);
        }
        changes.forEach((attribute, value) -> {
            if (value == null) {
                item.remove(attribute.name());
            } else {
                item.put(attribute.name(), value);
            }
        });
        return true;
    }

    @Override
    public synchronized boolean recordCount(String importId, long rosterSize, long removalCandidates) {
        Map<String, Object> item = imports.get(importId);
        if (item == null || !ImportStatus.FINALIZING.name().equals(item.get("status"))) {
            return false;
        }
        item.putIfAbsent(ImportAttribute.ROSTER_SIZE.name(), rosterSize);
        item.putIfAbsent(ImportAttribute.REMOVAL_CANDIDATES.name(), removalCandidates);
        item.putIfAbsent(ImportAttribute.EMPLOYEES_REMOVED.name(), 0L);
        item.put(ImportAttribute.UPDATED_AT.name(), now());
        return true;
    }

    @Override
    public synchronized Latest claimLatest(ImportIdentity identity, ImportMode mode) {
        String any = newer(latest.anyRevision(), identity.revision()) ? latest.anyRevision() : identity.revision();
        String anyId = any.equals(identity.revision()) ? identity.importId() : latest.anyImportId();
        String full = latest.fullRevision();
        String fullId = latest.fullImportId();
        if (mode == ImportMode.FULL && !newer(full, identity.revision())) {
            full = identity.revision();
            fullId = identity.importId();
        }
        latest = new Latest(full, fullId, any, anyId);
        return latest;
    }

    private static boolean newer(String recorded, String revision) {
        return recorded != null && recorded.compareTo(revision) > 0;
    }

    @Override
    public synchronized Latest latest() {
        return latest;
    }

    @Override
    public synchronized List<ImportRecord> startedSince(Instant since, Set<ImportStatus> statuses) {
        String from = ImportRecord.timestamp(since);
        return imports.values().stream()
                .map(ImportAttribute::toRecord)
                .filter(record -> record.startedAt().compareTo(from) >= 0 && statuses.contains(record.status()))
                .sorted(Comparator.comparing(ImportRecord::startedAt).reversed())
                .toList();
    }

    @Override
    public synchronized boolean anyUnsettledBesides(String importId) {
        return startedSince(clock.instant().minus(StuckImports.LOOKBACK), ImportStatus.unsettled()).stream()
                .anyMatch(record -> !record.importId().equals(importId));
    }

    @Override
    public synchronized BatchState batchState(String importId, int batch) {
        Batch recorded = batches.get(batchKey(importId, batch));
        return recorded == null ? null : recorded.state();
    }

    /** What the ledger holds of a batch, or null. */
    public synchronized Batch batch(String importId, int batch) {
        return batches.get(batchKey(importId, batch));
    }

    @Override
    public synchronized boolean settle(List<Settlement> settlements) {
        if (settlements.size() > MAX_SETTLEMENTS) {
            throw new IllegalArgumentException(settlements.size() + " settlements; at most " + MAX_SETTLEMENTS);
        }
        for (Settlement settlement : settlements) {
            BatchMessage message = settlement.message();
            BatchState now = batchState(message.importId(), message.batch());
            boolean uncounted = settlement.from() == null || settlement.from() == BatchState.FAILING;
            boolean matches = uncounted ? now == null || now == BatchState.FAILING : now == settlement.from();
            if (!matches || !imports.containsKey(message.importId())) {
                return false;
            }
        }
        String time = now();
        for (Settlement settlement : settlements) {
            BatchMessage message = settlement.message();
            Batch before = batch(message.importId(), message.batch());
            long attempts = before == null ? 0 : before.attempts();
            String error = before == null ? null : before.lastError();
            if (settlement.to() == BatchState.DEAD_LETTERED && settlement.error() != null) {
                attempts++;
                error = settlement.error();
            }
            batches.put(
                    batchKey(message.importId(), message.batch()),
                    new Batch(settlement.to(), settlement.tally().rows(), attempts, error));
            Map<String, Object> item = imports.get(message.importId());
            BatchState.counterChanges(settlement.from(), settlement.to(), settlement.tally())
                    .forEach((attribute, delta) -> add(item, attribute, delta));
            item.put(ImportAttribute.UPDATED_AT.name(), time);
        }
        return true;
    }

    @Override
    public synchronized void noteFailure(BatchMessage message, String error) {
        String key = batchKey(message.importId(), message.batch());
        Batch before = batches.get(key);
        if (before != null && before.state().isFinal()) {
            return;
        }
        BatchState state = before == null ? BatchState.FAILING : before.state();
        long attempts = before == null ? 0 : before.attempts();
        batches.put(key, new Batch(state, message.rows().size(), attempts + 1, error));
    }

    /** Counts removals of an import's sync (the employee store's removals call this in their atomic step). */
    synchronized boolean countRemovals(String importId, int removed) {
        Map<String, Object> item = imports.get(importId);
        if (item == null) {
            return false;
        }
        add(item, ImportAttribute.EMPLOYEES_REMOVED, removed);
        return true;
    }

    private static void add(Map<String, Object> item, ImportAttribute<Long> attribute, long delta) {
        item.merge(attribute.name(), delta, (a, b) -> (Long) a + (Long) b);
    }

    private String now() {
        return ImportRecord.timestamp(clock.instant());
    }

    private static String batchKey(String importId, int batch) {
        return importId + "/" + batch;
    }
}
