package com.rostergate.it.verifier;

import static com.rostergate.it.verifier.VerifierStack.invoke;
import static com.rostergate.it.verifier.VerifierStack.reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rostergate.fixtures.Fixtures;
import com.rostergate.verifier.VerifierHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The answer-time bound: a hung or failing Kakao or DynamoDB gives a FAIL within the budget
 * plus 50 ms. These are the only timed assertions, demanded by the issue (Kakao gives up at ~1 s);
 * the test budget is 400 ms, and every handler is warmed up first so class loading is not measured.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifierDeadlineIT {

    private static final int BUDGET_MS = 400;
    private static final long ANSWER_BOUND_MS = BUDGET_MS + 50;
    private static final int REQUESTS = 200;

    private VerifierStack stack;

    @BeforeAll
    void start() throws Exception {
        stack = VerifierStack.start();
        VerifierHandler warm = new VerifierHandler(stack.env(800));
        for (int i = 0; i < 30; i++) {
            invoke(warm, ApiGatewayEvents.v2(validation(i % 2 == 0 ? "demo-employee-token" : "demo-stranger-token")));
            invoke(warm, ApiGatewayEvents.v1(validation("demo-no-phone-token")));
        }
    }

    @AfterAll
    void stop() throws Exception {
        stack.close();
    }

    /** The Kakao user each sample profile belongs to: the one who asks in these requests. */
    private static final Map<String, String> OWNERS = owners();

    private static String validation(String token) {
        return "{\"user\":{\"properties\":{\"appUserId\":\"" + OWNERS.getOrDefault(token, "1") + "\"}},"
                + "\"value\":{\"origin\":\"https://talk-plugin-capi.kakao.com/otp/" + token + "/profile\"}}";
    }

    private static Map<String, String> owners() {
        Map<String, String> owners = new java.util.HashMap<>();
        try {
            for (JsonNode profile : ApiGatewayEvents.JSON.readTree(Fixtures.bytes("sample-data/kakao-profiles.json"))) {
                owners.put(
                        profile.path("token").asText(),
                        profile.path("app_user_id").asText());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return owners;
    }

    private record Timed(String status, long millis) {}

    private static Timed timed(VerifierHandler handler, byte[] event) {
        long start = System.nanoTime();
        JsonNode response = invoke(handler, event);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, response.path("statusCode").asInt());
        return new Timed(reply(response).path("status").asText(), millis);
    }

    private static void assertFailOnTime(VerifierHandler handler, String token) {
        Timed answer = timed(handler, ApiGatewayEvents.v2(validation(token)));
        assertEquals("FAIL", answer.status());
        assertTrue(answer.millis() <= ANSWER_BOUND_MS, token + " answered in " + answer.millis() + " ms");
        assertTrue(workersIdleSoon(), "a verification was still running 200 ms after its answer");
    }

    /** True once no verifier worker thread is inside verifier code (idle pool threads wait in the JDK). */
    private static boolean workersIdleSoon() {
        long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        while (System.nanoTime() < giveUp) {
            boolean busy = Thread.getAllStackTraces().entrySet().stream()
                    .filter(e -> e.getKey().getName().startsWith("verifier-worker-"))
                    .anyMatch(e -> Arrays.stream(e.getValue())
                            .anyMatch(f -> f.getClassName().startsWith("com.rostergate.verifier.")));
            if (!busy) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    private long kakaoRequestsFor(String token) {
        return stack.kakao.requests().stream()
                .filter(r -> r.path().contains("/" + token + "/"))
                .count();
    }

    @Test
    void aHungKakaoIsAFailOnTimeAndItsCallIsAbandoned() {
        VerifierHandler handler = new VerifierHandler(stack.env(BUDGET_MS));
        invoke(handler, ApiGatewayEvents.v2(validation("demo-employee-token")));
        for (int i = 0; i < 3; i++) {
            assertFailOnTime(handler, "demo-slow-token");
        }
        assertEquals(3, kakaoRequestsFor("demo-slow-token"), "no retry once the budget is spent");
    }

    @Test
    void aFailingKakaoIsRetriedOnceThenTheCircuitOpens() {
        VerifierHandler handler = new VerifierHandler(stack.env(BUDGET_MS));
        invoke(handler, ApiGatewayEvents.v2(validation("demo-employee-token")));

        long before = kakaoRequestsFor("demo-broken-token");
        assertFailOnTime(handler, "demo-broken-token");
        assertEquals(before + 2, kakaoRequestsFor("demo-broken-token"), "one attempt and one retry");

        for (int i = 0; i < 5; i++) {
            assertFailOnTime(handler, "demo-broken-token");
        }
        long whenOpen = kakaoRequestsFor("demo-broken-token");
        assertFailOnTime(handler, "demo-broken-token");
        assertFailOnTime(handler, "demo-employee-token");
        assertEquals(whenOpen, kakaoRequestsFor("demo-broken-token"), "an open circuit answers without calling Kakao");
    }

    @Test
    void aHungDynamoDbIsAFailOnTime() throws Exception {
        try (ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                while (!hung.isClosed()) {
                    try {
                        held.add(hung.accept());
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            VerifierHandler handler = new VerifierHandler(
                    stack.env(BUDGET_MS, "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:" + hung.getLocalPort()));
            invoke(handler, ApiGatewayEvents.v2(validation("demo-no-phone-token")));
            invoke(handler, ApiGatewayEvents.v2(validation("demo-employee-token")));

            for (int i = 0; i < 3; i++) {
                assertFailOnTime(handler, "demo-employee-token");
            }
            assertTrue(!held.isEmpty(), "the lookups did reach the hung server");
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    /**
     * 200 requests released at once into one handler, after one unmeasured burst to warm the JVM and the
     * connections, with the default 800 ms budget: every answer right and within budget + 50 ms. (On
     * Lambda each request has an environment of its own; here the fake Kakao shares the JVM too.) On a
     * busy 2-core machine the cold warm-up burst may run over budget often enough to open the Kakao
     * circuit, which is the breaker doing its job, not what is measured here: the SnapStart priming hook,
     * which ends by resetting the circuit, runs between the bursts.
     */
    @Test
    void twoHundredConcurrentRequestsAreAllAnsweredOnTimeAndRight() throws Exception {
        int budget = 800;
        VerifierHandler handler = new VerifierHandler(stack.env(budget));
        ExecutorService callers = Executors.newFixedThreadPool(REQUESTS);
        try {
            burst(handler, callers);
            handler.beforeCheckpoint(null);
            List<Timed> answers = burst(handler, callers);
            List<String> wrongOrLate = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                Timed answer = answers.get(i);
                if (!answer.status().equals(i % 2 == 0 ? "SUCCESS" : "FAIL") || answer.millis() > budget + 50) {
                    wrongOrLate.add(i + ": " + answer);
                }
            }
            assertEquals(List.of(), wrongOrLate);
        } finally {
            callers.shutdown();
        }
    }

    /** REQUESTS requests released at once: even ones for the employee, odd ones for the stranger, v2 and v1 mixed. */
    private static List<Timed> burst(VerifierHandler handler, ExecutorService callers) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Timed>> pending = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            String body = validation(i % 2 == 0 ? "demo-employee-token" : "demo-stranger-token");
            byte[] event = i % 4 < 2 ? ApiGatewayEvents.v2(body) : ApiGatewayEvents.v1(body);
            pending.add(callers.submit(() -> {
                go.await();
                return timed(handler, event);
            }));
        }
        go.countDown();
        List<Timed> answers = new ArrayList<>();
        for (Future<Timed> answer : pending) {
            answers.add(answer.get(10, TimeUnit.SECONDS));
        }
        return answers;
    }
}
