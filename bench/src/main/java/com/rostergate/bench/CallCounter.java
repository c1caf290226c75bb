package com.rostergate.bench;

import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts AWS SDK calls by the thread family that made them and the operation, while counting is on.
 * Registered for every SDK client in the benchmark JVM through the SDK's global interceptor file
 * (software/amazon/awssdk/global/handlers/execution.interceptors), so the handlers run unchanged.
 */
public final class CallCounter implements ExecutionInterceptor {

    private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();
    /** When each key's first call started (System.nanoTime()). */
    private static final Map<String, Long> FIRST = new ConcurrentHashMap<>();

    private static volatile boolean counting;

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (counting) {
            String thread = Thread.currentThread().getName().replaceAll("[-_ ]?\\d+$", "");
            String key = thread + " " + attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                    + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            FIRST.putIfAbsent(key, System.nanoTime());
            COUNTS.computeIfAbsent(key, k -> new LongAdder()).increment();
        }
    }

    static void start() {
        COUNTS.clear();
        FIRST.clear();
        counting = true;
    }

    /** When the first call of "thread-family Service.Operation" started in the last count, if one was made. */
    static OptionalLong firstCall(String key) {
        Long first = FIRST.get(key);
        return first == null ? OptionalLong.empty() : OptionalLong.of(first);
    }

    /** Stops counting; "thread-family Service.Operation" -> calls. */
    static Map<String, Long> stop() {
        counting = false;
        Map<String, Long> counts = new TreeMap<>();
        COUNTS.forEach((key, count) -> counts.put(key, count.sum()));
        return counts;
    }
}
