package com.rostergate.core.ingest.memory;

import com.rostergate.core.ingest.BatchMessage;
import com.rostergate.core.ingest.Deadline;
import com.rostergate.core.ingest.FinalizeMessage;
import com.rostergate.core.ingest.GaveUpException;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.IngestMessage;
import com.rostergate.core.ingest.RosterUpload;
import com.rostergate.core.ingest.WriteFence;
import com.rostergate.core.ingest.usecase.BatchWriter;
import com.rostergate.core.ingest.usecase.ImportFinalizer;
import com.rostergate.core.ingest.usecase.RosterImport;
import com.rostergate.core.phone.PhoneNormaliser;
import com.rostergate.core.plan.ChangeGuard;
import com.rostergate.core.roster.RosterSplitter;
import com.rostergate.core.telemetry.JsonLog;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The ingest use cases composed on the in-memory ports and one {@link ManualClock} (which is also their
 * sleeper), as a function composes them on the AWS adapters; {@link #deliver} plays the queue's deliveries.
 */
public final class InMemoryIngest {

    public static final int MAX_RECEIVE_COUNT = 5;

    public final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T09:00:00Z"));
    public final InMemoryLedger ledger = new InMemoryLedger(clock);
    public final InMemoryEmployees employees = new InMemoryEmployees(clock, ledger);
    public final InMemoryQueue queue = new InMemoryQueue();
    public final InMemoryReports reports = new InMemoryReports();
    public final InMemoryRosterFiles files = new InMemoryRosterFiles(clock);
    public final RecordedEvents events = new RecordedEvents();
    public final RosterImport rosterImport;
    public final BatchWriter writer;
    public final ImportFinalizer finalizer;

    public InMemoryIngest(ChangeGuard guard) {
        rosterImport = new RosterImport(
                files,
                ledger,
                employees,
                queue,
                reports,
                events,
                new RosterSplitter(new PhoneNormaliser()),
                guard,
                null, // the in-memory queue sends on the caller's thread
                clock,
                WriteFence.FENCE,
                clock);
        writer = new BatchWriter(ledger, employees, queue, MAX_RECEIVE_COUNT, clock, clock);
        finalizer = new ImportFinalizer(ledger, employees, queue, reports, events);
    }

    /** The splitter's invocation for an upload event. */
    public ImportRecord split(RosterUpload upload) throws IOException, GaveUpException {
        return rosterImport.run(upload, Deadline.none(), JsonLog.discarding());
    }

    /** Uploads and splits a file; returns the import as the splitter leaves it. */
    public ImportRecord upload(String key, String csv) throws IOException, GaveUpException {
        return split(files.upload(key, csv));
    }

    /** Delivers what is queued, and what that queues, until the queue is empty; returns the messages delivered. */
    public List<IngestMessage> drain() {
        List<IngestMessage> delivered = new ArrayList<>();
        while (!queue.isEmpty()) {
            List<IngestMessage> messages = queue.take();
            delivered.addAll(messages);
            deliver(messages, 1);
        }
        return delivered;
    }

    /**
     * One writer invocation: its batch messages written in one round (each received {@code receiveCount}
     * times), its finalize steps handled. Returns the messages that failed, by message id ("m0", "m1"...).
     */
    public Map<String, String> deliver(List<IngestMessage> messages, int receiveCount) {
        BatchWriter.Round round = writer.round(Deadline.none(), JsonLog.discarding());
        Map<String, String> failed = new java.util.LinkedHashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            String id = "m" + i;
            try {
                if (messages.get(i) instanceof BatchMessage batch) {
                    round.write(id, batch, receiveCount, OptionalLong.empty());
                } else {
                    finalizer.handle((FinalizeMessage) messages.get(i), Deadline.none(), JsonLog.discarding());
                }
            } catch (GaveUpException | RuntimeException e) {
                failed.put(id, String.valueOf(e.getMessage()));
            }
        }
        failed.putAll(round.finish());
        return failed;
    }

    /** The import as the ledger has it now. */
    public ImportRecord record(String importId) {
        return ledger.get(importId);
    }
}
