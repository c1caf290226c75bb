package com.rostergate.aws.ingest;

import com.rostergate.core.ingest.BatchMessage;
import com.rostergate.core.ingest.Deadline;
import com.rostergate.core.ingest.ImportIdentity;
import com.rostergate.core.ingest.ImportMode;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.ingest.RosterUpload;
import com.rostergate.core.ingest.WriteFence;
import com.rostergate.core.roster.BadRosterFileException;
import com.rostergate.core.roster.RosterBatch;
import com.rostergate.core.roster.RosterSplitter;
import com.rostergate.core.roster.SplitResult;
import com.rostergate.core.roster.SplitSink;
import com.rostergate.core.telemetry.ImportTelemetry;
import com.rostergate.core.telemetry.JsonLog;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Turns one upload event into an import: records it in the ledger (the same event again is the same
 * import), splits the file into batch messages and a rejects report, and hands over to the writers.
 * A file that cannot be a roster makes the import FAILED with the reason; nothing is thrown for it.
 * Transient infrastructure errors are thrown, so Lambda retries the event; a retry of an import still
 * SPLITTING splits it again, sending the same numbered batches, which the writers count only once.
 */
public final class RosterImport {

    /** SendMessageBatch calls in flight at once. */
    public static final int MAX_SENDS_IN_FLIGHT = 8;

    private final S3Client s3;
    private final ImportLedger ledger;
    private final IngestQueue queue;
    private final ImportReports reports;
    private final ImportEvents events;
    private final RosterSplitter splitter;
    private final ExecutorService senders;

    public RosterImport(S3Client s3, ImportLedger ledger, IngestQueue queue, ImportReports reports, ImportEvents events, RosterSplitter splitter,
                        ExecutorService senders) {
        this.s3 = s3;
        this.ledger = ledger;
        this.queue = queue;
        this.reports = reports;
        this.events = events;
        this.splitter = splitter;
        this.senders = senders;
    }

    /** Thrown out of the split when a newer full roster turns out to exist before anything was sent. */
    private static final class Overtaken extends RuntimeException {
        private final String newerImportId;

        Overtaken(String newerImportId) {
            super(null, null, false, false);
            this.newerImportId = newerImportId;
        }
    }

    /** {@code log}: the invocation's log; its lines about this import also name it. */
    public ImportRecord run(RosterUpload upload, Deadline deadline, JsonLog invocationLog) throws IOException, GaveUpException {
        ImportIdentity identity = ImportIdentity.of(upload);
        JsonLog log = invocationLog.with("importId", identity.importId());
        ImportMode mode = ImportMode.forKey(upload.key());
        ledger.create(newRecord(upload, identity, mode));
        ImportRecord record = ledger.get(identity.importId());
        if (record.status() != ImportStatus.SPLITTING) {
            log.info("import-redelivered").message("the upload's event was delivered again; the import was already split")
                .field("status", record.status().name()).write();
            queue.finalizeIfSettled(record, deadline);
            return record;
        }
        if (mode == null) {
            return end(identity, ImportStatus.FAILED, ImportMode.wrongKeyReason(upload.key()), log);
        }
        RosterObject object;
        try {
            object = RosterObject.of(s3, upload);
        } catch (NoSuchKeyException e) {
            return end(identity, ImportStatus.FAILED, "the file was deleted before it could be read", log);
        }
        return split(identity, mode, object, deadline, log);
    }

    /** Both passes over the file: batches to the queue, rejects to the report, totals to the ledger. */
    private ImportRecord split(ImportIdentity identity, ImportMode mode, RosterObject object, Deadline deadline, JsonLog log)
        throws IOException, GaveUpException {
        boolean forced = object.forced();
        ImportReports.Rejects rejects = reports.openRejects(identity.importId());
        IngestQueue.Sender sender = queue.sender(senders, MAX_SENDS_IN_FLIGHT, deadline);
        SplitResult result;
        try {
            result = splitter.split(object, new Sink(identity, mode, rejects, sender));
            sender.finish();
            rejects.complete();
        } catch (BadRosterFileException e) {
            rejects.abort();
            return end(identity, ImportStatus.FAILED, e.getMessage(), log);
        } catch (Overtaken e) {
            rejects.abort();
            return end(identity, ImportStatus.SUPERSEDED, "a newer full roster (import " + e.newerImportId
                + ") was uploaded before this file was read; nothing was applied", log);
        } catch (IOException | RuntimeException e) {
            rejects.abort();
            throw e;
        }
        Map<String, Object> totals = new HashMap<>();
        totals.put("encoding", result.format().encoding());
        totals.put("delimiter", result.format().delimiter());
        totals.put("sheet", result.format().sheet());
        totals.put("force", forced);
        totals.put("rows_read", result.rowsRead());
        totals.put("rows_valid", result.rowsValid());
        totals.put("rows_rejected", result.rowsRejected());
        totals.put("rows_duplicate", result.rowsDuplicate());
        totals.put("batches_total", (long) result.batches());
        totals.put("rejects_key", ImportReports.rejectsKey(identity.importId()));
        ledger.transition(identity.importId(), Set.of(ImportStatus.SPLITTING), ImportStatus.WRITING, totals);
        log.info("import-split").field("mode", mode.name()).field("format", result.format().describe())
            .field("rowsRead", result.rowsRead()).field("rowsRejected", result.rowsRejected()).field("rowsDuplicate", result.rowsDuplicate())
            .field("batchesSent", result.batches()).write();
        ImportRecord writing = ledger.get(identity.importId());
        queue.finalizeIfSettled(writing, deadline);
        return writing;
    }

    /** Ends an import that was never split (FAILED or SUPERSEDED), with the reason, writes its summary and publishes the outcome. */
    private ImportRecord end(ImportIdentity identity, ImportStatus status, String reason, JsonLog log) {
        boolean moved = ledger.transition(identity.importId(), Set.of(ImportStatus.SPLITTING), status, Map.of("error", reason));
        ImportRecord record = ledger.get(identity.importId());
        reports.putSummary(record);
        if (moved) {
            ImportTelemetry.outcome(log, record);
            events.publish(record, log);
        }
        return record;
    }

    private static ImportRecord newRecord(RosterUpload upload, ImportIdentity identity, ImportMode mode) {
        String now = ImportLedger.now();
        return new ImportRecord(identity.importId(), upload.bucket(), upload.key(), upload.versionId(), mode, ImportStatus.SPLITTING,
            identity.revision(), null, null, null, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            now, now, null, null, ImportReports.summaryKey(identity.importId()), null, null, null, null, null);
    }

    /** Sends pass 2's batches and streams its rejects; registers the import as the newest before anything is sent. */
    private final class Sink implements SplitSink {
        private final ImportIdentity identity;
        private final ImportMode mode;
        private final ImportReports.Rejects rejects;
        private final IngestQueue.Sender sender;

        Sink(ImportIdentity identity, ImportMode mode, ImportReports.Rejects rejects, IngestQueue.Sender sender) {
            this.identity = identity;
            this.mode = mode;
            this.rejects = rejects;
            this.sender = sender;
        }

        /**
         * Only a file that reads as a roster may overtake older imports (a broken upload must not stop a good one).
         * While another import may still be writing, this one's rows wait out the {@link WriteFence}.
         */
        @Override
        public void validated() {
            ImportLedger.Latest latest = ledger.claimLatest(identity, mode);
            if (latest.fullNewerThan(identity.revision())) {
                throw new Overtaken(latest.fullImportId());
            }
            if (ledger.anyUnsettledBesides(identity.importId())) {
                sender.holdFor(WriteFence.FENCE);
            }
        }

        @Override
        public void header(List<String> columns) {
            rejects.header(columns);
        }

        @Override
        public void batch(RosterBatch batch) throws IOException {
            sender.send(BatchMessage.of(identity, mode, batch));
        }

        @Override
        public void rejected(long line, String[] fields, String reason) {
            rejects.reject(line, fields, reason);
        }
    }
}
