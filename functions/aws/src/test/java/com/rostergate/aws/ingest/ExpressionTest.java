package com.rostergate.aws.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ExpressionTest {

    @Test
    void everyNameAndValueIsAPlaceholder() {
        Expression expression = new Expression()
                .set("status", AttributeValue.fromS("WRITING"))
                .setIfAbsent("first_failure_at", AttributeValue.fromS("t"))
                .add("rows_written", 25)
                .remove("error");
        String status = expression.name("status");
        expression.when(status + " = " + expression.value("SPLITTING"));

        assertEquals("SET #n0 = :v0, #n1 = if_not_exists(#n1, :v1) ADD #n2 :v2 REMOVE #n3", expression.update());
        assertEquals("#n4 = :v3", expression.condition());
        assertEquals(
                Map.of(
                        "#n0",
                        "status",
                        "#n1",
                        "first_failure_at",
                        "#n2",
                        "rows_written",
                        "#n3",
                        "error",
                        "#n4",
                        "status"),
                expression.names());
        assertEquals(
                Map.of(
                        ":v0",
                        AttributeValue.fromS("WRITING"),
                        ":v1",
                        AttributeValue.fromS("t"),
                        ":v2",
                        AttributeValue.fromN("25"),
                        ":v3",
                        AttributeValue.fromS("SPLITTING")),
                expression.values());
    }

    @Test
    void anEmptyExpressionHasNoMaps() {
        assertNull(new Expression().names());
        assertNull(new Expression().values());
    }
}
