package com.rostergate.cli;

import com.rostergate.aws.AwsClients;
import com.rostergate.aws.ingest.AwsIngest;
import com.rostergate.aws.ingest.ImportLedger;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

@Command(
        name = "rosterctl",
        mixinStandardHelpOptions = true,
        version = "rosterctl 1.0",
        description = "On-call tool for the roster pipeline: imports, reports, dead letters, lookups, skill tests.",
        subcommands = {
            ImportCommand.class,
            ImportsCommand.class,
            DlqCommand.class,
            LookupCommand.class,
            SkillTestCommand.class,
            CommandLine.HelpCommand.class
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  done / found",
            "  1  negative answer (not found, import failed or guarded)",
            "  2  error (bad usage, unreachable target)"
        })
public final class RosterCtl {

    static final int OK = 0;
    static final int NEGATIVE = 1;
    static final int ERROR = 2;

    @Mixin
    TargetOptions targetOptions;

    @Option(names = "--json", scope = CommandLine.ScopeType.INHERIT, description = "Print machine-readable JSON.")
    boolean json;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * The AWS_* variables (credentials, AWS_REGION, AWS_ENDPOINT_URL_<SERVICE>) are read from here, as the AWS CLI
     * reads them.
     */
    private final Map<String, String> environment;

    private final InputStream in;
    private Target target;
    private AwsClients clients;

    private RosterCtl(Map<String, String> environment, InputStream in) {
        this.environment = environment;
        this.in = in;
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line with the given streams; the exit code is returned, never thrown. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, System.getenv());
    }

    /** As {@link #run(String[], PrintWriter, PrintWriter)}, with {@code environment} in place of the process's. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> environment) {
        return run(args, System.in, out, err, environment);
    }

    /** As {@link #run(String[], PrintWriter, PrintWriter, Map)}, reading standard input from {@code in}. */
    public static int run(
            String[] args, InputStream in, PrintWriter out, PrintWriter err, Map<String, String> environment) {
        CommandLine line = new CommandLine(new RosterCtl(environment, in));
        line.setOut(out);
        line.setErr(err);
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("rosterctl: " + describe(e));
            return ERROR;
        });
        return line.execute(args);
    }

    Target target() {
        if (target == null) {
            target = targetOptions.resolve(environment.get("AWS_REGION"), this::stackOutputs);
        }
        return target;
    }

    /** A variable of the environment rosterctl runs in (null when unset). */
    String environment(String name) {
        return environment.get(name);
    }

    InputStream in() {
        return in;
    }

    Console console() {
        return new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), json);
    }

    S3Client s3() {
        return clients().build(S3Client.builder().forcePathStyle(clients().endpointFor("S3") != null), "S3");
    }

    SqsClient sqs() {
        return clients().build(SqsClient.builder(), "SQS");
    }

    DynamoDbClient dynamoDb() {
        return clients().build(DynamoDbClient.builder(), "DYNAMODB");
    }

    EventBridgeClient eventBridge() {
        return clients().build(EventBridgeClient.builder(), "EVENTBRIDGE");
    }

    /** The import ledger, through the same adapter the functions use. */
    ImportLedger ledger(DynamoDbClient dynamoDb) {
        Target target = target();
        return new ImportLedger(dynamoDb, target.require(target.importsTable(), "imports table", "--imports-table"));
    }

    /** The ingestion adapters, composed as the functions compose them, against the target's resources. */
    AwsIngest ingest() {
        Target target = target();
        target.require(target.importsTable(), "imports table", "--imports-table");
        target.require(target.rosterBucket(), "roster bucket", "--bucket");
        return AwsIngest.from(awsEnvironment(target.ingestEnvironment()));
    }

    private AwsClients clients() {
        if (clients == null) {
            clients = AwsClients.builder(awsEnvironment(target().clientEnvironment()))
                    .build();
        }
        return clients;
    }

    /**
     * The environment's AWS_* variables under {@code overrides}; credentials given there drop the environment's session
     * token.
     */
    private Map<String, String> awsEnvironment(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("AWS_")) {
                env.put(name, value);
            }
        });
        if (overrides.containsKey("AWS_ACCESS_KEY_ID")) {
            env.remove("AWS_SESSION_TOKEN");
        }
        env.putAll(overrides);
        return env;
    }

    private Map<String, String> stackOutputs(String stackName) {
        Map<String, String> overrides = new HashMap<>();
        if (targetOptions.region != null) {
            overrides.put("AWS_REGION", targetOptions.region);
        }
        if (targetOptions.endpointUrl != null) {
            overrides.put("AWS_ENDPOINT_URL", targetOptions.endpointUrl);
        }
        AwsClients stackClients = AwsClients.builder(awsEnvironment(overrides)).build();
        try (CloudFormationClient cloudFormation =
                stackClients.build(CloudFormationClient.builder(), "CLOUDFORMATION")) {
            return cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks().stream()
                    .findFirst()
                    .orElseThrow(() -> new UserError("No stack named " + stackName))
                    .outputs()
                    .stream()
                    .collect(Collectors.toMap(Output::outputKey, Output::outputValue));
        } catch (CloudFormationException e) {
            if ("ValidationError".equals(e.awsErrorDetails().errorCode())) {
                throw new UserError("No CloudFormation stack " + stackName + " in " + stackClients.region() + " ("
                        + e.awsErrorDetails().errorMessage() + "): check --stack and --region");
            }
            throw e;
        }
    }

    private static String describe(Exception e) {
        if (e instanceof UserError) {
            return e.getMessage();
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
