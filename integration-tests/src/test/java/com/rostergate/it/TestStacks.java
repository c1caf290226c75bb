package com.rostergate.it;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rostergate.fixtures.Fixtures;
import com.rostergate.local.LocalDeployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Local stacks for the spine tests: every function runs a test handler unless a test replaces it. */
public final class TestStacks {

    static final ObjectMapper JSON = new ObjectMapper();

    private TestStacks() {}

    /** sam/template.yaml, from the classpath. */
    public static final Path TEMPLATE = Fixtures.file("sam/template.yaml");

    /** Random ports; the three functions do nothing (the real handlers have their own tests). */
    static LocalDeployment.Builder withTestHandlers() {
        return withTestHandlersExcept("");
    }

    /** As {@link #withTestHandlers()}, but {@code functionId} keeps the template's Handler. */
    static LocalDeployment.Builder withTestHandlersExcept(String functionId) {
        Map<String, Function<Map<String, String>, Object>> handlers = Map.of(
                "SplitterFunction", env -> (RequestStreamHandler) (input, output, context) -> input.readAllBytes(),
                "WriterFunction", env -> new AcceptingWriter(),
                "VerifierFunction",
                        env -> (RequestStreamHandler) (input, output, context) ->
                                output.write("{\"statusCode\":200,\"body\":\"{}\"}".getBytes(StandardCharsets.UTF_8)));
        LocalDeployment.Builder builder =
                LocalDeployment.builder().template(TEMPLATE).randomPorts();
        handlers.forEach((id, factory) -> {
            if (!id.equals(functionId)) {
                builder.handler(id, factory);
            }
        });
        return builder;
    }

    static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A writer that accepts every message. */
    static final class AcceptingWriter implements RequestHandler<SQSEvent, SQSBatchResponse> {
        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
            return new SQSBatchResponse(List.of());
        }
    }
}
