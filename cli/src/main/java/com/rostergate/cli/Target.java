package com.rostergate.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names and endpoints rosterctl works against, whichever way they were found (a CloudFormation
 * stack's outputs, the local stack's endpoints file, explicit flags). Endpoints are null on real AWS.
 */
record Target(
        String region,
        String s3Endpoint,
        String sqsEndpoint,
        String dynamoDbEndpoint,
        String eventsEndpoint,
        String accessKeyId,
        String secretAccessKey,
        String rosterBucket,
        String ingestQueueUrl,
        String deadLetterQueueUrl,
        String employeesTable,
        String importsTable,
        String skillUrl,
        String skillSecret) {

    /** The environment map {@link com.rostergate.aws.AwsClients} builds clients from, exactly as a function's. */
    Map<String, String> clientEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        putIfSet(env, "AWS_REGION", region);
        putIfSet(env, "AWS_ENDPOINT_URL_S3", s3Endpoint);
        putIfSet(env, "AWS_ENDPOINT_URL_SQS", sqsEndpoint);
        putIfSet(env, "AWS_ENDPOINT_URL_DYNAMODB", dynamoDbEndpoint);
        putIfSet(env, "AWS_ENDPOINT_URL_EVENTBRIDGE", eventsEndpoint);
        putIfSet(env, "AWS_ACCESS_KEY_ID", accessKeyId);
        putIfSet(env, "AWS_SECRET_ACCESS_KEY", secretAccessKey);
        return env;
    }

    /** The function-style settings the ingestion adapters read (see IngestConfig). */
    Map<String, String> ingestEnvironment() {
        Map<String, String> env = clientEnvironment();
        putIfSet(env, "IMPORTS_TABLE", importsTable);
        putIfSet(env, "EMPLOYEES_TABLE", employeesTable);
        putIfSet(env, "INGEST_QUEUE_URL", ingestQueueUrl);
        putIfSet(env, "REPORTS_BUCKET", rosterBucket);
        return env;
    }

    String require(String value, String what, String flag) {
        if (value == null || value.isBlank()) {
            throw new UserError("No " + what + " is known: give " + flag + ", --local [FILE] or --stack NAME");
        }
        return value;
    }

    private static void putIfSet(Map<String, String> env, String key, String value) {
        if (value != null && !value.isBlank()) {
            env.put(key, value);
        }
    }
}
