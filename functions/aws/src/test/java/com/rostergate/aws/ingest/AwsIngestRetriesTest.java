package com.rostergate.aws.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rostergate.aws.AwsClients;
import com.rostergate.core.ingest.BatchMessage;
import com.rostergate.core.ingest.Deadline;
import com.rostergate.core.ingest.GaveUpException;
import com.rostergate.core.ingest.ImportMode;
import com.rostergate.core.roster.RosterRow;
import com.rostergate.core.roster.RowAction;
import com.rostergate.fixtures.http.LocalHttpServers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Who retries what, against a loopback DynamoDB that answers every call with a 500: the SDK's retries never
 * nest inside the code's own loop. Each of the code's tries is one request; a call nothing else retries gets
 * the SDK's {@value AwsClients#SDK_ATTEMPTS} attempts.
 */
class AwsIngestRetriesTest {

    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = LocalHttpServers.loopback(this::failing);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void failing(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        requests.incrementAndGet();
        byte[] body = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"down\"}"
                .getBytes(StandardCharsets.UTF_8);
        LocalHttpServers.send(exchange, 500, "application/x-amz-json-1.0", body);
    }

    private Map<String, String> env() {
        return Map.of(
                "AWS_REGION", "ap-northeast-2",
                "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_ENDPOINT_URL_DYNAMODB",
                        "http://127.0.0.1:" + server.getAddress().getPort(),
                "IMPORTS_TABLE", "imports",
                "EMPLOYEES_TABLE", "employees");
    }

    @Test
    void theEmployeesTableMakesOneRequestPerTryOfItsOwnRetryLoop() {
        try (AwsIngest aws = AwsIngest.from(env())) {
            BatchMessage message = new BatchMessage(
                    BatchMessage.VERSION,
                    "imp-1",
                    "000000000001-0-imp-1",
                    ImportMode.DELTA,
                    1,
                    List.of(new RosterRow(2, RowAction.PUT, "+821055550001", Map.of("name", "A"), Map.of())));

            GaveUpException gaveUp = assertThrows(
                    GaveUpException.class, () -> aws.employees().writeEach(message, Deadline.in(1_400, 0)));

            Matcher tries = Pattern.compile("in (\\d+) tries").matcher(gaveUp.getMessage());
            assertTrue(tries.find(), gaveUp.getMessage());
            assertEquals(Integer.parseInt(tries.group(1)), requests.get(), "one request per try: no SDK retry inside");
        }
    }

    @Test
    void theLedgerWhichTheCodeDoesNotRetryGetsTheSdksStatedAttempts() {
        try (AwsIngest aws = AwsIngest.from(env())) {
            assertThrows(SdkException.class, () -> aws.ledger().get("imp-1"));
            assertEquals(AwsClients.SDK_ATTEMPTS, requests.get());
        }
    }

    @Test
    void eachClientStatesItsRetryStrategy() {
        AwsClients clients = AwsClients.builder(env()).build();
        try (DynamoDbClient sdk = clients.build(DynamoDbClient.builder(), "DYNAMODB", AwsClients.Retries.SDK);
                DynamoDbClient caller =
                        clients.build(DynamoDbClient.builder(), "DYNAMODB", AwsClients.Retries.CALLER)) {
            assertEquals(AwsClients.SDK_ATTEMPTS, maxAttempts(sdk));
            assertEquals(1, maxAttempts(caller));
        }
    }

    private static int maxAttempts(DynamoDbClient client) {
        return client.serviceClientConfiguration()
                .overrideConfiguration()
                .retryStrategy()
                .orElseThrow()
                .maxAttempts();
    }
}
