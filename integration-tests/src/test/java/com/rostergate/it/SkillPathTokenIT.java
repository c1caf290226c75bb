package com.rostergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rostergate.core.phone.PhoneNormaliser;
import com.rostergate.fixtures.Fixtures;
import com.rostergate.local.LocalDeployment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SkillSecretIn=path through the template's own routes on the local HTTP API, with the real verifier: the
 * secret as the last path segment is let in, the same secret in the header is not, nor another segment.
 */
class SkillPathTokenIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SECRET = "path-token-skill-secret-0123456789abcdef";
    private static LocalDeployment stack;

    @BeforeAll
    static void start() throws Exception {
        stack = TestStacks.withTestHandlersExcept("VerifierFunction")
                .parameter("SkillSecretIn", "path")
                .skillSecret(SECRET)
                .kakaoProfiles(Fixtures.file("sample-data/kakao-profiles.json"))
                .start();
        String phone = new PhoneNormaliser().normalise("+82 10-2222-3333").e164();
        stack.dynamoDb()
                .putItem(r -> r.tableName(stack.endpoint("EMPLOYEES_TABLE"))
                        .item(Map.of("phone", AttributeValue.fromS(phone), "name", AttributeValue.fromS("김민준"))));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static HttpResponse<String> post(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        Fixtures.text("sample-data/skill-requests/auth-employee.json")));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theSecretAsTheLastPathSegmentIsLetInAndNothingElse() throws Exception {
        String skillUrl = stack.endpoint("SKILL_URL");
        HttpResponse<String> admitted = post(skillUrl + "/" + SECRET, Map.of());
        assertEquals(200, admitted.statusCode(), admitted.body());
        assertEquals("SUCCESS", TestStacks.json(admitted.body()).path("status").asText(), admitted.body());

        assertEquals(401, post(skillUrl, Map.of("X-Skill-Secret", SECRET)).statusCode(), "the header does not count");
        assertEquals(401, post(skillUrl + "/" + SECRET.substring(1), Map.of()).statusCode());
        assertEquals(401, post(skillUrl + "/" + SECRET + "x", Map.of()).statusCode());
    }
}
