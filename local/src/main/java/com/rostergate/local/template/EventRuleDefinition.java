package com.rostergate.local.template;

import java.util.Optional;

/**
 * An EventBridge rule on the default bus with one target: a function's {@code EventBridgeRule} event or
 * one target of an {@code AWS::Events::Rule}. Exactly one of {@code functionId}, {@code queueUrl} and
 * {@code notRun} is set; {@code notRun} is a target the local stack does not run (an SNS topic).
 */
public record EventRuleDefinition(
        String name,
        String arn,
        String patternJson,
        Optional<String> functionId,
        Optional<String> queueUrl,
        Optional<NotRunTarget> notRun,
        Optional<String> deadLetterQueueUrl) {

    /** A target resource the local stack does not run: what reaches it is only logged and recorded. */
    public record NotRunTarget(String logicalId, String service) {}
}
