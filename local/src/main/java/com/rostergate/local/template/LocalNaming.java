package com.rostergate.local.template;

import java.util.Locale;

/**
 * Deterministic local physical names, ARNs and URLs, shaped like the real ones
 * ({@code IngestQueue} becomes {@code rostergate-ingest-queue}).
 */
public record LocalNaming(String stackName, String accountId, String region, String sqsEndpoint) {

    public static final String ACCOUNT_ID = "000000000000";
    public static final String REGION = "ap-northeast-2";

    public String defaultName(String logicalId) {
        String kebab = logicalId
                .replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                .replaceAll("([A-Z])([A-Z][a-z])", "$1-$2")
                .toLowerCase(Locale.ROOT);
        return stackName + "-" + kebab;
    }

    public String queueUrl(String queueName) {
        return sqsEndpoint + "/" + accountId + "/" + queueName;
    }

    public String queueArn(String queueName) {
        return arn("sqs", queueName);
    }

    public String functionArn(String functionName) {
        return arn("lambda", "function:" + functionName);
    }

    public String tableArn(String tableName) {
        return arn("dynamodb", "table/" + tableName);
    }

    public String ruleArn(String ruleName) {
        return arn("events", "rule/" + ruleName);
    }

    /** What {@code AWS::StackId} gives; the real one ends in a UUID. */
    public String stackId() {
        return "arn:aws:cloudformation:" + region + ":" + accountId + ":stack/" + stackName + "/local";
    }

    public String topicArn(String topicName) {
        return arn("sns", topicName);
    }

    /** Secrets Manager ends a secret's ARN in six random characters; locally they are fixed. */
    public String secretArn(String secretName) {
        return arn("secretsmanager", "secret:" + secretName + "-LOCAL0");
    }

    public String bucketArn(String bucketName) {
        return "arn:aws:s3:::" + bucketName;
    }

    private String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + region + ":" + accountId + ":" + resource;
    }
}
