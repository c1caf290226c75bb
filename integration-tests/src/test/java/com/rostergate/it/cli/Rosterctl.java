package com.rostergate.it.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rostergate.cli.RosterCtl;
import com.rostergate.local.LocalDeployment;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs rosterctl in-process against a local stack, as a user would: through its endpoints file
 * (--local FILE), or through CloudFormation (--stack NAME) with the AWS SDK's endpoint variables.
 */
final class Rosterctl {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path endpointsFile;
    private final Map<String, String> awsEnvironment;

    Rosterctl(LocalDeployment stack, Path directory) throws IOException {
        List<String> lines = new ArrayList<>();
        stack.endpoints().forEach((key, value) -> lines.add(key + "=" + value));
        endpointsFile = Files.write(directory.resolve("endpoints.env"), lines);
        awsEnvironment = Map.of(
                "AWS_REGION", stack.endpoint("REGION"),
                "AWS_ACCESS_KEY_ID", stack.endpoint("AWS_ACCESS_KEY_ID"),
                "AWS_SECRET_ACCESS_KEY", stack.endpoint("AWS_SECRET_ACCESS_KEY"),
                "AWS_ENDPOINT_URL_CLOUDFORMATION", stack.endpoint("CLOUDFORMATION_ENDPOINT"),
                "AWS_ENDPOINT_URL_S3", stack.endpoint("S3_ENDPOINT"),
                "AWS_ENDPOINT_URL_SQS", stack.endpoint("SQS_ENDPOINT"),
                "AWS_ENDPOINT_URL_DYNAMODB", stack.endpoint("DYNAMODB_ENDPOINT"));
    }

    /** {@code rosterctl --local FILE ARGS...} with no AWS variables set. */
    Result run(String... args) {
        return execute(List.of("--local", endpointsFile.toString()), Map.of(), "", args);
    }

    /**
     * {@code rosterctl --stack NAME ARGS...} with the credentials, region and AWS_ENDPOINT_URL_* of the stack's servers
     * set.
     */
    Result runWithStack(String stackName, String... args) {
        return runWithStack(stackName, Map.of(), "", args);
    }

    /** As above, with {@code variables} added to the environment and {@code input} on standard input. */
    Result runWithStack(String stackName, Map<String, String> variables, String input, String... args) {
        Map<String, String> environment = new HashMap<>(awsEnvironment);
        environment.putAll(variables);
        return execute(List.of("--stack", stackName), environment, input, args);
    }

    private static Result execute(List<String> target, Map<String, String> environment, String input, String... args) {
        List<String> line = new ArrayList<>(target);
        line.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayInputStream in = new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
        int code = RosterCtl.run(
                line.toArray(String[]::new), in, new PrintWriter(out, true), new PrintWriter(err, true), environment);
        return new Result(code, out.toString(), err.toString());
    }

    record Result(int exitCode, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + out + err, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }
}
