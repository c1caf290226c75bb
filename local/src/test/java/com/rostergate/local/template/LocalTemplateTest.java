package com.rostergate.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTemplateTest {

    private static final LocalNaming NAMING =
            new LocalNaming("stack", "000000000000", "ap-northeast-2", "http://127.0.0.1:9324");

    @TempDir
    Path directory;

    @Test
    void resolvesIntrinsicFunctionsToLocalNames() throws Exception {
        LocalTemplate template = load("""
            Parameters:
              Stage: {Type: String, Default: dev, AllowedValues: [dev, prod]}
            Conditions:
              IsProd: !Equals [!Ref Stage, prod]
              IsDev: !Not [!Condition IsProd]
            Resources:
              WorkQueue:
                Type: AWS::SQS::Queue
              NamedTable:
                Type: AWS::DynamoDB::Table
                Properties: {TableName: !Sub "${AWS::StackName}-${Stage}-table"}
              ProdOnlyQueue:
                Type: AWS::SQS::Queue
                Condition: IsProd
              Function:
                Type: AWS::Serverless::Function
                Properties:
                  Environment:
                    Variables:
                      QUEUE_URL: !Ref WorkQueue
                      QUEUE_ARN: !GetAtt WorkQueue.Arn
                      QUEUE_NAME: !GetAtt [WorkQueue, QueueName]
                      TABLE: !Ref NamedTable
                      SUB: !Sub "${WorkQueue.Arn}|${AWS::Region}|${!Literal}"
                      SUB_VARIABLES: !Sub ["${Greeting} ${Stage}", {Greeting: hello}]
                      CHOSEN: !If [IsDev, development, production]
                      DROPPED: !If [IsProd, kept, !Ref AWS::NoValue]
            """);

        Props variables = template.resources()
                .get("Function")
                .properties()
                .props("Environment")
                .props("Variables");
        assertEquals("http://127.0.0.1:9324/000000000000/stack-work-queue", variables.string("QUEUE_URL"));
        assertEquals("arn:aws:sqs:ap-northeast-2:000000000000:stack-work-queue", variables.string("QUEUE_ARN"));
        assertEquals("stack-work-queue", variables.string("QUEUE_NAME"));
        assertEquals("stack-dev-table", variables.string("TABLE"));
        assertEquals(
                "arn:aws:sqs:ap-northeast-2:000000000000:stack-work-queue|ap-northeast-2|${Literal}",
                variables.string("SUB"));
        assertEquals("hello dev", variables.string("SUB_VARIABLES"));
        assertEquals("development", variables.string("CHOSEN"));
        assertFalse(variables.has("DROPPED"), "AWS::NoValue removes the property");
        assertFalse(
                template.resources().containsKey("ProdOnlyQueue"),
                "a resource whose condition is false does not exist");
    }

    @Test
    void anIntrinsicTheTemplateDoesNotUseIsRefusedByName() {
        TemplateException refused = assertThrows(TemplateException.class, () -> load("""
            Resources:
              Function:
                Type: AWS::Serverless::Function
                Properties: {Description: !Join ["-", [a, b]]}
            """));
        assertTrue(refused.getMessage().contains("Fn::Join is not supported by the local stack"), refused.getMessage());
    }

    @Test
    void parameterOverridesWinOverLocalDefaultsAndTemplateDefaults() throws Exception {
        Path file = write("""
            Parameters:
              A: {Type: String, Default: template}
              B: {Type: String, Default: template}
              C: {Type: Number, Default: 5, MinValue: 1, MaxValue: 9}
            Resources:
              Queue: {Type: AWS::SQS::Queue}
            """);
        LocalTemplate template = LocalTemplate.load(
                file, NAMING, Map.of("A", "local", "B", "local", "Unused", "x"), Map.of("A", "given"));

        assertEquals("given", template.parameter("A"));
        assertEquals("local", template.parameter("B"));
        assertEquals("5", template.parameter("C"));
        TemplateException outOfRange = assertThrows(
                TemplateException.class, () -> LocalTemplate.load(file, NAMING, Map.of(), Map.of("C", "10")));
        assertTrue(outOfRange.getMessage().contains("Parameters.C"), outOfRange.getMessage());
        TemplateException unknown = assertThrows(
                TemplateException.class, () -> LocalTemplate.load(file, NAMING, Map.of(), Map.of("Typo", "1")));
        assertTrue(unknown.getMessage().contains("Typo"), unknown.getMessage());
    }

    @Test
    void brokenReferenceNamesThePropertyThatHoldsIt() throws Exception {
        TemplateException failure = assertThrows(TemplateException.class, () -> load("""
            Resources:
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  RedrivePolicy: {deadLetterTargetArn: !GetAtt Missing.Arn, maxReceiveCount: 3}
            """));

        assertTrue(
                failure.getMessage().contains("Resources.Queue.Properties.RedrivePolicy.deadLetterTargetArn"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("Missing"), failure.getMessage());
    }

    @Test
    void logicalIdsBecomeKebabCaseNames() {
        assertEquals("stack-ingest-dead-letter-queue", NAMING.defaultName("IngestDeadLetterQueue"));
        assertEquals("stack-sqs-queue2", NAMING.defaultName("SQSQueue2"));
        assertEquals("stack-roster-bucket", NAMING.defaultName("RosterBucket"));
    }

    private LocalTemplate load(String yaml) throws Exception {
        return LocalTemplate.load(write(yaml), NAMING, Map.of(), Map.of());
    }

    private Path write(String yaml) throws Exception {
        return Files.writeString(directory.resolve("template.yaml"), yaml);
    }
}
