package com.rostergate.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Section 4: fresh JVMs on the shaded verifier-lambda.jar (copied at the start of the run), from process start to the first answered
 * verification (integration-tests' FirstRequest: build the handler from the environment, answer one
 * API Gateway event against DynamoDB Local and the fake Kakao), next to a hello-world JVM
 * (integration-tests' Hello) on the same classpath. Each start-up option set is applied to both;
 * runs are interleaved so drift on the shared machine hits every variant alike.
 */
final class ColdStart {

    static final String SECTION = "4. Verifier cold start (fresh JVM → first answered request)";
    private static final List<String> TIERED_1 = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");
    private static final Pattern TIMES = Pattern.compile("constructMs=(\\d+) requestMs=(\\d+)");
    private static final String FIRST_REQUEST = Probes.FIRST_REQUEST;
    private static final String HELLO = Probes.HELLO;

    private record Variant(String name, List<String> flags, boolean appCds) {
    }

    /** @param verified false when the first request answered FAIL: on a cold, busy JVM it ran out of budget */
    private record Run(double millis, double constructMs, double requestMs, boolean verified) {
    }

    private final Path work;
    private final Results results;
    private final String classpath;

    ColdStart(Path verifierJar, Path work, Path probes, Results results) {
        this.work = work;
        this.results = results;
        this.classpath = verifierJar + File.pathSeparator + probes;
    }

    void run(byte[] event, Map<String, String> env, int runs) throws Exception {
        Path eventFile = work.resolve("verifier-event.json");
        Files.write(eventFile, event);
        List<String> requestArgs = List.of(eventFile.toString());
        Path verifierArchive = work.resolve("verifier-appcds.jsa");
        Path helloArchive = work.resolve("hello-appcds.jsa");
        // AppCDS training runs: the classes one answered request loads, dumped at exit.
        Files.deleteIfExists(verifierArchive);
        Files.deleteIfExists(helloArchive);
        time(List.of("-XX:ArchiveClassesAtExit=" + verifierArchive), FIRST_REQUEST, requestArgs, env, true);
        time(List.of("-XX:ArchiveClassesAtExit=" + helloArchive), HELLO, List.of(), Map.of(), true);

        List<Variant> variants = List.of(
            new Variant("JVM defaults", List.of(), false),
            new Variant("-XX:TieredStopAtLevel=1 (the template's JAVA_TOOL_OPTIONS)", TIERED_1, false),
            new Variant("AppCDS archive", List.of(), true),
            new Variant("AppCDS archive + TieredStopAtLevel=1", TIERED_1, true));
        List<Run> primed = new ArrayList<>();
        List<String> primedArgs = List.of(eventFile.toString(), "prime");
        Map<Variant, List<Run>> verifier = new LinkedHashMap<>();
        Map<Variant, List<Run>> hello = new LinkedHashMap<>();
        for (int i = 0; i < runs; i++) {
            for (Variant variant : variants) {
                hello.computeIfAbsent(variant, v -> new ArrayList<>()).add(time(flags(variant, helloArchive), HELLO, List.of(), Map.of(), false));
                verifier.computeIfAbsent(variant, v -> new ArrayList<>()).add(time(flags(variant, verifierArchive), FIRST_REQUEST, requestArgs, env, false));
            }
            primed.add(time(TIERED_1, FIRST_REQUEST, primedArgs, env, false));
            System.out.printf(Locale.ROOT, "cold start: round %d of %d done%n", i + 1, runs);
        }
        List<Run> plainHello = hello.get(variants.get(0));
        for (Variant variant : variants) {
            List<Run> v = verifier.get(variant);
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                ratios.add(v.get(i).millis() / plainHello.get(i).millis());
            }
            results.add(Figure.of(SECTION, "Verifier, " + variant.name(), "ms", millis(v), String.format(Locale.ROOT,
                "median construct %.0f ms, first request %.0f ms; %d answered FAIL (first request over the budget)",
                Stats.of(v.stream().map(Run::constructMs).toList()).median(), Stats.of(v.stream().map(Run::requestMs).toList()).median(),
                v.stream().filter(run -> !run.verified()).count())));
            results.add(Figure.of(SECTION, "Hello world, " + variant.name(), "ms", millis(hello.get(variant)), ""));
            results.add(Figure.of(SECTION, "Verifier (" + variant.name() + ") ÷ plain hello world", "x", ratios, "")
                .against("≤ 6x", Stats.of(ratios).median() <= 6));
        }
        results.add(Figure.of(SECTION, "First request after SnapStart-style priming (TieredStopAtLevel=1)", "ms",
            primed.stream().map(Run::requestMs).toList(), "handler built and primed (beforeCheckpoint) first; the request alone"));
        List<Run> template = verifier.get(variants.get(1));
        results.note(SECTION, String.format(Locale.ROOT, "What limits it (template flags): of %.0f ms, the bare JVM is about %.0f ms (hello"
                + " world); building the handler takes %.0f ms (loading and initialising the AWS SDK, Jackson, libphonenumber's"
                + " metadata, Resilience4j) and the first request %.0f ms (first connections, request signing, code run for the first"
                + " time). AppCDS removes most class loading and parsing; it needs an archive made by the same JDK build that runs it"
                + " (on Lambda's managed runtime that build changes under the function, and the JVM then ignores the archive). The project's answer is SnapStart"
                + " (enabled in the template, with the handler's priming hook): restore replaces the JVM start and the handler build,"
                + " and the primed first request costs %.0f ms here.",
            Stats.of(millis(template)).median(), Stats.of(millis(hello.get(variants.get(1)))).median(),
            Stats.of(template.stream().map(Run::constructMs).toList()).median(), Stats.of(template.stream().map(Run::requestMs).toList()).median(),
            Stats.of(primed.stream().map(Run::requestMs).toList()).median()));
        results.note(SECTION, "SnapStart itself (restoring a snapshot taken after priming) cannot run on this JDK; the last line is "
            + "what its first request would cost once restored, measured in a fresh JVM after the handler's own priming hook.");
        results.note(SECTION, "Timed by the parent from just before the process is started to the child's line saying it answered "
            + "(FirstRequest prints it after the handler's response; Hello right away). The verifier's request is the sample "
            + "auth-block call for an employee, answered SUCCESS against DynamoDB Local and the fake Kakao on loopback. "
            + "AppCDS archives are made by one training run each (-XX:ArchiveClassesAtExit) before the measured runs.");
    }

    private static List<Double> millis(List<Run> runs) {
        return runs.stream().map(Run::millis).toList();
    }

    private static List<String> flags(Variant variant, Path archive) {
        List<String> flags = new ArrayList<>(variant.flags());
        if (variant.appCds()) {
            flags.add("-XX:SharedArchiveFile=" + archive);
        }
        return flags;
    }

    /** Starts a JVM and times it to its "ANSWERED" line; a training run waits for the exit (the archive is dumped then). */
    private Run time(List<String> flags, String mainClass, List<String> args, Map<String, String> env, boolean training) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Processes.java());
        command.addAll(flags);
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("ANSWERED")) {
                    double millis = (System.nanoTime() - start) / 1e6;
                    boolean verified = !mainClass.equals(FIRST_REQUEST) || line.contains("\\\"status\\\":\\\"SUCCESS\\\"");
                    Matcher times = TIMES.matcher(line);
                    boolean timed = times.find();
                    int exit = process.waitFor();
                    if (training && exit != 0) {
                        throw new IllegalStateException("training run exited with " + exit + ": " + command);
                    }
                    return new Run(millis, timed ? Double.parseDouble(times.group(1)) : 0, timed ? Double.parseDouble(times.group(2)) : 0, verified);
                }
            }
        }
        throw new IllegalStateException(mainClass + " exited with " + process.waitFor() + " without answering: " + command);
    }
}
