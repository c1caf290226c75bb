package com.rostergate.aws.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.rostergate.core.ingest.BatchMessage;
import com.rostergate.core.ingest.BatchState;
import com.rostergate.core.ingest.ImportIdentity;
import com.rostergate.core.ingest.ImportMode;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.ingest.StuckImports;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * attributes of {@link ImportRecord}), one per batch ({@code record = "BATCH#000042"}: {@code state},
 * {@code rows}, {@code attempts}, {@code first_failure_at}, {@code last_failure_at}, {@code last_error},
 * {@code settled_at}) and the "latest import" pointers ({@code import_id = "#LATEST"},
 * {@code record = "FULL"} and {@code "ANY"}: {@code revision}, {@code latest_import_id}).
 */
public final class ImportLedger {

    static final String IMPORT = "IMPORT";
    /** The template's sparse index of ledger items (record, started_at): batch items have no started_at. */
    static final String BY_START_INDEX = "imports-by-start";

    private static final String LATEST = "#LATEST";
    private static final int MAX_ERROR_LENGTH = 1000;
    private static final int TRANSACTION_ATTEMPTS = 5;
    /** Settlements per transaction: with one counter update per import, well inside TransactWriteItems' 100 actions. */
    static final int MAX_SETTLEMENTS = 25;

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final DynamoDbClient dynamoDb;
    private final String table;

    public ImportLedger(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = IngestConfig.require(table, "IMPORTS_TABLE");
    }

    /** The newest uploads the ledger knows of; a null revision means none yet. */
    public record Latest(String fullRevision, String fullImportId, String anyRevision, String anyImportId) {
        public boolean fullNewerThan(String revision) {
            return fullRevision != null && fullRevision.compareTo(revision) > 0;
        }

        public boolean anyNewerThan(String revision) {
            return anyRevision != null && anyRevision.compareTo(revision) > 0;
        }
    }

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
    public List<ImportRecord> startedSince(Instant since, Set<ImportStatus> statuses) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":import", AttributeValue.fromS(IMPORT));
        values.put(
                ":since",
                AttributeValue.fromS(since.truncatedTo(ChronoUnit.MILLIS).toString()));
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
    public boolean anyUnsettledBesides(String importId) {
        return startedSince(Instant.now().minus(StuckImports.LOOKBACK), ImportStatus.unsettled()).stream()
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

    /**
     * Moves an import from one of {@code from} to {@code to}, setting {@code attributes} too (values:
     * String, Number, Boolean or enum; null removes the attribute). False when the import is not in one of {@code from}.
     */
    public boolean transition(String importId, Set<ImportStatus> from, ImportStatus to, Map<String, ?> attributes) {
        Expression update = new Expression();
        update.set("status", AttributeValue.fromS(to.name())).set("updated_at", AttributeValue.fromS(now()));
        if (to.isFinal() || to == ImportStatus.INCOMPLETE) {
            update.set("finished_at", AttributeValue.fromS(now()));
        }
        attributes.forEach((name, value) -> {
            if (value == null) {
                update.remove(name);
            } else {
                update.set(name, attributeValue(value));
            }
        });
        String status = update.name("status");
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
    public boolean recordCount(String importId, long rosterSize, long removalCandidates) {
        Expression update = new Expression()
                .setIfAbsent("roster_size", number(rosterSize))
                .setIfAbsent("removal_candidates", number(removalCandidates))
                .setIfAbsent("employees_removed", number(0))
                .set("updated_at", AttributeValue.fromS(now()));
        update.when(update.name("status") + " = " + update.value(ImportStatus.FINALIZING.name()));
        try {
            updateItem(key(importId, IMPORT), update);
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Records this upload as the newest (of its mode and of all) unless a newer one is already recorded; returns the pointers after. */
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
    public BatchState batchState(String importId, int batch) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table)
                        .key(key(importId, batchRecord(batch)))
                        .consistentRead(true))
                .item();
        String state = item == null ? null : text(item, "state");
        return state == null ? null : BatchState.valueOf(state);
    }

    /**
     * A batch's move from {@code from} to {@code to}, with what its attempt achieved. {@code from} null
     * or FAILING both mean "not counted yet" and match either (they change the counters alike).
     */
    public record Settlement(
            BatchMessage message, BatchState from, BatchState to, BatchState.Tally tally, String error) {}

    /**
     * Moves each batch from its {@code from} to its {@code to} and changes the imports' counters by the
     * sum, in one transaction conditioned on every batch still being in its {@code from}. False when one
     * is not (another delivery moved it first): nothing changed, the caller reads the states again.
     * At most {@value #MAX_SETTLEMENTS} settlements, of different batches.
     */
    public boolean settle(List<Settlement> settlements) {
        if (settlements.size() > MAX_SETTLEMENTS) {
            throw new IllegalArgumentException(
                    settlements.size() + " settlements in one transaction; at most " + MAX_SETTLEMENTS);
        }
        String time = now();
        List<TransactWriteItem> items = new ArrayList<>(settlements.size() + 1);
        Map<String, Map<String, Long>> changesByImport = new LinkedHashMap<>();
        for (Settlement settlement : settlements) {
            BatchMessage message = settlement.message();
            items.add(TransactWriteItem.builder()
                    .update(update(key(message.importId(), batchRecord(message.batch())), batchMove(settlement, time)))
                    .build());
            Map<String, Long> changes =
                    changesByImport.computeIfAbsent(message.importId(), id -> new LinkedHashMap<>());
            BatchState.counterChanges(settlement.from(), settlement.to(), settlement.tally())
                    .forEach((name, delta) -> changes.merge(name, delta, Long::sum));
        }
        changesByImport.forEach((importId, changes) -> {
            Expression counters = new Expression().set("updated_at", AttributeValue.fromS(time));
            changes.forEach(counters::add);
            counters.when("attribute_exists(import_id)");
            items.add(TransactWriteItem.builder()
                    .update(update(key(importId, IMPORT), counters))
                    .build());
        });
        return transact(items);
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

    /** Records a failed attempt that the queue will retry (no counter changes); a batch already settled is left alone. */
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
        Expression counters = new Expression().add("employees_removed", removed).when("attribute_exists(import_id)");
        return TransactWriteItem.builder()
                .update(update(key(importId, IMPORT), counters))
                .build();
    }

    /** Runs a transaction; false when a condition failed, retried on conflicts with another transaction. */
    boolean transact(List<TransactWriteItem> items) {
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

    @SuppressWarnings("unchecked")
    private static Map<String, AttributeValue> toItem(ImportRecord record) {
        Map<String, Object> fields = JSON.convertValue(record, Map.class);
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (value != null) {
                item.put(name, attributeValue(value));
            }
        });
        return item;
    }

    private static ImportRecord fromItem(Map<String, AttributeValue> item) {
        Map<String, Object> fields = new HashMap<>();
        item.forEach((name, value) -> {
            if (value.s() != null) {
                fields.put(name, value.s());
            } else if (value.n() != null) {
                fields.put(name, new BigDecimal(value.n()).longValueExact());
            } else if (value.bool() != null) {
                fields.put(name, value.bool());
            }
        });
        return JSON.convertValue(fields, ImportRecord.class);
    }

    static AttributeValue attributeValue(Object value) {
        if (value instanceof Number number) {
            return number(number.longValue());
        }
        if (value instanceof Boolean bool) {
            return AttributeValue.fromBool(bool);
        }
        return AttributeValue.fromS(value instanceof Enum<?> e ? e.name() : value.toString());
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static String truncate(String error) {
        String text = error == null ? "unknown error" : error;
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH) + "...";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
