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
 * Section 4: fresh JVMs on the shaded verifier-lambda.jar (copied at the start of the run), from process
 * start to the first answered verification (integration-tests' FirstRequest: build the handler from the
 * environment, which reads its secrets from the stack's Secrets Manager, then answer one API Gateway event
 * against Dynoxide and the fake Kakao), each variant next to a hello-world JVM (integration-tests' Hello)
 * with the same JDK, flags and, for the AOT variant, an AOT cache of its own. Runs are interleaved so drift on
 * the shared machine hits every variant alike; each ratio pairs a verifier run with the hello world before it.
 * Each JDK 25 variant runs twice: against the stack's plain-HTTP endpoints, and over TLS ({@link TlsFronts}), as every
 * call of the verifier runs on AWS. Next to them, for comparison, JDK 17 with the flags the template set before java25
 * (issue 14), and the hello world on the verifier's cache: what loading the cache's classes adds to the start.
 */
final class ColdStart {

    static final String SECTION = "4. Verifier cold start on JDK 25 and 17 (fresh JVM → first answered request)";
    /** The container image's flags (functions/verifier/Dockerfile), minus the cache: each program has its own. */
    private static final List<String> IMAGE_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /** The template's JAVA_TOOL_OPTIONS before java25, when its functions ran on java17. */
    private static final List<String> JAVA17_TEMPLATE_FLAGS =
            List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

    private static final Pattern TIMES = Pattern.compile("constructMs=(\\d+) requestMs=(\\d+)");
    private static final Pattern SECRETS_READ = Pattern.compile("\"secretsReadMs\":(\\d+)");
    private static final String FIRST_REQUEST = Probes.FIRST_REQUEST;
    private static final String HELLO = Probes.HELLO;
    private static final String OVER_TLS = ", over TLS as on AWS";

    /** {@code target} empty: a comparison without a goal of its own. */
    private record Variant(
            String name,
            Path java,
            List<String> flags,
            boolean aotCache,
            boolean tls,
            String target,
            double targetRatio) {}

    /** @param verified false when the first request answered FAIL: on a cold, busy JVM it ran out of budget */
    private record Run(double millis, double constructMs, double requestMs, double secretsReadMs, boolean verified) {}

    private final Path repoRoot;
    private final Path verifierJar;
    private final Path work;
    private final Results results;
    private final String classpath;
    private final Path jdk25;
    private final Path jdk17;

    ColdStart(Path repoRoot, Path verifierJar, Path work, Path probes, Path jdk25, Path jdk17, Results results) {
        this.repoRoot = repoRoot;
        this.verifierJar = verifierJar;
        this.work = work;
        this.results = results;
        this.jdk25 = jdk25;
        this.jdk17 = jdk17;
        this.classpath = verifierJar + File.pathSeparator + probes;
    }

    void run(byte[] event, Map<String, String> env, int runs) throws Exception {
        Path java = jdk25.resolve("bin/java");
        if (!Files.isExecutable(java)) {
            results.note(SECTION, "Not measured: no JDK 25 at " + jdk25 + " (bench/run --jdk25 PATH).");
            return;
        }
        try (TlsFronts tls = TlsFronts.create(jdk25, work.resolve("tls"))) {
            run(java, tls, event, env, runs);
        }
    }

    private void run(Path java, TlsFronts tls, byte[] event, Map<String, String> env, int runs) throws Exception {
        Path eventFile = work.resolve("verifier-event.json");
        Files.write(eventFile, event);
        List<String> requestArgs = List.of(eventFile.toString());
        // The verifier's cache by the image's own script; the hello world's by the same kind of training run.
        Path verifierCache = work.resolve("verifier.aot");
        Path helloCache = work.resolve("hello.aot");
        Path script = repoRoot.resolve("functions/verifier/aot/make-aot-cache");
        Processes.run(List.of(script.toString(), verifierCache.toString(), verifierJar.toString(), java.toString()));
        Files.deleteIfExists(helloCache);
        List<String> helloTraining = new ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:AOTCacheOutput=" + helloCache));
        time(java, helloTraining, HELLO, List.of(), Map.of(), true);

        String plain = "JDK 25 plain (JVM defaults)";
        String image = "JDK 25 + AOT cache (the container image: " + String.join(" ", IMAGE_FLAGS) + " -XX:AOTCache)";
        List<Variant> variants = new ArrayList<>(List.of(
                new Variant(plain, java, List.of(), false, false, "≤ 10x", 10),
                new Variant(image, java, IMAGE_FLAGS, true, false, "≤ 5x", 5),
                new Variant(plain + OVER_TLS, java, List.of(), false, true, "", 0),
                new Variant(image + OVER_TLS, java, IMAGE_FLAGS, true, true, "", 0)));
        Path java17 = jdk17.resolve("bin/java");
        if (Files.isExecutable(java17)) {
            variants.add(new Variant(
                    "JDK 17 with the template's old flags (" + String.join(" ", JAVA17_TEMPLATE_FLAGS) + ")",
                    java17,
                    JAVA17_TEMPLATE_FLAGS,
                    false,
                    false,
                    "",
                    0));
        } else {
            results.note(SECTION, "JDK 17 not measured: no JDK at " + jdk17 + " (bench/run --jdk17 PATH).");
        }
        List<Run> primed = new ArrayList<>();
        List<Run> primedOverTls = new ArrayList<>();
        List<Run> helloOnVerifierCache = new ArrayList<>();
        List<String> verifierCacheFlags = new ArrayList<>(IMAGE_FLAGS);
        verifierCacheFlags.add("-XX:AOTCache=" + verifierCache);
        List<String> primedArgs = List.of(eventFile.toString(), "prime");
        Map<Variant, List<Run>> verifier = new LinkedHashMap<>();
        Map<Variant, List<Run>> hello = new LinkedHashMap<>();
        Map<String, String> tlsEnv = tls.environment(env);
        for (int i = 0; i < runs; i++) {
            for (Variant variant : variants) {
                hello.computeIfAbsent(variant, v -> new ArrayList<>())
                        .add(time(variant.java(), flags(variant, helloCache), HELLO, List.of(), Map.of(), false));
                List<String> flags = flags(variant, verifierCache);
                if (variant.tls()) {
                    flags.add(tls.trustStoreFlag());
                }
                verifier.computeIfAbsent(variant, v -> new ArrayList<>())
                        .add(time(
                                variant.java(),
                                flags,
                                FIRST_REQUEST,
                                requestArgs,
                                variant.tls() ? tlsEnv : env,
                                false));
            }
            primed.add(time(java, List.of(), FIRST_REQUEST, primedArgs, env, false));
            primedOverTls.add(time(java, List.of(tls.trustStoreFlag()), FIRST_REQUEST, primedArgs, tlsEnv, false));
            helloOnVerifierCache.add(time(java, verifierCacheFlags, HELLO, List.of(), Map.of(), false));
            System.out.printf(Locale.ROOT, "cold start: round %d of %d done%n", i + 1, runs);
        }
        for (Variant variant : variants) {
            List<Run> v = verifier.get(variant);
            List<Run> h = hello.get(variant);
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                ratios.add(v.get(i).millis() / h.get(i).millis());
            }
            results.add(Figure.of(
                    SECTION,
                    "Verifier, " + variant.name(),
                    "ms",
                    millis(v),
                    String.format(
                            Locale.ROOT,
                            "median construct %.0f ms (of it reading the secret %.0f ms), first request %.0f ms; "
                                    + "%d answered FAIL",
                            median(v, Run::constructMs),
                            median(v, Run::secretsReadMs),
                            median(v, Run::requestMs),
                            v.stream().filter(run -> !run.verified()).count())));
            results.add(Figure.of(SECTION, "Hello world, " + variant.name(), "ms", millis(h), ""));
            Figure ratio = Figure.of(SECTION, "Verifier ÷ its own hello world, " + variant.name(), "x", ratios, "");
            results.add(
                    variant.target().isEmpty()
                            ? ratio
                            : ratio.against(variant.target(), Stats.of(ratios).median() <= variant.targetRatio()));
        }
        results.add(Figure.of(
                SECTION,
                "Hello world on the verifier's AOT cache (the image's flags)",
                "ms",
                millis(helloOnVerifierCache),
                "what mapping and loading the cache's classes adds to a JVM's start, before any of the verifier runs"));
        List<Double> primedMs = primed.stream().map(Run::requestMs).toList();
        results.add(Figure.of(
                        SECTION,
                        "First request after SnapStart-style priming (JDK 25 defaults, as SnapStart's)",
                        "ms",
                        primedMs,
                        "handler built and primed (beforeCheckpoint) first, then idle until the connections priming "
                                + "opened have expired, as a restored snapshot's are gone; the request alone")
                .against("≤ 20 ms", Stats.of(primedMs).median() <= 20));
        results.add(Figure.of(
                SECTION,
                "First request after SnapStart-style priming" + OVER_TLS,
                "ms",
                primedOverTls.stream().map(Run::requestMs).toList(),
                "priming never calls Kakao, so this request makes the JVM's first handshake with it, and a "
                        + "new one with DynamoDB"));
        results.note(
                SECTION,
                "SnapStart itself (restoring a snapshot taken after priming) cannot run here; the last "
                        + "two lines are what its first request costs once restored, measured in a fresh JVM after the "
                        + "handler's own "
                        + "priming hook.");
        results.note(
                SECTION,
                "Timed by the parent from just before the process is started to the child's line saying it answered "
                        + "(FirstRequest prints it after the handler's response; Hello right away). "
                        + "The verifier's request is "
                        + "the sample auth-block call for an employee, answered SUCCESS against the stack's DynamoDB "
                        + "and the "
                        + "fake Kakao on loopback; its start reads the verifier's secret from the stack's local "
                        + "Secrets "
                        + "Manager (the secretsReadMs of its verifier-started line). "
                        + "The verifier's AOT cache is made by "
                        + "functions/verifier/aot/make-aot-cache, the script the container image runs; "
                        + "the hello world's by "
                        + "one training run of it with the same flags.");
        results.note(
                SECTION,
                "Over TLS as on AWS: Secrets Manager, DynamoDB and Kakao each behind a loopback TLS 1.3 front "
                        + "with a self-signed RSA 2048 certificate (AWS's endpoints present RSA ones), trusted through "
                        + "a copy of the JDK's cacerts with it added, so the child reads as many trust anchors as on "
                        + "AWS; what this leaves out is the network's round trips.");
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> field) {
        return Stats.of(runs.stream().map(run -> field.applyAsDouble(run)).toList())
                .median();
    }

    private static List<Double> millis(List<Run> runs) {
        return runs.stream().map(Run::millis).toList();
    }

    private static List<String> flags(Variant variant, Path cache) {
        List<String> flags = new ArrayList<>(variant.flags());
        if (variant.aotCache()) {
            flags.add("-XX:AOTCache=" + cache);
        }
        return flags;
    }

    /** Starts a JVM and times it to its "ANSWERED" line; a training run waits for its exit, which writes the cache. */
    private Run time(
            Path java,
            List<String> flags,
            String mainClass,
            List<String> args,
            Map<String, String> env,
            boolean training)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(flags);
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        double secretsReadMs = 0;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                Matcher secrets = SECRETS_READ.matcher(line);
                if (secrets.find()) {
                    secretsReadMs = Double.parseDouble(secrets.group(1));
                }
                if (line.startsWith("ANSWERED")) {
                    double millis = (System.nanoTime() - start) / 1e6;
                    boolean verified =
                            !mainClass.equals(FIRST_REQUEST) || line.contains("\\\"status\\\":\\\"SUCCESS\\\"");
                    Matcher times = TIMES.matcher(line);
                    boolean timed = times.find();
                    int exit = process.waitFor();
                    if (training && exit != 0) {
                        throw new IllegalStateException("training run exited with " + exit + ": " + command);
                    }
                    double constructMs = timed ? Double.parseDouble(times.group(1)) : 0;
                    double requestMs = timed ? Double.parseDouble(times.group(2)) : 0;
                    return new Run(millis, constructMs, requestMs, secretsReadMs, verified);
                }
            }
        }
        throw new IllegalStateException(
                mainClass + " exited with " + process.waitFor() + " without answering: " + command);
    }
}
