package com.rostergate.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** The JSON Schemas in contracts/, read from the repository root. */
final class Contracts {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private Contracts() {
    }

    static JsonSchema schema(String name) {
        return FACTORY.getSchema(TestEvents.tree(
            TestEvents.read("contracts/" + name + ".schema.json").getBytes(StandardCharsets.UTF_8)));
    }

    static void assertValid(String name, JsonNode document) {
        Set<ValidationMessage> errors = schema(name).validate(document);
        assertEquals(Set.of(), errors, name + " rejects " + document);
    }
}
