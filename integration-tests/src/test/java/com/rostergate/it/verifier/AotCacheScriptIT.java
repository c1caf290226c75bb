package com.rostergate.it.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * functions/verifier/aot/make-aot-cache, the one step the container image's Dockerfile runs besides copying the jar:
 * on JDK 25 it trains without network, quietly (nothing of SLF4J's on stderr), over TLS, and writes a cache that a JVM
 * with the image's flags then requires and uses.
 */
class AotCacheScriptIT {

    /** Maven runs a module's tests in the module's directory: the repository is its parent. */
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();

    private static final Path JAVA_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    @TempDir
    Path temporary;

    private static String run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(3, TimeUnit.MINUTES));
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
        return output;
    }

    @Test
    void theScriptMakesACacheTheImagesFlagsUse() throws Exception {
        assumeTrue(Files.isExecutable(JAVA_25), "no JDK 25 at " + JAVA_25 + ": the AOT cache needs one");
        Path jar = Files.copy(
                REPO.resolve("functions/verifier/target/verifier-lambda.jar"),
                temporary.resolve("verifier-lambda.jar"));
        Path cache = temporary.resolve("verifier.aot");

        String made = run(List.of(
                REPO.resolve("functions/verifier/aot/make-aot-cache").toString(),
                cache.toString(),
                jar.toString(),
                JAVA_25.toString()));
        assertTrue(made.contains("wrote " + cache), made);
        assertTrue(Files.size(cache) > 1_000_000, Files.size(cache) + " bytes");
        // The shaded jar carries SLF4J's no-op provider: without one, every cold start prints SLF4J's warning.
        assertFalse(made.contains("SLF4J"), made);

        // AOTMode=on: the JVM refuses to start unless it can use the cache.
        String used = run(List.of(
                JAVA_25.toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:AOTCache=" + cache,
                "-XX:AOTMode=on",
                "-Xlog:class+load=info",
                "-cp",
                jar + ":" + temporary,
                "com.rostergate.verifier.AotTraining"));
        assertTrue(
                used.contains("com.rostergate.verifier.VerifierHandler source: shared objects file"),
                "the handler's classes come from the cache");
        // The training speaks TLS, as every call on AWS does: the JDK's handshake comes from the cache too.
        assertTrue(
                used.contains("sun.security.ssl.ClientHello source: shared objects file"),
                "the TLS handshake's classes come from the cache");
    }
}
