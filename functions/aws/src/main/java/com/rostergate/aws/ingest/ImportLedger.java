package com.rostergate.aws.ingest;

import com.rostergate.core.ingest.BatchMessage;
import com.rostergate.core.ingest.BatchState;
import com.rostergate.core.ingest.ImportAttribute;
import com.rostergate.core.ingest.ImportChanges;
import com.rostergate.core.ingest.ImportIdentity;
import com.rostergate.core.ingest.ImportMode;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.ingest.Sleeper;
import com.rostergate.core.ingest.StuckImports;
import com.rostergate.core.ingest.port.Ledger;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The import ledger in the imports table: one item per import ({@code record = "IMPORT"}, the
 * attributes {@link ImportAttribute} defines), one per batch ({@code record = "BATCH#000042"}: {@code state},
 * {@code rows}, {@code attempts}, {@code first_failure_at}, {@code last_failure_at}, {@code last_error},
 * {@code settled_at}) and the "latest import" pointers ({@code import_id = "#LATEST"},
 * {@code record = "FULL"} and {@code "ANY"}: {@code revision}, {@code latest_import_id}).
 */
public final class ImportLedger implements Ledger {

    static final String IMPORT = "IMPORT";
    /** The template's sparse index of ledger items (record, started_at): batch items have no started_at. */
    static final String BY_START_INDEX = "imports-by-start";

    private static final String LATEST = "#LATEST";
    private static final int MAX_ERROR_LENGTH = 1000;
    private static final int TRANSACTION_ATTEMPTS = 5;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    /** Timestamps from the system clock. */
    public ImportLedger(DynamoDbClient dynamoDb, String table) {
        this(dynamoDb, table, Clock.systemUTC());
    }

    /** {@code clock} stamps {@code updated_at}, {@code finished_at} and batch times, and bounds the look-back. */
    public ImportLedger(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = IngestConfig.require(table, "IMPORTS_TABLE");
        this.clock = clock;
    }

    /** The imports table's name (a removal's count goes into the same transaction as the removal). */
    String table() {
        return table;
    }

    @Override
    public ImportRecord get(String importId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(
                        r -> r.tableName(table).key(key(importId, IMPORT)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? null : fromItem(item);
    }

    /** Up to {@code limit} imports, newest first, read from the sparse index so no batch item is read. */
    public List<ImportRecord> recent(int limit) {
        return dynamoDb
                .queryPaginator(r -> r.tableName(table)
                        .indexName(BY_START_INDEX)
                        .keyConditionExpression("#record = :import")
                        .expressionAttributeNames(Map.of("#record", "record"))
                        .expressionAttributeValues(Map.of(":import", AttributeValue.fromS(IMPORT)))
                        .scanIndexForward(false)
                        .limit(Math.min(limit, 100)))
                .items()
                .stream()
                .limit(limit)
                .map(ImportLedger::fromItem)
                .toList();
    }

    /**
     * The imports started at or after {@code since} that are in one of {@code statuses} (not empty),
     * newest first, from the sparse index: the start time bounds what is read, the status what is returned.
     */
    @Override
    public List<ImportRecord> startedSince(Instant since, Set<ImportStatus> statuses) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":import", AttributeValue.fromS(IMPORT));
        values.put(":since", AttributeValue.fromS(ImportRecord.timestamp(since)));
        statuses.forEach(status -> values.put(":" + status.name(), AttributeValue.fromS(status.name())));
        String wanted = statuses.stream().map(status -> ":" + status.name()).collect(Collectors.joining(", "));
        return dynamoDb
                .queryPaginator(r -> r.tableName(table)
                        .indexName(BY_START_INDEX)
                        .keyConditionExpression("#record = :import AND started_at >= :since")
                        .filterExpression("#status IN (" + wanted + ")")
                        .expressionAttributeNames(Map.of("#record", "record", "#status", "status"))
                        .expressionAttributeValues(values)
                        .scanIndexForward(false))
                .items()
                .stream()
                .map(ImportLedger::fromItem)
                .toList();
    }

    /**
     * Whether an import other than {@code importId}, started in the last week, is not final yet (it may
     * have writes in flight). Read from the index, which trails the table by a moment; an import with
     * writes in flight started well before that.
     */
    @Override
    public boolean anyUnsettledBesides(String importId) {
        return startedSince(clock.instant().minus(StuckImports.LOOKBACK), ImportStatus.unsettled()).stream()
                .anyMatch(record -> !record.importId().equals(importId));
    }

    /** What the ledger recorded of a batch's attempts; null when no attempt recorded anything. */
    public BatchAttempts batchAttempts(String importId, int batch) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table)
                        .key(key(importId, batchRecord(batch)))
                        .consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return null;
        }
        AttributeValue attempts = item.get("attempts");
        return new BatchAttempts(
                text(item, "state"),
                attempts == null ? 0 : Long.parseLong(attempts.n()),
                text(item, "first_failure_at"),
                text(item, "last_failure_at"),
                text(item, "last_error"));
    }

    /** A batch item as on-call reads it (see the class comment for the attributes). */
    public record BatchAttempts(
            String state, long attempts, String firstFailureAt, String lastFailureAt, String lastError) {}

    /** Writes a new import's item; false when the import already exists. */
    @Override
    public boolean create(ImportRecord record) {
        Map<String, AttributeValue> item = toItem(record);
        item.put("record", AttributeValue.fromS(IMPORT));
        try {
            dynamoDb.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(import_id)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Moves an import from one of {@code from} to {@code to} with {@code changes}; false when in none of them. */
    @Override
    public boolean transition(String importId, Set<ImportStatus> from, ImportStatus to, ImportChanges changes) {
        String now = now();
        Expression update = new Expression();
        update.set(ImportAttribute.STATUS.name(), AttributeValue.fromS(to.name()))
                .set(ImportAttribute.UPDATED_AT.name(), AttributeValue.fromS(now));
        if (to.isFinal() || to == ImportStatus.INCOMPLETE) {
            update.set(ImportAttribute.FINISHED_AT.name(), AttributeValue.fromS(now));
        }
        changes.forEach((attribute, value) -> {
            if (value == null) {
                update.remove(attribute.name());
            } else {
                update.set(attribute.name(), attributeValue(value));
            }
        });
        String status = update.name(ImportAttribute.STATUS.name());
        update.when(from.stream()
                .map(state -> status + " = " + update.value(state.name()))
                .collect(Collectors.joining(" OR ")));
        try {
            updateItem(key(importId, IMPORT), update);
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Records what a full import's sync counted, while the import is FINALIZING. The first count to
     * finish stays: a duplicate finalize step that counts again after some removals must not shrink
     * the numbers, nor reset {@code employees_removed}. False when the import is no longer FINALIZING.
     */
    @Override
    public boolean recordCount(String importId, long rosterSize, long removalCandidates) {
        Expression update = new Expression()
                .setIfAbsent(ImportAttribute.ROSTER_SIZE.name(), number(rosterSize))
                .setIfAbsent(ImportAttribute.REMOVAL_CANDIDATES.name(), number(removalCandidates))
                .setIfAbsent(ImportAttribute.EMPLOYEES_REMOVED.name(), number(0))
                .set(ImportAttribute.UPDATED_AT.name(), AttributeValue.fromS(now()));
        update.when(update.name(ImportAttribute.STATUS.name()) + " = " + update.value(ImportStatus.FINALIZING.name()));
        try {
            updateItem(key(importId, IMPORT), update);
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Records this upload as the newest (of its mode and of all) unless a newer one is already recorded; returns the
     * pointers after.
     */
    @Override
    public Latest claimLatest(ImportIdentity identity, ImportMode mode) {
        claim("ANY", identity);
        if (mode == ImportMode.FULL) {
            claim("FULL", identity);
        }
        return latest();
    }

    private void claim(String pointer, ImportIdentity identity) {
        Expression update = new Expression()
                .set("revision", AttributeValue.fromS(identity.revision()))
                .set("latest_import_id", AttributeValue.fromS(identity.importId()));
        String revision = update.name("revision");
        update.when(
                "attribute_not_exists(" + revision + ") OR " + revision + " <= " + update.value(identity.revision()));
        try {
            updateItem(key(LATEST, pointer), update);
        } catch (ConditionalCheckFailedException newerAlreadyRecorded) {
            // the pointer stays on the newer upload
        }
    }

    @Override
    public Latest latest() {
        List<Map<String, AttributeValue>> items = dynamoDb.query(r -> r.tableName(table)
                        .consistentRead(true)
                        .keyConditionExpression("import_id = :latest")
                        .expressionAttributeValues(Map.of(":latest", AttributeValue.fromS(LATEST))))
                .items();
        Map<String, Map<String, AttributeValue>> byPointer = new HashMap<>();
        items.forEach(item -> byPointer.put(item.get("record").s(), item));
        Map<String, AttributeValue> full = byPointer.getOrDefault("FULL", Map.of());
        Map<String, AttributeValue> any = byPointer.getOrDefault("ANY", Map.of());
        return new Latest(
                text(full, "revision"),
                text(full, "latest_import_id"),
                text(any, "revision"),
                text(any, "latest_import_id"));
    }

    /** The recorded state of a batch, or null when no attempt has recorded anything yet. */
    @Override
    public BatchState batchState(String importId, int batch) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table)
                        .key(key(importId, batchRecord(batch)))
                        .consistentRead(true))
                .item();
        String state = item == null ? null : text(item, "state");
        return state == null ? null : BatchState.valueOf(state);
    }

    /**
     * Moves each batch from its {@code from} to its {@code to} and changes the imports' counters by the
     * sum, in one transaction conditioned on every batch still being in its {@code from}. False when one
     * is not (another delivery moved it first): nothing changed, the caller reads the states again.
     * At most {@value #MAX_SETTLEMENTS} settlements (with one counter update per import, well inside
     * TransactWriteItems' 100 actions), of different batches.
     */
    @Override
    public boolean settle(List<Settlement> settlements) {
        if (settlements.size() > MAX_SETTLEMENTS) {
            throw new IllegalArgumentException(
                    settlements.size() + " settlements in one transaction; at most " + MAX_SETTLEMENTS);
        }
        String time = now();
        List<TransactWriteItem> items = new ArrayList<>(settlements.size() + 1);
        Map<String, Map<ImportAttribute<Long>, Long>> changesByImport = new LinkedHashMap<>();
        for (Settlement settlement : settlements) {
            BatchMessage message = settlement.message();
            items.add(TransactWriteItem.builder()
                    .update(update(key(message.importId(), batchRecord(message.batch())), batchMove(settlement, time)))
                    .build());
            Map<ImportAttribute<Long>, Long> changes =
                    changesByImport.computeIfAbsent(message.importId(), id -> new LinkedHashMap<>());
            BatchState.counterChanges(settlement.from(), settlement.to(), settlement.tally())
                    .forEach((name, delta) -> changes.merge(name, delta, Long::sum));
        }
        changesByImport.forEach((importId, changes) -> {
            Expression counters = new Expression().set(ImportAttribute.UPDATED_AT.name(), AttributeValue.fromS(time));
            changes.forEach((attribute, delta) -> counters.add(attribute.name(), delta));
            counters.when("attribute_exists(import_id)");
            items.add(TransactWriteItem.builder()
                    .update(update(key(importId, IMPORT), counters))
                    .build());
        });
        return transact(dynamoDb, items);
    }

    private static Expression batchMove(Settlement settlement, String time) {
        Expression batch = new Expression()
                .set("state", AttributeValue.fromS(settlement.to().name()))
                .set("rows", number(settlement.tally().rows()))
                .set("settled_at", AttributeValue.fromS(time));
        if (settlement.to() == BatchState.DEAD_LETTERED && settlement.error() != null) {
            recordAttempt(batch, time, settlement.error());
        }
        String state = batch.name("state");
        BatchState from = settlement.from();
        return batch.when(
                from == null || from == BatchState.FAILING
                        ? "attribute_not_exists(" + state + ") OR " + state + " = "
                                + batch.value(BatchState.FAILING.name())
                        : state + " = " + batch.value(from.name()));
    }

    /**
     * Records a failed attempt that the queue will retry (no counter changes); a batch already settled is left alone.
     */
    @Override
    public void noteFailure(BatchMessage message, String error) {
        Expression batch = new Expression()
                .setIfAbsent("state", AttributeValue.fromS(BatchState.FAILING.name()))
                .set("rows", number(message.rows().size()));
        recordAttempt(batch, now(), error);
        String state = batch.name("state");
        batch.when("attribute_not_exists(" + state + ") OR " + state + " = " + batch.value(BatchState.FAILING.name())
                + " OR " + state + " = " + batch.value(BatchState.DEAD_LETTERED.name()));
        try {
            updateItem(key(message.importId(), batchRecord(message.batch())), batch);
        } catch (ConditionalCheckFailedException alreadySettled) {
            // another delivery wrote it: nothing to record
        }
    }

    private static void recordAttempt(Expression batch, String time, String error) {
        batch.add("attempts", 1)
                .setIfAbsent("first_failure_at", AttributeValue.fromS(time))
                .set("last_failure_at", AttributeValue.fromS(time))
                .set("last_error", AttributeValue.fromS(truncate(error)));
    }

    /** The transaction item that counts employees removed by an import's sync (paired with the removals themselves). */
    TransactWriteItem countRemovals(String importId, int removed) {
        Expression counters = new Expression()
                .add(ImportAttribute.EMPLOYEES_REMOVED.name(), removed)
                .when("attribute_exists(import_id)");
        return TransactWriteItem.builder()
                .update(update(key(importId, IMPORT), counters))
                .build();
    }

    /**
     * Runs a transaction on {@code dynamoDb}; false when a condition failed, retried on conflicts with another
     * transaction (which the SDK's strategy does not retry: a cancelled transaction is a client error to it).
     */
    static boolean transact(DynamoDbClient dynamoDb, List<TransactWriteItem> items) {
        for (int attempt = 1; ; attempt++) {
            try {
                dynamoDb.transactWriteItems(r -> r.transactItems(items));
                return true;
            } catch (TransactionCanceledException e) {
                List<String> codes = e.cancellationReasons().stream()
                        .map(CancellationReason::code)
                        .toList();
                if (codes.contains("ConditionalCheckFailed")) {
                    return false;
                }
                if (attempt == TRANSACTION_ATTEMPTS || !codes.contains("TransactionConflict")) {
                    throw e;
                }
                sleep(attempt * 50L);
            }
        }
    }

    private void updateItem(Map<String, AttributeValue> key, Expression expression) {
        dynamoDb.updateItem(r -> r.tableName(table)
                .key(key)
                .updateExpression(expression.update())
                .conditionExpression(expression.condition())
                .expressionAttributeNames(expression.names())
                .expressionAttributeValues(expression.values()));
    }

    private Update update(Map<String, AttributeValue> key, Expression expression) {
        return Update.builder()
                .tableName(table)
                .key(key)
                .updateExpression(expression.update())
                .conditionExpression(expression.condition())
                .expressionAttributeNames(expression.names())
                .expressionAttributeValues(expression.values())
                .build();
    }

    static String batchRecord(int batch) {
        return String.format(Locale.ROOT, "BATCH#%06d", batch);
    }

    private static Map<String, AttributeValue> key(String importId, String record) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put("import_id", AttributeValue.fromS(importId));
        key.put("record", AttributeValue.fromS(record));
        return key;
    }

    /** The item of an import: each attribute {@link ImportAttribute} defines, stored by its kind. */
    static Map<String, AttributeValue> toItem(ImportRecord record) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        ImportAttribute.stored(record).forEach((name, value) -> item.put(name, attributeValue(value)));
        return item;
    }

    /** The import of an item, each attribute read by the kind {@link ImportAttribute} gives it. */
    static ImportRecord fromItem(Map<String, AttributeValue> item) {
        Map<String, Object> stored = new HashMap<>();
        for (ImportAttribute<?> attribute : ImportAttribute.ALL) {
            AttributeValue value = item.get(attribute.name());
            if (value == null) {
                continue;
            }
            Object read = switch (attribute.kind()) {
                case TEXT -> value.s();
                case NUMBER -> value.n() == null ? null : new BigDecimal(value.n()).longValueExact();
                case FLAG -> value.bool();
            };
            if (read == null) {
                throw new IllegalStateException("ledger attribute " + attribute + " is not stored as "
                        + attribute.kind() + " (import " + text(item, ImportAttribute.IMPORT_ID.name()) + ")");
            }
            stored.put(attribute.name(), read);
        }
        return ImportAttribute.toRecord(stored);
    }

    /** A stored value ({@link ImportAttribute#stored}: String, Long or Boolean) as an attribute value. */
    private static AttributeValue attributeValue(Object value) {
        if (value instanceof Long number) {
            return number(number);
        }
        if (value instanceof Boolean bool) {
            return AttributeValue.fromBool(bool);
        }
        return AttributeValue.fromS((String) value);
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private String now() {
        return ImportRecord.timestamp(clock.instant());
    }

    private static String truncate(String error) {
        String text = error == null ? "unknown error" : error;
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH) + "...";
    }

    private static void sleep(long millis) {
        Sleeper.THREAD.sleep(millis);
    }
}
