package com.rostergate.aws.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rostergate.aws.AwsClients;
import com.rostergate.core.ingest.RosterUpload;
import com.rostergate.core.ingest.port.RosterFiles;
import com.rostergate.fixtures.http.LocalHttpServers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The upload's confirmation ({@code force=true}) as the real S3 client reads it from S3's wire answers:
 * user metadata on HeadObject, or the object's tag set from GetObjectTagging. The local stack's S3
 * (S3Proxy) has no tagging, so the tag is exercised here against S3's documented XML.
 */
class RosterObjectTest {

    private static final String NO_TAGS = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet></TagSet></Tagging>";
    private static final String FORCE_TAG = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet>"
            + "<Tag><Key>department</Key><Value>HR</Value></Tag><Tag><Key>force</Key><Value>TRUE</Value></Tag>"
            + "</TagSet></Tagging>";
    private static final String NOT_IMPLEMENTED = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<Error><Code>NotImplemented</Code><Message>A header you provided implies functionality that is not"
            + " implemented</Message></Error>";

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private volatile String metadataForce;
    private volatile String metadataSheet;
    private volatile int taggingStatus = 200;
    private volatile String taggingBody = NO_TAGS;

    @BeforeEach
    void start() throws IOException {
        server = LocalHttpServers.loopback(this::answer);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aForceTagConfirmsTheUpload() throws Exception {
        taggingBody = FORCE_TAG;

        assertTrue(rosterObject().forced());
        assertEquals(
                List.of(
                        "HEAD /roster-bucket/rosters/full/roster.csv",
                        "GET /roster-bucket/rosters/full/roster.csv?tagging"),
                requests);
    }

    @Test
    void forceMetadataConfirmsTheUploadWithoutReadingTags() throws Exception {
        metadataForce = "true";

        assertTrue(rosterObject().forced());
        assertEquals(List.of("HEAD /roster-bucket/rosters/full/roster.csv"), requests);
    }

    @Test
    void otherTagsOrNoneDoNotConfirm() throws Exception {
        assertFalse(rosterObject().forced());
        taggingBody = FORCE_TAG.replace("<Value>TRUE</Value>", "<Value>yes please</Value>");
        assertFalse(rosterObject().forced());
    }

    @Test
    void aStoreWithoutTaggingLeavesMetadataAsTheOnlyConfirmation() throws Exception {
        taggingStatus = 501;
        taggingBody = NOT_IMPLEMENTED;

        assertFalse(rosterObject().forced());
    }

    @Test
    void theSheetToReadComesFromMetadataPercentEncodedAsS3MetadataIsAscii() throws Exception {
        assertEquals(null, rosterObject().sheet(), "none named: the first");
        metadataSheet = "%EC%A7%81%EC%9B%90%20%EB%AA%85%EB%8B%A8";
        assertEquals("직원 명단", rosterObject().sheet());
        metadataSheet = "Q1+Q2 100%";
        assertEquals("Q1+Q2 100%", rosterObject().sheet(), "not percent-encoding: taken as written");
    }

    private RosterObject rosterObject() throws RosterFiles.GoneException {
        S3Client s3 = AwsClients.builder(Map.of(
                        "AWS_REGION",
                        "ap-northeast-2",
                        "AWS_ACCESS_KEY_ID",
                        "test",
                        "AWS_SECRET_ACCESS_KEY",
                        "test",
                        "AWS_ENDPOINT_URL_S3",
                        "http://127.0.0.1:" + server.getAddress().getPort()))
                .build()
                .build(S3Client.builder().forcePathStyle(true), "S3");
        return RosterObject.of(
                s3,
                new RosterUpload(
                        "roster-bucket",
                        "rosters/full/roster.csv",
                        null,
                        "\"etag\"",
                        "0",
                        12,
                        Instant.parse("2026-12-01T09:00:00Z")));
    }

    private void answer(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        requests.add(exchange.getRequestMethod() + " "
                + exchange.getRequestURI().getPath() + (query == null ? "" : "?" + query.replace("=", "")));
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("ETag", "\"etag\"");
            exchange.getResponseHeaders().set("Content-Type", "text/csv");
            if (metadataForce != null) {
                exchange.getResponseHeaders().set("x-amz-meta-force", metadataForce);
            }
            if (metadataSheet != null) {
                exchange.getResponseHeaders().set("x-amz-meta-sheet", metadataSheet);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            return;
        }
        byte[] body = taggingBody.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(taggingStatus, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
