package com.rostergate.local.cloudformation;

import com.rostergate.fixtures.http.LocalHttpServers;
import com.rostergate.local.lambda.DaemonThreads;
import com.rostergate.local.template.LocalTemplate;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * CloudFormation's DescribeStacks for the local stack, in the AWS query protocol the SDKs and the AWS
 * CLI speak ({@code Action=DescribeStacks&StackName=...&Version=2010-05-15}, form-encoded, answered in
 * XML), so tools that read a deployed stack's outputs ({@code rosterctl --stack NAME}) read the local
 * names. Every other action, an unknown stack and a malformed request get the service's 400 errors.
 */
public final class CloudFormationServer implements AutoCloseable {

    private static final String NAMESPACE = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
    /** Far above any DescribeStacks request; a larger body is not one. */
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(DaemonThreads.named("cloudformation"));
    private final StackDescription stack;

    private CloudFormationServer(HttpServer server, StackDescription stack) {
        this.server = server;
        this.stack = stack;
    }

    public static CloudFormationServer start(String host, int port, StackDescription stack) throws IOException {
        CloudFormationServer cloudFormation = new CloudFormationServer(LocalHttpServers.bind(host, port, 0), stack);
        LocalHttpServers.serve(cloudFormation.server, cloudFormation::handle, cloudFormation.executor);
        return cloudFormation;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String requestId = UUID.randomUUID().toString();
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
            Map<String, String> parameters;
            try {
                if (body.length > MAX_BODY_BYTES) {
                    throw new IllegalArgumentException("the request body is larger than " + MAX_BODY_BYTES + " bytes");
                }
                parameters = parameters(exchange.getRequestURI().getRawQuery());
                parameters.putAll(parameters(new String(body, StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException e) {
                error(exchange, requestId, "MalformedQueryString", e.getMessage());
                return;
            }
            String action = parameters.get("Action");
            String stackName = parameters.get("StackName");
            if (action == null || action.isEmpty()) {
                error(exchange, requestId, "MissingAction", "Missing Action");
            } else if (!action.equals("DescribeStacks")) {
                error(
                        exchange,
                        requestId,
                        "InvalidAction",
                        "Could not find operation " + action + " for version 2010-05-15");
            } else if (stackName != null && !stack.isNamed(stackName)) {
                error(exchange, requestId, "ValidationError", "Stack with id " + stackName + " does not exist");
            } else {
                send(exchange, 200, describeStacks(requestId));
            }
        }
    }

    private String describeStacks(String requestId) {
        Xml xml = new Xml();
        xml.open("DescribeStacksResponse xmlns=\"" + NAMESPACE + "\"")
                .open("DescribeStacksResult")
                .open("Stacks")
                .open("member");
        xml.element("StackId", stack.id()).element("StackName", stack.name());
        if (stack.description() != null) {
            xml.element("Description", stack.description());
        }
        xml.element(
                        "CreationTime",
                        DateTimeFormatter.ISO_INSTANT.format(
                                stack.creationTime().truncatedTo(ChronoUnit.MILLIS)))
                .element("StackStatus", "CREATE_COMPLETE")
                .element("DisableRollback", "false")
                .element("NotificationARNs", "")
                .open("Outputs");
        for (LocalTemplate.Output output : stack.outputs()) {
            xml.open("member").element("OutputKey", output.key()).element("OutputValue", output.value());
            if (output.description() != null) {
                xml.element("Description", output.description());
            }
            if (output.exportName() != null) {
                xml.element("ExportName", output.exportName());
            }
            xml.close("member");
        }
        xml.close("Outputs")
                .element("Tags", "")
                .element("EnableTerminationProtection", "false")
                .open("DriftInformation")
                .element("StackDriftStatus", "NOT_CHECKED")
                .close("DriftInformation")
                .close("member")
                .close("Stacks")
                .close("DescribeStacksResult")
                .open("ResponseMetadata")
                .element("RequestId", requestId)
                .close("ResponseMetadata")
                .close("DescribeStacksResponse");
        return xml.toString();
    }

    /** The query protocol's error document; every error here is the caller's (Sender), status 400. */
    private static void error(HttpExchange exchange, String requestId, String code, String message) throws IOException {
        Xml xml = new Xml()
                .open("ErrorResponse xmlns=\"" + NAMESPACE + "\"")
                .open("Error")
                .element("Type", "Sender")
                .element("Code", code)
                .element("Message", message)
                .close("Error")
                .element("RequestId", requestId)
                .close("ErrorResponse");
        send(exchange, 400, xml.toString());
    }

    private static void send(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream output = exchange.getResponseBody()) {
            output.write(body);
        }
    }

    /** {@code a=1&b=2}, percent-decoded; an undecodable escape is an IllegalArgumentException. */
    private static Map<String, String> parameters(String encoded) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (encoded == null || encoded.isBlank()) {
            return parameters;
        }
        for (String pair : encoded.strip().split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            parameters.put(
                    name, equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return parameters;
    }

    /** Just enough XML writing for these two documents: nested elements with escaped text. */
    private static final class Xml {
        private final StringBuilder text = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");

        Xml open(String tag) {
            text.append('<').append(tag).append('>');
            return this;
        }

        Xml close(String tag) {
            text.append("</").append(tag).append('>');
            return this;
        }

        Xml element(String tag, String value) {
            return open(tag).escaped(value).close(tag);
        }

        private Xml escaped(String value) {
            for (char c : value.toCharArray()) {
                switch (c) {
                    case '<' -> text.append("&lt;");
                    case '>' -> text.append("&gt;");
                    case '&' -> text.append("&amp;");
                    case '"' -> text.append("&quot;");
                    default -> text.append(c);
                }
            }
            return this;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
