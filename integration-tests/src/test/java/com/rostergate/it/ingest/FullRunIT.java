package com.rostergate.it.ingest;

import static com.rostergate.it.ingest.IngestStack.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rostergate.aws.AwsClients;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.phone.PhoneNormaliser;
import com.rostergate.fixtures.Fixtures;
import com.rostergate.fixtures.kakao.FakeKakaoServer;
import com.rostergate.it.TestStacks;
import com.rostergate.it.iam.FunctionPolicies;
import com.rostergate.it.iam.SdkCalls;
import com.rostergate.local.LocalDeployment;
import com.rostergate.local.template.LocalNaming;
import com.rostergate.local.template.LocalTemplate;
import com.rostergate.writer.WriterHandler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A whole local run - every sample roster imported (bad rows included), a batch that fails until it
 * is dead-lettered and then replayed, a full roster that removes people, the stuck-import check, and
 * Kakao skill calls that succeed, fail, time out, are refused or try to steer the profile fetch -
 * checked twice over:
 * <ul>
 *   <li>the logs, as the functions write them: each line one JSON object with the AWS request id, no
 *       full phone number in any spelling, no Kakao REST API key, skill secret or OTP token;</li>
 *   <li>every AWS call each function (or its SQS event source) made is allowed by that function's role
 *       as SAM builds it from the template, and no role allows anything on resources outside the stack
 *       (least privilege: the local servers do not check IAM, so this test does).</li>
 * </ul>
 */
class FullRunIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SKILL_SECRET = "full-run-logs-skill-secret-7f3a9c";
    private static final Path PROFILES = Fixtures.file("sample-data/kakao-profiles.json");
    private static final FaultyDynamoDb.Faults FAULTS = new FaultyDynamoDb.Faults();
    /** function logical id, line */
    private static final List<String[]> LINES = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static final IngestStack stack = IngestStack.with(builder -> builder.functionLogs(
                    (function, line) -> LINES.add(new String[] {function, line}))
            .kakaoProfiles(PROFILES)
            .skillSecret(SKILL_SECRET)
            .schedulePeriod(Duration.ofSeconds(3))
            .handler(
                    "WriterFunction",
                    env -> new WriterHandler(
                            env,
                            new FaultyDynamoDb(
                                    AwsClients.builder(env).build().build(DynamoDbClient.builder(), "DYNAMODB"),
                                    FAULTS))));

    /**
     * A run of digits, possibly split by the separators people write phone numbers with, that is not part of a word (a
     * UUID, an id).
     */
    private static final Pattern DIGITS = Pattern.compile("(?<![\\w+.-])\\+?\\d(?:[ ().-]{0,2}\\d)*(?![\\w-])");

    private static final Set<String> PHONES = new TreeSet<>();
    private static final List<String> SECRETS = new ArrayList<>();
    private static List<SdkCalls.Call> calls;

    @BeforeAll
    static void aFullRun() throws Exception {
        SdkCalls.start();
        try {
            run(PHONES, SECRETS);
        } finally {
            calls = SdkCalls.stop();
        }
    }

    private static void run(Set<String> phones, List<String> secrets) throws Exception {
        ImportRecord full = stack.upload(
                "rosters/full/employees-cp949.csv", IngestStack.sample("employees-cp949.csv"), Map.of("force", "true"));
        assertStatus(ImportStatus.COMPLETE, full);
        assertStatus(
                ImportStatus.COMPLETE,
                stack.upload("rosters/delta/employees-utf8-bom.csv", IngestStack.sample("employees-utf8-bom.csv")));
        assertStatus(
                ImportStatus.COMPLETE, stack.upload("rosters/delta/bad-rows.csv", IngestStack.sample("bad-rows.csv")));
        assertStatus(
                ImportStatus.COMPLETE,
                stack.upload("rosters/delta/employees.xlsx", IngestStack.sample("employees.xlsx")));
        assertStatus(
                ImportStatus.COMPLETE,
                stack.upload("rosters/delta/employees-unicode.txt", IngestStack.sample("employees-unicode.txt")));
        phones.addAll(stack.employees().keySet());

        Roster poisoned = Roster.numbered(0, 30, "영업팀");
        phones.addAll(poisoned.phones());
        String poison = poisoned.phones().first();
        FAULTS.poison = item -> poison.equals(item.get("phone").s());
        ImportRecord incomplete = stack.upload("rosters/delta/poisoned.csv", poisoned.csv());
        assertStatus(ImportStatus.INCOMPLETE, incomplete);
        FAULTS.poison = item -> false;
        stack.replayDeadLetters();
        assertStatus(ImportStatus.COMPLETE, stack.ledger.get(incomplete.importId()));

        List<String> tokens = new ArrayList<>();
        PhoneNormaliser normaliser = new PhoneNormaliser();
        for (JsonNode profile : JSON.readTree(PROFILES.toFile())) {
            tokens.add(profile.get("token").asText());
            if (profile.hasNonNull("phone_number")
                    && normaliser
                            .normalise(profile.get("phone_number").asText())
                            .isValid()) {
                phones.add(normaliser
                        .normalise(profile.get("phone_number").asText())
                        .e164());
            }
            assertEquals(
                    401, skill(profile.get("token").asText(), "wrong-secret").statusCode());
            assertEquals(200, skill(profile.get("token").asText(), SKILL_SECRET).statusCode());
        }
        assertEquals(
                200,
                send(
                                request()
                                        .replace(
                                                "talk-plugin-capi.kakao.com/otp",
                                                "talk-plugin-capi.kakao.com.evil.example/otp"),
                                SKILL_SECRET)
                        .statusCode());
        assertEquals(400, send("{\"value\": {\"origin\": ", SKILL_SECRET).statusCode());

        ImportRecord removing = stack.upload("rosters/full/fewer.csv", poisoned.csv(), Map.of("force", "true"));
        assertStatus(ImportStatus.COMPLETE, removing);
        assertTrue(removing.employeesRemoved() > 0, "the full roster removed the people it no longer holds");

        secrets.addAll(tokens);
        secrets.add(SKILL_SECRET);
        secrets.add(FakeKakaoServer.DEMO_REST_API_KEY);
    }

    @Test
    void everyAwsCallAFunctionMadeIsAllowedByItsPolicies() {
        LocalTemplate template = LocalTemplate.load(
                TestStacks.TEMPLATE,
                new LocalNaming(
                        LocalDeployment.STACK_NAME,
                        LocalNaming.ACCOUNT_ID,
                        LocalNaming.REGION,
                        stack.stack.endpoint("SQS_ENDPOINT")),
                Map.of("KakaoRestApiKey", "unused", "SkillSecret", SKILL_SECRET),
                Map.of());
        FunctionPolicies policies = FunctionPolicies.of(template);
        Map<String, String> functionOfThread = new LinkedHashMap<>();
        for (LocalTemplate.Resource function : template.resourcesOfType("AWS::Serverless::Function")) {
            functionOfThread.put(template.physicalName(function.id()) + "-", function.id());
            // an SQS event source's pollers: Lambda receives and deletes with the function's role
            functionOfThread.put("sqs-" + template.physicalName(function.id()) + "-", function.id());
        }
        // the functions' own thread pools (their names are in the handlers)
        functionOfThread.put("splitter-send", "SplitterFunction");
        functionOfThread.put("writer-message", "WriterFunction");
        functionOfThread.put("verifier-worker-", "VerifierFunction");

        Set<String> denied = new TreeSet<>();
        Set<String> callers = new TreeSet<>();
        Set<String> unattributed = new TreeSet<>();
        for (SdkCalls.Call call : calls) {
            Optional<String> function = functionOfThread.entrySet().stream()
                    .filter(family -> call.thread().startsWith(family.getKey()))
                    .map(Map.Entry::getValue)
                    .findFirst();
            if (function.isPresent()) {
                callers.add(function.get());
                policies.denied(function.get(), call)
                        .forEach(need -> denied.add(function.get() + ": " + call.operation() + " needs " + need));
            } else if (!call.thread().equals("main")) {
                unattributed.add(call.thread() + " "
                        + call.operation()); // a function's pool this test does not know: checked by nobody
            }
        }
        assertEquals(
                Set.of(), unattributed, "calls are made by a function, its event source's pollers or this test (main)");
        assertEquals(
                Set.of("SplitterFunction", "WriterFunction", "StuckImportsFunction", "VerifierFunction"),
                callers,
                "every function's calls were seen");
        assertEquals(Set.of(), denied);
        Map<String, Set<String>> accountWide = new TreeMap<>();
        callers.forEach(function -> accountWide.put(function, policies.accountWideGrants(function)));
        assertEquals(
                Map.of(
                        "SplitterFunction",
                        Set.of(),
                        "WriterFunction",
                        Set.of(),
                        "StuckImportsFunction",
                        Set.of(),
                        "VerifierFunction",
                        Set.of()),
                accountWide,
                "no function may act on other resources of the account, SAM's own policies included");
    }

    @Test
    void theLogsAreJsonWithRequestIdsAndHoldNoPhoneNumberOrSecret() throws IOException {
        Set<String> phones = PHONES;
        List<String> secrets = SECRETS;
        Set<String> spellings =
                phones.stream().flatMap(phone -> spellingsOf(phone).stream()).collect(Collectors.toSet());
        Set<String> events = new TreeSet<>();
        Set<String> functions = new TreeSet<>();
        boolean maskedPhoneSeen = false;
        for (String[] entry : LINES) {
            String function = entry[0];
            String line = entry[1];
            JsonNode node = JSON.readTree(line);
            assertTrue(node.isObject(), function + " wrote a line that is not a JSON object: " + line);
            assertTrue(
                    node.hasNonNull("awsRequestId") && node.hasNonNull("level") && node.hasNonNull("event"),
                    function + " wrote a line without request id, level or event: " + line);
            for (String secret : secrets) {
                assertFalse(line.contains(secret), function + " logged a secret or OTP token: " + line);
            }
            Matcher digits = DIGITS.matcher(line);
            while (digits.find()) {
                String run = digits.group().replaceAll("\\D", "");
                if (spellings.stream().anyMatch(run::contains) || run.matches("(82|0)?10\\d{7,8}")) {
                    fail(function + " logged a phone number (" + digits.group() + "): " + line);
                }
            }
            maskedPhoneSeen |= line.contains("\"+82******3333\"");
            String event = node.get("event").asText();
            events.add(
                    switch (event) {
                        case "skill-verification" ->
                            event + ":" + node.get("Outcome").asText();
                        case "import-outcome" ->
                            event + ":" + node.get("status").asText();
                        default -> event;
                    });
            functions.add(function);
        }
        // what the run did must be in the logs, or the checks above prove nothing
        assertEquals(
                Set.of("SplitterFunction", "WriterFunction", "StuckImportsFunction", "VerifierFunction"), functions);
        assertTrue(
                events.containsAll(Set.of(
                        "import-split",
                        "import-outcome:COMPLETE",
                        "import-outcome:INCOMPLETE",
                        "batch-settled",
                        "batch-failed",
                        "skill-verification:SUCCESS",
                        "skill-verification:FAIL",
                        "skill-verification:TIMEOUT")),
                events.toString());
        assertTrue(maskedPhoneSeen, "the verified employee's number appears masked");
    }

    /** The digits of the ways a number is written: E.164 without '+', national with the trunk 0, and without it. */
    private static List<String> spellingsOf(String e164) {
        String digits = e164.substring(1);
        if (digits.startsWith("82")) {
            return List.of(digits, "0" + digits.substring(2), digits.substring(2));
        }
        return List.of(digits);
    }

    private static HttpResponse<String> skill(String token, String secret) throws Exception {
        return send(request().replace("demo-employee-token", token), secret);
    }

    private static String request() throws IOException {
        return Fixtures.text("sample-data/skill-requests/auth-employee.json");
    }

    private static HttpResponse<String> send(String body, String secret) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.stack.endpoint("SKILL_URL")))
                .header(stack.stack.endpoint("SKILL_SECRET_HEADER"), secret)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
