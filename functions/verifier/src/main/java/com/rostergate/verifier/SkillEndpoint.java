package com.rostergate.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.rostergate.core.json.JsonTrees;
import com.rostergate.core.telemetry.JsonLog;
import com.rostergate.verifier.ApiGateway.RequestRejected;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * One API Gateway event in, one API Gateway response out: size limits, the caller check ({@link CallerCheck}), parsing,
 * verification, the Kakao-shaped reply and the log line. Never throws: whatever goes wrong becomes a
 * 4xx or a 200 FAIL with a well-formed body.
 */
final class SkillEndpoint {

    static final int MAX_BODY_BYTES = 64 * 1024;
    /** The whole event (headers, context, body) may be larger than the body, but not without bound. */
    static final int MAX_EVENT_BYTES = 1024 * 1024;

    private final VerifierConfig config;
    private final Verifier verifier;
    private final Replies replies;

    SkillEndpoint(VerifierConfig config, Verifier verifier) {
        this.config = config;
        this.verifier = verifier;
        this.replies = new Replies(config);
    }

    /** The same endpoint over another verifier (priming uses one that does not call Kakao). */
    SkillEndpoint with(Verifier other) {
        return new SkillEndpoint(config, other);
    }

    byte[] handle(byte[] eventBytes, String awsRequestId, Consumer<String> log) {
        long start = System.nanoTime();
        SkillRequest.Shape shape = null;
        Verdict verdict;
        int status = 200;
        byte[] body;
        String requestId = awsRequestId;
        try {
            JsonNode event = readEvent(eventBytes);
            if (requestId == null) {
                requestId = ApiGateway.requestId(event);
            }
            config.callerCheck().check(event);
            SkillRequest request = SkillRequest.parse(
                            readJson(ApiGateway.body(event, MAX_BODY_BYTES)), config.pluginParam())
                    .orElseThrow(() -> new RequestRejected(400, Reason.MALFORMED_REQUEST));
            shape = request.shape();
            verdict = request.otpUrl() == null ? Verdict.fail(Reason.PLUGIN_VALUE_MISSING) : verifier.verify(request);
            body = replies.reply(shape, verdict);
        } catch (RequestRejected e) {
            status = e.status;
            verdict = Verdict.fail(e.reason);
            body = replies.rejection(e.reason);
        } catch (RuntimeException | Error e) {
            // The edge: whatever broke, Kakao gets a well-formed FAIL, never a 5xx or a stack trace.
            verdict = Verdict.fail(Reason.INTERNAL_ERROR, e.getClass().getSimpleName());
            body = shape == null ? replies.validationReply(verdict) : replies.reply(shape, verdict);
        }
        VerificationLog.write(
                JsonLog.to(log).with("awsRequestId", requestId),
                shape,
                status,
                verdict,
                (System.nanoTime() - start) / 1_000_000);
        return ApiGateway.response(status, body);
    }

    private JsonNode readEvent(byte[] eventBytes) throws RequestRejected {
        if (eventBytes.length > MAX_EVENT_BYTES) {
            throw new RequestRejected(413, Reason.BODY_TOO_LARGE);
        }
        JsonNode event = readJson(eventBytes);
        if (!event.isObject()) {
            throw new RequestRejected(400, Reason.MALFORMED_REQUEST);
        }
        return event;
    }

    private JsonNode readJson(byte[] bytes) throws RequestRejected {
        try {
            JsonNode node = JsonTrees.read(bytes);
            if (node == null || node.isMissingNode()) {
                throw new RequestRejected(400, Reason.MALFORMED_REQUEST);
            }
            return node;
        } catch (IOException e) {
            throw new RequestRejected(400, Reason.MALFORMED_REQUEST);
        }
    }
}
