package com.rostergate.it.iam;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Every AWS SDK call made in this JVM while recording, with the thread that made it. Registered for
 * every SDK client through the SDK's global interceptor file
 * (software/amazon/awssdk/global/handlers/execution.interceptors), so the handlers run unchanged.
 */
public final class SdkCalls implements ExecutionInterceptor {

    /** One call: the thread's name, the service ("DynamoDb", "Sqs", "S3", "EventBridge") and the request. */
    public record Call(String thread, String service, String operation, SdkRequest request) {}

    private static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    private static volatile boolean recording;

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (recording) {
            CALLS.add(new Call(
                    Thread.currentThread().getName(),
                    attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                    attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                    context.request()));
        }
    }

    public static void start() {
        CALLS.clear();
        recording = true;
    }

    /** Stops recording and returns what was recorded. */
    public static List<Call> stop() {
        recording = false;
        return List.copyOf(CALLS);
    }
}
