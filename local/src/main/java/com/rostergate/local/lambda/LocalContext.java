package com.rostergate.local.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The Lambda {@link Context} of one invocation; the remaining time counts down to the function's
 * timeout. Public so that tests and benchmarks invoking a handler directly pass the same context.
 */
public final class LocalContext implements Context {

    private final String requestId;
    private final String functionName;
    private final String functionArn;
    private final int memoryMb;
    private final long deadlineNanos;
    private final LambdaLogger logger;

    LocalContext(String requestId, String functionName, String functionArn, int memoryMb, long deadlineNanos,
                 LambdaLogger logger) {
        this.requestId = requestId;
        this.functionName = functionName;
        this.functionArn = functionArn;
        this.memoryMb = memoryMb;
        this.deadlineNanos = deadlineNanos;
        this.logger = logger;
    }

    /** A context for a direct call of a handler outside the stack, with {@code timeout} left and lines sent to {@code logger}. */
    public static LocalContext direct(String functionName, Duration timeout, LambdaLogger logger) {
        return new LocalContext(UUID.randomUUID().toString(), functionName,
            "arn:aws:lambda:ap-northeast-2:000000000000:function:" + functionName, 1024,
            System.nanoTime() + timeout.toNanos(), logger);
    }

    /** As {@link #direct(String, Duration, LambdaLogger)}, logging to the console. */
    public static LocalContext direct(String functionName, Duration timeout) {
        return direct(functionName, timeout, console(functionName));
    }

    /** A logger that prints each line to the console prefixed with the function name, as CloudWatch would group it. */
    public static LambdaLogger console(String functionName) {
        return lines(line -> System.out.println("[" + functionName + "] " + line));
    }

    /** A logger that hands each line, trailing line break removed, to {@code lines}. */
    public static LambdaLogger lines(Consumer<String> lines) {
        return new LineLogger(lines);
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local/[$LATEST]" + Thread.currentThread().getName();
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return functionArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }

    private record LineLogger(Consumer<String> lines) implements LambdaLogger {
        @Override
        public void log(String message) {
            lines.accept(message.stripTrailing());
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }
    }
}
