package com.rostergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.rostergate.fixtures.Fixtures;
import com.rostergate.local.template.CloudFormationYaml;
import com.rostergate.local.template.TemplateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sam/template.yaml is a valid SAM template, and a template the local stack cannot run faithfully
 * stops it at start with a message naming the resource and property (before any server starts).
 */
class TemplateTest {

    private static final Path TEMPLATE = TestStacks.TEMPLATE;

    @TempDir
    Path temporary;

    @Test
    void templateIsValidAgainstTheSamSchema() throws Exception {
        Optional<Path> schemaFile = Fixtures.workspaceFile("schemas/sam.schema.json");
        assumeTrue(
                schemaFile.isPresent(), "the shared workspace's SAM schema is absent: the SAM schema check is skipped");
        JsonSchema schema =
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(Files.readString(schemaFile.get()));
        JsonNode template = TestStacks.JSON.valueToTree(CloudFormationYaml.load(TEMPLATE));
        JsonNode misspelt = template.deepCopy();
        ((ObjectNode) misspelt.at("/Resources/WriterFunction/Properties")).put("Timout", 60);

        assertEquals(Set.of(), schema.validate(template));
        assertFalse(schema.validate(misspelt).isEmpty(), "the schema does check function properties");
    }

    @Test
    void onCallIsToldAndEveryFunctionsLogsExpire() {
        JsonNode resources =
                TestStacks.JSON.valueToTree(CloudFormationYaml.load(TEMPLATE)).get("Resources");
        JsonNode onCall = TestStacks.json("{\"Ref\":\"OnCallTopic\"}");
        Map<String, String> alarmedMetrics = new TreeMap<>();
        resources.fields().forEachRemaining(resource -> {
            JsonNode properties = resource.getValue().path("Properties");
            switch (resource.getValue().path("Type").asText()) {
                case "AWS::CloudWatch::Alarm" -> {
                    assertTrue(contains(properties.path("AlarmActions"), onCall), resource.getKey() + " pages on-call");
                    alarmedMetrics.put(
                            resource.getKey(),
                            properties.path("Namespace").asText() + "/"
                                    + properties.path("MetricName").asText()
                                    + (properties.has("ExtendedStatistic")
                                            ? " "
                                                    + properties
                                                            .path("ExtendedStatistic")
                                                            .asText()
                                            : ""));
                }
                case "AWS::Serverless::Function" -> {
                    JsonNode logGroup = resources.path(resource.getKey().replace("Function", "LogGroup"));
                    assertEquals(
                            TestStacks.json("{\"Fn::Sub\":\"/aws/lambda/${" + resource.getKey() + "}\"}"),
                            logGroup.at("/Properties/LogGroupName"),
                            resource.getKey() + " has its log group");
                    assertTrue(
                            logGroup.at("/Properties/RetentionInDays").isObject(),
                            resource.getKey() + "'s logs expire");
                }
                default -> {}
            }
        });

        // the issue's signals: DLQ has messages, writer errors, verifier p99 near the budget, skill 4xx/5xx, an import
        // stuck
        assertTrue(
                alarmedMetrics
                        .values()
                        .containsAll(List.of(
                                "AWS/SQS/ApproximateNumberOfMessagesVisible",
                                "AWS/Lambda/Errors",
                                "AWS/Lambda/Duration p99",
                                "AWS/ApiGateway/4xx",
                                "AWS/ApiGateway/5xx",
                                "Rostergate/StuckImports")),
                alarmedMetrics.toString());
        assertEquals(
                TestStacks.json("{\"Fn::GetAtt\":[\"IngestDeadLetterQueue\",\"QueueName\"]}"),
                resources.at("/DeadLetterQueueAlarm/Properties/Dimensions/0/Value"));
        assertEquals(
                TestStacks.json("{\"Ref\":\"WriterFunction\"}"),
                resources.at("/WriterErrorsAlarm/Properties/Dimensions/0/Value"));
        JsonNode attention = resources.at("/ImportAttentionRule/Properties");
        assertTrue(
                contains(attention.at("/EventPattern/detail-type"), TestStacks.json("\"Roster Import Failed\""))
                        && contains(
                                attention.at("/EventPattern/detail-type"),
                                TestStacks.json("\"Roster Removal Guarded\"")),
                attention.toString());
        assertEquals(onCall, attention.at("/Targets/0/Arn"));
    }

    private static boolean contains(JsonNode array, JsonNode value) {
        for (JsonNode element : array) {
            if (element.equals(value)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void shortFormIntrinsicsBecomeTheirLongForm() {
        Map<String, Object> template = CloudFormationYaml.load(TEMPLATE);
        JsonNode resources = TestStacks.JSON.valueToTree(template).get("Resources");

        assertEquals(
                TestStacks.json("{\"Fn::GetAtt\":[\"IngestDeadLetterQueue\",\"Arn\"]}"),
                resources.at("/IngestQueue/Properties/RedrivePolicy/deadLetterTargetArn"));
        assertEquals(
                TestStacks.json("{\"Ref\":\"IngestQueue\"}"),
                resources.at("/SplitterFunction/Properties/Environment/Variables/INGEST_QUEUE_URL"));
        assertEquals(
                TestStacks.json("{\"Fn::Sub\":\"${RosterBucket.Arn}/rosters/*\"}"),
                resources.at("/SplitterFunction/Properties/Policies/0/Statement/0/Resource"));
    }

    @Test
    void wrongHandlerClassFailsTheStartNamingTheFunction() throws Exception {
        Path broken = brokenCopy(resources -> properties(resources, "WriterFunction")
                .put("Handler", "com.rostergate.writer.NoSuchHandler::handleRequest"));

        TemplateException failure = assertThrows(
                TemplateException.class,
                () -> TestStacks.withTestHandlersExcept("WriterFunction")
                        .template(broken)
                        .start()
                        .close());
        assertMentions(failure, "Resources.WriterFunction.Properties.Handler", "com.rostergate.writer.NoSuchHandler");
    }

    @Test
    void missingQueueReferenceFailsTheStartNamingTheProperty() throws Exception {
        Path broken = brokenCopy(resources -> eventProperties(resources, "WriterFunction", "RosterBatches")
                .put("Queue", Map.of("Fn::GetAtt", List.of("MissingQueue", "Arn"))));

        TemplateException failure = assertThrows(
                TemplateException.class,
                () -> TestStacks.withTestHandlers().template(broken).start().close());
        assertMentions(
                failure, "Resources.WriterFunction.Properties.Events.RosterBatches.Properties.Queue", "MissingQueue");
    }

    @Test
    void brokenReferenceInTheEnvironmentFailsTheStartNamingTheVariable() throws Exception {
        Path broken = brokenCopy(resources ->
                variables(resources, "VerifierFunction").put("EMPLOYEES_TABLE", Map.of("Ref", "EmployeeTable")));

        TemplateException failure = assertThrows(
                TemplateException.class,
                () -> TestStacks.withTestHandlers().template(broken).start().close());
        assertMentions(
                failure,
                "Resources.VerifierFunction.Properties.Environment.Variables.EMPLOYEES_TABLE",
                "EmployeeTable");
    }

    @Test
    void asynchronousTargetWithoutAFailureDestinationFailsTheStart() throws Exception {
        Path broken = brokenCopy(resources -> {
            properties(resources, "SplitterFunction").remove("EventInvokeConfig");
            eventProperties(resources, "SplitterFunction", "RosterUploaded").remove("DeadLetterConfig");
        });

        TemplateException failure = assertThrows(
                TemplateException.class,
                () -> TestStacks.withTestHandlers().template(broken).start().close());
        assertMentions(failure, "Resources.SplitterFunction", "dropped");
    }

    @Test
    void parameterOutsideItsRangeFailsTheStart() {
        TemplateException failure = assertThrows(
                TemplateException.class,
                () -> TestStacks.withTestHandlers()
                        .parameter("RemovalGuardPercent", "150")
                        .start()
                        .close());
        assertMentions(failure, "Parameters.RemovalGuardPercent", "150");
    }

    /** sam/template.yaml with one change, written as JSON (which is YAML) to a temporary file. */
    private Path brokenCopy(Consumer<Map<String, Object>> change) throws Exception {
        Map<String, Object> template = CloudFormationYaml.load(TEMPLATE);
        change.accept(map(template, "Resources"));
        Path copy = temporary.resolve("template.yaml");
        TestStacks.JSON.writeValue(copy.toFile(), template);
        return copy;
    }

    private static Map<String, Object> properties(Map<String, Object> resources, String id) {
        return map(map(resources, id), "Properties");
    }

    private static Map<String, Object> eventProperties(Map<String, Object> resources, String function, String event) {
        return map(map(map(properties(resources, function), "Events"), event), "Properties");
    }

    private static Map<String, Object> variables(Map<String, Object> resources, String function) {
        return map(map(properties(resources, function), "Environment"), "Variables");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }

    private static void assertMentions(Exception failure, String... parts) {
        for (String part : parts) {
            assertTrue(failure.getMessage().contains(part), "'" + failure.getMessage() + "' should mention " + part);
        }
    }
}
