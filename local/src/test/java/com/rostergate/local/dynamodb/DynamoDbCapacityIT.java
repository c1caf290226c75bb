package com.rostergate.local.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rostergate.fixtures.AwsCli;
import com.rostergate.fixtures.Fixtures;
import com.rostergate.local.LocalDeployment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The stack started with a DynamoDB capacity and latency: the real SDK client (retries off, so each
 * answer is seen) and the AWS CLI get ProvisionedThroughputExceededException and UnprocessedItems past
 * the capacity. Each test writes to a table of its own, whose capacity starts full.
 */
class DynamoDbCapacityIT {

    private static final int CAPACITY = 10;
    private static final Duration LATENCY = Duration.ofMillis(100);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static LocalDeployment stack;
    private static DynamoDbClient dynamoDb;

    @TempDir
    Path temporary;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalDeployment.builder()
                .template(Fixtures.file("sam/template.yaml"))
                .randomPorts()
                .dynamoDbLimits(new DynamoDbLimits(CAPACITY, CAPACITY, LATENCY))
                .start();
        dynamoDb = DynamoDbClient.builder()
                .endpointOverride(URI.create(stack.endpoint("DYNAMODB_ENDPOINT")))
                .region(Region.of(stack.endpoint("REGION")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()))
                .build();
    }

    @AfterAll
    static void stop() {
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theStacksFunctionsUseTheLimitedEndpoint() {
        assertEquals(
                stack.endpoint("DYNAMODB_ENDPOINT"),
                stack.functionEnvironment("WriterFunction").get("AWS_ENDPOINT_URL_DYNAMODB"));
    }

    @Test
    void aPutItemPastTheWriteCapacityIsProvisionedThroughputExceededAsDynamoDbAnswersIt() throws Exception {
        String table = newTable();
        long refusedBefore = stack.dynamoDbCounts().orElseThrow().refused();
        // 100 WCU: 9 s of debt at 10 WCU/s
        dynamoDb.putItem(r -> r.tableName(table).item(item("+821000000001", 100 * 1024)));

        ProvisionedThroughputExceededException refused = assertThrows(
                ProvisionedThroughputExceededException.class,
                () -> dynamoDb.putItem(r -> r.tableName(table).item(item("+821000000002", 10))));
        assertEquals(400, refused.statusCode());
        assertEquals(
                "ProvisionedThroughputExceededException",
                refused.awsErrorDetails().errorCode());
        assertTrue(refused.isThrottlingException(), "the SDK treats it as throttling (its retries back off)");
        assertTrue(
                dynamoDb.getItem(r -> r.tableName(table).key(Map.of("phone", AttributeValue.fromS("+821000000002"))))
                        .item()
                        .isEmpty(),
                "the refused item is not written");

        HttpResponse<String> raw = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(stack.endpoint("DYNAMODB_ENDPOINT")))
                                .header("X-Amz-Target", "DynamoDB_20120810.PutItem")
                                .header("Content-Type", "application/x-amz-json-1.0")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"TableName\":\"" + table + "\",\"Item\":{\"phone\":{\"S\":\"+8210\"}}}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(400, raw.statusCode());
        assertEquals(
                "application/x-amz-json-1.0",
                raw.headers().firstValue("Content-Type").orElse(""));
        JsonNode body = JSON.readTree(raw.body());
        assertEquals(
                "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
                body.get("__type").asText());
        assertFalse(body.get("message").asText().isBlank());
        assertTrue(stack.dynamoDbCounts().orElseThrow().refused() >= refusedBefore + 2);
    }

    @Test
    void aBatchWriteItemPastTheWriteCapacityReturnsTheExcessItemsUnprocessed() throws Exception {
        String table = newTable();
        List<WriteRequest> writes = IntStream.range(0, 25)
                .mapToObj(i -> WriteRequest.builder()
                        .putRequest(p -> p.item(item(String.format("+82100000%04d", i), 10)))
                        .build())
                .toList();

        List<WriteRequest> unprocessed = dynamoDb.batchWriteItem(r -> r.requestItems(Map.of(table, writes)))
                .unprocessedItems()
                .getOrDefault(table, List.of());

        assertEquals(writes.subList(CAPACITY, 25), unprocessed, "the items past 10 WCU come back, as they were sent");
        assertEquals(
                CAPACITY,
                dynamoDb.scan(r -> r.tableName(table).consistentRead(true)).count(),
                "the first 10 are written");
        List<WriteRequest> pending = new ArrayList<>(unprocessed);
        for (int attempt = 0; !pending.isEmpty() && attempt < 50; attempt++) {
            Thread.sleep(200);
            try {
                List<WriteRequest> retry = List.copyOf(pending);
                pending = new ArrayList<>(dynamoDb.batchWriteItem(r -> r.requestItems(Map.of(table, retry)))
                        .unprocessedItems()
                        .getOrDefault(table, List.of()));
            } catch (ProvisionedThroughputExceededException noneFitYet) {
                // every item was held back: retry later, as a client does
            }
        }
        assertEquals(List.of(), pending, "retrying the unprocessed items writes them as capacity refills");
        assertEquals(
                25, dynamoDb.scan(r -> r.tableName(table).consistentRead(true)).count());
    }

    @Test
    void aGetItemPastTheReadCapacityIsProvisionedThroughputExceeded() {
        String table = newTable();
        dynamoDb.putItem(r -> r.tableName(table).item(item("+821000000001", 300 * 1024)));
        Map<String, AttributeValue> key = Map.of("phone", AttributeValue.fromS("+821000000001"));
        assertTrue(
                dynamoDb.getItem(r -> r.tableName(table).key(key).consistentRead(true))
                        .hasItem(),
                "a read goes through while the table has read units, and is charged its 300 KB: 75 RCU");
        ProvisionedThroughputExceededException refused = assertThrows(
                ProvisionedThroughputExceededException.class,
                () -> dynamoDb.getItem(r -> r.tableName(table).key(key)));
        assertEquals(400, refused.statusCode());
    }

    @Test
    void everyCallWaitsTheLatency() {
        long started = System.nanoTime();
        dynamoDb.describeTable(r -> r.tableName(stack.endpoint("EMPLOYEES_TABLE")));
        assertTrue(System.nanoTime() - started >= LATENCY.toNanos(), "a DescribeTable takes at least the latency");
    }

    @Test
    void theAwsCliSeesThrottledPutsAndUnprocessedBatchItems() throws Exception {
        assumeTrue(
                AwsCli.installed(),
                AwsCli.PATH + " is absent (apt-get install -y awscli): the AWS CLI test is skipped");
        // One attempt a call, so the CLI's own retries do not hide the answer.
        AwsCli cli = new AwsCli(temporary, stack.endpoint("REGION"))
                .with("AWS_MAX_ATTEMPTS", "1")
                .with("AWS_RETRY_MODE", "standard");
        String endpoint = stack.endpoint("DYNAMODB_ENDPOINT");
        String table = newTable();
        Path big = Files.writeString(
                temporary.resolve("big.json"),
                "{\"phone\":{\"S\":\"+821000000001\"},\"extra\":{\"S\":\"" + "x".repeat(390 * 1024) + "\"}}");
        AwsCli.Result first =
                cli.run(endpoint, "dynamodb", "put-item", "--table-name", table, "--item", "file://" + big);
        assertEquals(0, first.exitCode(), first.output()); // 390 WCU: 38 s of debt at 10 WCU/s
        AwsCli.Result refused = cli.run(
                endpoint,
                "dynamodb",
                "put-item",
                "--table-name",
                table,
                "--item",
                "{\"phone\":{\"S\":\"+821000000002\"}}");
        assertNotEquals(0, refused.exitCode(), refused.output());
        assertTrue(
                refused.output()
                        .contains("An error occurred (ProvisionedThroughputExceededException) "
                                + "when calling the PutItem operation"),
                refused.output());

        String fresh = newTable();
        String writes = String.join(
                ",",
                IntStream.range(0, 25)
                        .mapToObj(i -> "{\"PutRequest\":{\"Item\":{\"phone\":{\"S\":\"+8210000"
                                + String.format("%05d", i) + "\"}}}}")
                        .toList());
        Path batch = Files.writeString(temporary.resolve("batch.json"), "{\"" + fresh + "\":[" + writes + "]}");
        AwsCli.Result batchResult =
                cli.run(endpoint, "dynamodb", "batch-write-item", "--request-items", "file://" + batch);
        assertEquals(0, batchResult.exitCode(), batchResult.output());
        JsonNode unprocessed = JSON.readTree(batchResult.output()).at("/UnprocessedItems/" + fresh);
        assertEquals(25 - CAPACITY, unprocessed.size(), batchResult.output());
        assertEquals(
                "+821000000010",
                unprocessed.at("/0/PutRequest/Item/phone/S").asText(),
                "the first item past the capacity");
    }

    /** A table of the employees table's shape with a full second of capacity (CreateTable itself is not limited). */
    private static String newTable() {
        String name = "capacity-" + TABLES.incrementAndGet();
        stack.dynamoDb()
                .createTable(r -> r.tableName(name)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(d -> d.attributeName("phone").attributeType("S"))
                        .keySchema(k -> k.attributeName("phone").keyType(KeyType.HASH)));
        return name;
    }

    private static Map<String, AttributeValue> item(String phone, int bytes) {
        return Map.of("phone", AttributeValue.fromS(phone), "extra", AttributeValue.fromS("x".repeat(bytes)));
    }
}
