package com.rostergate.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StackDefinitionTest {

    private static final LocalNaming NAMING =
            new LocalNaming("stack", "000000000000", "ap-northeast-2", "http://127.0.0.1:9324");

    @TempDir
    Path directory;

    @Test
    void scheduleEventsBecomeRulesWithTheirRate() throws Exception {
        StackDefinition stack = read("""
            Check:
              Type: Schedule
              Properties: {Schedule: rate(5 minutes)}
            Hourly:
              Type: Schedule
              Properties: {Schedule: rate(1 hour), Name: hourly-check}
            Off:
              Type: Schedule
              Properties: {Schedule: rate(1 day), Enabled: false}
            """);

        assertEquals(
                List.of(
                        new ScheduleDefinition(
                                "stack-function-check",
                                "arn:aws:events:ap-northeast-2:000000000000:rule/stack-function-check",
                                "Function",
                                Duration.ofMinutes(5)),
                        new ScheduleDefinition(
                                "hourly-check",
                                "arn:aws:events:ap-northeast-2:000000000000:rule/hourly-check",
                                "Function",
                                Duration.ofHours(1))),
                stack.schedules());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"cron(0/5 * * * ? *)", "rate(5 minute)", "rate(1 minutes)", "rate(0 minutes)", "rate(5 weeks)"})
    void aScheduleTheLocalStackCannotRunFaithfullyFailsNamingTheProperty(String expression) throws Exception {
        TemplateException failure = assertThrows(TemplateException.class, () -> read("""
            Check:
              Type: Schedule
              Properties: {Schedule: "%s"}
            """.formatted(expression)));

        assertTrue(
                failure.getMessage().contains("Resources.Function.Properties.Events.Check.Properties.Schedule"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains(expression), failure.getMessage());
    }

    @Test
    void anEventTypeTheLocalStackDoesNotRunFailsTheStart() {
        TemplateException failure = assertThrows(TemplateException.class, () -> read("""
            Stream:
              Type: Kinesis
              Properties: {Stream: arn:aws:kinesis:ap-northeast-2:000000000000:stream/s, StartingPosition: LATEST}
            """));

        assertTrue(
                failure.getMessage().contains("Resources.Function.Properties.Events.Stream.Type"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("Kinesis is not run by the local stack"), failure.getMessage());
    }

    /** A template with one function whose Events section is {@code events} (indented by two spaces). */
    private StackDefinition read(String events) throws Exception {
        String template = """
            Resources:
              Function:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: example.Handler::handleRequest
                  Events:
            """ + events.indent(8);
        Path file = Files.writeString(directory.resolve("template.yaml"), template);
        return StackDefinition.read(LocalTemplate.load(file, NAMING, Map.of(), Map.of()));
    }
}
