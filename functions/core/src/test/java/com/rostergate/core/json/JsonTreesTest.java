package com.rostergate.core.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JsonTrees reads the same trees and writes the same bytes as the ObjectMapper it stands in for. */
class JsonTreesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"version\":\"2.0\",\"user\":{\"properties\":{\"appUserId\":\"8d3a\",\"app_user_id\":2113105765}}}",
                "{\"value\":{\"origin\":\"임직원 인증\",\"resolved\":\"{\\\"otp\\\":\\\"https://x/otp/a/profile\\\"}\"}}",
                "{\"a\":[1,-2,2147483648,-9223372036854775809,12345678901234567890123,1.5,-0.0,1e300,2E-5]}",
                "{\"t\":true,\"f\":false,\"n\":null,\"e\":{},\"ea\":[],\"nested\":[[{\"x\":[null]}]]}",
                "{\"escapes\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0000\\u00e9\\ud83d\\ude00\"}",
                "{\"same\":1,\"same\":\"last wins\"}",
                "  [\"top-level array\", 3]  ",
                "\"a bare string\"",
                "42",
                "null",
                "{\"trailing\":true} {\"ignored\":1}",
                "",
                "   \n "
            })
    void readsWhatObjectMapperReadsAndWritesWhatItWrites(String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        JsonNode expected = MAPPER.readTree(bytes);
        JsonNode tree = JsonTrees.read(bytes);

        assertEquals(expected, tree);
        assertEquals(expected.getClass(), tree.getClass());
        assertEquals(MAPPER.readTree(json), JsonTrees.read(json));
        if (!tree.isMissingNode()) {
            assertArrayEquals(MAPPER.writeValueAsBytes(expected), JsonTrees.bytes(tree));
            assertEquals(expected.toString(), JsonTrees.text(tree));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"a\":}", "[1,]", "{'single':1}", "{\"a\":1,}", "tru", "{\"a\" 1}", "\"open"})
    void refusesWhatObjectMapperRefuses(String json) {
        assertThrows(IOException.class, () -> MAPPER.readTree(json));
        assertThrows(IOException.class, () -> JsonTrees.read(json));
        assertThrows(IOException.class, () -> JsonTrees.read(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void nestingBeyondTheParsersLimitIsAnIoExceptionNotAStackOverflow() {
        String deep = "[".repeat(5000) + "]".repeat(5000);

        assertThrows(IOException.class, () -> JsonTrees.read(deep));
    }

    @Test
    void writesEveryNumberKindAsObjectMapperDoes() throws IOException {
        ObjectNode numbers = JsonTrees.object()
                .put("int", 7)
                .put("long", 1L << 40)
                .put("short", (short) 3)
                .put("float", 1.25f)
                .put("double", 0.1)
                .put("big", new BigInteger("123456789012345678901234567890"))
                .put("decimal", new BigDecimal("1.50"));
        numbers.putArray("list").add(1).add(2.5).addNull().add("x");

        assertArrayEquals(MAPPER.writeValueAsBytes(numbers), JsonTrees.bytes(numbers));
    }
}
