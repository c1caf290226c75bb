package com.rostergate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** Where rosterctl points: {@code --stack NAME}, {@code --local [FILE]}, then explicit flags, which win. */
final class TargetOptions {

    static final Path DEFAULT_ENDPOINTS_FILE = Path.of(".local-stack", "endpoints.env");

    @Option(
            names = "--stack",
            paramLabel = "NAME",
            description = "Read names from this CloudFormation stack's outputs.")
    String stack;

    @Option(
            names = "--local",
            paramLabel = "ENDPOINTS_FILE",
            arity = "0..1",
            fallbackValue = "__default__",
            description = "Use the local stack; reads the endpoints file ./run-local wrote (default"
                    + " .local-stack/endpoints.env).")
    String local;

    @Option(names = "--region", description = "AWS region (default: AWS_REGION, or the local stack's).")
    String region;

    @Option(names = "--bucket", description = "Roster bucket.")
    String bucket;

    @Option(names = "--ingest-queue-url", description = "Ingest queue URL.")
    String ingestQueueUrl;

    @Option(names = "--dlq-url", description = "Dead-letter queue URL.")
    String dlqUrl;

    @Option(names = "--employees-table", description = "Employees table.")
    String employeesTable;

    @Option(names = "--imports-table", description = "Imports (ledger) table.")
    String importsTable;

    @Option(names = "--skill-url", description = "The verifier's skill URL.")
    String skillUrl;

    /** Refused, and its value never echoed: a secret in the arguments shows in ps and the shell's history. */
    @Option(names = "--skill-secret", hidden = true)
    String refusedSkillSecret;

    @Option(names = "--endpoint-url", description = "Send every AWS call to this endpoint.")
    String endpointUrl;

    /** {@code environmentRegion} (AWS_REGION) is the region when neither --region nor the endpoints file names one. */
    Target resolve(String environmentRegion, Function<String, Map<String, String>> stackOutputs) {
        if (stack != null && local != null) {
            throw new UserError("Give either --stack or --local, not both");
        }
        if (refusedSkillSecret != null) {
            throw new UserError("--skill-secret is not accepted (ps and the shell's history would show the secret):"
                    + " set " + SkillTestCommand.SECRET_VARIABLE + " or pipe it to skill-test --skill-secret-stdin");
        }
        Map<String, String> found = new HashMap<>();
        if (local != null) {
            found.putAll(readEndpointsFile("__default__".equals(local) ? DEFAULT_ENDPOINTS_FILE : Path.of(local)));
        } else if (stack != null) {
            found.putAll(fromStackOutputs(stackOutputs.apply(stack)));
        }
        String everyEndpoint = endpointUrl;
        return new Target(
                first(region, found.get("REGION"), environmentRegion),
                first(everyEndpoint, found.get("S3_ENDPOINT")),
                first(everyEndpoint, found.get("SQS_ENDPOINT")),
                first(everyEndpoint, found.get("DYNAMODB_ENDPOINT")),
                first(everyEndpoint, found.get("EVENTS_ENDPOINT")),
                found.get("AWS_ACCESS_KEY_ID"),
                found.get("AWS_SECRET_ACCESS_KEY"),
                first(bucket, found.get("ROSTER_BUCKET")),
                first(ingestQueueUrl, found.get("INGEST_QUEUE_URL")),
                first(dlqUrl, found.get("DLQ_URL")),
                first(employeesTable, found.get("EMPLOYEES_TABLE")),
                first(importsTable, found.get("IMPORTS_TABLE")),
                first(skillUrl, found.get("SKILL_URL")),
                found.get("SKILL_SECRET"));
    }

    /** KEY=VALUE lines, as {@code ./run-local --endpoints-file} writes them. */
    static Map<String, String> readEndpointsFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError(
                    "No endpoints file at " + file + " - is ./run-local running? (it writes one when ready)");
        }
        Map<String, String> values = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#")) {
                    values.put(
                            line.substring(0, eq).strip(),
                            line.substring(eq + 1).strip());
                }
            }
        } catch (IOException e) {
            throw new UserError("Cannot read " + file + ": " + e.getMessage());
        }
        return values;
    }

    /** Maps the template's Outputs to the endpoints-file keys. */
    private static Map<String, String> fromStackOutputs(Map<String, String> outputs) {
        Map<String, String> values = new HashMap<>();
        copy(outputs, "RosterBucketName", values, "ROSTER_BUCKET");
        copy(outputs, "IngestQueueUrl", values, "INGEST_QUEUE_URL");
        copy(outputs, "IngestDeadLetterQueueUrl", values, "DLQ_URL");
        copy(outputs, "EmployeesTableName", values, "EMPLOYEES_TABLE");
        copy(outputs, "ImportsTableName", values, "IMPORTS_TABLE");
        copy(outputs, "SkillUrl", values, "SKILL_URL");
        return values;
    }

    private static void copy(Map<String, String> from, String fromKey, Map<String, String> to, String toKey) {
        if (from.containsKey(fromKey)) {
            to.put(toKey, from.get(fromKey));
        }
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
