package com.rostergate.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real stream handler run by the local stack, with each invocation's duration, CPU time and answer handed to
 * the benchmark.
 */
final class TimedHandler implements RequestStreamHandler {

    /** {@code cpuNanos}: CPU time of the invocation's own thread (not of the threads it hands work to). */
    record Invocation(long nanos, long cpuNanos, String answer) {}

    private final RequestStreamHandler delegate;
    private final BlockingQueue<Invocation> invocations = new LinkedBlockingQueue<>();

    TimedHandler(RequestStreamHandler delegate) {
        this.delegate = delegate;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        delegate.handleRequest(input, answer, context);
        long cpuNanos = threads.getCurrentThreadCpuTime() - cpuStart;
        long nanos = System.nanoTime() - start;
        output.write(answer.toByteArray());
        invocations.add(new Invocation(nanos, cpuNanos, answer.toString(StandardCharsets.UTF_8)));
    }

    /** The next finished invocation. */
    Invocation next(long timeoutSeconds) throws InterruptedException {
        Invocation invocation = invocations.poll(timeoutSeconds, TimeUnit.SECONDS);
        if (invocation == null) {
            throw new IllegalStateException("no invocation finished within " + timeoutSeconds + " s");
        }
        return invocation;
    }
}
