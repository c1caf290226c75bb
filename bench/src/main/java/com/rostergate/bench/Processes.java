package com.rostergate.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Child JVMs. */
final class Processes {

    private Processes() {
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs {@code command} with this process's console, failing when it fails. */
    static void run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        int exit = builder.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("exit " + exit + ": " + String.join(" ", command));
        }
    }
}
