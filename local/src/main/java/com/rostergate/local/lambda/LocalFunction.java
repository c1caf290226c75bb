package com.rostergate.local.lambda;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.rostergate.fixtures.lambda.LocalContext;
import com.rostergate.local.template.FunctionDefinition;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One function with Lambda's execution model: a pool of execution environments (one handler
 * instance each, built lazily through the factory, at most {@code maxConcurrency}), one invocation
 * at a time per environment, each invocation on a worker thread bounded by the template's Timeout.
 * A timed-out invocation is interrupted and its environment thrown away, as Lambda resets it.
 */
public final class LocalFunction implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalFunction.class);

    private final FunctionDefinition definition;
    private final Map<String, String> environment;
    private final Function<Map<String, String>, Object> factory;
    private final LambdaLogger logger;
    private final Semaphore concurrency;
    private final BlockingQueue<HandlerAdapter> idle = new LinkedBlockingQueue<>();
    private final AtomicInteger running = new AtomicInteger();
    private final ExecutorService workers;

    /** {@code logger} is what the handlers' {@code context.getLogger()} writes to. */
    public LocalFunction(
            FunctionDefinition definition,
            Map<String, String> environment,
            Function<Map<String, String>, Object> factory,
            LambdaLogger logger) {
        this.definition = definition;
        this.environment = Map.copyOf(environment);
        this.factory = factory;
        this.logger = logger;
        this.concurrency = new Semaphore(definition.maxConcurrency());
        this.workers = Executors.newCachedThreadPool(DaemonThreads.named(definition.name()));
    }

    public FunctionDefinition definition() {
        return definition;
    }

    public Map<String, String> environment() {
        return environment;
    }

    /** Builds the first execution environment now, so a handler that cannot start fails the stack's start. */
    public void initialise() {
        idle.add(newEnvironment());
    }

    /** Invocations started and not yet finished (including those waiting for a free environment). */
    public int running() {
        return running.get();
    }

    /** Runs one invocation and waits for it, at most for the function's timeout. */
    public InvocationResult invoke(byte[] event, String requestId) throws InterruptedException {
        running.incrementAndGet();
        try {
            concurrency.acquire();
            try {
                return invokeOnWorker(event, requestId);
            } finally {
                concurrency.release();
            }
        } finally {
            running.decrementAndGet();
        }
    }

    private InvocationResult invokeOnWorker(byte[] event, String requestId) throws InterruptedException {
        long timeoutNanos = definition.timeout().toNanos();
        long deadline = System.nanoTime() + timeoutNanos;
        AtomicBoolean abandoned = new AtomicBoolean();
        Future<byte[]> result = workers.submit(() -> {
            HandlerAdapter handler = idle.poll();
            if (handler == null) {
                handler = newEnvironment();
            }
            try {
                return handler.handle(
                        event,
                        new LocalContext(
                                requestId,
                                definition.name(),
                                definition.arn(),
                                definition.memoryMb(),
                                deadline,
                                logger));
            } finally {
                if (!abandoned.get()) {
                    idle.add(handler);
                }
            }
        });
        try {
            return InvocationResult.success(result.get(timeoutNanos, TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            abandoned.set(true);
            result.cancel(true);
            InvocationResult timeout = InvocationResult.timeout(requestId, definition.timeout());
            LOG.warn("{}: {}", definition.name(), timeout.errorMessage());
            return timeout;
        } catch (ExecutionException e) {
            LOG.warn(
                    "{}: request {} failed: {}",
                    definition.name(),
                    requestId,
                    e.getCause().toString());
            return InvocationResult.error(e.getCause());
        } catch (InterruptedException e) {
            abandoned.set(true);
            result.cancel(true);
            throw e;
        }
    }

    private HandlerAdapter newEnvironment() {
        return HandlerAdapter.of(factory.apply(environment));
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
