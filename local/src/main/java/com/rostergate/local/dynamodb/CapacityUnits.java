package com.rostergate.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * DynamoDB's item sizes and capacity units, read from the wire (JSON) form of items: a write unit
 * per 1 KB written, a read unit per 4 KB read strongly consistent (half that eventually consistent),
 * rounded up, at least one unit a call.
 */
final class CapacityUnits {

    static final int WRITE_UNIT_BYTES = 1024;
    static final int READ_UNIT_BYTES = 4096;

    private CapacityUnits() {}

    static double write(long bytes) {
        return Math.max(1, Math.ceil(bytes / (double) WRITE_UNIT_BYTES));
    }

    static double read(long bytes, boolean consistent) {
        double units = Math.max(1, Math.ceil(bytes / (double) READ_UNIT_BYTES));
        return consistent ? units : units / 2;
    }

    /** An item's size as DynamoDB counts it: each attribute name's UTF-8 length plus its value's size. */
    static long itemSize(JsonNode item) {
        long size = 0;
        if (item == null) {
            return size;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = item.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> attribute = fields.next();
            size += utf8(attribute.getKey()) + valueSize(attribute.getValue());
        }
        return size;
    }

    /** A typed value ({@code {"S": "..."}}, {@code {"M": {...}}}...): maps and lists cost 3 bytes plus 1 an element. */
    static long valueSize(JsonNode typed) {
        Map.Entry<String, JsonNode> value =
                typed.fields().hasNext() ? typed.fields().next() : null;
        if (value == null) {
            return 0;
        }
        JsonNode content = value.getValue();
        long size = 0;
        switch (value.getKey()) {
            case "S" -> size = utf8(content.asText());
            case "N" -> size = numberSize(content.asText());
            case "B" -> size = Base64.getDecoder().decode(content.asText()).length;
            case "SS" -> {
                for (JsonNode element : content) {
                    size += utf8(element.asText());
                }
            }
            case "NS" -> {
                for (JsonNode element : content) {
                    size += numberSize(element.asText());
                }
            }
            case "BS" -> {
                for (JsonNode element : content) {
                    size += Base64.getDecoder().decode(element.asText()).length;
                }
            }
            case "M" -> size = 3 + itemSize(content) + content.size();
            case "L" -> {
                size = 3 + content.size();
                for (JsonNode element : content) {
                    size += valueSize(element);
                }
            }
            default -> size = 1; // BOOL, NULL
        }
        return size;
    }

    /** One byte per two significant digits, plus one. */
    private static long numberSize(String number) {
        String digits = number.replaceAll("[^0-9]", "").replaceAll("^0+", "").replaceAll("0+$", "");
        return (digits.length() + 1) / 2 + 1;
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
