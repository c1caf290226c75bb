package com.rostergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rostergate.fixtures.Fixtures;
import com.rostergate.local.LocalDeployment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The template's HttpApi route serves the verifier as API Gateway would (payload v2 in, response
 * object out), with API Gateway's answers for an unknown route and a function that times out; and
 * functions get the template's environment resolved to the local stack.
 */
class HttpApiIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<Map<String, String>> VERIFIER_ENVIRONMENTS = new CopyOnWriteArrayList<>();
    private static final List<Integer> REMAINING_MILLIS = new CopyOnWriteArrayList<>();
    private static final AtomicBoolean OVERLAPPED = new AtomicBoolean();
    private static LocalDeployment stack;

    /** Echoes the API Gateway event back in a 201; "slow" bodies outlast the timeout, "pause" ones take a moment. */
    static final class EchoVerifier implements RequestStreamHandler {
        private final AtomicInteger active = new AtomicInteger();

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            if (active.incrementAndGet() > 1) {
                OVERLAPPED.set(true);
            }
            try {
                JsonNode event = TestStacks.json(input.readAllBytes());
                REMAINING_MILLIS.add(context.getRemainingTimeInMillis());
                String body = event.path("body").asText();
                pause(
                        body.contains("slow")
                                ? 10_000
                                : body.contains("pause") ? 300 : 0); // slow: past the template's Timeout of 3 s
                ObjectNode response = TestStacks.JSON.createObjectNode();
                response.put("statusCode", 201);
                response.putObject("headers")
                        .put("content-type", "application/json")
                        .put("x-route", event.get("routeKey").asText());
                response.put("body", event.toString());
                output.write(response.toString().getBytes(StandardCharsets.UTF_8));
            } finally {
                active.decrementAndGet();
            }
        }

        private static void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @BeforeAll
    static void start() throws Exception {
        stack = TestStacks.withTestHandlers()
                .parameter("RemovalGuardPercent", "35")
                .kakaoProfiles(Fixtures.file("sample-data/kakao-profiles.json"))
                .handler("VerifierFunction", env -> {
                    VERIFIER_ENVIRONMENTS.add(env);
                    return new EchoVerifier();
                })
                .start();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void skillRequestReachesTheVerifierAsAnHttpApiV2EventAndItsResponseComesBack() throws Exception {
        String body = "{\"utterance\":\"임직원 인증\"}";
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.endpoint("SKILL_URL") + "?a=1&a=2&b=x"))
                        .header("Content-Type", "application/json")
                        .header("X-Skill-Secret", "s3cret")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(201, response.statusCode());
        assertEquals(
                "POST /skill/verify", response.headers().firstValue("x-route").orElseThrow());
        JsonNode event = TestStacks.json(response.body());
        assertEquals("2.0", event.get("version").asText());
        assertEquals("POST /skill/verify", event.get("routeKey").asText());
        assertEquals("/skill/verify", event.get("rawPath").asText());
        assertEquals("a=1&a=2&b=x", event.get("rawQueryString").asText());
        assertEquals("1,2", event.at("/queryStringParameters/a").asText());
        assertEquals("s3cret", event.at("/headers/x-skill-secret").asText(), "header names lower-cased");
        assertEquals(body, event.get("body").asText());
        assertEquals(false, event.get("isBase64Encoded").asBoolean());
        JsonNode context = event.get("requestContext");
        assertEquals("POST", context.at("/http/method").asText());
        assertEquals("/skill/verify", context.at("/http/path").asText());
        assertEquals("127.0.0.1", context.at("/http/sourceIp").asText());
        assertEquals("$default", context.get("stage").asText());
        assertEquals("000000000000", context.get("accountId").asText());
        assertEquals(
                response.headers().firstValue("apigw-requestid").orElseThrow(),
                context.get("requestId").asText());
        assertTrue(context.get("timeEpochMillis").asLong() > 0);
    }

    @Test
    void unknownRouteIsANotFoundLikeApiGateway() throws Exception {
        HttpResponse<String> elsewhere = HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.endpoint("HTTP_API_ENDPOINT") + "/skill/other"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrongMethod = HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.endpoint("SKILL_URL")))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(404, elsewhere.statusCode());
        assertEquals("{\"message\":\"Not Found\"}", elsewhere.body());
        assertEquals(404, wrongMethod.statusCode());
    }

    @Test
    void invocationPastTheTemplateTimeoutIsAnInternalServerError() throws Exception {
        REMAINING_MILLIS.clear();
        HttpResponse<String> slow = HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.endpoint("SKILL_URL")))
                        .POST(HttpRequest.BodyPublishers.ofString("slow"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(500, slow.statusCode());
        assertEquals("{\"message\":\"Internal Server Error\"}", slow.body());
        int remaining = REMAINING_MILLIS.get(0);
        assertTrue(
                remaining > 0 && remaining <= 3000,
                "the context counts down from the template's Timeout of 3 s: " + remaining);
        HttpResponse<String> next = HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.endpoint("SKILL_URL")))
                        .POST(HttpRequest.BodyPublishers.ofString("quick"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, next.statusCode(), "a fresh execution environment serves the next request");
    }

    @Test
    void eachExecutionEnvironmentServesOneInvocationAtATime() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            responses.add(HTTP.sendAsync(
                    HttpRequest.newBuilder(URI.create(stack.endpoint("SKILL_URL")))
                            .POST(HttpRequest.BodyPublishers.ofString("pause"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            assertEquals(201, response.get().statusCode());
        }

        assertFalse(OVERLAPPED.get(), "a handler instance never runs two invocations at once");
        assertTrue(VERIFIER_ENVIRONMENTS.size() > 1, "concurrent requests got execution environments of their own");
    }

    @Test
    void functionsGetTheTemplateEnvironmentResolvedToTheLocalStack() {
        Map<String, String> endpoints = stack.endpoints();
        Map<String, String> writer = stack.functionEnvironment("WriterFunction");
        assertEquals(endpoints.get("EMPLOYEES_TABLE"), writer.get("EMPLOYEES_TABLE"));
        assertEquals(endpoints.get("IMPORTS_TABLE"), writer.get("IMPORTS_TABLE"));
        assertEquals(endpoints.get("INGEST_QUEUE_URL"), writer.get("INGEST_QUEUE_URL"));
        assertEquals(endpoints.get("ROSTER_BUCKET"), writer.get("REPORTS_BUCKET"));
        assertEquals("5", writer.get("MAX_RECEIVE_COUNT"));
        assertEquals(
                "35",
                stack.functionEnvironment("SplitterFunction").get("REMOVAL_GUARD_PERCENT"),
                "the parameter override");
        assertFalse(writer.containsKey("JAVA_TOOL_OPTIONS"), "java25's own JVM flags");
        assertEquals("60", writer.get("AWS_LAMBDA_FUNCTION_TIMEOUT"));
        assertEquals("1024", writer.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
        assertEquals("rostergate-writer-function", writer.get("AWS_LAMBDA_FUNCTION_NAME"));
        assertEquals(endpoints.get("S3_ENDPOINT"), writer.get("AWS_ENDPOINT_URL_S3"));
        assertEquals(endpoints.get("SQS_ENDPOINT"), writer.get("AWS_ENDPOINT_URL_SQS"));
        assertEquals(endpoints.get("DYNAMODB_ENDPOINT"), writer.get("AWS_ENDPOINT_URL_DYNAMODB"));
        assertEquals("ap-northeast-2", writer.get("AWS_REGION"));

        Map<String, String> verifier = stack.functionEnvironment("VerifierFunction");
        assertEquals(verifier, VERIFIER_ENVIRONMENTS.get(0), "handlers are built with the function's environment");
        assertEquals(endpoints.get("KAKAO_FAKE_URL"), verifier.get("KAKAO_API_BASE_URL"));
        assertFalse(
                verifier.containsKey("SKILL_SECRET") || verifier.containsKey("KAKAO_REST_API_KEY"),
                "secrets by reference only");
        assertTrue(verifier.get("VERIFIER_SECRETS")
                .startsWith("arn:aws:secretsmanager:ap-northeast-2:000000000000:secret:"));
        assertEquals(endpoints.get("SECRETS_MANAGER_ENDPOINT"), verifier.get("AWS_ENDPOINT_URL_SECRETS_MANAGER"));
        assertEquals("X-Skill-Secret", verifier.get("SKILL_SECRET_HEADER"));
        assertEquals("800", verifier.get("VERIFY_BUDGET_MS"));
        assertEquals("1769", verifier.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
        assertEquals(32, endpoints.get("SKILL_SECRET").length(), "a random per-run secret");
    }
}
