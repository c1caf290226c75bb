package com.rostergate.verifier;

import com.rostergate.core.telemetry.EmfMetrics;
import com.rostergate.core.telemetry.JsonLog;
import java.util.Locale;

/**
 * One JSON line per request: outcome, reason code, masked phone, latency, request id. Built only from
 * fixed codes and already-masked values, so no secret, key, token or full number can reach it. The
 * same line is a CloudWatch EMF document: metric {@code Verifications} and {@code VerificationLatency}
 * by Outcome (SUCCESS, FAIL, TIMEOUT) and by Reason.
 */
final class VerificationLog {

    private VerificationLog() {}

    static void write(JsonLog log, SkillRequest.Shape shape, int status, Verdict verdict, long latencyMs) {
        String outcome = verdict.isVerified() ? "SUCCESS" : verdict.reason() == Reason.TIMEOUT ? "TIMEOUT" : "FAIL";
        EmfMetrics metrics = new EmfMetrics("verifier")
                .dimension("Outcome", outcome)
                .alsoBy("Service", "Reason")
                .field("Reason", verdict.reason().name())
                .count("Verifications", 1)
                .milliseconds("VerificationLatency", latencyMs);
        (verdict.reason() == Reason.INTERNAL_ERROR ? log.error("skill-verification") : log.info("skill-verification"))
                .field("shape", shape == null ? null : shape.name().toLowerCase(Locale.ROOT))
                .field("httpStatus", status)
                .field("outcome", verdict.isVerified() ? "SUCCESS" : "FAIL")
                .field("reason", verdict.reason().name())
                .field("detail", verdict.detail())
                .field("phone", verdict.maskedPhone())
                .field("latencyMs", latencyMs)
                .metrics(metrics)
                .write();
    }
}
