package com.rostergate.it.verifier;

import com.rostergate.verifier.VerifierHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs in a fresh JVM on the verifier's shaded jar, as Lambda would without SnapStart: builds the
 * handler from the process environment, answers one API Gateway event (file given as argument),
 * prints the answer and exits. {@code bench/run --only cold} times it from outside. With a second
 * argument {@code prime} it first runs the SnapStart priming hook, then waits until the JDK's keep-alive cache
 * would drop the connections priming left open, so {@code requestMs} shows what a restored snapshot's first request
 * costs: warm code, new connections.
 */
public final class FirstRequest {

    /** The JDK's keep-alive cache drops an idle connection after 5 s when the server names no timeout (ours don't). */
    private static final long KEEP_ALIVE_EXPIRY_MS = 5_000 + 1_000;

    private FirstRequest() {}

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        byte[] event = Files.readAllBytes(Path.of(args[0]));
        VerifierHandler handler = new VerifierHandler();
        boolean primed = args.length > 1 && args[1].equals("prime");
        if (primed) {
            handler.beforeCheckpoint(null);
        }
        long constructed = System.nanoTime();
        if (primed) {
            Thread.sleep(KEEP_ALIVE_EXPIRY_MS);
        }
        long asked = System.nanoTime();
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), response, null);
        long answered = System.nanoTime();
        System.out.println("ANSWERED constructMs=" + (constructed - start) / 1_000_000 + " requestMs="
                + (answered - asked) / 1_000_000 + " " + response.toString(StandardCharsets.UTF_8));
    }
}
