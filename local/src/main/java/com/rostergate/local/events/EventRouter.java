package com.rostergate.local.events;

import com.rostergate.local.template.EventRuleDefinition;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.event.ruler.Machine;

/**
 * The default EventBridge bus: matches each event against the template's rule patterns with
 * EventBridge's own matcher (event-ruler) and hands it to every matching rule's target.
 */
public final class EventRouter {

    private static final Logger LOG = LoggerFactory.getLogger(EventRouter.class);

    /** Delivers a matched event to a rule's target. */
    public interface Targets {
        void toFunction(String functionId, byte[] event, Optional<String> ruleDeadLetterQueueUrl);

        void toQueue(String queueUrl, String event);
    }

    private final Machine machine = new Machine();
    private final Map<String, EventRuleDefinition> rules = new HashMap<>();
    private final Targets targets;

    /** @throws IllegalArgumentException naming the rule whose pattern EventBridge would reject */
    public EventRouter(List<EventRuleDefinition> definitions, Targets targets) {
        this.targets = targets;
        for (EventRuleDefinition rule : definitions) {
            try {
                machine.addRule(rule.name(), rule.patternJson());
            } catch (Exception e) {
                throw new IllegalArgumentException("rule " + rule.name() + ": invalid event pattern " + rule.patternJson() + ": " + e.getMessage(), e);
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
        for (String name : matched) {
            EventRuleDefinition rule = rules.get(name);
            rule.functionId().ifPresent(id -> targets.toFunction(id, event.getBytes(StandardCharsets.UTF_8), rule.deadLetterQueueUrl()));
            rule.queueUrl().ifPresent(url -> targets.toQueue(url, event));
        }
    }
}
