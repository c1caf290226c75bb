package com.rostergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rostergate.fixtures.AwsCli;
import com.rostergate.fixtures.Contracts;
import com.rostergate.fixtures.Fixtures;
import com.rostergate.local.LocalDeployment;
import com.rostergate.local.events.EventRouter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The real AWS CLI works against the stack: what HR and operators would type, with --endpoint-url. */
class AwsCliIT {

    private static final List<JsonNode> SPLITTER_EVENTS = new CopyOnWriteArrayList<>();
    private static LocalDeployment stack;

    @TempDir
    Path temporary;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(
                AwsCli.installed(),
                AwsCli.PATH + " is absent (apt-get install -y awscli): the AWS CLI tests are skipped");
        stack = TestStacks.withTestHandlers()
                .handler("SplitterFunction", env -> (RequestStreamHandler)
                        (input, output, context) -> SPLITTER_EVENTS.add(TestStacks.json(input.readAllBytes())))
                .start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void s3CopyOfALargeRosterIsAMultipartUploadThatReachesTheSplitter() throws Exception {
        Path roster = temporary.resolve("roster.csv");
        byte[] content = new byte[9 * 1024 * 1024]; // above the CLI's 8 MB multipart threshold
        Files.write(roster, content);
        String key = "rosters/full/from-cli.csv";

        aws("S3_ENDPOINT", "s3", "cp", roster.toString(), "s3://" + stack.endpoint("ROSTER_BUCKET") + "/" + key);
        stack.awaitIdle(Duration.ofSeconds(60));

        assertEquals(
                content.length,
                stack.s3()
                        .headObject(request ->
                                request.bucket(stack.endpoint("ROSTER_BUCKET")).key(key))
                        .contentLength());
        JsonNode event = SPLITTER_EVENTS.stream()
                .filter(e -> e.at("/detail/object/key").asText().equals(key))
                .findFirst()
                .orElseThrow();
        assertEquals("CompleteMultipartUpload", event.at("/detail/reason").asText());
        Contracts.assertValid("s3-object-created-event", event);
    }

    @Test
    void dynamodbScanReadsTheLocalTables() throws Exception {
        stack.dynamoDb()
                .putItem(request -> request.tableName(stack.endpoint("EMPLOYEES_TABLE"))
                        .item(Map.of(
                                "phone", AttributeValue.fromS("+821022223333"), "name", AttributeValue.fromS("김민준"))));

        JsonNode employees = TestStacks.json(
                aws("DYNAMODB_ENDPOINT", "dynamodb", "scan", "--table-name", stack.endpoint("EMPLOYEES_TABLE")));
        JsonNode imports = TestStacks.json(
                aws("DYNAMODB_ENDPOINT", "dynamodb", "scan", "--table-name", stack.endpoint("IMPORTS_TABLE")));

        assertEquals(1, employees.get("Count").asInt());
        assertEquals("+821022223333", employees.at("/Items/0/phone/S").asText());
        assertEquals("김민준", employees.at("/Items/0/name/S").asText());
        assertEquals(0, imports.get("Count").asInt());
    }

    @Test
    void cloudformationDescribeStacksShowsTheTemplatesOutputsWithLocalNames() throws Exception {
        JsonNode stacks = TestStacks.json(aws(
                "CLOUDFORMATION_ENDPOINT",
                "cloudformation",
                "describe-stacks",
                "--stack-name",
                LocalDeployment.STACK_NAME));

        JsonNode described = stacks.at("/Stacks/0");
        assertEquals(LocalDeployment.STACK_NAME, described.get("StackName").asText());
        assertEquals("CREATE_COMPLETE", described.get("StackStatus").asText());
        Map<String, String> outputs = new HashMap<>();
        described
                .get("Outputs")
                .forEach(output -> outputs.put(
                        output.get("OutputKey").asText(),
                        output.get("OutputValue").asText()));
        assertEquals(stack.endpoint("ROSTER_BUCKET"), outputs.get("RosterBucketName"));
        assertEquals(stack.endpoint("DLQ_URL"), outputs.get("IngestDeadLetterQueueUrl"));
        assertEquals(stack.endpoint("IMPORTS_TABLE"), outputs.get("ImportsTableName"));
        assertEquals(stack.endpoint("SKILL_URL"), outputs.get("SkillUrl"));

        AwsCli.Result unknown =
                run("CLOUDFORMATION_ENDPOINT", "cloudformation", "describe-stacks", "--stack-name", "no-such-stack");
        assertTrue(unknown.exitCode() != 0, unknown.output());
        assertTrue(
                unknown.output()
                        .contains("An error occurred (ValidationError) when calling the DescribeStacks operation: "
                                + "Stack with id no-such-stack does not exist"),
                unknown.output());
    }

    @Test
    void eventsPutEventsIsRoutedThroughTheTemplatesRulesToOnCall() throws Exception {
        JsonNode example =
                TestStacks.JSON.readTree(Fixtures.bytes("contracts/examples/import-lifecycle-event/failed.json"));
        ObjectNode entry = TestStacks.JSON
                .createObjectNode()
                .put("Source", "roster.ingest")
                .put("DetailType", example.get("detail-type").asText())
                .put("Detail", example.get("detail").toString());
        Path entries = Files.writeString(
                temporary.resolve("entries.json"),
                TestStacks.JSON.createArrayNode().add(entry).toString());

        JsonNode answer =
                TestStacks.json(aws("EVENTS_ENDPOINT", "events", "put-events", "--entries", "file://" + entries));

        assertEquals(0, answer.get("FailedEntryCount").asInt(), answer.toString());
        String id = answer.at("/Entries/0/EventId").asText();
        EventRouter.Routed routed = stack.events().stream()
                .filter(event ->
                        TestStacks.json(event.event()).get("id").asText().equals(id))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of("OnCallTopic"), routed.targets());
        JsonNode delivered = TestStacks.json(routed.event());
        Contracts.assertValid("import-lifecycle-event", delivered);
        assertEquals(example.get("detail"), delivered.get("detail"));
    }

    /** Runs the CLI with dummy credentials against one endpoint; returns its standard output. */
    private String aws(String endpointKey, String... arguments) throws Exception {
        AwsCli.Result result = run(endpointKey, arguments);
        assertEquals(0, result.exitCode(), "aws " + String.join(" ", arguments) + ": " + result.output());
        return result.output();
    }

    private AwsCli.Result run(String endpointKey, String... arguments) throws Exception {
        return new AwsCli(temporary, "ap-northeast-2").run(stack.endpoint(endpointKey), arguments);
    }
}
