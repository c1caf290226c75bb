package com.rostergate.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/**
 * The Lambda context of an in-process verifier call. Its logger drops the line the handler builds
 * (10,000 lines on the console would measure the terminal, not the handler).
 */
final class BenchContext implements Context {

    private static final LambdaLogger DISCARD = new LambdaLogger() {
        @Override
        public void log(String message) {
        }

        @Override
        public void log(byte[] message) {
        }
    };

    @Override
    public String getAwsRequestId() {
        return "bench";
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/bench";
    }

    @Override
    public String getLogStreamName() {
        return "bench";
    }

    @Override
    public String getFunctionName() {
        return "VerifierFunction";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:ap-northeast-2:000000000000:function:bench";
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
        return 3000;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1769;
    }

    @Override
    public LambdaLogger getLogger() {
        return DISCARD;
    }
}
