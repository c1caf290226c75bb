package com.rostergate.core.ingest.memory;

import com.rostergate.core.ingest.Deadline;
import com.rostergate.core.ingest.IngestMessage;
import com.rostergate.core.ingest.IngestMessages;
import com.rostergate.core.ingest.port.BatchQueue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

/** The ingest queue in memory: messages go through their JSON form, as on SQS, and wait to be taken. */
public final class InMemoryQueue implements BatchQueue {

    private final List<String> bodies = new ArrayList<>();
    private int sendsBeforeFailure = -1;

    /** After {@code sends} more messages, every send fails (a queue that stops answering). */
    public synchronized void failAfter(int sends) {
        sendsBeforeFailure = sends;
    }

    /** Sends succeed again. */
    public synchronized void recover() {
        sendsBeforeFailure = -1;
    }

    @Override
    public synchronized void send(IngestMessage message, Deadline deadline) {
        bodies.add(IngestMessages.encode(message));
    }

    @Override
    public Sender sender(ExecutorService pool, int maxInFlight, Deadline deadline) {
        return new Sender() {
            @Override
            public void send(IngestMessage message) throws IOException {
                synchronized (InMemoryQueue.this) {
                    if (sendsBeforeFailure == 0) {
                        throw new IOException("sending batches to the ingest queue failed: unreachable");
                    }
                    if (sendsBeforeFailure > 0) {
                        sendsBeforeFailure--;
                    }
                    bodies.add(IngestMessages.encode(message));
                }
            }

            @Override
            public void finish() {}
        };
    }

    /** Takes every message sent so far, in order. */
    public synchronized List<IngestMessage> take() {
        List<IngestMessage> messages =
                bodies.stream().map(IngestMessages::decode).toList();
        bodies.clear();
        return new ArrayList<>(messages);
    }

    public synchronized boolean isEmpty() {
        return bodies.isEmpty();
    }
}
