package com.rostergate.bench;

import com.rostergate.local.LocalDeployment;
import com.rostergate.local.dynamodb.DynamoDbLimits;
import com.rostergate.local.servers.DynoxideServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The benchmark command behind {@code bench/run}: measures the product's speed promises on the local stack. */
@Command(
        name = "bench/run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Measures ingestion, the splitter, the verifier (warm, cold, under a hung Kakao) on the local stack"
                        + " and writes results.md + results.json.")
public final class Bench implements Callable<Integer> {

    private static final Set<String> SECTIONS =
            Set.of("ingest", "splitter", "heap", "warm", "cold", "deadline", "capacity", "batching");

    @Option(names = "--rows", description = "Rows of the generated roster (default 100000; --quick 5000).")
    private Long rows;

    @Option(names = "--repeats", description = "Repeats of each ingestion and splitter measurement (default 3).")
    private Integer repeats;

    @Option(
            names = "--quick",
            description =
                    "Small sizes for a trial run; results go to bench/work/quick-results.* unless --out is given.")
    private boolean quick;

    @Option(names = "--calls", description = "Warm verifier calls per repeat (default 10000; --quick 1000).")
    private Integer calls;

    @Option(names = "--warm-repeats", description = "Repeats of the warm verifier measurement (default 3; --quick 1).")
    private Integer warmRepeats;

    @Option(names = "--cold-runs", description = "Fresh JVMs per cold-start variant (default 11; --quick 3).")
    private Integer coldRuns;

    @Option(names = "--hung-calls", description = "Hung-Kakao calls per deadline pattern (default 40; --quick 5).")
    private Integer hungCalls;

    @Option(
            names = "--per-row-sample",
            description = "Rows written one PutItem at a time, rate scaled (default 10000; --quick 1000).")
    private Integer perRowSample;

    @Option(
            names = "--heap-rows",
            description = "Rows of the large file for the splitter's memory (default 1000000; --quick 200000).")
    private Long heapRows;

    @Option(
            names = "--heap-xlsx-rows",
            description = "Rows of the Excel workbook for the splitter's memory"
                    + " (default 1000000, Excel's limit is 1048576; --quick 20000).")
    private Long heapXlsxRows;

    private static final int DEFAULT_HEAP_REPEATS = 3;

    @Option(
            names = "--heap-repeats",
            description = "Forked -Xmx128m splitter runs per file (default " + DEFAULT_HEAP_REPEATS + ").")
    private int heapRepeats = DEFAULT_HEAP_REPEATS;

    @Option(names = "--jdk25", description = "JDK 25 of the cold starts (default /usr/lib/jvm/temurin-25-jdk-amd64).")
    private Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    @Option(
            names = "--jdk17",
            description = "JDK 17 of the cold starts' comparison (default /usr/lib/jvm/java-17-openjdk-amd64).")
    private Path jdk17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");

    @Option(
            names = "--only",
            split = ",",
            description = "Sections to run: ingest, splitter, heap, warm, cold, deadline, capacity, batching"
                    + " (default all).")
    private List<String> only = List.copyOf(SECTIONS);

    private static final int DEFAULT_BATCHING_LATENCY_MS = 2;

    @Option(
            names = "--batching-latency-ms",
            paramLabel = "MS",
            description = "The round trip added to every DynamoDB call of the batching section, where the pipeline"
                    + " and one PutItem per row both pay it (default " + DEFAULT_BATCHING_LATENCY_MS + ").")
    private int batchingLatencyMs = DEFAULT_BATCHING_LATENCY_MS;

    private static final List<Integer> DEFAULT_CAPACITIES = List.of(4000, 1000);

    @Option(
            names = "--capacities",
            split = ",",
            paramLabel = "WCU",
            description = "Write capacities (WCU/s per table) of the capacity section (default 4000,1000).")
    private List<Integer> capacities = DEFAULT_CAPACITIES;

    @Option(
            names = "--dynamodb-write-capacity",
            paramLabel = "WCU",
            description = "Write capacity units per second for each table of every stack the benchmark starts"
                    + " (default: unlimited).")
    private int dynamoDbWriteCapacity;

    @Option(
            names = "--dynamodb-read-capacity",
            paramLabel = "RCU",
            description = "Read capacity units per second for each table of every stack (default: unlimited).")
    private int dynamoDbReadCapacity;

    @Option(
            names = "--dynamodb-latency-ms",
            paramLabel = "MS",
            description = "A fixed time added to every DynamoDB call of every stack, like a network round trip"
                    + " (default 0).")
    private int dynamoDbLatencyMs;

    @Option(names = "--repo-root", description = "The repository (default: the current directory).")
    private Path repoRoot = Path.of("").toAbsolutePath();

    @Option(
            names = "--out",
            description = "Where results.md and results.json go (default bench/, --quick bench/work/quick-).")
    private String out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        for (String section : only) {
            if (!SECTIONS.contains(section)) {
                throw new CommandLine.ParameterException(
                        new CommandLine(this), "unknown section " + section + "; known: " + SECTIONS);
            }
        }
        DynamoDbLimits limits =
                new DynamoDbLimits(dynamoDbWriteCapacity, dynamoDbReadCapacity, Duration.ofMillis(dynamoDbLatencyMs));
        long rowCount = rows != null ? rows : quick ? 5_000 : 100_000;
        int repeatCount = repeats != null ? repeats : 3;
        Path work = repoRoot.resolve("bench/work");
        Files.createDirectories(work);
        Instant started = Instant.now();
        Map<String, String> run = new LinkedHashMap<>();
        run.put("date", started.truncatedTo(ChronoUnit.SECONDS).toString());
        run.put("commit", commit());
        run.put(
                "dynamodb",
                "Dynoxide " + DynoxideServer.pinnedVersion() + (limits.active() ? ", " + limits.describe() : ""));
        run.put("load average at start", loadAverage());
        Results results = new Results(machine(), run);
        Path probes = Probes.pack(repoRoot, work);
        Path verifierJar = Probes.verifierJar(repoRoot, work);
        Rosters rosters = new Rosters(repoRoot, work);
        Path roster = rosters.file(rowCount);

        if (only.contains("ingest")) {
            ingestion(IngestionBench.SECTION, limits, rosters, roster, rowCount, repeatCount, results);
        }
        SplitterBench splitter = new SplitterBench(repoRoot, limits, work, probes, results);
        if (only.contains("splitter")) {
            splitter.rate(roster, rowCount, repeatCount);
        }
        if (only.contains("heap")) {
            long large = heapRows != null ? heapRows : quick ? 200_000 : 1_000_000;
            long workbook = heapXlsxRows != null ? heapXlsxRows : quick ? 20_000 : 1_000_000;
            splitter.heap(
                    List.of(roster, rosters.file(large), rosters.workbook(workbook)),
                    List.of(
                            String.format(Locale.ROOT, "%,d rows", rowCount),
                            String.format(Locale.ROOT, "%,d rows", large),
                            String.format(Locale.ROOT, "%,d-row workbook (.xlsx)", workbook)),
                    heapRepeats);
        }
        if (only.contains("warm") || only.contains("cold") || only.contains("deadline")) {
            try (LocalDeployment stack = VerifierBench.start(repoRoot, limits)) {
                VerifierBench verifier = new VerifierBench(repoRoot, stack, results);
                if (only.contains("warm")) {
                    verifier.warm(orDefault(calls, 10_000, 1_000), orDefault(warmRepeats, 3, 1));
                }
                if (only.contains("cold")) {
                    new ColdStart(repoRoot, verifierJar, work, probes, jdk25, jdk17, results)
                            .run(
                                    verifier.event(VerifierBench.EMPLOYEE_TOKEN),
                                    verifier.childEnvironment(),
                                    orDefault(coldRuns, 11, 3));
                }
                if (only.contains("deadline")) {
                    verifier.deadline(orDefault(hungCalls, 40, 5));
                }
            }
        }

        if (only.contains("capacity")) {
            new CapacityBench(repoRoot, limits, roster, rowCount, repeatCount, results).run(capacities);
        }

        if (only.contains("batching")) {
            DynamoDbLimits roundTrip = new DynamoDbLimits(
                    dynamoDbWriteCapacity, dynamoDbReadCapacity, Duration.ofMillis(batchingLatencyMs));
            String section = IngestionBench.BATCHING_SECTION + ", " + batchingLatencyMs + " ms added to every call";
            ingestion(section, roundTrip, rosters, roster, rowCount, repeatCount, results);
        }

        run.put("load average at end", loadAverage());
        run.put("arguments", arguments());
        run.put("duration", Duration.between(started, Instant.now()).toMinutes() + " min");
        String prefix = out != null ? out : quick ? "bench/work/quick-" : "bench/";
        Path markdown = repoRoot.resolve(prefix + "results.md");
        Path json = repoRoot.resolve(prefix + "results.json");
        results.write(markdown, json);
        System.out.println("wrote " + markdown + " and " + json);
        if (out == null && !quick) {
            results.regenerateReadme(repoRoot.resolve("README.md"));
            System.out.println("regenerated README.md's Performance section from it");
        }
        return 0;
    }

    /** The pipeline next to the direct loops on the same rows, after a warm-up on 5,000 rows. */
    private void ingestion(
            String section,
            DynamoDbLimits limits,
            Rosters rosters,
            Path roster,
            long rowCount,
            int repeatCount,
            Results results)
            throws Exception {
        new IngestionBench(
                        section,
                        repoRoot,
                        limits,
                        roster,
                        rowCount,
                        repeatCount,
                        orDefault(perRowSample, 10_000, 1_000),
                        results)
                .run(rosters.file(Math.min(rowCount, 5_000)));
    }

    private int orDefault(Integer given, int full, int small) {
        return given != null ? given : quick ? small : full;
    }

    /** The options as given, for the reproduce line. */
    private String arguments() {
        List<String> parts = new ArrayList<>();
        if (quick) {
            parts.add("--quick");
        }
        if (rows != null) {
            parts.add("--rows " + rows);
        }
        if (repeats != null) {
            parts.add("--repeats " + repeats);
        }
        if (heapRows != null) {
            parts.add("--heap-rows " + heapRows);
        }
        if (heapXlsxRows != null) {
            parts.add("--heap-xlsx-rows " + heapXlsxRows);
        }
        if (heapRepeats != DEFAULT_HEAP_REPEATS) {
            parts.add("--heap-repeats " + heapRepeats);
        }
        if (dynamoDbWriteCapacity > 0) {
            parts.add("--dynamodb-write-capacity " + dynamoDbWriteCapacity);
        }
        if (dynamoDbReadCapacity > 0) {
            parts.add("--dynamodb-read-capacity " + dynamoDbReadCapacity);
        }
        if (dynamoDbLatencyMs > 0) {
            parts.add("--dynamodb-latency-ms " + dynamoDbLatencyMs);
        }
        if (batchingLatencyMs != DEFAULT_BATCHING_LATENCY_MS) {
            parts.add("--batching-latency-ms " + batchingLatencyMs);
        }
        if (!capacities.equals(DEFAULT_CAPACITIES)) {
            parts.add("--capacities "
                    + capacities.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")));
        }
        if (!only.containsAll(SECTIONS)) {
            parts.add("--only " + String.join(",", only));
        }
        return String.join(" ", parts).strip();
    }

    private static Map<String, String> machine() throws IOException {
        Map<String, String> machine = new LinkedHashMap<>();
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .findFirst()
                .orElse(System.getProperty("os.arch"));
        machine.put("cpu", cpu);
        machine.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        machine.put("memory", String.format(Locale.ROOT, "%.0f GB", memory / 1e9));
        machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("benchJvmMaxHeap", (Runtime.getRuntime().maxMemory() >> 20) + " MB");
        return machine;
    }

    /** The 1-, 5- and 15-minute load averages: the machine is shared, so the results say how busy it was. */
    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    private String commit() {
        try {
            Process head = new ProcessBuilder("git", "-C", repoRoot.toString(), "rev-parse", "--short", "HEAD").start();
            String commit = new String(head.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            Process status = new ProcessBuilder("git", "-C", repoRoot.toString(), "status", "--porcelain").start();
            boolean dirty = status.getInputStream().readAllBytes().length > 0;
            return commit + (dirty ? " with uncommitted changes" : "");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
