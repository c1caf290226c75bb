package com.rostergate.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * What the writer did in a pipeline run, as the benchmark sees it: each batch's time in the queue, read
 * from the writer's own batch-settled log lines (metric BatchQueueTime: SentTimestamp to
 * ApproximateFirstReceiveTimestamp), and when each of its invocations started and ended.
 */
final class WriterTimes {

    static final String WRITER = "WriterFunction";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One writer invocation, in System.nanoTime(), with the number of messages its event carried and the time
     * from the event source's last first receive of them to the handler's start (milliseconds, wall clock).
     */
    record Invocation(long start, long end, int messages, long sinceReceiveMillis) {}

    private final Queue<Double> queuedMillis = new ConcurrentLinkedQueue<>();
    private final Queue<Invocation> invocations = new ConcurrentLinkedQueue<>();
    /** When each writer instance was constructed (its clients built), in System.nanoTime(). */
    private final Queue<Invocation> instances = new ConcurrentLinkedQueue<>();

    /**
     * The stack's function log sink: each line printed as the stack prints it without a sink, so the
     * functions pay for their logging as before; the writer's batch-settled lines are read too.
     */
    void log(String function, String line) {
        System.out.println("[" + function + "] " + line);
        if (function.equals(WRITER) && line.contains("\"batch-settled\"")) {
            try {
                JsonNode queued = JSON.readTree(line).get("BatchQueueTime");
                if (queued != null) {
                    queuedMillis.add(queued.asDouble());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("the writer logged a line that is not JSON: " + line, e);
            }
        }
    }

    /** A new writer instance, its construction timed, with each invocation timed. */
    Timed around(Supplier<RequestHandler<SQSEvent, SQSBatchResponse>> writer) {
        long start = System.nanoTime();
        RequestHandler<SQSEvent, SQSBatchResponse> instance = writer.get();
        instances.add(new Invocation(start, System.nanoTime(), 0, 0));
        return new Timed(instance, invocations);
    }

    /** Forgets what was seen so far: the next run starts counting. */
    void clear() {
        queuedMillis.clear();
        invocations.clear();
        instances.clear();
    }

    /** The batches' times in the queue since the last {@link #clear}, in milliseconds. */
    List<Double> queuedMillis() {
        return new ArrayList<>(queuedMillis);
    }

    List<Invocation> invocations() {
        return new ArrayList<>(invocations);
    }

    /**
     * How long, on average per poller, no writer invocation was running between {@code from} and {@code to}
     * (System.nanoTime()): the time outside the handler, receiving, deleting, filling a batch, starting an
     * instance or waiting on an empty queue.
     */
    double idleSecondsPerPoller(long from, long to, int pollers) {
        long busy = 0;
        for (Invocation invocation : invocations) {
            busy += Math.max(0, Math.min(to, invocation.end()) - Math.max(from, invocation.start()));
        }
        return ((to - from) - busy / (double) pollers) / 1e9;
    }

    /**
     * Seconds per poller spent constructing writer instances between {@code from} and {@code to}: the local
     * stack starts one the first time each poller's invocation finds none idle, as Lambda starts an environment.
     */
    double instanceSecondsPerPoller(long from, long to, int pollers) {
        long spent = 0;
        for (Invocation instance : instances) {
            spent += Math.max(0, Math.min(to, instance.end()) - Math.max(from, instance.start()));
        }
        return spent / (double) pollers / 1e9;
    }

    /**
     * Seconds per poller, of the invocations that started between {@code from} and {@code to}, from the event
     * source's receive of a batch's last message to the handler's start: filling the batch, building the event.
     */
    double receiveToHandlerSecondsPerPoller(long from, long to, int pollers) {
        return invocations.stream()
                        .filter(i -> i.start() >= from && i.start() < to)
                        .mapToLong(Invocation::sinceReceiveMillis)
                        .sum()
                / (double) pollers
                / 1e3;
    }

    /** The invocations that started between {@code from} and {@code to} with fewer than {@code batchSize} messages. */
    long partial(long from, long to, int batchSize) {
        return invocations.stream()
                .filter(i -> i.start() >= from && i.start() < to && i.messages() < batchSize)
                .count();
    }

    /** The invocations that started between {@code from} and {@code to}. */
    long started(long from, long to) {
        return invocations.stream()
                .filter(i -> i.start() >= from && i.start() < to)
                .count();
    }

    /** When the first invocation since the last {@link #clear} started. */
    long firstStart() {
        return invocations.stream()
                .mapToLong(Invocation::start)
                .min()
                .orElseThrow(() -> new IllegalStateException("the writer was not invoked"));
    }

    /** The stack's writer, each invocation's start and end noted. */
    static final class Timed implements RequestHandler<SQSEvent, SQSBatchResponse> {
        private final RequestHandler<SQSEvent, SQSBatchResponse> writer;
        private final Queue<Invocation> invocations;

        private Timed(RequestHandler<SQSEvent, SQSBatchResponse> writer, Queue<Invocation> invocations) {
            this.writer = writer;
            this.invocations = invocations;
        }

        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
            long start = System.nanoTime();
            long startMillis = System.currentTimeMillis();
            try {
                return writer.handleRequest(event, context);
            } finally {
                List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
                long lastReceived = records.stream()
                        .mapToLong(r -> Long.parseLong(r.getAttributes().get("ApproximateFirstReceiveTimestamp")))
                        .max()
                        .orElse(startMillis);
                invocations.add(new Invocation(start, System.nanoTime(), records.size(), startMillis - lastReceived));
            }
        }
    }
}
