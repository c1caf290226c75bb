package com.rostergate.aws.ingest;

import com.rostergate.core.plan.ChangeGuard;
import java.util.Map;

/** The ingestion settings a function reads from its environment map (names as in sam/template.yaml). */
public record IngestConfig(
        String importsTable,
        String employeesTable,
        String ingestQueueUrl,
        String reportsBucket,
        int maxReceiveCount,
        ChangeGuard guard,
        String eventBusName) {

    public static final int DEFAULT_MAX_RECEIVE_COUNT = 5;
    /** The account's default bus, which also carries S3's events. */
    public static final String DEFAULT_EVENT_BUS = "default";

    /** Reads what is present; each adapter checks what it needs ({@link #require}). */
    public static IngestConfig from(Map<String, String> env) {
        String maxReceive = env.get("MAX_RECEIVE_COUNT");
        String eventBus = env.get("EVENT_BUS_NAME");
        return new IngestConfig(
                env.get("IMPORTS_TABLE"),
                env.get("EMPLOYEES_TABLE"),
                env.get("INGEST_QUEUE_URL"),
                env.get("REPORTS_BUCKET"),
                maxReceive == null || maxReceive.isBlank()
                        ? DEFAULT_MAX_RECEIVE_COUNT
                        : Integer.parseInt(maxReceive.strip()),
                ChangeGuard.fromSettings(env.get("REMOVAL_GUARD_PERCENT"), env.get("ADDITION_GUARD_PERCENT")),
                eventBus == null || eventBus.isBlank() ? DEFAULT_EVENT_BUS : eventBus.strip());
    }

    static String require(String value, String variable) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + variable + " is not set");
        }
        return value;
    }
}
