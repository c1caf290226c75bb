package com.rostergate.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rostergate.core.json.JsonTrees;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The parts of an API Gateway proxy event the verifier reads (HTTP API payload v2 and REST API v1
 * share them: {@code headers}, {@code body}, {@code isBase64Encoded}, {@code requestContext.requestId};
 * v1 may repeat headers in {@code multiValueHeaders}) and the proxy response it writes.
 */
final class ApiGateway {

    private ApiGateway() {}

    /** A header's value by case-insensitive name (HTTP names are; v1 keeps the client's spelling), or null. */
    static String header(JsonNode event, String name) {
        String single = find(event.path("headers"), name);
        if (single != null) {
            return single;
        }
        JsonNode values = findNode(event.path("multiValueHeaders"), name);
        return values != null
                        && values.isArray()
                        && values.size() > 0
                        && values.get(0).isTextual()
                ? values.get(0).asText()
                : null;
    }

    /** A path parameter of the matched route ({@code pathParameters}, in v2 and v1 alike), or null. */
    static String pathParameter(JsonNode event, String name) {
        JsonNode value = event.path("pathParameters").path(name);
        return value.isTextual() ? value.asText() : null;
    }

    static String requestId(JsonNode event) {
        JsonNode id = event.path("requestContext").path("requestId");
        return id.isTextual() ? id.asText() : null;
    }

    /** The request body as bytes, base64-decoded when the event says so; refused past {@code maxBytes}. */
    static byte[] body(JsonNode event, int maxBytes) throws RequestRejected {
        JsonNode body = event.get("body");
        if (body == null || !body.isTextual()) {
            throw new RequestRejected(400, Reason.MALFORMED_REQUEST);
        }
        String text = body.asText();
        byte[] bytes;
        if (event.path("isBase64Encoded").asBoolean(false)) {
            if (text.length() > (maxBytes + 2) / 3 * 4) {
                throw new RequestRejected(413, Reason.BODY_TOO_LARGE);
            }
            try {
                bytes = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new RequestRejected(400, Reason.MALFORMED_REQUEST);
            }
        } else {
            if (text.length() > maxBytes) {
                throw new RequestRejected(413, Reason.BODY_TOO_LARGE);
            }
            bytes = text.getBytes(StandardCharsets.UTF_8);
        }
        if (bytes.length > maxBytes) {
            throw new RequestRejected(413, Reason.BODY_TOO_LARGE);
        }
        return bytes;
    }

    /** The proxy response: the same keys serve payload v2 and v1. */
    static byte[] response(int status, byte[] body) {
        ObjectNode response = JsonTrees.object();
        response.put("statusCode", status);
        response.putObject("headers").put("Content-Type", "application/json; charset=utf-8");
        response.put("isBase64Encoded", false);
        response.put("body", new String(body, StandardCharsets.UTF_8));
        return JsonTrees.bytes(response);
    }

    private static String find(JsonNode headers, String name) {
        JsonNode value = findNode(headers, name);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static JsonNode findNode(JsonNode headers, String name) {
        if (!headers.isObject()) {
            return null;
        }
        for (Map.Entry<String, JsonNode> field : headers.properties()) {
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return null;
    }

    /** A request answered before verification: its status and the reason logged. */
    static final class RequestRejected extends Exception {
        final int status;
        final Reason reason;

        RequestRejected(int status, Reason reason) {
            super(reason.name(), null, false, false);
            this.status = status;
            this.reason = reason;
        }
    }
}
