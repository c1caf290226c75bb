package com.rostergate.local.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rostergate.aws.ingest.EmployeeTable;
import com.rostergate.core.ingest.Deadline;
import com.rostergate.core.ingest.Tombstones;
import com.rostergate.fixtures.Fixtures;
import com.rostergate.local.Provisioning;
import com.rostergate.local.template.LocalNaming;
import com.rostergate.local.template.LocalTemplate;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Pins the local DynamoDB server's behaviour on every DynamoDB call the product makes, with the
 * product's own expressions (the class each one comes from is named), so that a Dynoxide upgrade
 * shows exactly which behaviour changed: each assertion message names the behaviour it pins.
 * Requests go straight to the server with SDK retries off, so what is seen is the server's answer.
 */
class DynoxideConformanceIT {

    private static final String HOST = "127.0.0.1";
    private static final String BY_START = "imports-by-start";
    /** EmployeeTable's conditions, verbatim. */
    private static final String NOT_NEWER = "attribute_not_exists(import_revision) OR import_revision <= :revision";

    private static final String STALE =
            "attribute_exists(phone) AND (attribute_not_exists(import_revision) OR import_revision < :revision)";

    private static String employeesTable;
    private static String importsTable;
    private static DynoxideServer server;
    private static DynamoDbClient dynamoDb;
    private static LocalTemplate template;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = DynoxideServer.start(HOST, port, Optional.empty());
        dynamoDb = DynamoDbClient.builder()
                .endpointOverride(URI.create("http://" + HOST + ":" + port))
                .region(Region.of(LocalNaming.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()))
                .build();
        template = LocalTemplate.load(
                Fixtures.file("sam/template.yaml"),
                new LocalNaming("rostergate", LocalNaming.ACCOUNT_ID, LocalNaming.REGION, "http://127.0.0.1:9324"),
                Map.of("KakaoRestApiKey", "key", "SkillSecret", "s".repeat(32)),
                Map.of());
        new Provisioning(template).createTables(dynamoDb);
        employeesTable = template.physicalName("EmployeesTable");
        importsTable = template.physicalName("ImportsTable");
    }

    @AfterAll
    static void stop() throws Exception {
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (server != null) {
            server.close();
        }
    }

    // ---------------------------------------------------------------- tables (Provisioning)

    @Test
    void theTemplatesTablesAreCreatedAsProvisioningCreatesThemAndAreActiveAtOnce() {
        TableDescription employees =
                dynamoDb.describeTable(r -> r.tableName(employeesTable)).table();
        assertEquals(TableStatus.ACTIVE, employees.tableStatus(), "CreateTable: a table is ACTIVE at once");
        assertEquals(
                BillingMode.PAY_PER_REQUEST,
                employees.billingModeSummary().billingMode(),
                "DescribeTable reports the template's BillingMode PAY_PER_REQUEST");
        assertEquals(List.of(key("phone", KeyType.HASH)), employees.keySchema(), "employees table key schema");

        TableDescription imports =
                dynamoDb.describeTable(r -> r.tableName(importsTable)).table();
        assertEquals(TableStatus.ACTIVE, imports.tableStatus(), "CreateTable with a GSI: ACTIVE at once");
        assertEquals(
                List.of(key("import_id", KeyType.HASH), key("record", KeyType.RANGE)),
                imports.keySchema(),
                "imports table key schema");
        assertEquals(
                Set.of("import_id", "record", "started_at"),
                imports.attributeDefinitions().stream()
                        .map(definition -> definition.attributeName())
                        .collect(Collectors.toSet()),
                "imports table attribute definitions");
        GlobalSecondaryIndexDescription index = imports.globalSecondaryIndexes().get(0);
        assertEquals(BY_START, index.indexName(), "the template's GSI name");
        assertEquals(
                List.of(key("record", KeyType.HASH), key("started_at", KeyType.RANGE)),
                index.keySchema(),
                "GSI key schema");
        assertEquals(ProjectionType.ALL, index.projection().projectionType(), "GSI projection ALL");
        assertEquals(1, imports.globalSecondaryIndexes().size(), "one GSI");
    }

    @Test
    void creatingAnExistingTableIsRefusedWithResourceInUseSoADataDirKeepsItsTables() {
        put(employeesTable, employee("+821011110000", "r1"));
        assertThrows(
                ResourceInUseException.class,
                () -> dynamoDb.createTable(r -> r.tableName(employeesTable)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(d -> d.attributeName("phone").attributeType("S"))
                        .keySchema(key("phone", KeyType.HASH))),
                "CreateTable of an existing table: ResourceInUseException "
                        + "(Provisioning keeps --data-dir tables on it)");
        new Provisioning(template).createTables(dynamoDb);
        assertFalse(employeeItem("+821011110000").isEmpty(), "provisioning again keeps the tables and their items");
    }

    @Test
    void aMissingTableIsResourceNotFound() {
        ResourceNotFoundException missing = assertThrows(
                ResourceNotFoundException.class,
                () -> dynamoDb.getItem(
                        r -> r.tableName("rostergate-NoSuchTable").key(Map.of("phone", s("+1")))),
                "GetItem on a missing table: ResourceNotFoundException");
        assertEquals(400, missing.statusCode(), "ResourceNotFoundException is HTTP 400");
    }

    @Test
    void timeToLiveSpecificationIsAcceptedAndDescribed() {
        String table = "conformance-ttl";
        createPhoneTable(table);
        var answer = dynamoDb.updateTimeToLive(r -> r.tableName(table)
                .timeToLiveSpecification(t -> t.attributeName("expires_at").enabled(true)));
        assertEquals(
                "expires_at",
                answer.timeToLiveSpecification().attributeName(),
                "UpdateTimeToLive echoes the attribute");
        assertTrue(answer.timeToLiveSpecification().enabled(), "UpdateTimeToLive echoes enabled");
        var described = dynamoDb.describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription();
        assertEquals("expires_at", described.attributeName(), "DescribeTimeToLive names the attribute");
        assertEquals(TimeToLiveStatus.ENABLED, described.timeToLiveStatus(), "DescribeTimeToLive: ENABLED right away");
    }

    // ---------------------------------------------------------------- single-item writes and conditions

    @Test
    void putItemUnderAttributeNotExistsCreatesOnceThenFailsTheCondition() {
        // ImportLedger.create
        Map<String, AttributeValue> item =
                Map.of("import_id", s("create-1"), "record", s("IMPORT"), "status", s("SPLITTING"));
        dynamoDb.putItem(
                r -> r.tableName(importsTable).item(item).conditionExpression("attribute_not_exists(import_id)"));
        Map<String, AttributeValue> second = new HashMap<>(item);
        second.put("status", s("FAILED"));
        ConditionalCheckFailedException refused = assertThrows(
                ConditionalCheckFailedException.class,
                () -> dynamoDb.putItem(r ->
                        r.tableName(importsTable).item(second).conditionExpression("attribute_not_exists(import_id)")),
                "PutItem attribute_not_exists on an existing item: ConditionalCheckFailedException");
        assertEquals(400, refused.statusCode(), "ConditionalCheckFailedException is HTTP 400");
        assertEquals(
                "ConditionalCheckFailedException", refused.awsErrorDetails().errorCode(), "its error code");
        assertEquals(
                s("SPLITTING"), importItem("create-1", "IMPORT").get("status"), "a refused PutItem changes nothing");
    }

    @Test
    void updateItemWithAnOrConditionOnStatusSetsAndRemovesOrFailsTheCondition() {
        // ImportLedger.transition: "#n0 = :v2 OR #n0 = :v3" with SET and REMOVE
        put(
                importsTable,
                Map.of(
                        "import_id",
                        s("transition-1"),
                        "record",
                        s("IMPORT"),
                        "status",
                        s("WRITING"),
                        "error",
                        s("old")));
        Map<String, String> names = Map.of("#n0", "status", "#n1", "updated_at", "#n2", "error");
        Map<String, AttributeValue> values = Map.of(
                ":v0", s("FINALIZING"), ":v1", s("2026-12-01T00:00:00Z"), ":v2", s("SPLITTING"), ":v3", s("WRITING"));
        dynamoDb.updateItem(r -> r.tableName(importsTable)
                .key(importKey("transition-1", "IMPORT"))
                .updateExpression("SET #n0 = :v0, #n1 = :v1 REMOVE #n2")
                .conditionExpression("#n0 = :v2 OR #n0 = :v3")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values));
        Map<String, AttributeValue> moved = importItem("transition-1", "IMPORT");
        assertEquals(s("FINALIZING"), moved.get("status"), "UpdateItem SET under a true OR condition");
        assertFalse(moved.containsKey("error"), "UpdateItem REMOVE in the same expression");

        assertThrows(
                ConditionalCheckFailedException.class,
                () -> dynamoDb.updateItem(r -> r.tableName(importsTable)
                        .key(importKey("transition-1", "IMPORT"))
                        .updateExpression("SET #n0 = :v0, #n1 = :v1 REMOVE #n2")
                        .conditionExpression("#n0 = :v2 OR #n0 = :v3")
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values)),
                "UpdateItem under a false OR condition: ConditionalCheckFailedException");
        assertThrows(
                ConditionalCheckFailedException.class,
                () -> dynamoDb.updateItem(r -> r.tableName(importsTable)
                        .key(importKey("transition-missing", "IMPORT"))
                        .updateExpression("SET #n0 = :v0, #n1 = :v1 REMOVE #n2")
                        .conditionExpression("#n0 = :v2 OR #n0 = :v3")
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values)),
                "UpdateItem of a missing item under a condition on an attribute: ConditionalCheckFailedException");
        assertTrue(
                dynamoDb.getItem(r -> r.tableName(importsTable).key(importKey("transition-missing", "IMPORT")))
                        .item()
                        .isEmpty(),
                "a refused UpdateItem does not create the item");
    }

    @Test
    void ifNotExistsKeepsTheFirstValueAndAddStartsAMissingNumberAtItsDelta() {
        // ImportLedger.recordCount (setIfAbsent) and recordAttempt (ADD attempts 1)
        put(importsTable, Map.of("import_id", s("count-1"), "record", s("BATCH#000001")));
        for (String first : List.of("10", "99")) {
            dynamoDb.updateItem(r -> r.tableName(importsTable)
                    .key(importKey("count-1", "BATCH#000001"))
                    .updateExpression("SET #n0 = if_not_exists(#n0, :v0) ADD #n1 :v1")
                    .expressionAttributeNames(Map.of("#n0", "roster_size", "#n1", "attempts"))
                    .expressionAttributeValues(Map.of(":v0", n(first), ":v1", n("1"))));
        }
        Map<String, AttributeValue> item = importItem("count-1", "BATCH#000001");
        assertEquals(n("10"), item.get("roster_size"), "SET if_not_exists keeps the first value");
        assertEquals(n("2"), item.get("attempts"), "ADD on a missing number starts at the delta, then sums");

        // noteFailure on a batch item nobody wrote yet: the update creates it
        dynamoDb.updateItem(r -> r.tableName(importsTable)
                .key(importKey("count-1", "BATCH#000002"))
                .updateExpression("SET #n0 = if_not_exists(#n0, :v0) ADD #n1 :v1")
                .conditionExpression("attribute_not_exists(#n0) OR #n0 = :v0")
                .expressionAttributeNames(Map.of("#n0", "state", "#n1", "attempts"))
                .expressionAttributeValues(Map.of(":v0", s("FAILING"), ":v1", n("1"))));
        Map<String, AttributeValue> created = importItem("count-1", "BATCH#000002");
        assertEquals(
                s("FAILING"),
                created.get("state"),
                "UpdateItem on a missing item under attribute_not_exists creates it");
        assertEquals(n("1"), created.get("attempts"), "ADD on the created item");
    }

    @Test
    void theLatestPointerMovesOnlyForwardUnderAttributeNotExistsOrLessOrEqual() {
        // ImportLedger.claim: "attribute_not_exists(#n0) OR #n0 <= :v2"
        for (String revision : List.of("2026-12-01T10:00:00Z#b", "2026-12-01T09:00:00Z#a", "2026-12-01T10:00:00Z#b")) {
            try {
                dynamoDb.updateItem(r -> r.tableName(importsTable)
                        .key(importKey("#LATEST-conformance", "ANY"))
                        .updateExpression("SET #n0 = :v0, #n1 = :v1")
                        .conditionExpression("attribute_not_exists(#n0) OR #n0 <= :v2")
                        .expressionAttributeNames(Map.of("#n0", "revision", "#n1", "latest_import_id"))
                        .expressionAttributeValues(
                                Map.of(":v0", s(revision), ":v1", s("import-" + revision), ":v2", s(revision))));
                assertFalse(revision.endsWith("#a"), "an older revision must fail the condition");
            } catch (ConditionalCheckFailedException older) {
                assertTrue(revision.endsWith("#a"), "only the older revision fails the condition, not " + revision);
            }
        }
        assertEquals(
                s("2026-12-01T10:00:00Z#b"),
                importItem("#LATEST-conformance", "ANY").get("revision"),
                "string <= comparison: the newest revision stays, an equal one is accepted again");
        List<Map<String, AttributeValue>> pointers = dynamoDb.query(r -> r.tableName(importsTable)
                        .consistentRead(true)
                        .keyConditionExpression("import_id = :latest")
                        .expressionAttributeValues(Map.of(":latest", s("#LATEST-conformance"))))
                .items();
        assertEquals(1, pointers.size(), "ImportLedger.latest: a consistent Query on the hash key alone");
    }

    @Test
    void conditionalPutAndDeleteOnTheRevisionLetOnlyTheNewerUploadWin() {
        // EmployeeTable.writeEach
        Map<String, AttributeValue> older = Map.of(":revision", s("r1"));
        Map<String, AttributeValue> newer = Map.of(":revision", s("r2"));
        dynamoDb.putItem(r -> r.tableName(employeesTable)
                .item(employee("+821000000001", "r2"))
                .conditionExpression(NOT_NEWER)
                .expressionAttributeValues(newer));
        assertThrows(
                ConditionalCheckFailedException.class,
                () -> dynamoDb.putItem(r -> r.tableName(employeesTable)
                        .item(employee("+821000000001", "r1"))
                        .conditionExpression(NOT_NEWER)
                        .expressionAttributeValues(older)),
                "conditional PutItem by an older revision: ConditionalCheckFailedException");
        assertThrows(
                ConditionalCheckFailedException.class,
                () -> dynamoDb.deleteItem(r -> r.tableName(employeesTable)
                        .key(phone("+821000000001"))
                        .conditionExpression(NOT_NEWER)
                        .expressionAttributeValues(older)),
                "conditional DeleteItem by an older revision: ConditionalCheckFailedException");
        assertEquals(s("r2"), employeeItem("+821000000001").get("import_revision"), "refused writes change nothing");
        dynamoDb.deleteItem(r -> r.tableName(employeesTable)
                .key(phone("+821000000001"))
                .conditionExpression(NOT_NEWER)
                .expressionAttributeValues(newer));
        assertTrue(employeeItem("+821000000001").isEmpty(), "conditional DeleteItem by an equal revision deletes");
        dynamoDb.deleteItem(r -> r.tableName(employeesTable)
                .key(phone("+821000000001"))
                .conditionExpression(NOT_NEWER)
                .expressionAttributeValues(newer));
    }

    @Test
    void getItemOfAMissingKeyHasNoItem() {
        // DynamoRosterLookup.find and rosterctl lookup: an empty item means "not in the roster"
        var answer = dynamoDb.getItem(
                r -> r.tableName(employeesTable).key(phone("+821099999999")).consistentRead(true));
        assertFalse(answer.hasItem(), "GetItem of a missing key: no Item in the answer");
    }

    @Test
    void aReservedWordWithoutAPlaceholderIsAValidationError() {
        // Why Expression uses placeholders for every name
        DynamoDbException refused = assertThrows(
                DynamoDbException.class,
                () -> dynamoDb.updateItem(r -> r.tableName(importsTable)
                        .key(importKey("reserved-1", "IMPORT"))
                        .updateExpression("SET status = :v")
                        .expressionAttributeValues(Map.of(":v", s("WRITING")))),
                "a reserved word in an expression is refused");
        assertEquals(
                "ValidationException", refused.awsErrorDetails().errorCode(), "reserved word: ValidationException");
    }

    // ---------------------------------------------------------------- transactions

    @Test
    void aTransactionOf100RemovalsAndItsCounterCommitsAtOnce() {
        // EmployeeTable.removeStale: 99 conditional deletes + ImportLedger.countRemovals
        List<String> phones = phones("+8210100", 99);
        phones.forEach(number -> put(employeesTable, employee(number, "r1")));
        put(importsTable, Map.of("import_id", s("removal-1"), "record", s("IMPORT")));
        dynamoDb.transactWriteItems(r -> r.transactItems(removals(phones, "removal-1")));
        assertTrue(
                phones.stream().allMatch(number -> employeeItem(number).isEmpty()),
                "TransactWriteItems of 100: every delete applied");
        assertEquals(
                n("99"),
                importItem("removal-1", "IMPORT").get("employees_removed"),
                "TransactWriteItems: the counter's ADD applied");
    }

    @Test
    void aRefusedTransactionOf100GivesOrderedCancellationReasonsAndChangesNothing() {
        List<String> phones = phones("+8210200", 99);
        phones.forEach(number -> put(employeesTable, employee(number, number.endsWith("37") ? "r9" : "r1")));
        put(importsTable, Map.of("import_id", s("removal-2"), "record", s("IMPORT")));
        TransactionCanceledException refused = assertThrows(
                TransactionCanceledException.class,
                () -> dynamoDb.transactWriteItems(r -> r.transactItems(removals(phones, "removal-2"))),
                "a failed condition in TransactWriteItems: TransactionCanceledException");
        List<String> codes = refused.cancellationReasons().stream()
                .map(CancellationReason::code)
                .toList();
        assertEquals(100, codes.size(), "one cancellation reason per action");
        for (int i = 0; i < codes.size(); i++) {
            assertEquals(
                    i == 37 ? "ConditionalCheckFailed" : "None",
                    codes.get(i),
                    "cancellation reason " + i + " in request order");
        }
        assertTrue(
                phones.stream().noneMatch(number -> employeeItem(number).isEmpty()),
                "a cancelled transaction deletes nothing");
        assertNull(
                importItem("removal-2", "IMPORT").get("employees_removed"), "a cancelled transaction counts nothing");

        // The counter's condition (attribute_exists(import_id)) on a missing import fails the last action
        List<String> fresh = phones("+8210300", 2);
        fresh.forEach(number -> put(employeesTable, employee(number, "r1")));
        TransactionCanceledException noImport = assertThrows(
                TransactionCanceledException.class,
                () -> dynamoDb.transactWriteItems(r -> r.transactItems(removals(fresh, "removal-missing"))));
        assertEquals(
                List.of("None", "None", "ConditionalCheckFailed"),
                noImport.cancellationReasons().stream()
                        .map(CancellationReason::code)
                        .toList(),
                "attribute_exists(import_id) on a missing item fails in a transaction");
    }

    @Test
    void aTransactionOf101ActionsIsAValidationError() {
        List<String> phones = phones("+8210400", 100);
        DynamoDbException refused = assertThrows(
                DynamoDbException.class,
                () -> dynamoDb.transactWriteItems(r -> r.transactItems(removals(phones, "removal-3"))),
                "TransactWriteItems of 101 actions is refused");
        assertEquals("ValidationException", refused.awsErrorDetails().errorCode(), "101 actions: ValidationException");
    }

    @Test
    void settlingBatchesConditionsEachOnItsStateAndCountsTheImport() {
        // ImportLedger.settle: batch moves "attribute_not_exists(#state) OR #state = :failing",
        // and the import's ADD counters
        put(importsTable, Map.of("import_id", s("settle-1"), "record", s("IMPORT")));
        put(importsTable, Map.of("import_id", s("settle-1"), "record", s("BATCH#000002"), "state", s("FAILING")));
        List<TransactWriteItem> settle = List.of(
                batchMove("settle-1", "BATCH#000001"),
                batchMove("settle-1", "BATCH#000002"),
                TransactWriteItem.builder()
                        .update(Update.builder()
                                .tableName(importsTable)
                                .key(importKey("settle-1", "IMPORT"))
                                .updateExpression("ADD #n0 :v0")
                                .conditionExpression("attribute_exists(import_id)")
                                .expressionAttributeNames(Map.of("#n0", "batches_written"))
                                .expressionAttributeValues(Map.of(":v0", n("2")))
                                .build())
                        .build());
        dynamoDb.transactWriteItems(r -> r.transactItems(settle));
        assertEquals(
                s("WRITTEN"),
                importItem("settle-1", "BATCH#000001").get("state"),
                "a batch item created by the transaction");
        assertEquals(s("WRITTEN"), importItem("settle-1", "BATCH#000002").get("state"), "a FAILING batch moved");
        assertEquals(n("2"), importItem("settle-1", "IMPORT").get("batches_written"), "counters added");
        TransactionCanceledException again = assertThrows(
                TransactionCanceledException.class,
                () -> dynamoDb.transactWriteItems(r -> r.transactItems(settle)),
                "a second settlement of the same batches is refused");
        assertEquals(
                List.of("ConditionalCheckFailed", "ConditionalCheckFailed", "None"),
                again.cancellationReasons().stream()
                        .map(CancellationReason::code)
                        .toList(),
                "both batch conditions fail, in order");
        assertEquals(n("2"), importItem("settle-1", "IMPORT").get("batches_written"), "counted once");
    }

    @Test
    void concurrentTransactionsOnOneItemAreSerialisedNeverTransactionConflict() throws Exception {
        // ImportLedger.transact retries TransactionConflict; this server never answers it (one SQLite writer)
        put(importsTable, Map.of("import_id", s("conflict-1"), "record", s("IMPORT")));
        int transactions = 40;
        TransactWriteItem increment = TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(importsTable)
                        .key(importKey("conflict-1", "IMPORT"))
                        .updateExpression("ADD #n :one")
                        .conditionExpression("attribute_exists(import_id)")
                        .expressionAttributeNames(Map.of("#n", "counter"))
                        .expressionAttributeValues(Map.of(":one", n("1")))
                        .build())
                .build();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < transactions; i++) {
                results.add(threads.submit(() -> dynamoDb.transactWriteItems(r -> r.transactItems(increment))));
            }
            for (Future<?> result : results) {
                result.get(); // a TransactionCanceledException (TransactionConflict) would fail here
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(
                n(String.valueOf(transactions)),
                importItem("conflict-1", "IMPORT").get("counter"),
                "concurrent transactions on one item all commit: no TransactionConflict");
    }

    // ---------------------------------------------------------------- BatchWriteItem

    @Test
    void batchWriteItemTakes25WithNoUnprocessedItemsAndRefuses26() {
        // EmployeeTable.write
        List<WriteRequest> requests = phones("+8210500", 26).stream()
                .map(number -> WriteRequest.builder()
                        .putRequest(PutRequest.builder()
                                .item(employee(number, "r1"))
                                .build())
                        .build())
                .toList();
        var accepted = dynamoDb.batchWriteItem(r -> r.requestItems(Map.of(employeesTable, requests.subList(0, 25))));
        assertTrue(accepted.hasUnprocessedItems(), "BatchWriteItem answers UnprocessedItems");
        assertEquals(Map.of(), accepted.unprocessedItems(), "BatchWriteItem of 25: UnprocessedItems is an empty map");
        assertFalse(employeeItem("+821050000024").isEmpty(), "the 25th item is written");
        DynamoDbException refused = assertThrows(
                DynamoDbException.class,
                () -> dynamoDb.batchWriteItem(r -> r.requestItems(Map.of(employeesTable, requests))),
                "BatchWriteItem of 26 is refused");
        assertEquals("ValidationException", refused.awsErrorDetails().errorCode(), "26 items: ValidationException");
        assertTrue(employeeItem("+821050000025").isEmpty(), "a refused BatchWriteItem writes nothing");
    }

    @Test
    void batchWriteItemMixesPutsAndDeletesButRefusesTwoRequestsForOneKey() {
        put(employeesTable, employee("+821060000000", "r1"));
        dynamoDb.batchWriteItem(r -> r.requestItems(Map.of(
                employeesTable,
                List.of(
                        WriteRequest.builder()
                                .deleteRequest(d -> d.key(phone("+821060000000")))
                                .build(),
                        WriteRequest.builder()
                                .putRequest(p -> p.item(employee("+821060000001", "r1")))
                                .build()))));
        assertTrue(employeeItem("+821060000000").isEmpty(), "BatchWriteItem DeleteRequest applied");
        assertFalse(employeeItem("+821060000001").isEmpty(), "BatchWriteItem PutRequest applied");
        DynamoDbException duplicate = assertThrows(
                DynamoDbException.class,
                () -> dynamoDb.batchWriteItem(r -> r.requestItems(Map.of(
                        employeesTable,
                        List.of(
                                WriteRequest.builder()
                                        .putRequest(p -> p.item(employee("+821060000002", "r1")))
                                        .build(),
                                WriteRequest.builder()
                                        .putRequest(p -> p.item(employee("+821060000002", "r2")))
                                        .build())))),
                "BatchWriteItem with one key twice is refused");
        assertEquals(
                "ValidationException", duplicate.awsErrorDetails().errorCode(), "duplicate keys: ValidationException");
    }

    @Test
    void anItemOver400KbIsRefusedAndOneJustUnderIsWritten() {
        Map<String, AttributeValue> under = new HashMap<>(employee("+821070000000", "r1"));
        under.put("extra", s("x".repeat(400 * 1024 - 200)));
        put(employeesTable, under);
        assertFalse(employeeItem("+821070000000").isEmpty(), "an item just under 400 KB is written");
        Map<String, AttributeValue> over = new HashMap<>(employee("+821070000001", "r1"));
        over.put("extra", s("x".repeat(400 * 1024 + 1)));
        DynamoDbException refused = assertThrows(
                DynamoDbException.class, () -> put(employeesTable, over), "PutItem over 400 KB is refused");
        assertEquals("ValidationException", refused.awsErrorDetails().errorCode(), "over 400 KB: ValidationException");
        DynamoDbException batch = assertThrows(
                DynamoDbException.class,
                () -> dynamoDb.batchWriteItem(r -> r.requestItems(Map.of(
                        employeesTable,
                        List.of(WriteRequest.builder()
                                .putRequest(p -> p.item(over))
                                .build())))),
                "BatchWriteItem with an item over 400 KB is refused");
        assertEquals(
                "ValidationException",
                batch.awsErrorDetails().errorCode(),
                "over 400 KB in a batch: ValidationException");
    }

    // ---------------------------------------------------------------- reads: GSI paging, scan and query pages

    @Test
    void theSparseIndexListsImportsNewestFirstAndPagesWithLimitThroughEqualSortKeys() {
        // ImportLedger.recent (Limit, ScanIndexForward false, ExclusiveStartKey by the paginator) and startedSince
        String[] starts = {
            "2026-11-01T00:00:01Z",
            "2026-11-01T00:00:02Z",
            "2026-11-01T00:00:02Z",
            "2026-11-01T00:00:02Z",
            "2026-11-01T00:00:03Z",
            "2026-11-01T00:00:04Z",
            "2026-11-01T00:00:04Z"
        };
        for (int i = 0; i < starts.length; i++) {
            put(
                    importsTable,
                    Map.of(
                            "import_id",
                            s("gsi-" + i),
                            "record",
                            s("IMPORT"),
                            "started_at",
                            s(starts[i]),
                            "status",
                            s(i % 2 == 0 ? "WRITING" : "COMPLETE")));
            put(importsTable, Map.of("import_id", s("gsi-" + i), "record", s("BATCH#000001"), "state", s("WRITTEN")));
        }
        for (int limit : new int[] {1, 2, 3, 100}) {
            List<Map<String, AttributeValue>> seen = new ArrayList<>();
            Map<String, AttributeValue> start = null;
            int pages = 0;
            do {
                Map<String, AttributeValue> from = start;
                QueryResponse page = dynamoDb.query(QueryRequest.builder()
                        .tableName(importsTable)
                        .indexName(BY_START)
                        .keyConditionExpression("#record = :import")
                        .expressionAttributeNames(Map.of("#record", "record"))
                        .expressionAttributeValues(Map.of(":import", s("IMPORT")))
                        .scanIndexForward(false)
                        .limit(limit)
                        .exclusiveStartKey(from)
                        .build());
                assertTrue(page.items().size() <= limit, "a GSI page holds at most Limit items");
                if (page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()) {
                    assertEquals(
                            Set.of("import_id", "record", "started_at"),
                            page.lastEvaluatedKey().keySet(),
                            "a GSI LastEvaluatedKey holds the table's key and the index's");
                }
                seen.addAll(page.items());
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                        ? page.lastEvaluatedKey()
                        : null;
                pages++;
            } while (start != null);
            List<String> ids =
                    seen.stream().map(item -> item.get("import_id").s()).toList();
            assertEquals(
                    starts.length,
                    ids.size(),
                    "Limit " + limit + ": every import once, through equal sort keys: " + ids);
            assertEquals(starts.length, new HashSet<>(ids).size(), "Limit " + limit + ": no import twice: " + ids);
            List<String> order =
                    seen.stream().map(item -> item.get("started_at").s()).toList();
            List<String> newestFirst =
                    order.stream().sorted(java.util.Comparator.reverseOrder()).toList();
            assertEquals(newestFirst, order, "ScanIndexForward false: newest first");
            assertTrue(
                    seen.stream().allMatch(item -> item.get("record").s().equals("IMPORT")),
                    "sparse index: items without started_at (batch items) are not in it");
            int full = (starts.length + limit - 1) / limit;
            assertEquals(
                    starts.length % limit == 0 ? full + 1 : full,
                    pages,
                    "Limit " + limit
                            + ": a page that ends exactly at Limit gives a LastEvaluatedKey, so one empty page follows"
                            + " (as DynamoDB)");
        }
        List<String> unsettled = dynamoDb
                .queryPaginator(r -> r.tableName(importsTable)
                        .indexName(BY_START)
                        .keyConditionExpression("#record = :import AND started_at >= :since")
                        .filterExpression("#status IN (:WRITING)")
                        .expressionAttributeNames(Map.of("#record", "record", "#status", "status"))
                        .expressionAttributeValues(Map.of(
                                ":import", s("IMPORT"), ":since", s("2026-11-01T00:00:02Z"), ":WRITING", s("WRITING")))
                        .scanIndexForward(false)
                        .limit(1))
                .items()
                .stream()
                .map(item -> item.get("import_id").s())
                .toList();
        assertEquals(
                List.of("gsi-6", "gsi-4", "gsi-2"),
                unsettled.stream().filter(id -> id.startsWith("gsi-")).toList(),
                "key condition >= with a FilterExpression IN, newest first, through pages of Limit 1");
    }

    @Test
    void scanPagesStopAt1MbAndTheirKeysReadEveryItemOnce() {
        String table = "conformance-scan";
        createPhoneTable(table);
        List<String> numbers = phones("+8210800", 30);
        String payload = "x".repeat(100 * 1024);
        numbers.forEach(number -> put(table, Map.of("phone", s(number), "extra", s(payload))));
        Set<String> seen = new HashSet<>();
        List<Integer> pageSizes = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamoDb.scan(r -> r.tableName(table).exclusiveStartKey(from));
            long bytes = page.items().stream()
                    .mapToLong(item -> item.get("extra").s().length() + 5 + 19)
                    .sum();
            assertTrue(bytes <= 1024 * 1024 + 100 * 1024, "a Scan page holds about 1 MB at most (" + bytes + " bytes)");
            page.items().forEach(item -> assertTrue(seen.add(item.get("phone").s()), "Scan pages: no item twice"));
            pageSizes.add(page.items().size());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        assertEquals(Set.copyOf(numbers), seen, "Scan pages through LastEvaluatedKey read every item");
        assertTrue(pageSizes.size() >= 3, "30 items of 100 KB take at least 3 pages of 1 MB: " + pageSizes);

        // The same 1 MB limit on a Query of one partition (the ledger's items of one import)
        String payloadImport = "page-1";
        IntStream.range(0, 15)
                .forEach(batch -> put(
                        importsTable,
                        Map.of(
                                "import_id",
                                s(payloadImport),
                                "record",
                                s(String.format("BATCH#%06d", batch)),
                                "last_error",
                                s(payload))));
        QueryResponse first = dynamoDb.query(r -> r.tableName(importsTable)
                .keyConditionExpression("import_id = :id")
                .expressionAttributeValues(Map.of(":id", s(payloadImport))));
        assertTrue(
                first.items().size() < 15
                        && first.hasLastEvaluatedKey()
                        && !first.lastEvaluatedKey().isEmpty(),
                "a Query page stops at 1 MB with a LastEvaluatedKey ("
                        + first.items().size() + " of 15 items of 100 KB)");
    }

    @Test
    void thePlansScanReadsEveryCurrentEmployeeOnceAcrossPages() throws Exception {
        // EmployeeTable.current: consistent Scan pages (Limit 1000) until there is no LastEvaluatedKey; tombstones left
        // out
        String table = "conformance-employees";
        createPhoneTable(table);
        List<String> numbers = phones("+821090", 2_200);
        for (int from = 0; from < numbers.size(); from += 25) {
            List<WriteRequest> batch = numbers.subList(from, from + 25).stream()
                    .map(number -> WriteRequest.builder()
                            .putRequest(p -> p.item(employee(number, "r1")))
                            .build())
                    .toList();
            dynamoDb.batchWriteItem(r -> r.requestItems(Map.of(table, batch)));
        }
        dynamoDb.putItem(r -> r.tableName(table)
                .item(Map.of(
                        "phone",
                        AttributeValue.fromS("+821099999999"),
                        Tombstones.ATTRIBUTE,
                        AttributeValue.fromBool(true),
                        "import_revision",
                        AttributeValue.fromS("r2"))));
        EmployeeTable employees = new EmployeeTable(dynamoDb, table);
        Set<String> seen = new HashSet<>();
        employees
                .current(Deadline.in(60_000, 0))
                .forEach(employee -> assertTrue(seen.add(employee.phone()), "no employee twice"));
        assertEquals(Set.copyOf(numbers), seen, "every current employee read once, the tombstone not");
    }

    // ---------------------------------------------------------------- helpers

    /** A table with the employees table's key schema, for a test that needs a table of its own. */
    private static void createPhoneTable(String table) {
        dynamoDb.createTable(r -> r.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(d -> d.attributeName("phone").attributeType("S"))
                .keySchema(key("phone", KeyType.HASH)));
    }

    private static List<TransactWriteItem> removals(List<String> phones, String importId) {
        List<TransactWriteItem> items = new ArrayList<>();
        for (String number : phones) {
            items.add(TransactWriteItem.builder()
                    .delete(Delete.builder()
                            .tableName(employeesTable)
                            .key(phone(number))
                            .conditionExpression(STALE)
                            .expressionAttributeValues(Map.of(":revision", s("r5")))
                            .build())
                    .build());
        }
        items.add(TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(importsTable)
                        .key(importKey(importId, "IMPORT"))
                        .updateExpression("ADD #n0 :v0")
                        .conditionExpression("attribute_exists(import_id)")
                        .expressionAttributeNames(Map.of("#n0", "employees_removed"))
                        .expressionAttributeValues(Map.of(":v0", n(String.valueOf(phones.size()))))
                        .build())
                .build());
        return items;
    }

    private static TransactWriteItem batchMove(String importId, String record) {
        return TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(importsTable)
                        .key(importKey(importId, record))
                        .updateExpression("SET #n0 = :v0, #n1 = :v1")
                        .conditionExpression("attribute_not_exists(#n0) OR #n0 = :v2")
                        .expressionAttributeNames(Map.of("#n0", "state", "#n1", "rows"))
                        .expressionAttributeValues(Map.of(":v0", s("WRITTEN"), ":v1", n("25"), ":v2", s("FAILING")))
                        .build())
                .build();
    }

    private static List<String> phones(String prefix, int count) {
        int digits = 13 - prefix.length();
        return IntStream.range(0, count)
                .mapToObj(i -> prefix + String.format("%0" + digits + "d", i))
                .toList();
    }

    private static void put(String table, Map<String, AttributeValue> item) {
        dynamoDb.putItem(r -> r.tableName(table).item(item));
    }

    private static Map<String, AttributeValue> employee(String number, String revision) {
        return Map.of(
                "phone",
                s(number),
                "name",
                s("김민준"),
                "import_id",
                s("import-" + revision),
                "import_revision",
                s(revision));
    }

    private static Map<String, AttributeValue> employeeItem(String number) {
        return dynamoDb.getItem(
                        r -> r.tableName(employeesTable).key(phone(number)).consistentRead(true))
                .item();
    }

    private static Map<String, AttributeValue> importItem(String importId, String record) {
        return dynamoDb.getItem(r -> r.tableName(importsTable)
                        .key(importKey(importId, record))
                        .consistentRead(true))
                .item();
    }

    private static Map<String, AttributeValue> phone(String number) {
        return Map.of("phone", s(number));
    }

    private static Map<String, AttributeValue> importKey(String importId, String record) {
        return Map.of("import_id", s(importId), "record", s(record));
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }
}
