package com.rostergate.local.dynamodb;

import java.time.Duration;

/**
 * What the local DynamoDB answers like: {@code writeCapacity} and {@code readCapacity} units per
 * second for each table (0: unlimited) and a fixed {@code latency} added to every call.
 */
public record DynamoDbLimits(int writeCapacity, int readCapacity, Duration latency) {

    public static final DynamoDbLimits NONE = new DynamoDbLimits(0, 0, Duration.ZERO);

    public DynamoDbLimits {
        if (writeCapacity < 0 || readCapacity < 0) {
            throw new IllegalArgumentException("DynamoDB capacity must be 0 (unlimited) or positive: write "
                    + writeCapacity + ", read " + readCapacity);
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("DynamoDB latency must not be negative: " + latency);
        }
    }

    /** Whether anything stands between the clients and the server. */
    public boolean active() {
        return writeCapacity > 0 || readCapacity > 0 || !latency.isZero();
    }

    /** One line for the stack's start-up message. */
    public String describe() {
        return "write capacity " + (writeCapacity == 0 ? "unlimited" : writeCapacity + " WCU/s") + " and read capacity "
                + (readCapacity == 0 ? "unlimited" : readCapacity + " RCU/s") + " per table, " + latency.toMillis()
                + " ms a call";
    }
}
