package com.rostergate.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Child processes: JVMs, and the CPU time of the stack's DynamoDB server. */
final class Processes {

    private Processes() {}

    /** Clock ticks per second of /proc/PID/stat's times (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100;

    /** CPU seconds (user + system) used so far by {@code process} and its descendants, from /proc. */
    static double cpuSeconds(ProcessHandle process) {
        double seconds = ownCpuSeconds(process.pid());
        for (ProcessHandle child : process.descendants().toList()) {
            seconds += ownCpuSeconds(child.pid());
        }
        return seconds;
    }

    private static double ownCpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // after "pid (comm) "
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND; // utime, stime
        } catch (IOException gone) {
            return 0;
        }
    }

    /** CPU seconds this JVM has used so far (the stack's servers, handlers and pollers run in it). */
    static double jvmCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1e9;
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
