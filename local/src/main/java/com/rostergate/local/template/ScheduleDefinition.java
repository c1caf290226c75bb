package com.rostergate.local.template;

import java.time.Duration;

/** A function's {@code Schedule} event: an EventBridge rule that invokes the function every {@code rate}. */
public record ScheduleDefinition(String name, String arn, String functionId, Duration rate) {}
