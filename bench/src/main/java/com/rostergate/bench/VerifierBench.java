package com.rostergate.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rostergate.core.phone.PhoneNormaliser;
import com.rostergate.fixtures.lambda.LocalContext;
import com.rostergate.local.LocalDeployment;
import com.rostergate.local.dynamodb.DynamoDbLimits;
import com.rostergate.verifier.InstrumentedVerifier;
import com.rostergate.verifier.VerifierHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Sections 3 and 5: the verifier on a local stack with the fake Kakao (sample-data/kakao-profiles.json)
 * and the roster's employee in Dynoxide. Warm: the handler called in process, per-call latency
 * and its own share beyond the Kakao and DynamoDB calls. Deadline: answer times through the stack's
 * HTTP API while Kakao hangs (the sample's {@code demo-slow-token} answers after 5 s).
 */
final class VerifierBench {

    static final String WARM = "3. Verifier warm (in process, Dynoxide + fake Kakao, no added delay)";
    static final String DEADLINE = "5. Deadline: Kakao hung";
    static final String EMPLOYEE_TOKEN = "demo-employee-token";
    static final String HUNG_TOKEN = "demo-slow-token";
    private static final String EMPLOYEE_PHONE = "+82 10-2222-3333";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path repoRoot;
    private final LocalDeployment stack;
    private final Results results;
    private final Map<String, String> env;

    VerifierBench(Path repoRoot, LocalDeployment stack, Results results) {
        this.repoRoot = repoRoot;
        this.stack = stack;
        this.results = results;
        this.env = stack.functionEnvironment("VerifierFunction");
    }

    /** A stack serving the sample Kakao profiles, with the sample employee in the roster. */
    static LocalDeployment start(Path repoRoot, DynamoDbLimits limits) throws Exception {
        LocalDeployment stack = Stacks.builder(repoRoot, limits)
                .kakaoProfiles(repoRoot.resolve("sample-data/kakao-profiles.json"))
                .start();
        String phone = new PhoneNormaliser().normalise(EMPLOYEE_PHONE).e164();
        stack.dynamoDb()
                .putItem(r -> r.tableName(stack.endpoint("EMPLOYEES_TABLE"))
                        .item(Map.of(
                                "phone",
                                AttributeValue.fromS(phone),
                                "name",
                                AttributeValue.fromS("김민준"),
                                "department",
                                AttributeValue.fromS("인사팀"),
                                "position",
                                AttributeValue.fromS("대리"),
                                "employee_id",
                                AttributeValue.fromS("E1001"),
                                "email",
                                AttributeValue.fromS("minjun.kim@example.com"))));
        return stack;
    }

    Map<String, String> env() {
        return env;
    }

    /** The sample auth-block request for {@code token}. */
    String body(String token) throws IOException {
        return Files.readString(repoRoot.resolve("sample-data/skill-requests/auth-employee.json"))
                .replace(EMPLOYEE_TOKEN, token);
    }

    /** A captured API Gateway HTTP API (v2) event carrying {@code body} and the skill secret header. */
    byte[] event(String token) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(repoRoot.resolve(
                        "integration-tests/src/test/resources/com/rostergate/it/verifier/apigw-http-api-v2-event.json")
                .toFile());
        ((ObjectNode) event.get("headers"))
                .put(env.get("SKILL_SECRET_HEADER").toLowerCase(Locale.ROOT), stack.endpoint("SKILL_SECRET"));
        event.put("body", body(token));
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    void warm(int calls, int repeats) throws Exception {
        byte[] event = event(EMPLOYEE_TOKEN);
        // Drops the handler's log line: 10,000 lines on the console would measure the terminal, not the handler.
        Context context = LocalContext.direct("VerifierFunction", Duration.ofHours(1), new LambdaLogger() {
            @Override
            public void log(String message) {}

            @Override
            public void log(byte[] message) {}
        });
        VerifierHandler stock = new VerifierHandler(env);
        InstrumentedVerifier instrumented = new InstrumentedVerifier(env);
        int warmUp = Math.max(2000, calls / 5);
        for (int i = 0; i < warmUp; i++) { // JIT warm-up of both, not counted
            call(stock, event, context);
            call(instrumented.handler(), event, context);
        }
        instrumented.takeDependencyNanos();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> p999 = new ArrayList<>();
        List<Double> ownP50 = new ArrayList<>();
        List<Double> ownP99 = new ArrayList<>();
        List<Double> ownP999 = new ArrayList<>();
        List<Double> kakaoP50 = new ArrayList<>();
        List<Double> dynamoP50 = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            double[] total = new double[calls];
            for (int i = 0; i < calls; i++) {
                long start = System.nanoTime();
                call(stock, event, context);
                total[i] = (System.nanoTime() - start) / 1e6;
            }
            double[] own = new double[calls];
            double[] kakao = new double[calls];
            double[] dynamo = new double[calls];
            for (int i = 0; i < calls; i++) {
                long start = System.nanoTime();
                call(instrumented.handler(), event, context);
                double millis = (System.nanoTime() - start) / 1e6;
                long[] dependencies = instrumented.takeDependencyNanos();
                kakao[i] = dependencies[0] / 1e6;
                dynamo[i] = dependencies[1] / 1e6;
                own[i] = millis - kakao[i] - dynamo[i];
            }
            Stats t = Stats.of(total);
            Stats o = Stats.of(own);
            System.out.printf(
                    Locale.ROOT,
                    "verifier warm: repeat %d: total p50 %.3f p99 %.3f p99.9 %.3f ms;"
                            + " own p50 %.3f p99 %.3f p99.9 %.3f ms%n",
                    r + 1,
                    t.median(),
                    t.p99(),
                    t.p999(),
                    o.median(),
                    o.p99(),
                    o.p999());
            p50.add(t.median());
            p99.add(t.p99());
            p999.add(t.p999());
            ownP50.add(o.median());
            ownP99.add(o.p99());
            ownP999.add(o.p999());
            kakaoP50.add(Stats.of(kakao).median());
            dynamoP50.add(Stats.of(dynamo).median());
        }
        String perRepeat = String.format(Locale.ROOT, "per repeat of %,d calls", calls);
        results.add(Figure.of(WARM, "Handler latency p50", "ms", p50, perRepeat));
        results.add(Figure.of(WARM, "Handler latency p99", "ms", p99, perRepeat));
        results.add(Figure.of(WARM, "Handler latency p99.9", "ms", p999, perRepeat));
        results.add(Figure.of(WARM, "… Kakao profile call p50", "ms", kakaoP50, "HttpURLConnection to the fake Kakao"));
        results.add(Figure.of(
                WARM, "… DynamoDB GetItem p50", "ms", dynamoP50, "SDK call to the local DynamoDB server (Dynoxide)"));
        results.add(Figure.of(WARM, "Handler's own share p50", "ms", ownP50, "call time − Kakao call − GetItem"));
        results.add(Figure.of(WARM, "Handler's own share p99", "ms", ownP99, "call time − Kakao call − GetItem")
                .against("≤ 2 ms", Stats.of(ownP99).median() <= 2));
        results.add(Figure.of(WARM, "Handler's own share p99.9", "ms", ownP999, "call time − Kakao call − GetItem"));
        results.note(
                WARM,
                String.format(
                        Locale.ROOT,
                        "One handler instance called %,d times in a row per repeat after %,d warm-up calls,"
                                + " with the sample auth-block request of an employee (answer SUCCESS) in a captured"
                                + " API Gateway v2 event. Latency is the"
                                + " stock VerifierHandler (built from the function's environment as on Lambda)."
                                + " The own share comes from a second,"
                                + " identically wired handler (its collaborator constructor with the same Kakao client"
                                + " and GetItem lookup) that times"
                                + " those two calls: call time − Kakao call − GetItem, per call."
                                + " The log line is built but not printed.",
                        calls,
                        warmUp));
    }

    private static void call(VerifierHandler handler, byte[] event, Context context) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        handler.handleRequest(new ByteArrayInputStream(event), out, context);
        if (out.size() == 0) {
            throw new IllegalStateException("no answer");
        }
    }

    /**
     * Hung-Kakao calls through the HTTP API. First each hung call between three healthy ones, so the
     * circuit breaker stays closed and every hung call waits out the budget (the time-limit path);
     * then back-to-back hung calls (the breaker opens and answers at once).
     */
    void deadline(int hungCalls) throws Exception {
        int budget = Integer.parseInt(env.getOrDefault("VERIFY_BUDGET_MS", "800"));
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI skill = URI.create(stack.endpoint("SKILL_URL"));
        String hung = body(HUNG_TOKEN);
        String healthy = body(EMPLOYEE_TOKEN);
        for (int i = 0; i < 20; i++) {
            answer(http, skill, healthy, "SUCCESS");
        }
        List<Double> timeLimited = new ArrayList<>();
        List<Double> healthyTimes = new ArrayList<>();
        for (int i = 0; i < hungCalls; i++) {
            for (int h = 0; h < 3; h++) {
                healthyTimes.add(answer(http, skill, healthy, "SUCCESS"));
            }
            timeLimited.add(answer(http, skill, hung, "FAIL"));
        }
        List<Double> sustained = new ArrayList<>();
        for (int i = 0; i < hungCalls; i++) {
            sustained.add(answer(http, skill, hung, "FAIL"));
        }
        double bound = budget + 50;
        String target = String.format(Locale.ROOT, "all ≤ %d ms (budget %d + 50)", budget + 50, budget);
        Stats limited = Stats.of(timeLimited);
        Stats run = Stats.of(sustained);
        results.add(Figure.of(
                        DEADLINE,
                        "Answer time, each hung call among healthy ones",
                        "ms",
                        timeLimited,
                        String.format(
                                Locale.ROOT,
                                "breaker closed: every one waits out the budget; p99 %.0f ms",
                                limited.p99()))
                .against(target, limited.max() <= bound));
        results.add(Figure.of(
                        DEADLINE,
                        "Answer time, hung calls back to back",
                        "ms",
                        sustained,
                        String.format(
                                Locale.ROOT,
                                "%d of %d waited ≥ budget, the rest after the breaker opened",
                                sustained.stream().filter(ms -> ms >= budget).count(),
                                sustained.size()))
                .against(target, run.max() <= bound));
        results.add(Figure.of(
                DEADLINE,
                "Answer time, healthy calls in between",
                "ms",
                healthyTimes,
                "SUCCESS over the same HTTP API"));
        results.note(
                DEADLINE,
                String.format(
                        Locale.ROOT,
                        "Measured at the client of the local stack's HTTP API (what Kakao's"
                                + " auth block waits for, minus API Gateway), VERIFY_BUDGET_MS = %d,"
                                + " Kakao's hung answer would come after 5 s."
                                + " The table's spread column is min–max over every call,"
                                + " so its maximum is the worst answer.",
                        budget));
    }

    private double answer(HttpClient http, URI skill, String body, String expected) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(skill)
                .header("Content-Type", "application/json")
                .header(env.get("SKILL_SECRET_HEADER"), stack.endpoint("SKILL_SECRET"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        double millis = (System.nanoTime() - start) / 1e6;
        JsonNode reply = JSON.readTree(response.body());
        if (response.statusCode() != 200
                || !expected.equals(reply.path("status").asText())) {
            throw new IllegalStateException(
                    "expected " + expected + ", got HTTP " + response.statusCode() + " " + response.body());
        }
        return millis;
    }

    /** The verifier's environment as a child process gets it (without JAVA_TOOL_OPTIONS: flags are explicit). */
    Map<String, String> childEnvironment() {
        Map<String, String> child = new HashMap<>(env);
        child.remove("JAVA_TOOL_OPTIONS");
        return child;
    }
}
