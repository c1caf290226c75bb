package com.rostergate.it.ingest;

import static com.rostergate.it.ingest.IngestStack.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rostergate.core.ingest.Deadline;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.telemetry.JsonLog;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every import outcome is put on the default bus with PutEvents (contracts/import-lifecycle-event.schema.json)
 * by the real splitter and writer, and the template's rule sends the ones on-call must act on to OnCallTopic.
 */
class LifecycleEventsIT {

    private static final Roster THIRTY = Roster.cp949Sample();
    private static final String ON_CALL = "OnCallTopic";

    @RegisterExtension
    static final IngestStack stack = IngestStack.withRealHandlers();

    @Test
    void aCompletedImportIsPublishedOnceWithItsCountsAndNoTemplateRuleSendsItToOnCall() throws Exception {
        ImportRecord record = stack.resetTo(THIRTY);

        IngestStack.Published completed = only(stack.published(record));
        assertEquals("Roster Import Completed", completed.detailType());
        assertEquals(List.of(), completed.targets(), "accepted by PutEvents; subscribers add their own rules");
        JsonNode detail = completed.detail();
        assertEquals("COMPLETE", detail.get("status").asText());
        assertEquals(record.rowsRead(), detail.get("rows_read").asLong());
        assertEquals(record.rowsWritten(), detail.get("rows_written").asLong());
        assertEquals(record.batchesWritten(), detail.get("batches_written").asLong());
        assertEquals(record.rosterSize().longValue(), detail.get("roster_size").asLong());
        assertEquals(
                "s3://" + stack.bucket + "/" + record.reportKey(),
                detail.get("report_uri").asText());
        assertEquals(
                "s3://" + stack.bucket + "/" + record.rejectsKey(),
                detail.get("rejects_uri").asText());
        assertTrue(
                stack.stack
                                .s3()
                                .getObjectAsBytes(r -> r.bucket(stack.bucket).key(record.reportKey()))
                                .asByteArray()
                                .length
                        > 0,
                "the summary the event points at is there");
    }

    @Test
    void aFileWithoutAPhoneColumnFailsAndOnCallIsTold() throws Exception {
        ImportRecord record =
                stack.upload("rosters/delta/no-phone.csv", "사번,이름\r\nE1001,김민준\r\n".getBytes(StandardCharsets.UTF_8));

        assertStatus(ImportStatus.FAILED, record);
        IngestStack.Published failed = only(stack.published(record));
        assertEquals("Roster Import Failed", failed.detailType());
        assertEquals(List.of(ON_CALL), failed.targets());
        assertEquals(record.error(), failed.detail().get("error").asText());
        assertFalse(failed.detail().has("rejects_uri"), "the file was never read as a roster");
    }

    @Test
    void aGuardedRemovalGoesToOnCallAndItsConfirmationIsPublishedAsCompleted() throws Exception {
        stack.resetTo(THIRTY);
        ImportRecord guarded =
                stack.upload("rosters/full/employees.csv", THIRTY.first(20).csv());
        assertStatus(ImportStatus.GUARDED, guarded);

        IngestStack.Published held = only(stack.published(guarded));
        assertEquals("Roster Removal Guarded", held.detailType());
        assertEquals(List.of(ON_CALL), held.targets());
        assertEquals(30, held.detail().get("roster_size").asLong());
        assertEquals(10, held.detail().get("removal_candidates").asLong());
        assertEquals(guarded.error(), held.detail().get("error").asText());

        ImportRecord applied = stack.confirm(guarded.importId());

        assertStatus(ImportStatus.COMPLETE, applied);
        List<IngestStack.Published> published = stack.published(guarded);
        assertEquals(List.of("Roster Removal Guarded", "Roster Import Completed"), stack.publishedTypes(guarded));
        assertEquals(10, published.get(1).detail().get("employees_removed").asLong());
        assertTrue(published.get(1).detail().get("force").asBoolean());
    }

    @Test
    void anUnreachableEventBridgeDoesNotHoldUpTheImport() throws Exception {
        stack.resetTo(THIRTY);
        ImportRecord guarded =
                stack.upload("rosters/full/employees.csv", THIRTY.first(22).csv());
        assertStatus(ImportStatus.GUARDED, guarded);
        Map<String, String> env = new HashMap<>(stack.stack.functionEnvironment("SplitterFunction"));
        env.put("AWS_ENDPOINT_URL_EVENTBRIDGE", "http://127.0.0.1:" + closedPort());
        stack.upload("rosters/full/newer.csv", THIRTY.csv());

        ImportRecord superseded =
                stack.operatorImport(env).confirm(guarded.importId(), Deadline.in(60_000, 0), JsonLog.discarding());

        assertStatus(ImportStatus.SUPERSEDED, superseded);
        THIRTY.assertIsTheTable(stack.employees());
        assertEquals(
                List.of("Roster Removal Guarded"),
                stack.publishedTypes(guarded),
                "the outcome was not published, and nothing failed for it");
    }

    @Test
    void aMalformedPutEventsRequestGetsA400JsonError() throws Exception {
        HttpResponse<String> malformed = putEvents("AWSEvents.PutEvents", "{\"Entries\": [");
        HttpResponse<String> otherOperation =
                putEvents("AWSEvents.DeleteRule", "{\"Name\": \"rostergate-import-attention-rule\"}");

        assertEquals(400, malformed.statusCode());
        assertEquals(
                "SerializationException",
                IngestStack.JSON.readTree(malformed.body()).get("__type").asText(),
                malformed.body());
        assertEquals(400, otherOperation.statusCode());
        assertEquals(
                "UnknownOperationException",
                IngestStack.JSON.readTree(otherOperation.body()).get("__type").asText());
    }

    private static HttpResponse<String> putEvents(String target, String body) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(stack.stack.endpoint("EVENTS_ENDPOINT")))
                                .header("X-Amz-Target", target)
                                .header("Content-Type", "application/x-amz-json-1.1")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static IngestStack.Published only(List<IngestStack.Published> published) {
        assertEquals(1, published.size(), () -> "one event per outcome: " + published);
        return published.get(0);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
