package com.rostergate.bench;

import com.rostergate.verifier.TrainingTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * HTTPS in front of the stack's loopback HTTP servers, for cold starts that pay what they pay on AWS: every
 * call of the verifier there (Secrets Manager at init, DynamoDB and Kakao on the first request) is TLS, and a
 * fresh JVM's first handshake costs more than the rest of its start. Each front terminates TLS with a self-signed
 * RSA 2048 certificate for localhost, the kind AWS's endpoints present, and pipes bytes to its upstream. The child
 * trusts it through a copy of the JDK's own cacerts with that certificate added, so loading its trust anchors costs
 * what the default store costs.
 */
final class TlsFronts implements AutoCloseable {

    /** The child's settings whose URL a front replaces; the Kakao one also drops its plain-HTTP allowance. */
    private static final List<String> URL_SETTINGS =
            List.of("AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_SECRETS_MANAGER", "KAKAO_API_BASE_URL");

    private final Path trustStore;
    private final SSLContext server;
    private final List<ServerSocket> fronts = new ArrayList<>();

    private TlsFronts(Path trustStore, SSLContext server) {
        this.trustStore = trustStore;
        this.server = server;
    }

    /**
     * Makes the certificate (the verifier's {@link TrainingTls}, as the image's AOT training uses) and, under
     * {@code dir}, the child's trust store: every anchor of {@code jdk}'s cacerts and that certificate.
     */
    static TlsFronts create(Path jdk, Path dir) throws Exception {
        TrainingTls certificate = TrainingTls.create();
        KeyStore cacerts =
                KeyStore.getInstance(jdk.resolve("lib/security/cacerts").toFile(), (char[]) null);
        // JKS, whatever cacerts is: its entries need no password to read, so the child reads it as the default.
        KeyStore anchors = KeyStore.getInstance("JKS");
        anchors.load(null, null);
        for (String alias : Collections.list(cacerts.aliases())) {
            anchors.setCertificateEntry(alias, cacerts.getCertificate(alias));
        }
        anchors.setCertificateEntry("rostergate-bench-localhost", certificate.certificate());
        Files.createDirectories(dir);
        Path trustStore = dir.resolve("cacerts-and-localhost");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            anchors.store(out, "changeit".toCharArray());
        }
        return new TlsFronts(trustStore, certificate.serverContext());
    }

    /** The child's JVM flag that makes it trust the fronts (no password: the store is read as the default is). */
    String trustStoreFlag() {
        return "-Djavax.net.ssl.trustStore=" + trustStore;
    }

    /** {@code env} with each URL setting behind a front of its own: https://localhost:PORT instead. */
    Map<String, String> environment(Map<String, String> env) throws IOException {
        Map<String, String> tls = new HashMap<>(env);
        for (String setting : URL_SETTINGS) {
            URI upstream = URI.create(env.get(setting));
            int port = front(upstream.getPort());
            String path = upstream.getRawPath() == null ? "" : upstream.getRawPath();
            tls.put(setting, "https://localhost:" + port + path);
        }
        tls.remove("KAKAO_API_LOCAL_HTTP");
        return tls;
    }

    private int front(int upstreamPort) throws IOException {
        ServerSocket listener =
                server.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        fronts.add(listener);
        Thread acceptor = new Thread(() -> accept(listener, upstreamPort), "tls-front-" + upstreamPort);
        acceptor.setDaemon(true);
        acceptor.start();
        return listener.getLocalPort();
    }

    private static void accept(ServerSocket listener, int upstreamPort) {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort));
                upstream.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException closedOrRefused) {
                // The listener was closed, or one connection failed: the child's call then fails and says so.
            }
        }
    }

    /** Copies one direction until either side ends, then closes both sockets. */
    private static void pipe(Socket from, Socket to) {
        Thread copier = new Thread(() -> {
            try (from;
                    to;
                    InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                byte[] buffer = new byte[16 * 1024];
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException ended) {
                // Either side closed: the try closes both.
            }
        });
        copier.setDaemon(true);
        copier.start();
    }

    @Override
    public void close() throws IOException {
        for (ServerSocket front : fronts) {
            front.close();
        }
    }
}
