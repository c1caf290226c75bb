package com.rostergate.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The AOT training's self-made certificate carries a real TLS 1.3 handshake, hostname check included. */
class TrainingTlsTest {

    private static final Set<String> TLS_13_SUITES =
            Set.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256");

    TrainingTls tls;
    HttpsServer server;

    @BeforeEach
    void start() throws Exception {
        tls = TrainingTls.create();
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
        server.createContext("/", exchange -> {
            byte[] body = "trained".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpsURLConnection get(String host, SSLContext client) throws Exception {
        URI uri = URI.create("https://" + host + ":" + server.getAddress().getPort() + "/");
        HttpsURLConnection connection = (HttpsURLConnection) uri.toURL().openConnection();
        connection.setSSLSocketFactory(client.getSocketFactory()); // the JVM's default stays as it is
        return connection;
    }

    @Test
    void aClientTrustingTheCertificateReachesLocalhost() throws Exception {
        HttpsURLConnection connection = get(TrainingTls.HOST, tls.clientContext());

        assertEquals(200, connection.getResponseCode());
        assertEquals("trained", new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(TLS_13_SUITES.contains(connection.getCipherSuite()), connection.getCipherSuite());
    }

    @Test
    void theCertificateIsAnRsaOneForLocalhostOnly() throws Exception {
        assertEquals("RSA", tls.certificate().getPublicKey().getAlgorithm());
        assertEquals("SHA256withRSA", tls.certificate().getSigAlgName());
        assertEquals(3, tls.certificate().getVersion());
        Collection<List<?>> names = tls.certificate().getSubjectAlternativeNames();
        assertEquals(List.of(List.of(2, TrainingTls.HOST)), List.copyOf(names));
        tls.certificate().checkValidity();
        tls.certificate().verify(tls.certificate().getPublicKey());

        // Another name for the same server fails the hostname check.
        HttpsURLConnection byAddress = get("127.0.0.1", tls.clientContext());
        assertThrows(SSLHandshakeException.class, byAddress::getResponseCode);
    }

    @Test
    void noStoreOfTheJdkTrustsIt() throws Exception {
        TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        SSLContext client = SSLContext.getInstance("TLSv1.3");
        client.init(null, jdk.getTrustManagers(), null);

        HttpsURLConnection connection = get(TrainingTls.HOST, client);

        SSLHandshakeException refused = assertThrows(SSLHandshakeException.class, connection::getResponseCode);
        assertTrue(refused.getMessage().contains("PKIX"), refused.getMessage());
    }
}
