package com.rostergate.aws.ingest;

import com.rostergate.core.ingest.BatchMessage;
import com.rostergate.core.ingest.BatchState;
import com.rostergate.core.ingest.Deadline;
import com.rostergate.core.ingest.GaveUpException;
import com.rostergate.core.ingest.Tombstones;
import com.rostergate.core.ingest.WriteFence;
import com.rostergate.core.ingest.port.EmployeeStore;
import com.rostergate.core.plan.CurrentEmployee;
import com.rostergate.core.plan.CurrentRoster;
import com.rostergate.core.plan.Fingerprint;
import com.rostergate.core.roster.RosterRow;
import com.rostergate.core.roster.RowAction;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The employees table: rows in, removed employees out as tombstones. Each item is {@code phone} (E.164,
 * the key), the known attributes ({@code name}, {@code department}, {@code position}, {@code email},
 * {@code employee_id}), {@code extra} (a map of the file's other columns), and {@code import_id} and
 * {@code import_revision} of the import that last wrote it: revisions decide who may overwrite whom. A
 * removal (a delete row, a full roster's sync) writes a tombstone ({@link Tombstones}) instead of deleting,
 * so the revision stays and no older write can recreate the employee.
 *
 * <p>Every call here is retried by this code ({@link Retrying}, the unprocessed-items loop): its client should
 * make one attempt per call ({@code AwsClients.Retries.CALLER}).
 */
public final class EmployeeTable implements EmployeeStore {

    /** Condition for an older import's write: nobody newer has written or removed this employee. */
    private static final String NOT_NEWER = "attribute_not_exists(import_revision) OR import_revision <= :revision";
    /** Condition for a sync removal: a current employee, last written by an older import. */
    private static final String STALE = "attribute_exists(phone) AND attribute_not_exists(" + Tombstones.ATTRIBUTE + ")"
            + " AND (attribute_not_exists(import_revision) OR import_revision < :revision)";
    /** Attributes of an item that are bookkeeping, not the employee's values. */
    private static final Set<String> BOOKKEEPING =
            Set.of("phone", "extra", "import_id", "import_revision", Tombstones.ATTRIBUTE, Tombstones.EXPIRES_AT);

    private static final int SCAN_PAGE = 1000;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;
    private final ImportLedger removalsLedger;

    /** For reading and writing rows only: {@link #removeStale} needs the ledger to count removals in. */
    public EmployeeTable(DynamoDbClient dynamoDb, String table) {
        this(dynamoDb, table, Clock.systemUTC(), null);
    }

    /**
     * {@code clock} dates tombstones' expiry; {@code removalsLedger} is the ledger whose import items count the
     * removals (in the same transaction, so in the same account and region).
     */
    public EmployeeTable(DynamoDbClient dynamoDb, String table, Clock clock, ImportLedger removalsLedger) {
        this.dynamoDb = dynamoDb;
        this.table = IngestConfig.require(table, "EMPLOYEES_TABLE");
        this.clock = clock;
        this.removalsLedger = removalsLedger;
    }

    /**
     * The roster as it is now, read with strongly consistent scans retried until {@code deadline}; tombstones
     * are not employees.
     */
    @Override
    public CurrentRoster current(Deadline deadline) {
        return employee -> {
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                ScanResponse page;
                try {
                    page = Retrying.call(
                            "Scan of the employees table",
                            deadline,
                            () -> dynamoDb.scan(r -> r.tableName(table)
                                    .consistentRead(true)
                                    .limit(SCAN_PAGE)
                                    .exclusiveStartKey(from)));
                } catch (GaveUpException e) {
                    throw new CurrentRoster.RosterUnreadableException(
                            "the current roster could not be read: " + e.getMessage(), e);
                }
                page.items().stream()
                        .filter(item -> !isTombstone(item))
                        .map(EmployeeTable::currentEmployee)
                        .forEach(employee);
                start = page.lastEvaluatedKey() == null
                                || page.lastEvaluatedKey().isEmpty()
                        ? null
                        : page.lastEvaluatedKey();
            } while (start != null);
        };
    }

    /** Whether an item is a removed employee's tombstone. */
    public static boolean isTombstone(Map<String, AttributeValue> item) {
        AttributeValue tombstone = item.get(Tombstones.ATTRIBUTE);
        return tombstone != null && Boolean.TRUE.equals(tombstone.bool());
    }

    private static CurrentEmployee currentEmployee(Map<String, AttributeValue> item) {
        Map<String, String> attributes = new HashMap<>();
        item.forEach((name, value) -> {
            if (!BOOKKEEPING.contains(name) && value.s() != null) {
                attributes.put(name, value.s());
            }
        });
        Map<String, String> extra = new HashMap<>();
        AttributeValue extraValue = item.get("extra");
        if (extraValue != null && extraValue.hasM()) {
            extraValue.m().forEach((name, value) -> extra.put(name, value.s()));
        }
        return new CurrentEmployee(
                item.get("phone").s(),
                attributes.get("employee_id"),
                attributes.get("name"),
                Fingerprint.of(attributes, extra));
    }

    /**
     * Writes a batch with one BatchWriteItem, retrying unprocessed items and throttling with backoff
     * until {@code deadline}. Before each attempt {@code newerImportStarted} is asked (on a view of the
     * ledger at most {@link WriteFence#VIEW_MAX_AGE} old): if a newer upload appeared, the batch is
     * finished row by row under the revision condition instead. Each attempt gets at most
     * {@link WriteFence#CALL_TIMEOUT}, so an unconditional write never lands past the fence.
     */
    @Override
    public Landed write(BatchMessage message, Deadline deadline, BooleanSupplier newerImportStarted)
            throws GaveUpException {
        List<WriteRequest> pending = new ArrayList<>();
        message.rows()
                .forEach(row -> pending.add(WriteRequest.builder()
                        .putRequest(
                                PutRequest.builder().item(item(row, message)).build())
                        .build()));
        int[] calls = {0};
        return Retrying.call("BatchWriteItem of batch " + message.batch(), deadline, () -> {
            if (newerImportStarted.getAsBoolean()) {
                return new Landed(writeEach(message, deadline), Math.max(0, calls[0] - 1));
            }
            calls[0]++;
            List<WriteRequest> unprocessed = dynamoDb.batchWriteItem(
                            r -> r.requestItems(Map.of(table, List.copyOf(pending)))
                                    .overrideConfiguration(c -> c.apiCallTimeout(WriteFence.CALL_TIMEOUT)))
                    .unprocessedItems()
                    .getOrDefault(table, List.of());
            pending.clear();
            pending.addAll(unprocessed);
            if (!pending.isEmpty()) {
                return null;
            }
            int deletes = (int) message.rows().stream()
                    .filter(row -> row.action() == RowAction.DELETE)
                    .count();
            return new Landed(
                    new BatchState.Tally(message.rows().size(), message.rows().size() - deletes, deletes, 0),
                    calls[0] - 1);
        });
    }

    /**
     * Writes each row (a delete row as a tombstone) only where no newer upload has written or removed that
     * employee (an older import's late batch); rows a newer upload owns are counted as superseded.
     */
    @Override
    public BatchState.Tally writeEach(BatchMessage message, Deadline deadline) throws GaveUpException {
        int written = 0;
        int deleted = 0;
        int superseded = 0;
        Map<String, AttributeValue> revision = Map.of(":revision", AttributeValue.fromS(message.revision()));
        for (RosterRow row : message.rows()) {
            boolean applied = Retrying.call("conditional write of line " + row.line(), deadline, () -> {
                try {
                    dynamoDb.putItem(r -> r.tableName(table)
                            .item(item(row, message))
                            .conditionExpression(NOT_NEWER)
                            .expressionAttributeValues(revision));
                    return true;
                } catch (ConditionalCheckFailedException newerUploadOwnsIt) {
                    return false;
                }
            });
            if (!applied) {
                superseded++;
            } else if (row.action() == RowAction.DELETE) {
                deleted++;
            } else {
                written++;
            }
        }
        return new BatchState.Tally(message.rows().size(), written, deleted, superseded);
    }

    /**
     * One TransactWriteItems of the tombstones and the ledger's count; when one of them is no longer a stale
     * employee, each on its own.
     */
    @Override
    public int removeStale(List<String> phones, String importRevision, String importId, Deadline deadline)
            throws GaveUpException {
        if (removalsLedger == null) {
            throw new IllegalStateException("this EmployeeTable has no ledger to count removals in");
        }
        if (phones.size() > REMOVALS_PER_STEP) {
            throw new IllegalArgumentException(phones.size() + " removals in one step; at most " + REMOVALS_PER_STEP);
        }
        return Retrying.call(
                "removal of employees missing from the roster",
                deadline,
                () -> removeStale(phones, importRevision, importId));
    }

    private int removeStale(List<String> phones, String importRevision, String importId) {
        if (phones.isEmpty()) {
            return 0;
        }
        List<TransactWriteItem> items = new ArrayList<>(phones.size() + 1);
        for (String phone : phones) {
            items.add(TransactWriteItem.builder()
                    .put(Put.builder()
                            .tableName(table)
                            .item(tombstone(phone, importId, importRevision))
                            .conditionExpression(STALE)
                            .expressionAttributeValues(Map.of(":revision", AttributeValue.fromS(importRevision)))
                            .build())
                    .build());
        }
        items.add(removalsLedger.countRemovals(importId, phones.size()));
        if (ImportLedger.transact(dynamoDb, items)) {
            return phones.size();
        }
        if (phones.size() == 1) {
            return 0;
        }
        int removed = 0; // one of them is no longer a stale employee: try each on its own
        for (String phone : phones) {
            removed += removeStale(List.of(phone), importRevision, importId);
        }
        return removed;
    }

    /** The employee item for a row: a delete row's is a tombstone. */
    Map<String, AttributeValue> item(RosterRow row, BatchMessage message) {
        if (row.action() == RowAction.DELETE) {
            return tombstone(row.phone(), message.importId(), message.revision());
        }
        return employeeItem(row, message);
    }

    /** The item of a stored row (for the benchmark's baseline too). */
    static Map<String, AttributeValue> employeeItem(RosterRow row, BatchMessage message) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("phone", AttributeValue.fromS(row.phone()));
        row.attributes().forEach((name, value) -> item.put(name, AttributeValue.fromS(value)));
        if (!row.extra().isEmpty()) {
            Map<String, AttributeValue> extra = new HashMap<>();
            row.extra().forEach((name, value) -> extra.put(name, AttributeValue.fromS(value)));
            item.put("extra", AttributeValue.fromM(extra));
        }
        item.put("import_id", AttributeValue.fromS(message.importId()));
        item.put("import_revision", AttributeValue.fromS(message.revision()));
        return item;
    }

    private Map<String, AttributeValue> tombstone(String phone, String importId, String revision) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("phone", AttributeValue.fromS(phone));
        item.put(Tombstones.ATTRIBUTE, AttributeValue.fromBool(true));
        item.put(Tombstones.EXPIRES_AT, AttributeValue.fromN(Long.toString(Tombstones.expiresAt(clock.instant()))));
        item.put("import_id", AttributeValue.fromS(importId));
        item.put("import_revision", AttributeValue.fromS(revision));
        return item;
    }
}
