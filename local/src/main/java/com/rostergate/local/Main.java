package com.rostergate.local;

import com.rostergate.local.dynamodb.DynamoDbLimits;
import com.rostergate.local.template.TemplateException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./run-local}: starts the local stack, writes its endpoints, runs the demo, serves until Ctrl-C. */
@Command(
        name = "run-local",
        sortOptions = false,
        usageHelpWidth = 100,
        description = {
            "Runs rostergate on this machine: Dynoxide (DynamoDB, a "
                    + "child process), ElasticMQ (SQS) and S3Proxy on 127.0.0.1, "
                    + "provisioned from sam/template.yaml, with the splitter, "
                    + "writer and verifier run as Lambda runs them. "
                    + "By default it then uploads the sample roster and sends one Kakao skill request (the demo).",
            ""
        },
        footer = {
            "",
            "Persistence: in memory unless --data-dir is given. With --data-dir, DynamoDB tables (DIR/dynamodb) and "
                    + "S3 objects (DIR/s3) are kept between runs; SQS queues "
                    + "always start empty (ElasticMQ keeps no data). "
                    + "The endpoints file is removed when the stack stops.",
            "",
            "Stop with Ctrl-C (or SIGTERM): polling stops, running "
                    + "invocations get a moment to finish, the servers stop."
        })
public final class Main implements Callable<Integer> {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    private boolean help;

    @Option(
            names = "--random-ports",
            description = "Listen on free ports instead of the fixed ones below (e.g. for tests).")
    private boolean randomPorts;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Keep tables and objects under DIR between runs.")
    private Path dataDir;

    @Option(
            names = "--endpoints-file",
            paramLabel = "PATH",
            description = "Where to write the endpoints as KEY=VALUE lines once the "
                    + "stack is ready (default: .local-stack/endpoints.env).")
    private Path endpointsFile;

    @Option(names = "--no-demo", description = "Only start the stack: no sample upload, no sample skill request.")
    private boolean noDemo;

    @Option(
            names = "--demo-timeout",
            paramLabel = "SECONDS",
            defaultValue = "120",
            description = "How long the demo waits for the import to finish (default: ${DEFAULT-VALUE}).")
    private int demoTimeoutSeconds;

    @Option(
            names = "--kakao-profiles",
            paramLabel = "FILE",
            description =
                    "Profiles the fake Kakao API serves (default: sample-data/kakao-profiles.json, when it exists).")
    private Path kakaoProfiles;

    @Option(
            names = "--skill-secret",
            paramLabel = "SECRET",
            description = "The SkillSecret parameter (default: random per run).")
    private String skillSecret;

    @Option(
            names = {"-P", "--parameter"},
            paramLabel = "NAME=VALUE",
            description = "A template parameter value, e.g. -P RemovalGuardPercent=30 (repeatable).")
    private Map<String, String> parameters = new LinkedHashMap<>();

    @Option(
            names = "--dynamodb-write-capacity",
            paramLabel = "WCU",
            defaultValue = "0",
            description =
                    "Write capacity units per second for each table (1 per KB written; default: unlimited). Past it, "
                            + "DynamoDB answers as on AWS: ProvisionedThroughputExceededException, "
                            + "or a BatchWriteItem's excess items"
                            + " unprocessed.")
    private int dynamoDbWriteCapacity;

    @Option(
            names = "--dynamodb-read-capacity",
            paramLabel = "RCU",
            defaultValue = "0",
            description =
                    "Read capacity units per second for each table (1 per 4 KB read strongly consistent, half that "
                            + "eventually consistent; default: unlimited).")
    private int dynamoDbReadCapacity;

    @Option(
            names = "--dynamodb-latency-ms",
            paramLabel = "MS",
            defaultValue = "0",
            description = "A fixed time added to every DynamoDB call, like a network round trip"
                    + " (default: ${DEFAULT-VALUE}).")
    private int dynamoDbLatencyMs;

    @Option(names = "--template", paramLabel = "FILE", description = "The SAM template (default: sam/template.yaml).")
    private Path template;

    @Option(
            names = "--s3-port",
            paramLabel = "PORT",
            defaultValue = "9000",
            description = "S3 (S3Proxy) port (default: ${DEFAULT-VALUE}).")
    private int s3Port;

    @Option(
            names = "--sqs-port",
            paramLabel = "PORT",
            defaultValue = "9324",
            description = "SQS (ElasticMQ) port (default: ${DEFAULT-VALUE}).")
    private int sqsPort;

    @Option(
            names = "--dynamodb-port",
            paramLabel = "PORT",
            defaultValue = "8000",
            description = "DynamoDB (Dynoxide) port (default: ${DEFAULT-VALUE}).")
    private int dynamoDbPort;

    @Option(
            names = "--api-port",
            paramLabel = "PORT",
            defaultValue = "3000",
            description = "HTTP API (skill) port (default: ${DEFAULT-VALUE}).")
    private int apiPort;

    @Option(
            names = "--kakao-port",
            paramLabel = "PORT",
            defaultValue = "8089",
            description = "Fake Kakao API port (default: ${DEFAULT-VALUE}).")
    private int kakaoPort;

    @Option(
            names = "--cloudformation-port",
            paramLabel = "PORT",
            defaultValue = "4581",
            description = "CloudFormation DescribeStacks of this stack (for "
                    + "rosterctl --stack) port (default: ${DEFAULT-VALUE}).")
    private int cloudFormationPort;

    @Option(
            names = "--events-port",
            paramLabel = "PORT",
            defaultValue = "4587",
            description = "EventBridge PutEvents (import lifecycle events) port (default: ${DEFAULT-VALUE}).")
    private int eventsPort;

    @Option(
            names = "--secrets-manager-port",
            paramLabel = "PORT",
            defaultValue = "4584",
            description = "Secrets Manager (the secret the verifier reads at start) port (default: ${DEFAULT-VALUE}).")
    private int secretsManagerPort;

    @Option(names = "--repo-root", hidden = true, description = "The repository (run-local passes it).")
    private Path repoRoot = Path.of("").toAbsolutePath();

    private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    public static void main(String[] args) {
        int exit = new CommandLine(new Main())
                .setExecutionExceptionHandler((error, commandLine, parseResult) -> {
                    boolean expected = error instanceof TemplateException
                            || error instanceof IllegalStateException
                            || error instanceof IllegalArgumentException;
                    if (!expected) {
                        error.printStackTrace();
                    }
                    commandLine.getErr().println("run-local: cannot start: " + error.getMessage());
                    return 1;
                })
                .execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    @Override
    public Integer call() throws Exception {
        Path endpoints = endpointsFile != null ? endpointsFile : repoRoot.resolve(".local-stack/endpoints.env");
        LocalDeployment.Builder builder = LocalDeployment.builder()
                .repoRoot(repoRoot)
                .ports(
                        randomPorts
                                ? Ports.RANDOM
                                : new Ports(
                                        dynamoDbPort,
                                        sqsPort,
                                        s3Port,
                                        apiPort,
                                        kakaoPort,
                                        cloudFormationPort,
                                        eventsPort,
                                        secretsManagerPort))
                .dynamoDbLimits(dynamoDbLimits());
        if (template != null) {
            builder.template(template);
        }
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }
        if (skillSecret != null) {
            builder.skillSecret(skillSecret);
        }
        if (kakaoProfiles != null && !Files.isRegularFile(kakaoProfiles)) {
            throw new IllegalArgumentException("--kakao-profiles: " + kakaoProfiles + " is not a file");
        }
        Path profiles = kakaoProfiles != null ? kakaoProfiles : repoRoot.resolve("sample-data/kakao-profiles.json");
        if (Files.isRegularFile(profiles)) {
            builder.kakaoProfiles(profiles);
        }
        parameters.forEach(builder::parameter);

        long startedAt = System.nanoTime();
        LocalDeployment stack = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            out.println("stopping the local stack...");
                            stack.close();
                            deleteQuietly(endpoints);
                            stopped.countDown();
                        },
                        "run-local-shutdown"));
        writeAtomically(endpoints, stack.endpoints());
        printReady(stack, endpoints, Duration.ofNanos(System.nanoTime() - startedAt));
        if (!noDemo) {
            new Demo(stack, repoRoot, out).run(Duration.ofSeconds(demoTimeoutSeconds));
        }
        out.println("serving; stop with Ctrl-C");
        stopped.await();
        return 0;
    }

    private DynamoDbLimits dynamoDbLimits() {
        return new DynamoDbLimits(dynamoDbWriteCapacity, dynamoDbReadCapacity, Duration.ofMillis(dynamoDbLatencyMs));
    }

    /** KEY=VALUE lines, readable by a shell ({@code set -a; . FILE}); written whole or not at all. */
    static void writeAtomically(Path file, Map<String, String> entries) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
        String lines = entries.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(temporary, lines, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void printReady(LocalDeployment stack, Path endpoints, Duration startTime) {
        Map<String, String> values = stack.endpoints();
        out.printf(
                "%nrostergate local stack ready in %.1f s; endpoints written to %s%n",
                startTime.toMillis() / 1000.0, endpoints);
        // The skill secret stays in the endpoints file (a secret is never printed).
        values.forEach((key, value) ->
                out.println("  " + key + "=" + (key.equals("SKILL_SECRET") ? "(see " + endpoints + ")" : value)));
        if (dynamoDbLimits().active()) {
            out.println("  DynamoDB limits: " + dynamoDbLimits().describe());
        }
        out.println();
        out.println("Try it (the AWS CLI needs --endpoint-url; the endpoints file sets credentials and names):");
        out.println("  set -a; . " + endpoints + "; set +a");
        out.println("  /usr/bin/aws --endpoint-url \"$S3_ENDPOINT\" s3 cp "
                + "roster.csv \"s3://$ROSTER_BUCKET/rosters/full/roster.csv\"");
        out.println(
                "  /usr/bin/aws --endpoint-url \"$DYNAMODB_ENDPOINT\" dynamodb scan --table-name \"$IMPORTS_TABLE\"");
        out.println(
                "  /usr/bin/aws --endpoint-url \"$DYNAMODB_ENDPOINT\" dynamodb scan --table-name \"$EMPLOYEES_TABLE\"");
        out.println("  /usr/bin/aws --endpoint-url \"$SQS_ENDPOINT\" sqs receive-message --queue-url \"$DLQ_URL\"");
        out.println("  curl -s -X POST \"$SKILL_URL\" -H \"$SKILL_SECRET_HEADER: "
                + "$SKILL_SECRET\" -H 'Content-Type: application/json' \\");
        out.println("       -d @" + Demo.SKILL_REQUEST);
        out.println();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            System.err.println("could not remove " + file + ": " + e.getMessage());
        }
    }
}
