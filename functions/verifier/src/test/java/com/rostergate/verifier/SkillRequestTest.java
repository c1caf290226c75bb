package com.rostergate.verifier;

import static com.rostergate.verifier.TestEvents.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rostergate.verifier.SkillRequest.Shape;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SkillRequestTest {

    private static final String URL = TestEvents.otpUrl("62247d59d36c554596ea60eb");
    private static final String PLUGIN_JSON = "{\\\"otp\\\":\\\"" + URL + "\\\",\\\"app_user_id\\\":2113105765}";

    private static Optional<SkillRequest> parse(String body) {
        return SkillRequest.parse(JSON, TestEvents.tree(body.getBytes(StandardCharsets.UTF_8)), "profile");
    }

    @Test
    void validationRequestTakesValueOrigin() {
        assertEquals(Optional.of(new SkillRequest(Shape.VALIDATION, URL, null)), parse(TestEvents.validationBody(URL)));
    }

    @Test
    void validationRequestFallsBackToThePluginJsonInResolvedOrValue() {
        assertEquals(URL, parse("{\"value\":{\"resolved\":\"" + PLUGIN_JSON + "\"}}").orElseThrow().otpUrl());
        assertEquals(URL, parse("{\"value\":{\"value\":\"" + PLUGIN_JSON + "\"}}").orElseThrow().otpUrl());
        assertEquals(URL, parse("{\"value\":{\"origin\":\"\",\"resolved\":\"" + URL + "\"}}").orElseThrow().otpUrl());
    }

    @Test
    void theKakaoUserComesFromThePluginJsonWhereverTheUrlCameFrom() {
        assertEquals("2113105765", parse("{\"value\":{\"origin\":\"" + URL + "\",\"resolved\":\"" + PLUGIN_JSON + "\"}}")
            .orElseThrow().appUserId());
        assertEquals("2113105765", parse("{\"action\":{\"params\":{\"profile\":\"" + PLUGIN_JSON + "\"}}}").orElseThrow().appUserId());
        assertNull(parse("{\"value\":{\"resolved\":\"{\\\"otp\\\":\\\"" + URL + "\\\",\\\"app_user_id\\\":{}}\"}}")
            .orElseThrow().appUserId(), "an id that is neither a number nor a string is no id");
    }

    @Test
    void aPresentOriginWinsSoAHostileOneIsNeverReplacedByAFriendlyFallback() {
        String body = "{\"value\":{\"origin\":\"https://evil.example/x\",\"resolved\":\"" + PLUGIN_JSON + "\"}}";
        assertEquals("https://evil.example/x", parse(body).orElseThrow().otpUrl());
    }

    @Test
    void skillPayloadReadsDetailParamsThenParams() {
        assertEquals(Optional.of(new SkillRequest(Shape.SKILL, URL, "2113105765")), parse(TestEvents.skillBody(URL)));
        String detail = "{\"userRequest\":{},\"action\":{\"detailParams\":{\"profile\":{\"origin\":\"" + URL + "\",\"value\":\"x\"}}}}";
        assertEquals(URL, parse(detail).orElseThrow().otpUrl());
        String detailValue = "{\"action\":{\"detailParams\":{\"profile\":{\"value\":\"" + PLUGIN_JSON + "\"}}}}";
        assertEquals(URL, parse(detailValue).orElseThrow().otpUrl());
    }

    @Test
    void thePluginParameterNameIsConfigurable() {
        String body = "{\"userRequest\":{},\"action\":{\"params\":{\"auth\":\"" + PLUGIN_JSON + "\"}}}";
        JsonNode tree = TestEvents.tree(body.getBytes(StandardCharsets.UTF_8));
        assertEquals(URL, SkillRequest.parse(JSON, tree, "auth").orElseThrow().otpUrl());
        assertNull(SkillRequest.parse(JSON, tree, "profile").orElseThrow().otpUrl());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"value\":{}}",
        "{\"value\":null}",
        "{\"value\":\"" + "https://talk-plugin-capi.kakao.com/otp/62247d59d36c554596ea60eb/profile" + "\"}",
        "{\"value\":{\"origin\":42}}",
        "{\"value\":{\"origin\":[\"x\"],\"resolved\":{\"otp\":\"x\"}}}",
        "{\"value\":{\"resolved\":\"{not json\"}}",
        "{\"value\":{\"resolved\":\"{\\\"otp\\\":7}\"}}",
        "{\"userRequest\":{}}",
        "{\"userRequest\":{},\"action\":{\"params\":{\"profile\":17}}}",
        "{\"action\":{\"params\":{\"other\":\"x\"}}}"
    })
    void aKnownShapeWithoutAUsablePluginValueHasNoOtpUrl(String body) {
        assertNull(parse(body).orElseThrow().otpUrl(), body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[]", "\"text\"", "42", "{\"intent\":{}}", "null"})
    void anythingElseIsNotAKakaoRequest(String body) {
        assertTrue(parse(body).isEmpty(), body);
    }
}
