package com.rostergate.it.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.rostergate.aws.AwsClients;
import com.rostergate.core.phone.PhoneNormaliser;
import com.rostergate.fixtures.Fixtures;
import com.rostergate.fixtures.kakao.FakeKakaoServer;
import com.rostergate.local.secrets.SecretsManagerServer;
import com.rostergate.local.servers.DynoxideServer;
import com.rostergate.verifier.VerifierHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * What the verifier talks to, for real, on loopback: the local DynamoDB server (Dynoxide) with an employees
 * table, the fake Kakao serving sample-data/kakao-profiles.json, the local Secrets Manager with the verifier's
 * secrets, and an "attacker" server that no request may reach.
 */
final class VerifierStack implements AutoCloseable {

    static final String TABLE = "employees";
    static final String EMPLOYEE_PHONE = "+82 10-2222-3333";
    static final String SKILL_SECRET = "verifier-stack-skill-secret-0123456789abcdef";
    static final String SECRET_HEADER = "X-Skill-Secret";

    /** The verifier's secret as the template makes it: the demo REST API key and {@link #SKILL_SECRET}. */
    static final String SECRET_ARN = secretArn("verifier");
    /** The same skill secret with a REST API key Kakao refuses. */
    static final String WRONG_KEY_SECRET_ARN = secretArn("wrong-key");
    /** The demo key with {@link #OTHER_SKILL_SECRET}. */
    static final String OTHER_SECRET_ARN = secretArn("other-skill-secret");

    static final String OTHER_SKILL_SECRET = "another-skill-secret-of-forty-characters";

    final int dynamoPort;
    final DynoxideServer dynamo;
    final FakeKakaoServer kakao;
    final FakeKakaoServer attacker;
    final SecretsManagerServer secrets;

    private VerifierStack(
            int dynamoPort,
            DynoxideServer dynamo,
            FakeKakaoServer kakao,
            FakeKakaoServer attacker,
            SecretsManagerServer secrets) {
        this.dynamoPort = dynamoPort;
        this.dynamo = dynamo;
        this.kakao = kakao;
        this.attacker = attacker;
        this.secrets = secrets;
    }

    static VerifierStack start() throws Exception {
        Path profiles = Fixtures.file("sample-data/kakao-profiles.json");
        int port = freePort();
        VerifierStack stack = new VerifierStack(
                port,
                DynoxideServer.start("127.0.0.1", port, Optional.empty()),
                FakeKakaoServer.start("127.0.0.1", 0, profiles),
                FakeKakaoServer.start("127.0.0.1", 0, profiles),
                SecretsManagerServer.start(
                        "127.0.0.1",
                        0,
                        Map.of(
                                SECRET_ARN, secret(SECRET_ARN, FakeKakaoServer.DEMO_REST_API_KEY, SKILL_SECRET),
                                WRONG_KEY_SECRET_ARN, secret(WRONG_KEY_SECRET_ARN, "not-the-company-key", SKILL_SECRET),
                                OTHER_SECRET_ARN,
                                        secret(
                                                OTHER_SECRET_ARN,
                                                FakeKakaoServer.DEMO_REST_API_KEY,
                                                OTHER_SKILL_SECRET))));
        stack.createRoster();
        return stack;
    }

    private static String secretArn(String name) {
        return "arn:aws:secretsmanager:ap-northeast-2:000000000000:secret:" + name + "-LOCAL0";
    }

    private static SecretsManagerServer.Secret secret(String arn, String restApiKey, String skillSecret) {
        String value = ApiGatewayEvents.JSON
                .createObjectNode()
                .put("kakaoRestApiKey", restApiKey)
                .put("skillSecret", skillSecret)
                .toString();
        return new SecretsManagerServer.Secret(arn, arn.substring(arn.lastIndexOf(':') + 1), value);
    }

    /** The function's environment as the local stack gives it, with the budget and any overrides. */
    Map<String, String> env(int budgetMs, String... overrides) {
        Map<String, String> env = new HashMap<>(Map.of(
                "EMPLOYEES_TABLE",
                TABLE,
                "KAKAO_API_BASE_URL",
                kakao.baseUrl(),
                "KAKAO_API_LOCAL_HTTP",
                "true",
                "VERIFIER_SECRETS",
                SECRET_ARN,
                "VERIFY_BUDGET_MS",
                String.valueOf(budgetMs),
                "AWS_REGION",
                "ap-northeast-2",
                "AWS_ACCESS_KEY_ID",
                "local",
                "AWS_SECRET_ACCESS_KEY",
                "local",
                "AWS_ENDPOINT_URL_DYNAMODB",
                "http://127.0.0.1:" + dynamoPort,
                "AWS_ENDPOINT_URL_SECRETS_MANAGER",
                secrets.endpoint()));
        for (int i = 0; i < overrides.length; i += 2) {
            env.put(overrides[i], overrides[i + 1]);
        }
        return env;
    }

    static JsonNode invoke(VerifierHandler handler, byte[] event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ApiGatewayEvents.tree(out.toByteArray());
    }

    /** The Kakao reply inside the API Gateway response. */
    static JsonNode reply(JsonNode response) {
        return ApiGatewayEvents.tree(response.path("body").asText().getBytes(StandardCharsets.UTF_8));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The roster the verifier reads: one employee, keyed by the same PhoneNormaliser the splitter uses. */
    private void createRoster() {
        try (DynamoDbClient client = AwsClients.builder(env(800)).build().build(DynamoDbClient.builder(), "DYNAMODB")) {
            client.createTable(t -> t.tableName(TABLE)
                    .attributeDefinitions(a -> a.attributeName("phone").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("phone").keyType(KeyType.HASH))
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            String key = new PhoneNormaliser().normalise(EMPLOYEE_PHONE).e164();
            client.putItem(p -> p.tableName(TABLE)
                    .item(Map.of(
                            "phone", AttributeValue.fromS(key),
                            "name", AttributeValue.fromS("김민준"),
                            "department", AttributeValue.fromS("개발팀"),
                            "position", AttributeValue.fromS("대리"),
                            "employee_id", AttributeValue.fromS("E1001"),
                            "email", AttributeValue.fromS("minjun.kim@example.com"))));
        }
    }

    @Override
    public void close() throws Exception {
        kakao.close();
        attacker.close();
        secrets.close();
        dynamo.close();
    }
}
