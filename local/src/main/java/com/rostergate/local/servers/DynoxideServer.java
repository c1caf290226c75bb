package com.rostergate.local.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Dynoxide, an open-source DynamoDB-compatible server (MIT OR Apache-2.0, SQLite inside), run as a child
 * process on one host and port. The binary comes from {@code local/dynoxide/install} (npm, pinned by its
 * package-lock.json); {@code DYNOXIDE_BINARY} in the environment points at another one.
 */
public final class DynoxideServer implements AutoCloseable {

    /**
     * Runs the server under a bash watchdog that reads this JVM's pipe: when the pipe closes — the stack
     * stopped, or the JVM died, even by SIGKILL — the watchdog kills the server, so none is left behind.
     */
    private static final String WATCHDOG = String.join(
            "\n",
            "\"$0\" serve \"$@\" & server=$!",
            "trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT",
            "while kill -0 $server 2>/dev/null; do",
            "  read -r -t 1 _; [ $? -gt 128 ] || break",
            "done");

    private static final long READY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final int STOP_WAIT_SECONDS = 5;
    private static final String LOCATION = "dynoxide.properties";

    private final Process process;
    private final Path log;

    private DynoxideServer(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** In memory, or in a SQLite file under {@code dataDir} (tables, indexes and items kept between runs). */
    public static DynoxideServer start(String host, int port, Optional<Path> dataDir) throws IOException {
        List<String> command = new ArrayList<>(
                List.of("bash", "-c", WATCHDOG, binary().toString(), "--host", host, "--port", String.valueOf(port)));
        dataDir.ifPresent(dir ->
                command.addAll(List.of("--db-path", dir.resolve("dynoxide.db").toString())));
        Path log = Files.createTempFile("dynoxide-", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        DynoxideServer server = new DynoxideServer(process, log);
        try {
            server.awaitReady(host, port);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The binary: {@code DYNOXIDE_BINARY}, else where the build recorded local/dynoxide/install's copy. */
    static Path binary() {
        String override = System.getenv("DYNOXIDE_BINARY");
        Path binary = override != null && !override.isBlank()
                ? Path.of(override)
                : Path.of(recorded().getProperty("binary"));
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("the local DynamoDB server (Dynoxide) is not installed at " + binary
                    + ": run local/dynoxide/install (needs Node.js and npm), or set DYNOXIDE_BINARY");
        }
        return binary;
    }

    /** The version local/dynoxide/package.json pins. */
    public static String pinnedVersion() {
        return recorded().getProperty("version");
    }

    private static Properties recorded() {
        Properties properties = new Properties();
        try (InputStream in = DynoxideServer.class.getResourceAsStream(LOCATION)) {
            if (in == null) {
                throw new IllegalStateException(LOCATION + " is missing from the local module's build");
            }
            properties.load(in);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(String host, int port) throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the local DynamoDB server (Dynoxide) exited with "
                        + process.exitValue() + " on " + host + ":" + port + ": " + output());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 200);
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        throw new IllegalStateException("the local DynamoDB server (Dynoxide) did not listen on " + host + ":" + port
                + " within " + TimeUnit.NANOSECONDS.toSeconds(READY_TIMEOUT_NANOS) + " s: " + output());
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the local DynamoDB server started", e);
        }
    }

    private String output() throws IOException {
        String text = Files.readString(log, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "(no output)" : text;
    }

    /** The watchdog's pid: the server is its only child. */
    public long pid() {
        return process.pid();
    }

    /** Closes the watchdog's pipe, which stops the server; forcibly after a few seconds. */
    @Override
    public void close() throws IOException {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                destroy();
            }
        } catch (InterruptedException e) {
            destroy();
            Thread.currentThread().interrupt();
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private void destroy() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
