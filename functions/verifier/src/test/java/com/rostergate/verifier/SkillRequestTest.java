package com.rostergate.verifier;

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
        return SkillRequest.parse(TestEvents.tree(body.getBytes(StandardCharsets.UTF_8)), "profile");
    }

    @Test
    void validationRequestTakesTheResolvedValueAndTheRequestersId() {
        assertEquals(
                Optional.of(new SkillRequest(Shape.VALIDATION, URL, "2113105765", "2113105765")),
                parse(TestEvents.validationBody(URL)));
        assertEquals(
                URL,
                parse("{\"value\":{\"value\":\"" + PLUGIN_JSON + "\"}}")
                        .orElseThrow()
                        .otpUrl());
        assertEquals(
                URL,
                parse("{\"value\":{\"origin\":\"\",\"resolved\":\"" + URL + "\"}}")
                        .orElseThrow()
                        .otpUrl());
    }

    @Test
    void theOriginCountsOnlyWithoutAResolvedValueAndNeverForTheOwner() {
        assertEquals(
                new SkillRequest(Shape.VALIDATION, URL, null, "42"),
                parse(TestEvents.validationBody(URL, null, "42")).orElseThrow());
        assertEquals(
                new SkillRequest(Shape.VALIDATION, URL, null, "42"),
                parse(TestEvents.validationBody(TestEvents.pluginValue(URL, "2113105765"), null, "42"))
                        .orElseThrow());
        String other = TestEvents.otpUrl("another-token-0001");
        assertEquals(
                new SkillRequest(Shape.SKILL, other, "42", "42"),
                parse(TestEvents.skillBody(URL, TestEvents.pluginValue(other, "42"), "42"))
                        .orElseThrow());
        assertNull(
                parse("{\"value\":{\"origin\":\"" + URL + "\",\"resolved\":\"{not json\"}}")
                        .orElseThrow()
                        .otpUrl(),
                "a resolved value that holds no URL is not replaced by the origin");
    }

    @Test
    void theRequesterIsTheKakaoSetIdOfTheUserInEitherSpelling() {
        String camel = "{\"value\":{\"resolved\":\"" + URL + "\"},\"user\":{\"properties\":{\"appUserId\":\"7\"}}}";
        String snake = "{\"value\":{\"resolved\":\"" + URL + "\"},\"user\":{\"properties\":{\"app_user_id\":7}}}";
        String both = "{\"value\":{\"resolved\":\"" + URL
                + "\"},\"user\":{\"properties\":{\"appUserId\":\"7\",\"app_user_id\":7}}}";
        String disagree = "{\"value\":{\"resolved\":\"" + URL
                + "\"},\"user\":{\"properties\":{\"appUserId\":\"7\",\"app_user_id\":8}}}";
        String skill = "{\"userRequest\":{\"user\":{\"properties\":{\"appUserId\":\"7\"}}},\"action\":{}}";
        String wrongPlace = "{\"value\":{\"resolved\":\"" + URL
                + "\"},\"userRequest\":{\"user\":{\"properties\":{\"appUserId\":\"7\"}}}}";
        assertEquals("7", parse(camel).orElseThrow().requesterAppUserId());
        assertEquals("7", parse(snake).orElseThrow().requesterAppUserId());
        assertEquals("7", parse(both).orElseThrow().requesterAppUserId());
        assertEquals("7", parse(skill).orElseThrow().requesterAppUserId());
        assertNull(parse(disagree).orElseThrow().requesterAppUserId(), "two ids that disagree name nobody");
        assertNull(parse(wrongPlace).orElseThrow().requesterAppUserId(), "a validation call's user is body.user");
        assertNull(
                parse("{\"value\":{\"resolved\":\"{\\\"otp\\\":\\\"" + URL + "\\\",\\\"app_user_id\\\":{}}\"}}")
                        .orElseThrow()
                        .otpAppUserId(),
                "an id that is neither a number nor a string is no id");
    }

    @Test
    void skillPayloadReadsDetailParamsValueThenParams() {
        assertEquals(
                Optional.of(new SkillRequest(Shape.SKILL, URL, "2113105765", "2113105765")),
                parse(TestEvents.skillBody(URL)));
        String detailValue = "{\"action\":{\"detailParams\":{\"profile\":{\"value\":\"" + PLUGIN_JSON + "\"}}}}";
        assertEquals(URL, parse(detailValue).orElseThrow().otpUrl());
        String paramsOnly = "{\"action\":{\"params\":{\"profile\":\"" + PLUGIN_JSON + "\"}}}";
        assertEquals("2113105765", parse(paramsOnly).orElseThrow().otpAppUserId());
    }

    @Test
    void thePluginParameterNameIsConfigurable() {
        String body = "{\"userRequest\":{},\"action\":{\"params\":{\"auth\":\"" + PLUGIN_JSON + "\"}}}";
        JsonNode tree = TestEvents.tree(body.getBytes(StandardCharsets.UTF_8));
        assertEquals(URL, SkillRequest.parse(tree, "auth").orElseThrow().otpUrl());
        assertNull(SkillRequest.parse(tree, "profile").orElseThrow().otpUrl());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
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
