package com.rostergate.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.rostergate.core.telemetry.JsonLog;

/** The log of one Lambda invocation: JSON lines through the runtime's logger, each with the AWS request id. */
public final class InvocationLog {

    private InvocationLog() {}

    public static JsonLog of(Context context) {
        return JsonLog.to(context.getLogger()::log).with("awsRequestId", context.getAwsRequestId());
    }
}
