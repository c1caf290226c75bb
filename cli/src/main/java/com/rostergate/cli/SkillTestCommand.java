package com.rostergate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "skill-test",
        mixinStandardHelpOptions = true,
        description = "Sends a real-shaped Kakao auth-block request for an OTP token to the skill URL;"
                + " prints the answer and its time (after a warm-up HEAD request that opens the connection)."
                + " Exit 0 SUCCESS, 1 FAIL, 2 error.")
final class SkillTestCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OTP_URL = "https://talk-plugin-capi.kakao.com/otp/%s/profile";
    static final String SECRET_VARIABLE = "ROSTERCTL_SKILL_SECRET";

    @ParentCommand
    RosterCtl root;

    @Option(names = "--otp-token", required = true, description = "The OTP token Kakao would put in the URL.")
    String otpToken;

    @Option(
            names = "--app-user-id",
            required = true,
            description = "The Kakao app user id the OTP was issued to: the skill verifies only the user who asks.")
    String appUserId;

    @Option(
            names = "--header",
            description = "Name of the skill secret header (default ${DEFAULT-VALUE}).",
            defaultValue = "X-Skill-Secret")
    String secretHeader;

    @Option(
            names = "--timeout",
            description = "Give up after this many milliseconds (default ${DEFAULT-VALUE}).",
            defaultValue = "5000")
    long timeoutMillis;

    @Option(
            names = "--skill-secret-stdin",
            description = {
                "Read the skill secret from the first line of standard input.",
                "Otherwise it is " + SECRET_VARIABLE
                        + ", else the local stack's; never an argument (ps, shell history)."
            })
    boolean secretFromStdin;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Target target = root.target();
        String skillUrl = target.require(target.skillUrl(), "skill URL", "--skill-url");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(skillUrl))
                .timeout(Duration.ofMillis(timeoutMillis))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(authBlockRequest(otpToken, appUserId)));
        String secret = skillSecret(target);
        if (secret != null && !secret.isBlank()) {
            request.header(secretHeader, secret);
        }
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(timeoutMillis))
                .build();
        warmUp(http, skillUrl);
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        long millis = (System.nanoTime() - started) / 1_000_000;

        String status = statusOf(response.body());
        Console console = root.console();
        if (console.isJson()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("httpStatus", response.statusCode());
            result.put("status", status);
            result.put("millis", millis);
            result.put("body", parseOrText(response.body()));
            console.json(result);
        } else {
            console.line(
                    "HTTP %d in %d ms: %s", response.statusCode(), millis, status == null ? "(no status)" : status);
            console.line("%s", response.body());
        }
        return "SUCCESS".equals(status) ? RosterCtl.OK : RosterCtl.NEGATIVE;
    }

    private String skillSecret(Target target) throws IOException {
        if (secretFromStdin) {
            String line = new BufferedReader(new InputStreamReader(root.in(), StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isBlank()) {
                throw new UserError("--skill-secret-stdin: standard input held no secret");
            }
            return line.strip();
        }
        String fromEnvironment = root.environment(SECRET_VARIABLE);
        return fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment : target.skillSecret();
    }

    /**
     * Opens the connection and loads the HTTP client with a HEAD request, which the API answers 404 without
     * running the skill; so the time printed is the skill's, not this fresh JVM's first request (~100 ms).
     */
    private void warmUp(HttpClient http, String skillUrl) throws InterruptedException {
        try {
            http.send(
                    HttpRequest.newBuilder(URI.create(skillUrl))
                            .timeout(Duration.ofMillis(timeoutMillis))
                            .method("HEAD", HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException unreachable) {
            // The timed request reports it.
        }
    }

    /** The auth block's parameter-validation call, as Kakao sends it for the user {@code appUserId}. */
    static String authBlockRequest(String otpToken, String appUserId) {
        ObjectNode body = JSON.createObjectNode();
        body.put("isInSlotFilling", false);
        body.put("utterance", "인증");
        ObjectNode value = body.putObject("value");
        value.put("origin", String.format(OTP_URL, otpToken));
        ObjectNode plugin = JSON.createObjectNode().put("otp", String.format(OTP_URL, otpToken));
        plugin.put("app_user_id", appUserId);
        value.put("resolved", plugin.toString());
        ObjectNode user = body.putObject("user");
        user.put("id", "rosterctl-" + UUID.randomUUID());
        user.put("type", "botUserKey");
        user.putObject("properties").put("appUserId", appUserId);
        return body.toString();
    }

    private static String statusOf(String body) {
        JsonNode status = parseOrText(body).path("status");
        return status.isTextual() ? status.asText() : null;
    }

    private static JsonNode parseOrText(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(body);
        }
    }
}
