package com.rostergate.local.template;

import java.util.Optional;

/**
 * An EventBridge rule on the default bus: a function's {@code EventBridgeRule} event or an
 * {@code AWS::Events::Rule} target. Exactly one of {@code functionId} and {@code queueUrl} is set.
 */
public record EventRuleDefinition(String name, String arn, String patternJson, Optional<String> functionId,
                                  Optional<String> queueUrl, Optional<String> deadLetterQueueUrl) {
}
