package com.rostergate.it.verifier;

/** The cold-start baseline ({@code bench/run --only cold}): a JVM that starts, prints and exits. */
public final class Hello {

    private Hello() {}

    public static void main(String[] args) {
        System.out.println("ANSWERED hello");
    }
}
