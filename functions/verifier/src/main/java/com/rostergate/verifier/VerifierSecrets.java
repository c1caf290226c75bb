package com.rostergate.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.rostergate.aws.AwsClients;
import com.rostergate.core.json.JsonTrees;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The Kakao REST API key and the skill secret, by reference: the function's environment holds only the
 * ARN of the Secrets Manager secret the template makes ({@code VERIFIER_SECRETS}), read once here, at init
 * (before a SnapStart snapshot), so {@code lambda:GetFunctionConfiguration} shows no secret. The secret is
 * JSON: {@code {"kakaoRestApiKey": ..., "skillSecret": ...}}. Values in the environment itself are ignored.
 */
final class VerifierSecrets {

    static final String REFERENCE = "VERIFIER_SECRETS";
    /** The settings the secret's fields become (what {@link VerifierConfig} reads). */
    private static final Map<String, String> FIELDS =
            Map.of("kakaoRestApiKey", "KAKAO_REST_API_KEY", "skillSecret", "SKILL_SECRET");
    /** Init on Lambda may take 10 s; a Secrets Manager that does not answer in a few fails the start instead. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

    private VerifierSecrets() {}

    /** The settings a handler is built from, and how long reading the secret took. */
    record Resolved(Map<String, String> settings, long readMs) {
        @Override
        public String toString() {
            return "Resolved[" + settings.size() + " settings, read in " + readMs + " ms]";
        }
    }

    /** {@code env} with the secret's values in place of anything the environment itself says about them. */
    static Resolved resolve(Map<String, String> env) {
        String reference = env.get(REFERENCE);
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException(REFERENCE + " is not set: the verifier reads its secrets by reference");
        }
        long start = System.nanoTime();
        JsonNode secret = read(env, reference);
        long readMs = (System.nanoTime() - start) / 1_000_000;
        Map<String, String> settings = new HashMap<>(env);
        FIELDS.forEach((field, setting) -> {
            settings.remove(setting);
            JsonNode value = secret.path(field);
            if (value.isTextual()) {
                settings.put(setting, value.asText());
            }
        });
        return new Resolved(Map.copyOf(settings), readMs);
    }

    private static JsonNode read(Map<String, String> env, String reference) {
        AwsClients clients = AwsClients.builder(env)
                .connectTimeout(CALL_TIMEOUT)
                .socketTimeout(CALL_TIMEOUT)
                .apiCallTimeout(CALL_TIMEOUT)
                .build();
        String text;
        try (SecretsManagerClient secrets = clients.build(SecretsManagerClient.builder(), "SECRETS_MANAGER")) {
            text = secrets.getSecretValue(request -> request.secretId(reference))
                    .secretString();
        }
        try {
            JsonNode secret = text == null ? null : JsonTrees.read(text);
            if (secret == null || !secret.isObject()) {
                throw new IllegalArgumentException(REFERENCE + ": the secret is not a JSON object");
            }
            return secret;
        } catch (IOException e) {
            // Never the parser's message: it quotes the secret's text.
            throw new IllegalArgumentException(REFERENCE + ": the secret is not JSON");
        }
    }
}
