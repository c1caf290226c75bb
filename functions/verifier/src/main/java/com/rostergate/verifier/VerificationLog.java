package com.rostergate.verifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rostergate.core.telemetry.EmfMetrics;

/**
 * One JSON line per request: outcome, reason code, masked phone, latency, request id. Built only from
 * fixed codes and already-masked values, so no secret, key, token or full number can reach it. The
 * same line is a CloudWatch EMF document: metric {@code Verifications} and {@code VerificationLatency}
 * by Outcome (SUCCESS, FAIL, TIMEOUT) and by Reason.
 */
final class VerificationLog {

    private VerificationLog() {
    }

    static String line(ObjectMapper json, String awsRequestId, SkillRequest.Shape shape, int status,
                       Verdict verdict, long latencyMs) {
        ObjectNode line = json.createObjectNode();
        line.put("event", "skill-verification");
        line.put("awsRequestId", awsRequestId);
        line.put("shape", shape == null ? null : shape.name().toLowerCase(java.util.Locale.ROOT));
        line.put("httpStatus", status);
        line.put("outcome", verdict.isVerified() ? "SUCCESS" : "FAIL");
        line.put("reason", verdict.reason().name());
        if (verdict.detail() != null) {
            line.put("detail", verdict.detail());
        }
        if (verdict.maskedPhone() != null) {
            line.put("phone", verdict.maskedPhone());
        }
        line.put("latencyMs", latencyMs);
        String outcome = verdict.isVerified() ? "SUCCESS" : verdict.reason() == Reason.TIMEOUT ? "TIMEOUT" : "FAIL";
        EmfMetrics metrics = new EmfMetrics("verifier").dimension("Outcome", outcome)
            .alsoBy("Service", "Reason").field("Reason", verdict.reason().name())
            .count("Verifications", 1).milliseconds("VerificationLatency", latencyMs);
        line.setAll((ObjectNode) json.valueToTree(metrics.document()));
        return line.toString();
    }
}
