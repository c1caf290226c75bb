package com.rostergate.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pre-snapshot warm-up: full handshakes with Kakao's host, nothing sent over them, quiet when it cannot. */
class KakaoWarmUpTest {

    private final AtomicInteger handshakes = new AtomicInteger();
    private final AtomicInteger bytesReceived = new AtomicInteger();
    private final AtomicInteger connectionsEnded = new AtomicInteger();
    private ServerSocket server;

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    /** Accepts connections; for TLS ones, completes the handshake and counts it and any bytes sent after it. */
    private int listen(ServerSocket listener) {
        server = listener;
        Thread acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try (Socket client = listener.accept()) {
                    if (client instanceof SSLSocket tls) {
                        tls.startHandshake();
                        handshakes.incrementAndGet();
                    }
                    InputStream in = client.getInputStream();
                    for (int read = in.read(); read >= 0; read = in.read()) {
                        bytesReceived.incrementAndGet();
                    }
                } catch (IOException closed) {
                    // The client hung up or the test ended.
                }
                connectionsEnded.incrementAndGet();
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return listener.getLocalPort();
    }

    /** Waits until the server has seen {@code count} connections to their end. */
    private void awaitConnectionsEnded(int count) throws InterruptedException {
        for (int i = 0; i < 500 && connectionsEnded.get() < count; i++) {
            Thread.sleep(10);
        }
    }

    private SSLServerSocket tlsListener(TrainingTls tls, String... protocols) throws Exception {
        SSLServerSocket listener = (SSLServerSocket) tls.serverContext()
                .getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        if (protocols.length > 0) {
            listener.setEnabledProtocols(protocols);
        }
        return listener;
    }

    /** TLS 1.2 too: there a session is cached as the handshake ends, and the next one would resume it. */
    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void makesFullHandshakesWithKakaosHostAndSendsNothing(String protocol) throws Exception {
        TrainingTls tls = TrainingTls.create();
        int port = listen(tlsListener(tls, protocol));
        KakaoProfileClient client = new KakaoProfileClient("https://" + TrainingTls.HOST + ":" + port, "key");

        SSLContext trusted = tls.clientContext();

        client.warmUp(trusted.getSocketFactory());

        awaitConnectionsEnded(KakaoProfileClient.WARM_UP_HANDSHAKES);
        assertEquals(KakaoProfileClient.WARM_UP_HANDSHAKES, handshakes.get());
        assertEquals(0, bytesReceived.get(), "no request, so no key, crossed any of them");
        assertTrue(
                !trusted.getClientSessionContext().getIds().hasMoreElements(),
                "every session was dropped: each handshake was a full one, and a snapshot keeps none");
    }

    @Test
    void aHostItDoesNotTrustEndsTheWarmUpAfterOneTry() throws Exception {
        int port = listen(tlsListener(TrainingTls.create()));
        KakaoProfileClient client = new KakaoProfileClient("https://" + TrainingTls.HOST + ":" + port, "key");

        // Another certificate: every handshake would fail.
        client.warmUp(TrainingTls.create().clientContext().getSocketFactory());

        awaitConnectionsEnded(1);
        Thread.sleep(200); // a second try would have arrived by now
        assertEquals(1, connectionsEnded.get(), "one try, then it stopped");
        assertEquals(0, handshakes.get());
        assertEquals(0, bytesReceived.get());
    }

    @Test
    void aPlainHttpBaseIsNotWarmedUp() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        ServerSocket plain = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server = plain;
        Thread acceptor = new Thread(() -> {
            try {
                plain.accept().close();
                accepted.incrementAndGet();
            } catch (IOException closed) {
                // The test ended.
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();

        new KakaoProfileClient("http://127.0.0.1:" + plain.getLocalPort(), "key").warmUp();

        stop();
        acceptor.join(2_000);
        assertEquals(0, accepted.get());
        assertTrue(plain.isClosed());
    }
}
