package com.rostergate.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TlsKeySharesTest {

    /** JDK 17 to 25's default groups (sun.security.ssl.NamedGroup.SupportedGroups), in the JDK's order. */
    private static final List<String> JDK_DEFAULT = List.of(
            "x25519",
            "secp256r1",
            "secp384r1",
            "secp521r1",
            "x448",
            "ffdhe2048",
            "ffdhe3072",
            "ffdhe4096",
            "ffdhe6144",
            "ffdhe8192");

    @Test
    void theOrderKeepsEveryDefaultGroupAndSendsX25519AndP384Shares() {
        List<String> order = List.of(TlsKeyShares.ORDER.split(","));

        assertEquals(Set.copyOf(JDK_DEFAULT), Set.copyOf(order), "no group is dropped or added");
        assertEquals(JDK_DEFAULT.size(), order.size());
        assertEquals("x25519", order.get(0), "the first XDH group, and the first of all");
        assertEquals("secp384r1", order.get(1), "the first ECDHE group gets the ClientHello's second share");
    }

    @Test
    void aGroupOrderTheJvmWasStartedWithStays() {
        String before = System.getProperty(TlsKeyShares.PROPERTY);
        try {
            System.setProperty(TlsKeyShares.PROPERTY, "secp256r1");
            TlsKeyShares.preferCheapKeyShares();
            assertEquals("secp256r1", System.getProperty(TlsKeyShares.PROPERTY));

            System.clearProperty(TlsKeyShares.PROPERTY);
            TlsKeyShares.preferCheapKeyShares();
            assertEquals(TlsKeyShares.ORDER, System.getProperty(TlsKeyShares.PROPERTY));
        } finally {
            if (before == null) {
                System.clearProperty(TlsKeyShares.PROPERTY);
            } else {
                System.setProperty(TlsKeyShares.PROPERTY, before);
            }
        }
    }
}
