package com.rostergate.local.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rostergate.local.lambda.DaemonThreads;
import com.rostergate.local.template.ScheduleDefinition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The template's {@code Schedule} events: each rule sends EventBridge's "Scheduled Event" to its
 * function once per rate (the first one a whole period after the start, as a new rule fires), or
 * once per {@code period} when a test shortens every schedule.
 */
public final class Schedules implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Schedules.class);

    private final String accountId;
    private final String region;
    private final BiConsumer<String, byte[]> toFunction;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("schedule"));

    /**
     * Starts the timers; {@code toFunction} gets a function's logical id and the event, to invoke it asynchronously.
     */
    public Schedules(
            List<ScheduleDefinition> schedules,
            Optional<Duration> period,
            String accountId,
            String region,
            BiConsumer<String, byte[]> toFunction) {
        this.accountId = accountId;
        this.region = region;
        this.toFunction = toFunction;
        for (ScheduleDefinition schedule : schedules) {
            long millis = period.orElse(schedule.rate()).toMillis();
            timer.scheduleAtFixedRate(() -> fire(schedule), millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    private void fire(ScheduleDefinition schedule) {
        try {
            toFunction.accept(schedule.functionId(), event(schedule, Instant.now()));
        } catch (RuntimeException e) {
            // a task that throws is never run again: log, and let the next period try
            LOG.warn("schedule {} could not invoke {}: {}", schedule.name(), schedule.functionId(), e.toString());
        }
    }

    /** EventBridge's scheduled event, as the function receives it. */
    private byte[] event(ScheduleDefinition schedule, Instant time) {
        ObjectNode event = EventEnvelope.of(
                UUID.randomUUID().toString(), "aws.events", "Scheduled Event", accountId, region, time);
        event.putArray("resources").add(schedule.arn());
        event.putObject("detail");
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
