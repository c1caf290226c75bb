package com.rostergate.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What ./run-local shows by default: a roster import end to end, then one Kakao skill request. */
final class Demo {

    static final String ROSTER = "sample-data/rosters/employees-cp949.csv";
    static final String ROSTER_KEY = "rosters/full/employees-cp949.csv";
    static final String SKILL_REQUEST = "sample-data/skill-requests/auth-employee.json";

    private static final Set<String> FINISHED = Set.of("COMPLETE", "FAILED", "GUARDED", "SUPERSEDED", "INCOMPLETE");
    private static final List<String> COUNTS = List.of(
            "rows_read",
            "rows_valid",
            "rows_rejected",
            "rows_duplicate",
            "rows_written",
            "rows_dead_lettered",
            "rows_deleted");

    private final LocalDeployment stack;
    private final Path repoRoot;
    private final PrintStream out;

    Demo(LocalDeployment stack, Path repoRoot, PrintStream out) {
        this.stack = stack;
        this.repoRoot = repoRoot;
        this.out = out;
    }

    void run(Duration importTimeout) throws IOException, InterruptedException {
        importRoster(importTimeout);
        askSkill();
    }

    private void importRoster(Duration timeout) throws InterruptedException {
        Path roster = repoRoot.resolve(ROSTER);
        if (!Files.isRegularFile(roster)) {
            out.println("demo: " + ROSTER + " does not exist; skipping the roster import");
            return;
        }
        String bucket = stack.endpoint("ROSTER_BUCKET");
        Set<String> earlier = importsOf(ROSTER_KEY).stream()
                .map(item -> item.get("import_id").s())
                .collect(Collectors.toSet());
        out.println("demo: uploading " + ROSTER + " to s3://" + bucket + "/" + ROSTER_KEY);
        stack.s3().putObject(request -> request.bucket(bucket).key(ROSTER_KEY), RequestBody.fromFile(roster));
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<Map<String, AttributeValue>> ledger = Optional.empty();
        while (System.nanoTime() < deadline) {
            ledger = importsOf(ROSTER_KEY).stream()
                    .filter(item -> !earlier.contains(item.get("import_id").s()))
                    .findFirst();
            if (ledger.isPresent() && FINISHED.contains(text(ledger.get(), "status"))) {
                break;
            }
            Thread.sleep(250);
        }
        if (ledger.isEmpty() || !FINISHED.contains(text(ledger.get(), "status"))) {
            out.println("demo: the import of " + ROSTER_KEY + " did not finish within " + timeout.toSeconds() + " s"
                    + ledger.map(item -> " (status " + text(item, "status") + ")")
                            .orElse(" (no ledger item yet)"));
            return;
        }
        Map<String, AttributeValue> item = ledger.get();
        String importId = item.get("import_id").s();
        out.println("demo: import " + importId + " finished: " + text(item, "status"));
        out.println("      "
                + COUNTS.stream().map(count -> count + "=" + text(item, count)).collect(Collectors.joining(" ")));
        out.println("      report: s3://" + bucket + "/reports/" + importId + "/summary.json");
    }

    private List<Map<String, AttributeValue>> importsOf(String key) {
        return stack
                .dynamoDb()
                .scanPaginator(request -> request.tableName(stack.endpoint("IMPORTS_TABLE"))
                        .filterExpression("#record = :ledger AND #key = :key")
                        .expressionAttributeNames(Map.of("#record", "record", "#key", "key"))
                        .expressionAttributeValues(
                                Map.of(":ledger", AttributeValue.fromS("IMPORT"), ":key", AttributeValue.fromS(key))))
                .items()
                .stream()
                .collect(Collectors.toList());
    }

    private static String text(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item.get(attribute);
        if (value == null) {
            return "-";
        }
        return value.n() != null ? value.n() : value.s() != null ? value.s() : value.toString();
    }

    private void askSkill() throws IOException, InterruptedException {
        Path request = repoRoot.resolve(SKILL_REQUEST);
        if (!Files.isRegularFile(request)) {
            out.println("demo: " + SKILL_REQUEST + " does not exist; skipping the skill request");
            return;
        }
        out.println("demo: POST " + SKILL_REQUEST + " to " + stack.endpoint("SKILL_URL"));
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(stack.endpoint("SKILL_URL")))
                                .header("Content-Type", "application/json")
                                .header(stack.endpoint("SKILL_SECRET_HEADER"), stack.endpoint("SKILL_SECRET"))
                                .timeout(Duration.ofSeconds(10))
                                .POST(HttpRequest.BodyPublishers.ofFile(request))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        out.println("demo: HTTP " + response.statusCode() + " " + response.body());
    }
}
