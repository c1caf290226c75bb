package com.rostergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** The JSON Schemas in contracts/ (draft 2020-12). */
final class Contracts {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private Contracts() {
    }

    static Path file(String relative) {
        return TestStacks.repoRoot().resolve("contracts").resolve(relative);
    }

    static void assertValid(String name, JsonNode document) {
        JsonSchema schema;
        try {
            schema = FACTORY.getSchema(Files.readString(file(name + ".schema.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(Set.of(), schema.validate(document), name + " rejects " + document);
    }
}
