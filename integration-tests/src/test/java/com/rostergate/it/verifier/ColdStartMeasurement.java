package com.rostergate.it.verifier;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

/**
 * Measures a fresh JVM's time from process start to its first answered verification, on the shaded
 * verifier-lambda.jar against real DynamoDB Local and the fake Kakao, next to a hello-world JVM on the
 * same classpath. Runs are interleaved; medians are reported. A benchmark, not a test: run it by hand.
 *
 * <pre>
 * mvn -q -o -pl integration-tests -am install -DskipTests
 * mvn -q -o -pl integration-tests dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -Drepo.root=$PWD -cp integration-tests/target/test-classes:$(cat integration-tests/target/test-classpath.txt) \
 *     com.rostergate.it.verifier.ColdStartMeasurement [runs]
 * </pre>
 * Extra flags for the measured JVMs (e.g. {@code -Xlog:class+load:file=/tmp/classes.txt}) go in
 * {@code -Dcoldstart.jvmArgs="..."}.
 */
public final class ColdStartMeasurement {

    /** The template's JAVA_TOOL_OPTIONS, so the child JVMs start as the Lambda runtime would start them. */
    private static final List<String> JVM_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

    private ColdStartMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path root = Path.of(System.getProperty("repo.root"));
        Path jar = root.resolve("functions/verifier/target/verifier-lambda.jar");
        Path testClasses = root.resolve("integration-tests/target/test-classes");
        System.out.println("jar: " + jar + " (" + Files.size(jar) / 1024 + " KiB), heavy HTTP clients inside: " + heavyEntries(jar));

        try (VerifierStack stack = VerifierStack.start()) {
            Path event = Files.createTempFile("verifier-event", ".json");
            event.toFile().deleteOnExit();
            Files.write(event, ApiGatewayEvents.v2(Files.readString(root.resolve("sample-data/skill-requests/auth-employee.json"))));
            String classpath = jar + File.pathSeparator + testClasses;
            Map<String, String> env = stack.env(800);

            List<Long> verifier = new ArrayList<>();
            List<Long> hello = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                hello.add(timeToAnswer(classpath, Hello.class.getName(), List.of(), Map.of()));
                verifier.add(timeToAnswer(classpath, FirstRequest.class.getName(), List.of(event.toString()), env));
            }
            System.out.println("primed first (what a SnapStart restore starts from; requestMs is the first request after priming):");
            for (int i = 0; i < runs; i++) {
                timeToAnswer(classpath, FirstRequest.class.getName(), List.of(event.toString(), "prime"), env);
            }
            System.out.printf("fresh JVM -> first verification answered: median %d ms %s%n", median(verifier), verifier);
            System.out.printf("fresh JVM -> hello world printed:        median %d ms %s%n", median(hello), hello);
        }
        // DynamoDB Local leaves a non-daemon job thread (ShardRolloverJobScheduler) behind after stop().
        System.exit(0);
    }

    private static long timeToAnswer(String classpath, String mainClass, List<String> args, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        String extra = System.getProperty("coldstart.jvmArgs", "").strip();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("ANSWERED")) {
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    if (mainClass.equals(FirstRequest.class.getName())) {
                        if (!line.contains("\\\"status\\\":\\\"SUCCESS\\\"")) {
                            throw new IllegalStateException("the first request was not verified: " + line);
                        }
                        System.out.println("  " + millis + " ms  " + line.substring(0, line.indexOf(" {")));
                    }
                    process.waitFor();
                    return millis;
                }
            }
        }
        throw new IllegalStateException(mainClass + " exited with " + process.waitFor() + " without answering");
    }

    private static List<String> heavyEntries(Path jar) throws Exception {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(e -> e.getName())
                .filter(n -> n.startsWith("io/netty/") || n.startsWith("org/apache/") || n.contains("/http/apache"))
                .limit(5).toList();
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
