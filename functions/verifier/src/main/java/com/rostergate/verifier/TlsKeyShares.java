package com.rostergate.verifier;

/**
 * The TLS named groups of this JVM, in the verifier's order: the JDK's default groups, all of them, with secp384r1
 * ahead of secp256r1. A TLS 1.3 ClientHello carries a key share for the first XDH and the first ECDHE group listed;
 * on JDK 25 the first secp256r1 key pair of a JVM builds a table of generator multiples (about 100 ms of a cold
 * start, more than the rest of the handshake), a secp384r1 one a few ms. Servers that prefer x25519 (AWS's, most
 * others) take that share; one that wants P-256 gets it after a HelloRetryRequest. No group is dropped.
 */
final class TlsKeyShares {

    static final String PROPERTY = "jdk.tls.namedGroups";

    static final String ORDER =
            "x25519,secp384r1,secp256r1,secp521r1,x448,ffdhe2048,ffdhe3072,ffdhe4096,ffdhe6144,ffdhe8192";

    private TlsKeyShares() {}

    /** Sets the order unless the JVM was started with one of its own; before the first TLS class reads it. */
    static void preferCheapKeyShares() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, ORDER);
        }
    }
}
