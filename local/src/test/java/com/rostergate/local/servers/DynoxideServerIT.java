package com.rostergate.local.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The local DynamoDB server's life: it answers once started, keeps a data dir, and never outlives its JVM. */
class DynoxideServerIT {

    private static final String HOST = "127.0.0.1";

    @TempDir
    Path temporary;

    @Test
    void closingTheServerFreesItsPort() throws Exception {
        int port = freePort();
        try (DynoxideServer server = DynoxideServer.start(HOST, port, Optional.empty());
                DynamoDbClient client = client(port)) {
            assertEquals(List.of(), client.listTables().tableNames());
        }
        assertFalse(listening(port), "nothing listens on " + port + " after close");
    }

    @Test
    void aDataDirKeepsTablesAndItemsAcrossRestarts() throws Exception {
        int port = freePort();
        try (DynoxideServer server = DynoxideServer.start(HOST, port, Optional.of(temporary));
                DynamoDbClient client = client(port)) {
            client.createTable(table -> table.tableName("kept")
                    .attributeDefinitions(a -> a.attributeName("phone").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("phone").keyType(KeyType.HASH))
                    .billingMode(BillingMode.PAY_PER_REQUEST));
        }
        try (DynoxideServer server = DynoxideServer.start(HOST, port, Optional.of(temporary));
                DynamoDbClient client = client(port)) {
            assertEquals(List.of("kept"), client.listTables().tableNames());
        }
    }

    /** A JVM killed with SIGKILL runs no shutdown hook: the watchdog alone must stop the server. */
    @Test
    void theServerStopsWhenItsJvmIsKilled() throws Exception {
        int port = freePort();
        Process jvm = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ServerJvm.class.getName(),
                        String.valueOf(port))
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("listening", out.readLine());
            long watchdog = Long.parseLong(out.readLine());
            List<ProcessHandle> server =
                    ProcessHandle.of(watchdog).orElseThrow().descendants().toList();
            assertTrue(listening(port));

            jvm.destroyForcibly().waitFor();

            assertTrue(awaitGone(port, Duration.ofSeconds(10)), "the server still listens after its JVM was killed");
            for (ProcessHandle process : server) {
                assertTrue(exits(process, Duration.ofSeconds(10)), "process " + process.pid() + " outlived its JVM");
            }
        } finally {
            jvm.destroyForcibly();
        }
    }

    /** Starts a server and prints "listening" and the watchdog's pid, then waits to be killed. */
    static final class ServerJvm {
        public static void main(String[] args) throws Exception {
            DynoxideServer server = DynoxideServer.start(HOST, Integer.parseInt(args[0]), Optional.empty());
            System.out.println("listening");
            System.out.println(server.pid());
            Thread.sleep(TimeUnit.MINUTES.toMillis(2));
        }
    }

    private static boolean exits(ProcessHandle process, Duration timeout) throws InterruptedException {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return !process.isAlive();
        }
    }

    private static boolean awaitGone(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!listening(port)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 200);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static DynamoDbClient client(int port) {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create("http://" + HOST + ":" + port))
                .region(Region.AP_NORTHEAST_2)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }
}
