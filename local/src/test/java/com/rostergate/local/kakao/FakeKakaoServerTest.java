package com.rostergate.local.kakao;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rostergate.local.kakao.FakeKakaoServer.RecordedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeKakaoServerTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "?rest_api_key=" + FakeKakaoServer.DEMO_REST_API_KEY;

    @TempDir
    Path dir;
    FakeKakaoServer kakao;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        Path profiles = dir.resolve("profiles.json");
        Files.writeString(profiles, """
            [
              {"token": "demo-employee-token", "nickname": "김민준", "phone_number": "+82 10-2222-3333", "app_user_id": 2113105765},
              {"token": "demo-slow-token", "nickname": "김민준", "phone_number": "+82 10-2222-3333", "app_user_id": 1, "delay_ms": 300},
              {"token": "demo-broken-token", "nickname": "김민준", "app_user_id": 1, "status": 503}
            ]
            """);
        kakao = FakeKakaoServer.start("127.0.0.1", 0, profiles);
    }

    @AfterEach
    void stop() {
        kakao.close();
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(kakao.baseUrl() + pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesAProfileAsKakaoWouldWithoutTheFakesOwnFields() throws Exception {
        assertTrue(kakao.baseUrl().matches("http://127\\.0\\.0\\.1:\\d+"), kakao.baseUrl());
        HttpResponse<String> response = get("/otp/demo-employee-token/profile" + KEY);

        assertEquals(200, response.statusCode());
        JsonNode profile = JSON.readTree(response.body());
        assertEquals("+82 10-2222-3333", profile.path("phone_number").asText());
        assertEquals(2113105765L, profile.path("app_user_id").asLong());
        assertFalse(profile.has("token") || profile.has("delay_ms") || profile.has("status"), profile.toString());
    }

    @Test
    void refusesAMissingOrWrongKeyAndUnknownTokensLikeKakao() throws Exception {
        assertEquals(401, get("/otp/demo-employee-token/profile").statusCode());
        assertEquals(401, get("/otp/demo-employee-token/profile?rest_api_key=guess").statusCode());
        assertEquals(404, get("/otp/never-issued-token/profile" + KEY).statusCode());
        assertEquals(404, get("/v2/user/me" + KEY).statusCode());
        assertEquals(-404, JSON.readTree(get("/otp/never-issued-token/profile" + KEY).body()).path("code").asInt());
    }

    @Test
    void playsASlowAndABrokenKakao() throws Exception {
        long start = System.nanoTime();
        assertEquals(200, get("/otp/demo-slow-token/profile" + KEY).statusCode());
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 300);
        HttpResponse<String> broken = get("/otp/demo-broken-token/profile" + KEY);
        assertEquals(503, broken.statusCode());
        assertTrue(JSON.readTree(broken.body()).has("msg"));
    }

    @Test
    void recordsEveryRequestWithTheKeyRedacted() throws Exception {
        get("/otp/demo-employee-token/profile" + KEY + "&x=1");
        get("/otp/../etc/profile?rest_api_key=guess");

        List<RecordedRequest> requests = kakao.requests();
        assertEquals(new RecordedRequest("GET", "/otp/demo-employee-token/profile", "rest_api_key=REDACTED&x=1"), requests.get(0));
        assertEquals("rest_api_key=REDACTED", requests.get(1).query());
        assertFalse(requests.toString().contains(FakeKakaoServer.DEMO_REST_API_KEY));
    }
}
