package com.rostergate.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rostergate.local.template.EventRuleDefinition;
import com.rostergate.local.template.EventRuleDefinition.NotRunTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.event.ruler.Machine;

/**
 * The default EventBridge bus: matches each event against the template's rule patterns with
 * EventBridge's own matcher (event-ruler) and hands it to every matching rule's target; a target the
 * stack does not run (an SNS topic) only gets a log line. The latest events are kept with the targets
 * they reached ({@link #events()}), so a test sees what arrived where.
 */
public final class EventRouter {

    private static final Logger LOG = LoggerFactory.getLogger(EventRouter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Events kept for {@link #events()}: the latest ones, so a long-running stack does not grow. */
    private static final int KEPT_EVENTS = 1000;

    /** Delivers a matched event to a rule's target. */
    public interface Targets {
        void toFunction(String functionId, byte[] event, Optional<String> ruleDeadLetterQueueUrl);

        void toQueue(String queueUrl, String event);
    }

    /** An event on the bus and the targets it reached: function and topic logical ids, queue URLs. */
    public record Routed(String event, List<String> targets) {}

    private final Machine machine = new Machine();
    private final Map<String, EventRuleDefinition> rules = new HashMap<>();
    private final Targets targets;
    private final Deque<Routed> events = new ArrayDeque<>();

    /** @throws IllegalArgumentException naming the rule whose pattern EventBridge would reject */
    public EventRouter(List<EventRuleDefinition> definitions, Targets targets) {
        this.targets = targets;
        for (EventRuleDefinition rule : definitions) {
            try {
                machine.addRule(rule.name(), rule.patternJson());
            } catch (Exception e) {
                throw new IllegalArgumentException(
                        "rule " + rule.name() + ": invalid event pattern " + rule.patternJson() + ": " + e.getMessage(),
                        e);
            }
            rules.put(rule.name(), rule);
        }
    }

    public void publish(String event) {
        List<String> matched;
        try {
            matched = machine.rulesForJSONEvent(event);
        } catch (Exception e) {
            throw new IllegalArgumentException("not an EventBridge event: " + event, e);
        }
        if (matched.isEmpty()) {
            LOG.debug("no rule matches {}", event);
        }
        List<String> reached = new ArrayList<>();
        for (String name : matched) {
            EventRuleDefinition rule = rules.get(name);
            if (rule.functionId().isPresent()) {
                targets.toFunction(
                        rule.functionId().get(), event.getBytes(StandardCharsets.UTF_8), rule.deadLetterQueueUrl());
                reached.add(rule.functionId().get());
            } else if (rule.queueUrl().isPresent()) {
                targets.toQueue(rule.queueUrl().get(), event);
                reached.add(rule.queueUrl().get());
            } else {
                NotRunTarget target = rule.notRun().orElseThrow();
                logNotRun(rule, target, event);
                reached.add(target.logicalId());
            }
        }
        synchronized (events) {
            events.addLast(new Routed(event, List.copyOf(reached)));
            if (events.size() > KEPT_EVENTS) {
                events.removeFirst();
            }
        }
    }

    /** The latest events on the bus, oldest first, each with the targets it reached. */
    public List<Routed> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    private static void logNotRun(EventRuleDefinition rule, NotRunTarget target, String event) {
        JsonNode parsed;
        try {
            parsed = JSON.readTree(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // event-ruler has just parsed it
        }
        LOG.info(
                "event {} ({}) reached target {} ({}, not run locally) through rule {}",
                parsed.path("id").asText(),
                parsed.path("detail-type").asText(),
                target.logicalId(),
                target.service(),
                rule.name());
    }
}
