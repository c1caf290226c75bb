package com.rostergate.verifier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rostergate.core.json.JsonTrees;
import java.util.List;

/** Snapshot-time requests: a v2 parameter-validation event and a v1 skill event, as API Gateway sends them. */
final class PrimingEvents {

    private static final String OTP_URL = "https://" + OtpUrl.HOST + "/otp/priming-snapshot-token/profile";
    /** The Kakao user of the priming requests, and of the canned profile they read. */
    static final String APP_USER_ID = "1";

    private static final String PLUGIN_VALUE = "{\"otp\":\"" + OTP_URL + "\",\"app_user_id\":" + APP_USER_ID + "}";

    private PrimingEvents() {}

    static List<byte[]> all(VerifierConfig config) {
        ObjectNode validation = JsonTrees.object();
        validation.put("isInSlotFilling", false);
        validation.putObject("user").putObject("properties").put("appUserId", APP_USER_ID);
        validation.putObject("value").put("origin", OTP_URL).put("resolved", PLUGIN_VALUE);

        ObjectNode skill = JsonTrees.object();
        ObjectNode userRequest = skill.putObject("userRequest").put("utterance", "인증");
        userRequest.putObject("user").putObject("properties").put("appUserId", APP_USER_ID);
        skill.putObject("action").putObject("params").put(config.pluginParam(), PLUGIN_VALUE);

        ObjectNode v2 = event(config, validation);
        v2.put("version", "2.0");
        v2.putObject("requestContext")
                .put("requestId", "priming")
                .putObject("http")
                .put("method", "POST");
        ObjectNode v1 = event(config, skill);
        v1.put("httpMethod", "POST");
        v1.putObject("requestContext").put("requestId", "priming");
        return List.of(JsonTrees.bytes(v2), JsonTrees.bytes(v1));
    }

    private static ObjectNode event(VerifierConfig config, ObjectNode body) {
        ObjectNode event = JsonTrees.object();
        event.putObject("headers").put("content-type", "application/json");
        config.callerCheck().presentIn(event);
        event.put("body", JsonTrees.text(body));
        event.put("isBase64Encoded", false);
        return event;
    }
}
