package com.rostergate.local.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** The local GetSecretValue through the real SDK client, as the verifier calls it at start. */
class SecretsManagerServerTest {

    static final String ARN =
            "arn:aws:secretsmanager:ap-northeast-2:000000000000:secret:rostergate-verifier-secrets-LOCAL0";

    static SecretsManagerServer server;
    static SecretsManagerClient client;

    @BeforeAll
    static void start() throws Exception {
        server = SecretsManagerServer.start(
                "127.0.0.1",
                0,
                Map.of(
                        ARN,
                        new SecretsManagerServer.Secret(
                                ARN, "rostergate-verifier-secrets", "{\"skillSecret\":\"s\"}")));
        client = SecretsManagerClient.builder()
                .region(Region.AP_NORTHEAST_2)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .endpointOverride(URI.create(server.endpoint()))
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void aSecretIsReadByArnOrByName() {
        GetSecretValueResponse byArn = client.getSecretValue(r -> r.secretId(ARN));
        assertEquals("{\"skillSecret\":\"s\"}", byArn.secretString());
        assertEquals(ARN, byArn.arn());
        assertEquals("rostergate-verifier-secrets", byArn.name());
        assertEquals("AWSCURRENT", byArn.versionStages().get(0));
        assertEquals(
                byArn.secretString(),
                client.getSecretValue(r -> r.secretId("rostergate-verifier-secrets"))
                        .secretString());
    }

    @Test
    void anUnknownSecretOrAnotherOperationIsTheServicesError() {
        assertThrows(
                ResourceNotFoundException.class,
                () -> client.getSecretValue(r -> r.secretId(ARN.replace("verifier", "other"))));
        SecretsManagerException other = assertThrows(SecretsManagerException.class, () -> client.listSecrets());
        assertEquals(400, other.statusCode());
    }
}
