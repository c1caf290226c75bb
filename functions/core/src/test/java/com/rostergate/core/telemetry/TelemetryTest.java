package com.rostergate.core.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TelemetryTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void emfDocumentDeclaresEveryMetricUnderEachDimensionSet() {
        JsonNode line = json.valueToTree(new EmfMetrics("verifier")
                .dimension("Outcome", "FAIL")
                .alsoBy("Service", "Reason")
                .field("Reason", "TIMEOUT")
                .count("Verifications", 1)
                .milliseconds("VerificationLatency", 12.5)
                .document());

        JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
        assertEquals(EmfMetrics.NAMESPACE, directive.get("Namespace").asText());
        assertEquals(
                "[[\"Service\",\"Outcome\"],[\"Service\",\"Reason\"]]",
                directive.get("Dimensions").toString());
        assertEquals("Verifications", directive.at("/Metrics/0/Name").asText());
        assertEquals("Count", directive.at("/Metrics/0/Unit").asText());
        assertEquals("VerificationLatency", directive.at("/Metrics/1/Name").asText());
        assertEquals("Milliseconds", directive.at("/Metrics/1/Unit").asText());
        assertEquals("verifier", line.get("Service").asText());
        assertEquals("FAIL", line.get("Outcome").asText());
        assertEquals("TIMEOUT", line.get("Reason").asText());
        assertEquals(1, line.get("Verifications").asInt());
        assertEquals(12.5, line.get("VerificationLatency").asDouble());
        assertEquals(true, line.at("/_aws/Timestamp").isNumber());
    }
}
