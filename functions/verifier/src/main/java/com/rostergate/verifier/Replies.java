package com.rostergate.verifier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rostergate.core.json.JsonTrees;

/**
 * Kakao-shaped reply bodies (contracts/kakao-validation-reply and contracts/kakao-skill-response).
 * The employee's name, department and position go into {@code data} only when configured.
 */
final class Replies {

    private final VerifierConfig config;

    Replies(VerifierConfig config) {
        this.config = config;
    }

    byte[] reply(SkillRequest.Shape shape, Verdict verdict) {
        return shape == SkillRequest.Shape.SKILL ? skillResponse(verdict) : validationReply(verdict);
    }

    /** {@code {"version":"2.0","status":"SUCCESS"|"FAIL","message":...,"data":{...}}} */
    byte[] validationReply(Verdict verdict) {
        ObjectNode reply = JsonTrees.object();
        reply.put("version", "2.0");
        reply.put("status", status(verdict));
        reply.put("message", message(verdict));
        if (config.replyWithEmployee() && verdict.isVerified()) {
            putEmployee(reply.putObject("data"), verdict.employee());
        }
        return bytes(reply);
    }

    /** {@code {"version":"2.0","template":{"outputs":[{"simpleText":{"text":...}}]},"data":{"status":...}}} */
    byte[] skillResponse(Verdict verdict) {
        ObjectNode reply = JsonTrees.object();
        reply.put("version", "2.0");
        reply.putObject("template")
                .putArray("outputs")
                .addObject()
                .putObject("simpleText")
                .put("text", message(verdict));
        ObjectNode data = reply.putObject("data");
        data.put("status", status(verdict));
        if (config.replyWithEmployee() && verdict.isVerified()) {
            putEmployee(data, verdict.employee());
        }
        return bytes(reply);
    }

    /** A FAIL for a request refused before verification (401, 413, 400), saying why. */
    byte[] rejection(Reason reason) {
        ObjectNode reply = JsonTrees.object();
        reply.put("version", "2.0");
        reply.put("status", "FAIL");
        reply.put(
                "message",
                switch (reason) {
                    case CALLER_UNAUTHORIZED, SKILL_SECRET_NOT_SET ->
                        "caller not authorised: missing or wrong "
                                + config.callerCheck().describe();
                    case BODY_TOO_LARGE -> "request body larger than " + SkillEndpoint.MAX_BODY_BYTES + " bytes";
                    default -> "request is not a Kakao skill or parameter-validation payload";
                });
        return bytes(reply);
    }

    private String status(Verdict verdict) {
        return verdict.isVerified() ? "SUCCESS" : "FAIL";
    }

    private String message(Verdict verdict) {
        return verdict.isVerified() ? config.successMessage() : config.failMessage();
    }

    private static void putEmployee(ObjectNode data, Employee employee) {
        putIfPresent(data, "name", employee.name());
        putIfPresent(data, "department", employee.department());
        putIfPresent(data, "position", employee.position());
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static byte[] bytes(ObjectNode reply) {
        return JsonTrees.bytes(reply);
    }
}
