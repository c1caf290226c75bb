package com.rostergate.local.template;

import static com.rostergate.local.template.LocalTemplate.EVENT_RULE;
import static com.rostergate.local.template.LocalTemplate.EVENT_SOURCE_MAPPING;
import static com.rostergate.local.template.LocalTemplate.LAMBDA_FUNCTION;
import static com.rostergate.local.template.LocalTemplate.QUEUE;
import static com.rostergate.local.template.LocalTemplate.SERVERLESS_FUNCTION;
import static com.rostergate.local.template.LocalTemplate.TOPIC;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rostergate.local.template.EventRuleDefinition.NotRunTarget;
import com.rostergate.local.template.FunctionDefinition.FailureDestination;
import com.rostergate.local.template.FunctionDefinition.HttpRoute;
import com.rostergate.local.template.FunctionDefinition.SqsEventSource;
import com.rostergate.local.template.LocalTemplate.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The functions and event rules of a template, read the way SAM and Lambda read them. */
public final class StackDefinition {

    /** Lambda's default for asynchronous invocations. */
    private static final int DEFAULT_RETRY_ATTEMPTS = 2;
    /**
     * Execution environments per function when the template reserves no concurrency (keeps a 2-core machine usable).
     */
    private static final int DEFAULT_CONCURRENCY = 10;
    /** Pollers per SQS event source without ScalingConfig (Lambda starts with five). */
    private static final int DEFAULT_POLLERS = 5;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** EventBridge's rate expression: a singular unit for 1, a plural one otherwise. */
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|hour|day)(s?)\\)");

    private final LocalTemplate template;
    private final Map<String, FunctionDefinition> functions = new LinkedHashMap<>();
    private final List<EventRuleDefinition> rules = new ArrayList<>();
    private final List<ScheduleDefinition> schedules = new ArrayList<>();

    private StackDefinition(LocalTemplate template) {
        this.template = template;
        for (Resource resource : template.resourcesOfType(SERVERLESS_FUNCTION, LAMBDA_FUNCTION)) {
            functions.put(resource.id(), function(resource));
        }
        for (Resource resource : template.resourcesOfType(EVENT_RULE)) {
            readRule(resource);
        }
        for (Resource resource : template.resourcesOfType(EVENT_SOURCE_MAPPING)) {
            throw template.error(
                    "Resources." + resource.id(),
                    "AWS::Lambda::EventSourceMapping is not run by the local "
                            + "stack; declare the queue under the function's Events");
        }
        for (EventRuleDefinition rule : rules) {
            rule.functionId().ifPresent(id -> {
                if (functions.get(id).onFailure().isEmpty()
                        && rule.deadLetterQueueUrl().isEmpty()) {
                    throw template.error(
                            "Resources." + id,
                            "invoked asynchronously by rule "
                                    + rule.name()
                                    + " but has no on-failure destination "
                                    + "(EventInvokeConfig.DestinationConfig.OnFailure,"
                                    + " DeadLetterQueue or the rule's DeadLetterConfig): "
                                    + "a failed event would be dropped silently");
                }
            });
        }
    }

    public static StackDefinition read(LocalTemplate template) {
        return new StackDefinition(template);
    }

    public LocalTemplate template() {
        return template;
    }

    public Map<String, FunctionDefinition> functions() {
        return functions;
    }

    public List<EventRuleDefinition> rules() {
        return rules;
    }

    public List<ScheduleDefinition> schedules() {
        return schedules;
    }

    private FunctionDefinition function(Resource resource) {
        String id = resource.id();
        Props properties = resource.is(SERVERLESS_FUNCTION)
                ? Props.of(
                        mergeGlobals(
                                template.functionGlobals().asMap(),
                                resource.properties().asMap()),
                        resource.properties().path())
                : resource.properties();
        Map<String, String> environment = new LinkedHashMap<>();
        properties
                .optional("Environment")
                .flatMap(env -> env.optional("Variables"))
                .ifPresent(variables ->
                        variables.asMap().forEach((name, value) -> environment.put(name, String.valueOf(value))));
        Props invokeConfig =
                properties.optional("EventInvokeConfig").orElse(Props.of(null, properties.path("EventInvokeConfig")));
        Optional<FailureDestination> onFailure = invokeConfig
                .optional("DestinationConfig")
                .flatMap(config -> config.optional("OnFailure"))
                .map(config -> destination(config, "Destination", true))
                .or(() ->
                        properties.optional("DeadLetterQueue").map(config -> destination(config, "TargetArn", false)));
        int concurrency = properties.integer("ReservedConcurrentExecutions", DEFAULT_CONCURRENCY);

        List<SqsEventSource> sqsSources = new ArrayList<>();
        List<HttpRoute> routes = new ArrayList<>();
        Props events = properties.optional("Events").orElse(Props.of(null, properties.path("Events")));
        for (String eventId : events.asMap().keySet()) {
            Props event = events.props(eventId);
            Props eventProperties = event.optional("Properties").orElse(Props.of(Map.of(), event.path("Properties")));
            switch (event.string("Type")) {
                case "SQS" -> sqsEventSource(eventProperties, concurrency).ifPresent(sqsSources::add);
                case "HttpApi" ->
                    routes.add(new HttpRoute(
                            eventProperties
                                    .string("Method", "ANY")
                                    .toUpperCase(Locale.ROOT)
                                    .replace("X-AMAZON-APIGATEWAY-ANY-METHOD", "ANY"),
                            eventProperties.string("Path", "$default"),
                            eventProperties.string("ApiId", "ServerlessHttpApi")));
                case "EventBridgeRule" -> functionRule(id, eventId, eventProperties);
                case "Schedule" -> schedule(id, eventId, eventProperties);
                default ->
                    throw template.error(
                            event.path("Type"),
                            "event type " + event.string("Type") + " is not run by the local stack (supported: "
                                    + "SQS, HttpApi, EventBridgeRule, Schedule)");
            }
        }
        String name = template.physicalName(id);
        return new FunctionDefinition(
                id,
                name,
                template.naming().functionArn(name),
                properties.string("Handler"),
                Duration.ofSeconds(properties.integer("Timeout", 3)),
                properties.integer("MemorySize", 128),
                concurrency,
                Map.copyOf(environment),
                invokeConfig.integer("MaximumRetryAttempts", DEFAULT_RETRY_ATTEMPTS),
                onFailure,
                List.copyOf(sqsSources),
                List.copyOf(routes));
    }

    private Optional<SqsEventSource> sqsEventSource(Props properties, int functionConcurrency) {
        if (!properties.bool("Enabled", true)) {
            return Optional.empty();
        }
        Resource queue = queueByArn(properties.string("Queue"), properties.path("Queue"));
        int pollers = properties
                .optional("ScalingConfig")
                .map(scaling -> scaling.integer("MaximumConcurrency", DEFAULT_POLLERS))
                .orElse(DEFAULT_POLLERS);
        return Optional.of(new SqsEventSource(
                queue.id(),
                template.ref(queue.id()),
                properties.string("Queue"),
                properties.integer("BatchSize", 10),
                Duration.ofSeconds(properties.integer("MaximumBatchingWindowInSeconds", 0)),
                properties.list("FunctionResponseTypes").contains("ReportBatchItemFailures"),
                Math.min(pollers, functionConcurrency)));
    }

    private void functionRule(String functionId, String eventId, Props properties) {
        rejectInputTransformation(properties);
        if (!properties.string("EventBusName", "default").equals("default")) {
            return; // only the default bus carries S3's events
        }
        String name = template.naming().defaultName(functionId + eventId);
        rules.add(new EventRuleDefinition(
                name,
                template.naming().ruleArn(name),
                json(properties.get("Pattern"), properties.path("Pattern")),
                Optional.of(functionId),
                Optional.empty(),
                Optional.empty(),
                deadLetterQueue(properties)));
    }

    private void schedule(String functionId, String eventId, Props properties) {
        rejectInputTransformation(properties);
        if (!properties.bool("Enabled", true)
                || !properties.string("State", "ENABLED").equals("ENABLED")) {
            return;
        }
        String name = properties.string("Name", template.naming().defaultName(functionId + eventId));
        schedules.add(new ScheduleDefinition(
                name,
                template.naming().ruleArn(name),
                functionId,
                rate(properties.string("Schedule"), properties.path("Schedule"))));
    }

    private Duration rate(String expression, String path) {
        Matcher rate = RATE.matcher(expression.strip());
        if (!rate.matches()) {
            throw template.error(
                    path, expression + ": the local stack runs rate(N minute[s]|hour[s]|day[s]) schedules, not cron()");
        }
        long value = Long.parseLong(rate.group(1));
        if (value == 0 || (value == 1) != rate.group(3).isEmpty()) {
            String unit = rate.group(2);
            throw template.error(
                    path, expression + ": EventBridge takes rate(1 " + unit + ") or rate(N " + unit + "s) with N > 1");
        }
        return switch (rate.group(2)) {
            case "minute" -> Duration.ofMinutes(value);
            case "hour" -> Duration.ofHours(value);
            default -> Duration.ofDays(value);
        };
    }

    private void readRule(Resource resource) {
        Props properties = resource.properties();
        if (!properties.string("State", "ENABLED").equals("ENABLED")
                || !properties.string("EventBusName", "default").equals("default")) {
            return;
        }
        String name = template.physicalName(resource.id());
        String pattern = json(properties.get("EventPattern"), properties.path("EventPattern"));
        List<Object> targets = properties.list("Targets");
        for (int i = 0; i < targets.size(); i++) {
            Props target = Props.of(targets.get(i), properties.path("Targets") + "[" + i + "]");
            rejectInputTransformation(target);
            String arn = target.string("Arn");
            Optional<String> functionId = functions.values().stream()
                    .filter(f -> f.arn().equals(arn))
                    .map(FunctionDefinition::logicalId)
                    .findFirst();
            Optional<NotRunTarget> topic = functionId.isPresent()
                    ? Optional.empty()
                    : template.resourcesOfType(TOPIC).stream()
                            .filter(t -> template.ref(t.id()).equals(arn))
                            .findFirst()
                            .map(t -> new NotRunTarget(t.id(), "SNS"));
            Optional<String> queueUrl = functionId.isPresent() || topic.isPresent()
                    ? Optional.empty()
                    : Optional.of(
                            template.ref(queueByArn(arn, target.path("Arn")).id()));
            rules.add(new EventRuleDefinition(
                    name + "-" + target.string("Id", String.valueOf(i)),
                    template.naming().ruleArn(name),
                    pattern,
                    functionId,
                    queueUrl,
                    topic,
                    deadLetterQueue(target)));
        }
    }

    private Optional<String> deadLetterQueue(Props properties) {
        return properties
                .optional("DeadLetterConfig")
                .map(config -> template.ref(
                        queueByArn(config.string("Arn"), config.path("Arn")).id()));
    }

    private FailureDestination destination(Props config, String arnProperty, boolean invocationRecord) {
        if (!config.string("Type", "SQS").equals("SQS")) {
            throw template.error(config.path("Type"), "only SQS destinations are run by the local stack");
        }
        Resource queue = queueByArn(config.string(arnProperty), config.path(arnProperty));
        return new FailureDestination(template.ref(queue.id()), config.path(arnProperty), invocationRecord);
    }

    private Resource queueByArn(String arn, String path) {
        return template.resourcesOfType(QUEUE).stream()
                .filter(queue -> template.naming()
                        .queueArn(template.physicalName(queue.id()))
                        .equals(arn))
                .findFirst()
                .orElseThrow(() -> template.error(path, arn + " is not the ARN of a queue in the template"));
    }

    private void rejectInputTransformation(Props properties) {
        for (String unsupported : List.of("Input", "InputPath", "InputTransformer")) {
            if (properties.has(unsupported)) {
                throw template.error(properties.path(unsupported), "not supported by the local stack");
            }
        }
    }

    private String json(Object value, String path) {
        if (value instanceof String text) {
            return text; // AWS::Events::Rule accepts the pattern as a JSON string too
        }
        if (!(value instanceof Map)) {
            throw template.error(path, "expected an event pattern, found " + value);
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw template.error(path, e.getOriginalMessage());
        }
    }

    /** SAM's Globals rule: mappings merge, lists concatenate (globals first), anything else is replaced. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> mergeGlobals(Map<String, Object> globals, Map<String, Object> own) {
        Map<String, Object> merged = new LinkedHashMap<>(globals);
        own.forEach((key, value) -> merged.merge(key, value, (global, local) -> {
            if (global instanceof Map && local instanceof Map) {
                return mergeGlobals((Map<String, Object>) global, (Map<String, Object>) local);
            }
            if (global instanceof List<?> first && local instanceof List<?> second) {
                List<Object> both = new ArrayList<>(first);
                both.addAll(second);
                return both;
            }
            return local;
        }));
        return merged;
    }
}
