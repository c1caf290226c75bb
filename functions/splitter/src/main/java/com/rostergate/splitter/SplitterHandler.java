package com.rostergate.splitter;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rostergate.aws.InvocationLog;
import com.rostergate.aws.ingest.AwsIngest;
import com.rostergate.core.ingest.Deadline;
import com.rostergate.core.ingest.GaveUpException;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.RosterUpload;
import com.rostergate.core.ingest.usecase.RosterImport;
import com.rostergate.core.telemetry.JsonLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Lambda entry point for an EventBridge S3 "Object Created" event under {@code rosters/}: runs the
 * import ({@link RosterImport}) and answers {@code {"import_id": ..., "status": ...}}. A bad file is a
 * FAILED import, not an error; only transient infrastructure errors (and an event that is not an S3
 * event at all) are thrown, so that Lambda retries and finally parks the event in the failed-events queue.
 * The constructor is the function's composition root: the adapters ({@link AwsIngest}) and the use case.
 */
public final class SplitterHandler implements RequestStreamHandler {

    /** Kept back from the invocation's time for the ledger update after the split. */
    private static final long RESERVE_MILLIS = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RosterImport rosterImport;

    public SplitterHandler() {
        this(System.getenv());
    }

    public SplitterHandler(Map<String, String> env) {
        AwsIngest aws = AwsIngest.from(env);
        ExecutorService senders = Executors.newFixedThreadPool(RosterImport.MAX_SENDS_IN_FLIGHT, runnable -> {
            Thread thread = new Thread(runnable, "splitter-send");
            thread.setDaemon(true);
            return thread;
        });
        this.rosterImport = aws.rosterImport(senders);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        RosterUpload upload = RosterUpload.fromEvent(JSON.readTree(input));
        JsonLog log = InvocationLog.of(context);
        ObjectNode answer = JSON.createObjectNode();
        if (upload.key().endsWith("/")) {
            log.info("upload-ignored")
                    .message("a folder marker, not a file")
                    .field("key", upload.key())
                    .write();
            answer.put("ignored", upload.key());
        } else {
            ImportRecord record;
            try {
                record = rosterImport.run(upload, Deadline.in(context.getRemainingTimeInMillis(), RESERVE_MILLIS), log);
            } catch (GaveUpException e) {
                throw new IOException(e.getMessage(), e);
            }
            answer.put("import_id", record.importId());
            answer.put("status", record.status().name());
        }
        JSON.writeValue(output, answer);
    }
}
