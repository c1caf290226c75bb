package com.rostergate.verifier;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for the AOT training's loopback server, so the cache holds what every call on AWS runs: the JDK's trust
 * store, the TLS 1.3 handshake and HttpsURLConnection. The JDK has no public API that makes a certificate, so this
 * writes a minimal self-signed X.509 v3 one for {@code localhost} in DER itself: RSA 2048 and SHA256withRSA, like
 * the AWS endpoints' certificates, and a DNS subjectAltName. It lives for one training run (or one bench run's TLS
 * fronts); nothing outside that JVM and its children ever trusts it.
 */
public final class TrainingTls {

    public static final String HOST = "localhost";

    private static final char[] PASSWORD = "aot-training".toCharArray();
    /** sha256WithRSAEncryption (1.2.840.113549.1.1.11) and its NULL parameters. */
    private static final byte[] SHA256_WITH_RSA = {
        0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 1, 1, 0x0B, 0x05, 0x00
    };

    private static final byte[] COMMON_NAME = {0x06, 0x03, 0x55, 0x04, 0x03};
    private static final byte[] SUBJECT_ALT_NAME = {0x06, 0x03, 0x55, 0x1D, 0x11};
    private static final DateTimeFormatter UTC_TIME =
            DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private final KeyPair keys;
    private final X509Certificate certificate;

    private TrainingTls(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    public static TrainingTls create() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        byte[] name = der(0x30, der(0x31, der(0x30, COMMON_NAME, der(0x0C, ascii(HOST)))));
        Instant now = Instant.now();
        byte[] tbs = der(
                0x30,
                der(0xA0, der(0x02, new byte[] {2})), // v3
                der(
                        0x02,
                        new BigInteger(63, new SecureRandom())
                                .add(BigInteger.ONE)
                                .toByteArray()),
                der(0x30, SHA256_WITH_RSA),
                name,
                der(0x30, utcTime(now.minus(Duration.ofHours(1))), utcTime(now.plus(Duration.ofDays(1)))),
                name,
                keys.getPublic().getEncoded(),
                der(0xA3, der(0x30, der(0x30, SUBJECT_ALT_NAME, der(0x04, der(0x30, der(0x82, ascii(HOST))))))));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(keys.getPrivate());
        signer.update(tbs);
        byte[] signature = signer.sign();
        byte[] bitString = new byte[signature.length + 1]; // a leading 0: no unused bits
        System.arraycopy(signature, 0, bitString, 1, signature.length);
        byte[] encoded = der(0x30, tbs, der(0x30, SHA256_WITH_RSA), der(0x03, bitString));
        X509Certificate certificate = (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(encoded));
        return new TrainingTls(keys, certificate);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The server's side: this certificate and its key. */
    public SSLContext serverContext() throws GeneralSecurityException {
        KeyStore store = emptyStore();
        store.setKeyEntry(HOST, keys.getPrivate(), PASSWORD, new Certificate[] {certificate});
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(store, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        return context;
    }

    /** A client's side that trusts this certificate alone. */
    SSLContext clientContext() throws GeneralSecurityException {
        KeyStore anchors = emptyStore();
        anchors.setCertificateEntry(HOST, certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(anchors);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trust.getTrustManagers(), null);
        return client;
    }

    /**
     * The client's side, for this whole JVM: first the JDK's default context is built as on AWS (reading its trust
     * store), then replaced, before any socket uses it, by {@link #clientContext()}.
     */
    void trustInThisJvm() throws GeneralSecurityException {
        SSLContext.getDefault();
        SSLContext.setDefault(clientContext());
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException impossible) {
            throw new GeneralSecurityException(impossible);
        }
        return store;
    }

    private static byte[] utcTime(Instant instant) {
        return der(0x17, ascii(UTC_TIME.format(instant)));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** One DER element: tag, definite length, then the parts' bytes. */
    private static byte[] der(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        int length = content.size();
        ByteArrayOutputStream element = new ByteArrayOutputStream();
        element.write(tag);
        if (length < 0x80) {
            element.write(length);
        } else {
            int bytes = length < 0x100 ? 1 : length < 0x10000 ? 2 : 3;
            element.write(0x80 | bytes);
            for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
                element.write(length >>> shift);
            }
        }
        element.writeBytes(content.toByteArray());
        return element.toByteArray();
    }
}
