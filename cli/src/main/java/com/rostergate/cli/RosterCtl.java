package com.rostergate.cli;

import com.rostergate.aws.AwsClients;
import com.rostergate.aws.ingest.ImportLedger;
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
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

@Command(name = "rosterctl", mixinStandardHelpOptions = true, version = "rosterctl 1.0",
    description = "On-call tool for the roster pipeline: imports, reports, dead letters, lookups, skill tests.",
    subcommands = {ImportCommand.class, ImportsCommand.class, DlqCommand.class, LookupCommand.class,
        SkillTestCommand.class, CommandLine.HelpCommand.class},
    footerHeading = "%nExit codes:%n",
    footer = {"  0  done / found", "  1  negative answer (not found, import failed or guarded)", "  2  error (bad usage, unreachable target)"})
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

    private Target target;
    private AwsClients clients;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line with the given streams; the exit code is returned, never thrown. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine line = new CommandLine(new RosterCtl());
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
            target = targetOptions.resolve(this::stackOutputs);
        }
        return target;
    }

    Console console() {
        return new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), json);
    }

    S3Client s3() {
        return clients().build(S3Client.builder().forcePathStyle(target().s3Endpoint() != null), "S3");
    }

    SqsClient sqs() {
        return clients().build(SqsClient.builder(), "SQS");
    }

    DynamoDbClient dynamoDb() {
        return clients().build(DynamoDbClient.builder(), "DYNAMODB");
    }

    /** The import ledger, through the same adapter the functions use. */
    ImportLedger ledger(DynamoDbClient dynamoDb) {
        Target target = target();
        return new ImportLedger(dynamoDb, target.require(target.importsTable(), "imports table", "--imports-table"));
    }

    private AwsClients clients() {
        if (clients == null) {
            clients = AwsClients.builder(target().clientEnvironment()).build();
        }
        return clients;
    }

    private Map<String, String> stackOutputs(String stackName) {
        Map<String, String> env = new HashMap<>();
        String region = targetOptions.region != null ? targetOptions.region : System.getenv("AWS_REGION");
        if (region != null) {
            env.put("AWS_REGION", region);
        }
        if (targetOptions.endpointUrl != null) {
            env.put("AWS_ENDPOINT_URL", targetOptions.endpointUrl);
        }
        try (CloudFormationClient cloudFormation = AwsClients.builder(env).build().build(CloudFormationClient.builder(), "CLOUDFORMATION")) {
            return cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks().stream()
                .findFirst()
                .orElseThrow(() -> new UserError("No stack named " + stackName))
                .outputs().stream()
                .collect(Collectors.toMap(Output::outputKey, Output::outputValue));
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
