package com.rostergate.local.lambda;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The outcome of one invocation: the response payload, or the error Lambda would report. */
public record InvocationResult(byte[] payload, String errorType, String errorMessage, List<String> stackTrace) {

    static InvocationResult success(byte[] payload) {
        return new InvocationResult(payload, null, null, List.of());
    }

    static InvocationResult error(Throwable error) {
        List<String> trace = Arrays.stream(error.getStackTrace())
                .map(StackTraceElement::toString)
                .collect(Collectors.toList());
        return new InvocationResult(null, error.getClass().getName(), String.valueOf(error.getMessage()), trace);
    }

    static InvocationResult timeout(String requestId, Duration timeout) {
        return new InvocationResult(
                null,
                "Sandbox.Timedout",
                String.format(
                        Locale.ROOT,
                        "RequestId: %s Error: Task timed out after %.2f seconds",
                        requestId,
                        timeout.toMillis() / 1000.0),
                List.of());
    }

    public boolean failed() {
        return errorType != null;
    }

    public boolean timedOut() {
        return "Sandbox.Timedout".equals(errorType);
    }
}
