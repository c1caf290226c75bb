package com.rostergate.it.ingest;

import static com.rostergate.it.ingest.IngestStack.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.rostergate.aws.AwsClients;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.splitter.SplitterHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A roster version deleted between its upload and the splitter's first look is a FAILED import with a reason,
 * published to on-call, handled on the first try: it does not wait in SPLITTING for the stuck alarm.
 */
class DeletedRosterIT {

    /** The real splitter, after deleting the uploaded version first (as someone removing the file at once would). */
    static final class DeletingSplitter implements RequestStreamHandler {
        static final AtomicInteger INVOCATIONS = new AtomicInteger();
        private final SplitterHandler splitter;
        private final S3Client s3;

        DeletingSplitter(Map<String, String> env) {
            this.splitter = new SplitterHandler(env);
            this.s3 = AwsClients.builder(env).build().build(S3Client.builder().forcePathStyle(true), "S3");
        }

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            byte[] event = input.readAllBytes();
            JsonNode detail = IngestStack.JSON.readTree(event).get("detail");
            INVOCATIONS.incrementAndGet();
            s3.deleteObject(r -> r.bucket(detail.at("/bucket/name").asText())
                    .key(detail.at("/object/key").asText())
                    .versionId(detail.at("/object/version-id").asText(null)));
            splitter.handleRequest(new ByteArrayInputStream(event), output, context);
        }
    }

    @RegisterExtension
    static final IngestStack stack =
            IngestStack.with(builder -> builder.handler("SplitterFunction", DeletingSplitter::new));

    @Test
    void aRosterDeletedBeforeItIsReadFailsAtOnceAndOnCallIsTold() throws Exception {
        ImportRecord record = stack.upload(
                "rosters/delta/deleted-at-once.csv",
                Roster.numbered(0, 5, "영업팀").csv());

        assertStatus(ImportStatus.FAILED, record);
        assertEquals("the file was deleted before it could be read", record.error());
        assertEquals(1, DeletingSplitter.INVOCATIONS.get(), "no retry: the answer will not change");
        IngestStack.Published failed = stack.published(record).get(0);
        assertEquals("Roster Import Failed", failed.detailType());
        assertEquals(List.of("OnCallTopic"), failed.targets());
    }
}
