package com.rostergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rostergate.local.template.CloudFormationYaml;
import com.rostergate.local.template.TemplateException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What sam/template.yaml promises about the verifier: closed by default. Reads the template; no stack runs. */
class VerifierTemplateTest {

    private static final Path TEMPLATE = TestStacks.repoRoot().resolve("sam/template.yaml");
    private static final JsonNode TEMPLATE_JSON = TestStacks.JSON.valueToTree(CloudFormationYaml.load(TEMPLATE));

    @Test
    void theSkillSecretHasNoDefaultAndAShortOneIsRefused() {
        JsonNode secret = TEMPLATE_JSON.at("/Parameters/SkillSecret");
        assertFalse(secret.has("Default"), "no default secret: the deployer must choose one");
        assertTrue(secret.path("NoEcho").asBoolean());
        assertTrue(secret.path("MinLength").asInt() >= 32, secret.toString());
        String pattern = secret.path("AllowedPattern").asText();
        assertTrue("a".repeat(32).matches(pattern) && !"a".repeat(31).matches(pattern) && !"a".repeat(31).concat("/").matches(pattern));

        String shortSecret = "thirty-one-characters-secret-00";
        TemplateException failure = assertThrows(TemplateException.class, () ->
            TestStacks.withTestHandlers().skillSecret(shortSecret).start().close());
        assertTrue(failure.getMessage().contains("Parameters.SkillSecret"), failure.getMessage());
        assertFalse(failure.getMessage().contains(shortSecret), "the refused secret is not printed: " + failure.getMessage());
    }

    @Test
    void theSecretIsPresentedInAHeaderByDefaultOrAsAPathToken() {
        assertEquals("header", TEMPLATE_JSON.at("/Parameters/SkillSecretIn/Default").asText());
        assertEquals("[\"header\",\"path\"]", TEMPLATE_JSON.at("/Parameters/SkillSecretIn/AllowedValues").toString());
        JsonNode verifier = TEMPLATE_JSON.at("/Resources/VerifierFunction/Properties");
        assertEquals("{\"Ref\":\"SkillSecretIn\"}", verifier.at("/Environment/Variables/SKILL_SECRET_IN").toString());
        assertEquals("/skill/verify", verifier.at("/Events/KakaoSkill/Properties/Path").asText());
        assertEquals("/skill/verify/{token}", verifier.at("/Events/KakaoSkillWithPathToken/Properties/Path").asText());
    }
}
