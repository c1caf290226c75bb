package com.rostergate.local.template;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the template says about one function, after Globals are merged and references resolved. */
public record FunctionDefinition(
        String logicalId,
        String name,
        String arn,
        String handler,
        Duration timeout,
        int memoryMb,
        int maxConcurrency,
        Map<String, String> environment,
        int maximumRetryAttempts,
        Optional<FailureDestination> onFailure,
        List<SqsEventSource> sqsEventSources,
        List<HttpRoute> httpRoutes) {

    /** An SQS event source mapping: Lambda polls {@code queueUrl} and invokes the function with batches. */
    public record SqsEventSource(
            String queueId,
            String queueUrl,
            String queueArn,
            int batchSize,
            Duration batchingWindow,
            boolean reportBatchItemFailures,
            int maximumConcurrency) {}

    /**
     * An HTTP API route ({@code Method} may be {@code ANY}; {@code Path} may hold {@code {param}} and {@code
     * {proxy+}}).
     */
    public record HttpRoute(String method, String path, String apiId) {
        public String routeKey() {
            return path.equals("$default") ? "$default" : method + " " + path;
        }
    }

    /**
     * Where an asynchronous invocation goes once its retries are exhausted. {@code invocationRecord}: the
     * message is Lambda's destination record; otherwise it is the event itself, as a dead-letter queue gets it.
     */
    public record FailureDestination(String queueUrl, String property, boolean invocationRecord) {}
}
