package com.rostergate.it.verifier;

/** The baseline for {@link ColdStartMeasurement}: a JVM that starts, prints and exits. */
public final class Hello {

    private Hello() {
    }

    public static void main(String[] args) {
        System.out.println("ANSWERED hello");
    }
}
