package com.rostergate.aws.ingest;

import com.rostergate.core.ingest.BatchMessage;
import com.rostergate.core.ingest.BatchState;
import com.rostergate.core.ingest.Deadline;
import com.rostergate.core.ingest.WriteFence;
import com.rostergate.core.roster.RosterRow;
import com.rostergate.core.roster.RowAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The employees table: rows in, stale employees out. Each item is {@code phone} (E.164, the key),
 * the known attributes ({@code name}, {@code department}, {@code position}, {@code email},
 * {@code employee_id}), {@code extra} (a map of the file's other columns), and {@code import_id} and
 * {@code import_revision} of the import that last wrote it: revisions decide who may overwrite whom.
 */
public final class EmployeeTable {

    /** Condition for an older import's write: nobody newer has written this employee. */
    private static final String NOT_NEWER = "attribute_not_exists(import_revision) OR import_revision <= :revision";
    /** Condition for a sync removal: the employee exists and was last written by an older import. */
    private static final String STALE = "attribute_exists(phone) AND (attribute_not_exists(import_revision) OR import_revision < :revision)";

    /** Removals per TransactWriteItems (its limit is 100 actions; one more counts them). */
    public static final int REMOVALS_PER_TRANSACTION = 99;
    /** Employees per scan page: small enough that a page's removals fit well inside one writer invocation. */
    private static final int SCAN_PAGE = 500;

    private final DynamoDbClient dynamoDb;
    private final String table;

    public EmployeeTable(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = IngestConfig.require(table, "EMPLOYEES_TABLE");
    }

    /** One page of a scan: each employee's phone and revision, and where the next page starts (null at the end). */
    public record Page(List<Employee> employees, String nextCursor) {
    }

    /** What writing a batch achieved, and how many BatchWriteItem calls it took beyond the first. */
    public record Landed(BatchState.Tally tally, int retries) {
    }

    public record Employee(String phone, String revision) {
        /** Written by an import older than {@code importRevision} (or by none). */
        public boolean olderThan(String importRevision) {
            return revision == null || revision.compareTo(importRevision) < 0;
        }
    }

    /**
     * Writes a batch with one BatchWriteItem, retrying unprocessed items and throttling with backoff
     * until {@code deadline}. Before each attempt {@code newerImportStarted} is asked (on a view of the
     * ledger at most {@link WriteFence#VIEW_MAX_AGE} old): if a newer upload appeared, the batch is
     * finished row by row under the revision condition instead. Each attempt gets at most
     * {@link WriteFence#CALL_TIMEOUT}, so an unconditional write never lands past the fence.
     */
    public Landed write(BatchMessage message, Deadline deadline, BooleanSupplier newerImportStarted)
        throws GaveUpException {
        List<WriteRequest> pending = new ArrayList<>();
        message.rows().forEach(row -> pending.add(writeRequest(row, message)));
        int[] calls = {0};
        return Retrying.call("BatchWriteItem of batch " + message.batch(), deadline, () -> {
            if (newerImportStarted.getAsBoolean()) {
                return new Landed(writeEach(message, deadline), Math.max(0, calls[0] - 1));
            }
            calls[0]++;
            List<WriteRequest> unprocessed = dynamoDb.batchWriteItem(r -> r.requestItems(Map.of(table, List.copyOf(pending)))
                    .overrideConfiguration(c -> c.apiCallTimeout(WriteFence.CALL_TIMEOUT)))
                .unprocessedItems().getOrDefault(table, List.of());
            pending.clear();
            pending.addAll(unprocessed);
            if (!pending.isEmpty()) {
                return null;
            }
            int deletes = (int) message.rows().stream().filter(row -> row.action() == RowAction.DELETE).count();
            return new Landed(new BatchState.Tally(message.rows().size(), message.rows().size() - deletes, deletes, 0), calls[0] - 1);
        });
    }

    /**
     * Writes each row only where no newer upload has written that employee (an older import's late
     * batch); rows a newer upload owns are counted as superseded.
     */
    public BatchState.Tally writeEach(BatchMessage message, Deadline deadline) throws GaveUpException {
        int written = 0;
        int deleted = 0;
        int superseded = 0;
        Map<String, AttributeValue> revision = Map.of(":revision", AttributeValue.fromS(message.revision()));
        for (RosterRow row : message.rows()) {
            boolean applied = Retrying.call("conditional write of line " + row.line(), deadline, () -> {
                try {
                    if (row.action() == RowAction.DELETE) {
                        dynamoDb.deleteItem(r -> r.tableName(table).key(phoneKey(row.phone())).conditionExpression(NOT_NEWER)
                            .expressionAttributeValues(revision));
                    } else {
                        dynamoDb.putItem(r -> r.tableName(table).item(item(row, message)).conditionExpression(NOT_NEWER)
                            .expressionAttributeValues(revision));
                    }
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

    /** A strongly consistent page of every employee's phone and revision, starting after {@code cursor} (null: the beginning). */
    public Page scan(String cursor) {
        ScanResponse response = dynamoDb.scan(r -> {
            r.tableName(table).consistentRead(true).projectionExpression("phone, import_revision").limit(SCAN_PAGE);
            if (cursor != null) {
                r.exclusiveStartKey(phoneKey(cursor));
            }
        });
        List<Employee> employees = new ArrayList<>(response.items().size());
        for (Map<String, AttributeValue> item : response.items()) {
            AttributeValue revision = item.get("import_revision");
            employees.add(new Employee(item.get("phone").s(), revision == null ? null : revision.s()));
        }
        Map<String, AttributeValue> last = response.lastEvaluatedKey();
        return new Page(employees, last == null || last.isEmpty() ? null : last.get("phone").s());
    }

    /**
     * Removes employees a full import did not hold - each only if no import as new as it has written
     * them since - and counts them in the import's ledger in the same transaction, up to
     * {@link #REMOVALS_PER_TRANSACTION} at a time. Returns how many were removed; a redelivered step
     * finds them gone (the condition fails) and counts nothing twice.
     */
    public int removeStale(List<String> phones, String importRevision, ImportLedger ledger, String importId) {
        if (phones.isEmpty()) {
            return 0;
        }
        List<TransactWriteItem> items = new ArrayList<>(phones.size() + 1);
        for (String phone : phones) {
            items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(phoneKey(phone)).conditionExpression(STALE)
                .expressionAttributeValues(Map.of(":revision", AttributeValue.fromS(importRevision))).build()).build());
        }
        items.add(ledger.countRemovals(importId, phones.size()));
        if (ledger.transact(items)) {
            return phones.size();
        }
        if (phones.size() == 1) {
            return 0;
        }
        int removed = 0; // one of them is no longer stale: try each on its own
        for (String phone : phones) {
            removed += removeStale(List.of(phone), importRevision, ledger, importId);
        }
        return removed;
    }

    private WriteRequest writeRequest(RosterRow row, BatchMessage message) {
        if (row.action() == RowAction.DELETE) {
            return WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(phoneKey(row.phone())).build()).build();
        }
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item(row, message)).build()).build();
    }

    /** The employee item for a row. */
    static Map<String, AttributeValue> item(RosterRow row, BatchMessage message) {
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

    private static Map<String, AttributeValue> phoneKey(String phone) {
        return Map.of("phone", AttributeValue.fromS(phone));
    }
}
