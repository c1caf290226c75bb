package com.rostergate.local.cloudformation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rostergate.local.template.LocalNaming;
import com.rostergate.local.template.LocalTemplate;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * DescribeStacks in the query protocol's shapes; everything a client gets wrong is a 400 with the service's error code.
 */
class CloudFormationServerTest {

    private static final LocalNaming NAMING =
            new LocalNaming("stack", "000000000000", "ap-northeast-2", "http://127.0.0.1:9324");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static CloudFormationServer server;

    @TempDir
    static Path directory;

    @BeforeAll
    static void start() throws Exception {
        Path template = Files.writeString(directory.resolve("template.yaml"), """
            Description: A test stack
            Resources:
              Bucket: {Type: AWS::S3::Bucket}
              Api: {Type: AWS::Serverless::HttpApi}
            Outputs:
              BucketName:
                Description: Where <files> & reports go
                Value: !Ref Bucket
                Export: {Name: !Sub "${AWS::StackName}-bucket"}
              ApiUrl:
                Value: !Sub "https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/skill/verify"
            """);
        StackDescription stack = StackDescription.of(
                LocalTemplate.load(template, NAMING, Map.of(), Map.of()),
                "http://127.0.0.1:3000",
                Instant.parse("2025-03-01T09:00:00Z"));
        server = CloudFormationServer.start("127.0.0.1", 0, stack);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void describeStacksListsTheOutputsResolvedToLocalNames() throws Exception {
        HttpResponse<String> response = post("Action=DescribeStacks&StackName=stack&Version=2010-05-15");

        assertEquals(200, response.statusCode(), response.body());
        Document xml = parse(response.body());
        assertEquals("stack", text(xml, "StackName", 0));
        assertEquals(NAMING.stackId(), text(xml, "StackId", 0));
        assertEquals("A test stack", text(xml, "Description", 0));
        assertEquals("CREATE_COMPLETE", text(xml, "StackStatus", 0));
        assertEquals("2025-03-01T09:00:00Z", text(xml, "CreationTime", 0));
        assertEquals(List.of("BucketName", "ApiUrl"), List.of(text(xml, "OutputKey", 0), text(xml, "OutputKey", 1)));
        assertEquals("stack-bucket", text(xml, "OutputValue", 0));
        assertEquals("Where <files> & reports go", text(xml, "Description", 1));
        assertEquals("stack-bucket", text(xml, "ExportName", 0));
        assertEquals(
                "http://127.0.0.1:3000/skill/verify",
                text(xml, "OutputValue", 1),
                "the API's URL is the local HTTP API");
        assertEquals(response.headers().firstValue("x-amzn-RequestId").orElseThrow(), text(xml, "RequestId", 0));
    }

    @Test
    void theStackIsFoundByItsIdAndWithoutAName() throws Exception {
        String byId = "Action=DescribeStacks&StackName="
                + NAMING.stackId().replace(":", "%3A").replace("/", "%2F");

        assertEquals("stack", text(parse(post(byId).body()), "StackName", 0));
        assertEquals("stack", text(parse(post("Action=DescribeStacks").body()), "StackName", 0));
    }

    @Test
    void anUnknownStackIsTheServicesValidationError() throws Exception {
        HttpResponse<String> response = post("Action=DescribeStacks&StackName=other&Version=2010-05-15");

        assertError(response, "ValidationError", "Stack with id other does not exist");
    }

    @Test
    void otherActionsAndMalformedRequestsAreRefusedWith400() throws Exception {
        assertError(
                post("Action=DeleteStack&StackName=stack"),
                "InvalidAction",
                "Could not find operation DeleteStack for version 2010-05-15");
        assertError(post("StackName=stack"), "MissingAction", "Missing Action");
        assertError(post("Action=DescribeStacks&StackName=%zz"), "MalformedQueryString", null);
        assertError(post("Action=DescribeStacks&StackName=" + "x".repeat(70_000)), "MalformedQueryString", null);
    }

    private static void assertError(HttpResponse<String> response, String code, String message) throws Exception {
        assertEquals(400, response.statusCode(), response.body());
        Document xml = parse(response.body());
        assertEquals("ErrorResponse", xml.getDocumentElement().getTagName());
        assertEquals("Sender", text(xml, "Type", 0));
        assertEquals(code, text(xml, "Code", 0));
        if (message != null) {
            assertEquals(message, text(xml, "Message", 0));
        }
    }

    private static HttpResponse<String> post(String form) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Document xml, String tag, int index) {
        return xml.getElementsByTagName(tag).item(index).getTextContent();
    }
}
