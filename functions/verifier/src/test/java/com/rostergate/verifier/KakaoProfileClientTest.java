package com.rostergate.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rostergate.fixtures.kakao.FakeKakaoServer;
import com.rostergate.fixtures.kakao.FakeKakaoServer.RecordedRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real HTTP client against a loopback server playing Kakao. */
class KakaoProfileClientTest {

    static final String KEY = "rest key+with&odd=chars";

    FakeKakaoServer kakao;

    @BeforeEach
    void start() throws IOException {
        kakao = KakaoFakes.standard(KEY);
    }

    @AfterEach
    void stop() {
        kakao.close();
    }

    private KakaoProfileClient client(String base) {
        return new KakaoProfileClient(base, KEY);
    }

    private static Deadline in(long millis) {
        return Deadline.after(Duration.ofMillis(millis));
    }

    @Test
    void fetchesTheProfileFromTheConfiguredBaseWithTheKeyAsQueryParameter() throws IOException {
        Optional<KakaoProfile> profile = client(kakao.baseUrl()).fetch("employee-token-0001", in(2_000));

        assertEquals(Optional.of(new KakaoProfile("김민준", "+82 10-2222-3333", "1")), profile);
        // The fake compares the key it decoded with KEY: the answer above proves the encoding.
        assertEquals(
                List.of(new RecordedRequest("GET", "/otp/employee-token-0001/profile", "rest_api_key=REDACTED")),
                kakao.requests());
    }

    @Test
    void aBasePathPrefixIsKept() throws IOException {
        client(kakao.baseUrl() + "/kakao").fetch("missing-token-0001", in(2_000));
        assertEquals(
                "/kakao/otp/missing-token-0001/profile", kakao.requests().get(0).path());
    }

    @Test
    void anUnknownOtpIsEmpty() throws IOException {
        assertEquals(Optional.empty(), client(kakao.baseUrl()).fetch("missing-token-0001", in(2_000)));
    }

    @Test
    void errorsAndRedirectsAreFailuresThatNeverCarryTheKey() {
        for (String token : List.of(
                "broken-token-0001",
                "refused-token-0001",
                "moved-token-0001",
                "huge-token-0001",
                "garbled-token-0001")) {
            IOException e = assertThrows(
                    IOException.class, () -> client(kakao.baseUrl()).fetch(token, in(2_000)), token);
            assertFalse(String.valueOf(e.getMessage()).contains("rest"), e.getMessage());
        }
        assertEquals(
                500,
                assertThrows(
                                KakaoProfileClient.KakaoStatusException.class,
                                () -> client(kakao.baseUrl()).fetch("broken-token-0001", in(2_000)))
                        .status());
        assertFalse(
                kakao.requests().stream().anyMatch(r -> r.path().startsWith("/elsewhere")),
                "redirects are not followed");
    }

    @Test
    void aSlowKakaoTimesOutWithTheDeadline() {
        long start = System.nanoTime();
        IOException e =
                assertThrows(IOException.class, () -> client(kakao.baseUrl()).fetch("slow-token-0001", in(200)));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertTrue(
                List.of("SocketTimeoutException", "SocketException").contains(e.getMessage()),
                e.getMessage() + ": the read timed out or the connection was cut at the deadline");
        assertTrue(elapsedMs < 1_000, elapsedMs + " ms: the read timeout follows the deadline, not a fixed value");
    }

    /** Runs the fetch, returns its time in ms; the IOException it must end in is checked by the caller. */
    private static long timedFailure(KakaoProfileClient client, long budgetMs) {
        long start = System.nanoTime();
        assertThrows(IOException.class, () -> client.fetch("employee-token-0001", in(budgetMs)));
        return (System.nanoTime() - start) / 1_000_000;
    }

    @ParameterizedTest(name = "headers dripped: {0}")
    @ValueSource(booleans = {false, true})
    void aSlowlyDrippingAnswerEndsByTheDeadline(boolean dripHeaders) throws IOException {
        try (DripServer drip = new DripServer(20, dripHeaders)) {
            KakaoProfileClient client = client(drip.baseUrl());
            timedFailure(client, 200); // warm-up: class loading is not the client's time
            long elapsedMs = timedFailure(client, 300);
            assertTrue(elapsedMs < 300 + 100, elapsedMs + " ms: each read is quick, the answer is cut at the deadline");
        }
    }

    @Test
    void aHungDnsLookupEndsByTheDeadline() {
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        HostLookup hung = new HostLookup(host -> {
            asked.add(host);
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new java.net.UnknownHostException(host);
        });
        KakaoProfileClient client = new KakaoProfileClient("http://kakao-api.invalid:1", KEY, hung);
        timedFailure(client, 100);
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> client.fetch("employee-token-0001", in(300)));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals("DNS lookup", e.getMessage());
        assertTrue(elapsedMs < 300 + 100, elapsedMs + " ms");
        assertEquals(List.of("kakao-api.invalid", "kakao-api.invalid"), asked);
    }

    @Test
    void aResolvedHostIsFetchedAsUsual() throws IOException {
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        HostLookup recording = new HostLookup(host -> {
            asked.add(host);
            return java.net.InetAddress.getAllByName(host);
        });
        String base = kakao.baseUrl().replace("127.0.0.1", "localhost");
        assertEquals(
                "김민준",
                new KakaoProfileClient(base, KEY, recording)
                        .fetch("employee-token-0001", in(2_000))
                        .orElseThrow()
                        .nickname());
        assertEquals(List.of("localhost"), asked);
    }

    @Test
    void anUnreachableKakaoIsAFailureWithoutTheKey() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        IOException e = assertThrows(
                IOException.class,
                () -> client("http://127.0.0.1:" + closedPort).fetch("employee-token-0001", in(1_000)));
        assertEquals("ConnectException", e.getMessage());
    }
}
