package com.rostergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rostergate.local.template.CloudFormationYaml;
import com.rostergate.local.template.TemplateException;
import com.rostergate.verifier.VerifierConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What sam/template.yaml promises about the verifier: closed by default, answered before its Timeout.
 * Reads the template; no stack runs.
 */
class VerifierTemplateTest {

    private static final JsonNode TEMPLATE_JSON =
            TestStacks.JSON.valueToTree(CloudFormationYaml.load(TestStacks.TEMPLATE));

    @Test
    void theSkillSecretHasNoDefaultAndAShortOneIsRefused() {
        JsonNode secret = TEMPLATE_JSON.at("/Parameters/SkillSecret");
        assertFalse(secret.has("Default"), "no default secret: the deployer must choose one");
        assertTrue(secret.path("NoEcho").asBoolean());
        assertTrue(secret.path("MinLength").asInt() >= 32, secret.toString());
        String pattern = secret.path("AllowedPattern").asText();
        assertTrue("a".repeat(32).matches(pattern)
                && !"a".repeat(31).matches(pattern)
                && !"a".repeat(31).concat("/").matches(pattern));

        String shortSecret = "thirty-one-characters-secret-00";
        TemplateException failure = assertThrows(
                TemplateException.class,
                () -> TestStacks.withTestHandlers()
                        .skillSecret(shortSecret)
                        .start()
                        .close());
        assertTrue(failure.getMessage().contains("Parameters.SkillSecret"), failure.getMessage());
        assertFalse(
                failure.getMessage().contains(shortSecret),
                "the refused secret is not printed: " + failure.getMessage());
    }

    /**
     * Beyond the budget the invocation parses the event before it and writes the reply and the log line after it;
     * on a cold start without SnapStart that first request's own work is about 0.3 s here (bench/run --only cold).
     */
    private static final int WORK_AROUND_THE_BUDGET_MS = 1000;

    @Test
    void theFunctionsTimeoutCoversTheLargestBudgetAndTheWorkAroundIt() {
        JsonNode budget = TEMPLATE_JSON.at("/Parameters/VerifyBudgetMs");
        int timeoutMs = TEMPLATE_JSON
                        .at("/Resources/VerifierFunction/Properties/Timeout")
                        .asInt()
                * 1000;
        int largestBudgetMs = budget.path("MaxValue").asInt();

        assertTrue(
                timeoutMs >= largestBudgetMs + WORK_AROUND_THE_BUDGET_MS,
                "Timeout " + timeoutMs + " ms < VerifyBudgetMs MaxValue " + largestBudgetMs + " + "
                        + WORK_AROUND_THE_BUDGET_MS);
        assertEquals(VerifierConfig.MAX_BUDGET_MS, largestBudgetMs, "the function refuses what the template refuses");
        assertTrue(budget.path("Default").asInt() <= largestBudgetMs);
        int apiTimeoutMs = TEMPLATE_JSON
                .at("/Resources/VerifierFunction/Properties/Events/KakaoSkill/Properties/TimeoutInMillis")
                .asInt();
        assertTrue(
                apiTimeoutMs >= timeoutMs,
                "the HTTP API waits for the function's answer, a FAIL at the budget included");
    }

    @Test
    void everyFunctionRunsOnJava25WithItsOwnJvmFlags() {
        assertFalse(
                TEMPLATE_JSON.at("/Globals/Function").has("Runtime"), "each zip function names it; an image has none");
        assertFalse(TEMPLATE_JSON.at("/Globals/Function/Environment/Variables").has("JAVA_TOOL_OPTIONS"));
        TEMPLATE_JSON.get("Resources").fields().forEachRemaining(resource -> {
            JsonNode properties = resource.getValue().path("Properties");
            if (resource.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                boolean image = properties.path("PackageType").asText().equals("Image");
                assertEquals(image ? "" : "java25", properties.path("Runtime").asText(), resource.getKey());
                assertFalse(
                        properties.at("/Environment/Variables").has("JAVA_TOOL_OPTIONS"),
                        resource.getKey()
                                + ": JAVA_TOOL_OPTIONS would override java25's flags (full tiers under SnapStart)");
            }
        });
        assertEquals(
                "PublishedVersions",
                TEMPLATE_JSON
                        .at("/Resources/VerifierFunction/Properties/SnapStart/ApplyOn")
                        .asText());
    }

    @Test
    void theSecretsAreReadByReferenceUnderLeastPrivilege() {
        JsonNode verifier = TEMPLATE_JSON.at("/Resources/VerifierFunction/Properties");
        JsonNode variables = verifier.at("/Environment/Variables");
        assertEquals(
                "{\"Ref\":\"VerifierSecrets\"}",
                variables.path("VERIFIER_SECRETS").toString());
        variables
                .fields()
                .forEachRemaining(variable -> assertFalse(
                        variable.getValue().toString().contains("KakaoRestApiKey")
                                || variable.getValue().toString().contains("SkillSecret\""),
                        variable.getKey() + " carries a secret"));
        assertEquals(
                "AWS::SecretsManager::Secret",
                TEMPLATE_JSON.at("/Resources/VerifierSecrets/Type").asText());
        boolean granted = false;
        for (JsonNode statement : verifier.at("/Policies/0/Statement")) {
            if (statement.path("Action").asText().startsWith("secretsmanager:")) {
                assertEquals(
                        "secretsmanager:GetSecretValue",
                        statement.path("Action").asText());
                assertEquals(
                        "{\"Ref\":\"VerifierSecrets\"}",
                        statement.path("Resource").toString());
                granted = true;
            }
        }
        assertTrue(granted, "the verifier may read its secret");
    }

    @Test
    void theContainerImageIsTheSameSkillOfferedInsteadOfTheZip() {
        JsonNode resources = TEMPLATE_JSON.get("Resources");
        JsonNode zip = resources.at("/VerifierFunction");
        JsonNode image = resources.at("/VerifierImageFunction");
        assertEquals("VerifierAsZip", zip.path("Condition").asText());
        assertEquals("VerifierAsImage", image.path("Condition").asText());
        assertEquals("Image", image.at("/Properties/PackageType").asText());
        assertEquals(
                "{\"Ref\":\"VerifierImageUri\"}",
                image.at("/Properties/ImageUri").toString());
        assertEquals(
                "zip", TEMPLATE_JSON.at("/Parameters/VerifierPackage/Default").asText());
        for (String property : List.of("Timeout", "MemorySize", "Environment", "Policies")) {
            assertEquals(
                    zip.at("/Properties/" + property), image.at("/Properties/" + property), property + " is the zip's");
        }
        assertEquals(zip.at("/Properties/Events/KakaoSkill"), image.at("/Properties/Events/KakaoSkillImage"));
        assertEquals(
                zip.at("/Properties/Events/KakaoSkillWithPathToken"),
                image.at("/Properties/Events/KakaoSkillImageWithPathToken"));
        assertEquals(
                "VerifierAsImage",
                resources.at("/VerifierImageLogGroup/Condition").asText());
    }

    @Test
    void theSecretIsPresentedInAHeaderByDefaultOrAsAPathToken() {
        assertEquals(
                "header", TEMPLATE_JSON.at("/Parameters/SkillSecretIn/Default").asText());
        assertEquals(
                "[\"header\",\"path\"]",
                TEMPLATE_JSON.at("/Parameters/SkillSecretIn/AllowedValues").toString());
        JsonNode verifier = TEMPLATE_JSON.at("/Resources/VerifierFunction/Properties");
        assertEquals(
                "{\"Ref\":\"SkillSecretIn\"}",
                verifier.at("/Environment/Variables/SKILL_SECRET_IN").toString());
        assertEquals(
                "/skill/verify",
                verifier.at("/Events/KakaoSkill/Properties/Path").asText());
        assertEquals(
                "/skill/verify/{token}",
                verifier.at("/Events/KakaoSkillWithPathToken/Properties/Path").asText());
    }
}
