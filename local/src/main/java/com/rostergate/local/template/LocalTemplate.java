package com.rostergate.local.template;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A SAM/CloudFormation template with every intrinsic function resolved against local names:
 * {@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub}, {@code Fn::If}, parameters (defaults or overrides), pseudo
 * parameters and conditions ({@code Fn::Equals}, {@code Fn::Not}) — what sam/template.yaml uses, and no more.
 * Everything is resolved when the template is loaded, so a broken
 * reference anywhere fails at start with the path of the property that holds it.
 */
public final class LocalTemplate {

    public static final String BUCKET = "AWS::S3::Bucket";
    public static final String QUEUE = "AWS::SQS::Queue";
    public static final String TABLE = "AWS::DynamoDB::Table";
    public static final String TOPIC = "AWS::SNS::Topic";
    public static final String SERVERLESS_FUNCTION = "AWS::Serverless::Function";
    public static final String LAMBDA_FUNCTION = "AWS::Lambda::Function";
    public static final String EVENT_RULE = "AWS::Events::Rule";
    public static final String EVENT_SOURCE_MAPPING = "AWS::Lambda::EventSourceMapping";
    public static final String SECRET = "AWS::SecretsManager::Secret";

    /** A resolved resource: properties hold no intrinsic functions any more. */
    public record Resource(String id, String type, Props properties) {
        public boolean is(String... types) {
            return List.of(types).contains(type);
        }
    }

    /** An entry of the template's Outputs, resolved; {@code description} and {@code exportName} may be null. */
    public record Output(String key, String value, String description, String exportName) {}

    private static final Object NO_VALUE = new Object();
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final String source;
    private final LocalNaming naming;
    private final Map<String, Object> raw;
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> rawResources = new LinkedHashMap<>();
    private final Map<String, Boolean> conditions = new HashMap<>();
    private final Map<String, String> physicalNames = new HashMap<>();
    private final Set<String> namesInProgress = new HashSet<>();
    private final Map<String, Resource> resources = new LinkedHashMap<>();
    private final Map<String, Output> outputs = new LinkedHashMap<>();
    private final Props functionGlobals;

    private LocalTemplate(
            Path file, LocalNaming naming, Map<String, String> localDefaults, Map<String, String> overrides) {
        this.source = file.toString();
        this.naming = naming;
        this.raw = CloudFormationYaml.load(file);
        readParameters(localDefaults, overrides);
        Props rawTemplate = Props.of(raw, "");
        Props resourceSection = Props.of(raw.get("Resources"), "Resources");
        if (resourceSection.asMap().isEmpty()) {
            throw error("Resources", "the template has no resources");
        }
        for (Map.Entry<String, Object> entry : resourceSection.asMap().entrySet()) {
            Props resource = Props.of(entry.getValue(), "Resources." + entry.getKey());
            if (!resource.has("Type")) {
                throw error(resource.path("Type"), "missing");
            }
            if (!resource.has("Condition") || condition(resource.string("Condition"), resource.path("Condition"))) {
                rawResources.put(entry.getKey(), resource.asMap());
            }
        }
        for (Map.Entry<String, Map<String, Object>> entry : rawResources.entrySet()) {
            String id = entry.getKey();
            Props resource = Props.of(entry.getValue(), "Resources." + id);
            for (Object dependency : resource.list("DependsOn")) {
                if (!rawResources.containsKey(String.valueOf(dependency))) {
                    throw error(
                            resource.path("DependsOn"),
                            "names " + dependency + ", which is not a resource of the template");
                }
            }
            Object properties = resolve(resource.get("Properties"), resource.path("Properties"));
            resources.put(
                    id, new Resource(id, resource.string("Type"), Props.of(properties, resource.path("Properties"))));
        }
        Props globals = rawTemplate.optional("Globals").orElse(Props.of(null, "Globals"));
        this.functionGlobals = Props.of(resolve(globals.get("Function"), "Globals.Function"), "Globals.Function");
        Props outputSection = Props.of(raw.get("Outputs"), "Outputs");
        for (String key : outputSection.asMap().keySet()) {
            Props output = outputSection.props(key);
            if (!output.has("Condition") || condition(output.string("Condition"), output.path("Condition"))) {
                Props resolved = Props.of(resolve(output.asMap(), output.path()), output.path());
                Object value = resolved.get("Value");
                outputs.put(
                        key,
                        new Output(
                                key,
                                value instanceof List<?> list
                                        ? texts(list, resolved.path("Value")).stream()
                                                .collect(Collectors.joining(","))
                                        : text(value, resolved.path("Value")),
                                resolved.string("Description", null),
                                resolved.optional("Export")
                                        .map(export -> export.string("Name"))
                                        .orElse(null)));
            }
        }
    }

    /**
     * Reads and resolves {@code file}. A parameter's value is its override, else its local default
     * (used only for parameters the template declares), else the template's Default.
     *
     * @throws TemplateException naming the template path of the first problem
     */
    public static LocalTemplate load(
            Path file, LocalNaming naming, Map<String, String> localDefaults, Map<String, String> overrides) {
        return new LocalTemplate(file, naming, localDefaults, overrides);
    }

    public String source() {
        return source;
    }

    public LocalNaming naming() {
        return naming;
    }

    public Map<String, Resource> resources() {
        return resources;
    }

    /** The Outputs whose condition holds, in template order. */
    public Map<String, Output> outputs() {
        return outputs;
    }

    /** The template's Description (null when it has none). */
    public String description() {
        Object description = raw.get("Description");
        return description == null ? null : String.valueOf(description).strip();
    }

    public List<Resource> resourcesOfType(String... types) {
        return resources.values().stream().filter(r -> r.is(types)).collect(Collectors.toList());
    }

    /** The resource, or a failure naming {@code path} as the place that needs it. */
    public Resource resource(String id, String path) {
        Resource resource = resources.get(id);
        if (resource == null) {
            throw error(path, "needs a resource " + id + ", which the template does not have");
        }
        return resource;
    }

    /** Globals.Function, resolved (empty when the template has none). */
    public Props functionGlobals() {
        return functionGlobals;
    }

    public String parameter(String name) {
        Object value = parameters.get(name);
        return value instanceof List<?> list
                ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
                : String.valueOf(value);
    }

    /**
     * What {@code !Ref id} gives for a resource: a bucket or table name, a queue URL, a topic or secret ARN, a function
     * name...
     */
    public String ref(String id) {
        Object type = rawResources.get(id).get("Type");
        if (QUEUE.equals(type)) {
            return naming.queueUrl(physicalName(id));
        }
        if (SECRET.equals(type)) {
            return naming.secretArn(physicalName(id));
        }
        return TOPIC.equals(type) ? naming.topicArn(physicalName(id)) : physicalName(id);
    }

    public String physicalName(String id) {
        String known = physicalNames.get(id);
        if (known != null) {
            return known;
        }
        if (!namesInProgress.add(id)) {
            throw error("Resources." + id, "its name depends on itself");
        }
        Props resource = Props.of(rawResources.get(id), "Resources." + id);
        Props properties = Props.of(resource.get("Properties"), resource.path("Properties"));
        String type = resource.string("Type");
        String nameProperty = switch (type) {
            case BUCKET -> "BucketName";
            case QUEUE -> "QueueName";
            case TABLE -> "TableName";
            case TOPIC -> "TopicName";
            case SERVERLESS_FUNCTION, LAMBDA_FUNCTION -> "FunctionName";
            case EVENT_RULE, SECRET -> "Name";
            default -> null;
        };
        String name;
        if (nameProperty != null && properties.has(nameProperty)) {
            name = text(
                    resolve(properties.get(nameProperty), properties.path(nameProperty)),
                    properties.path(nameProperty));
        } else {
            name = naming.defaultName(id);
            if (type.equals(QUEUE) && Boolean.parseBoolean(String.valueOf(properties.get("FifoQueue")))) {
                name += ".fifo";
            }
        }
        namesInProgress.remove(id);
        physicalNames.put(id, name);
        return name;
    }

    private String getAtt(String id, String attribute, String path) {
        Map<String, Object> resource = rawResources.get(id);
        if (resource == null) {
            throw error(path, "Fn::GetAtt " + id + "." + attribute + ": " + id + " is not a resource of the template");
        }
        String type = String.valueOf(resource.get("Type"));
        String name = physicalName(id);
        String value = switch (type + "." + attribute) {
            case BUCKET + ".Arn" -> naming.bucketArn(name);
            case BUCKET + ".DomainName" -> name + ".s3.amazonaws.com";
            case BUCKET + ".RegionalDomainName" -> name + ".s3." + naming.region() + ".amazonaws.com";
            case QUEUE + ".Arn" -> naming.queueArn(name);
            case QUEUE + ".QueueUrl" -> naming.queueUrl(name);
            case QUEUE + ".QueueName" -> name;
            case TABLE + ".Arn" -> naming.tableArn(name);
            case TOPIC + ".TopicArn" -> naming.topicArn(name);
            case TOPIC + ".TopicName" -> name;
            case SERVERLESS_FUNCTION + ".Arn", LAMBDA_FUNCTION + ".Arn" -> naming.functionArn(name);
            case EVENT_RULE + ".Arn" -> naming.ruleArn(name);
            default -> null;
        };
        if (value == null) {
            throw error(
                    path,
                    "Fn::GetAtt " + id + "." + attribute + ": attribute " + attribute + " of " + type
                            + " is not available in the local stack");
        }
        return value;
    }

    private Object ref(String name, String path) {
        switch (name) {
            case "AWS::AccountId":
                return naming.accountId();
            case "AWS::Region":
                return naming.region();
            case "AWS::StackName":
                return naming.stackName();
            case "AWS::StackId":
                return naming.stackId();
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::NotificationARNs":
                return List.of();
            case "AWS::NoValue":
                return NO_VALUE;
            default:
                if (parameters.containsKey(name)) {
                    return parameters.get(name);
                }
                if (rawResources.containsKey(name)) {
                    return ref(name);
                }
                throw error(
                        path, "Ref " + name + ": " + name + " is neither a parameter nor a resource of the template");
        }
    }

    private Object resolve(Object node, String path) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                Map.Entry<?, ?> only = map.entrySet().iterator().next();
                String key = String.valueOf(only.getKey());
                if (key.equals("Ref")) {
                    return ref(text(only.getValue(), path), path);
                }
                if (key.startsWith("Fn::")) {
                    return function(key, only.getValue(), path);
                }
            }
            Map<String, Object> resolved = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object value = resolve(entry.getValue(), path + "." + entry.getKey());
                if (value != NO_VALUE) {
                    resolved.put(String.valueOf(entry.getKey()), value);
                }
            }
            return resolved;
        }
        if (node instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Object value = resolve(list.get(i), path + "[" + i + "]");
                if (value != NO_VALUE) {
                    resolved.add(value);
                }
            }
            return resolved;
        }
        return node;
    }

    private Object function(String name, Object argument, String path) {
        switch (name) {
            case "Fn::GetAtt": {
                List<?> parts =
                        argument instanceof String text ? List.of(text.split("\\.", 2)) : args(name, argument, 2, path);
                return getAtt(
                        text(resolve(parts.get(0), path), path),
                        text(resolve(parts.get(parts.size() - 1), path), path),
                        path);
            }
            case "Fn::Sub":
                return sub(argument, path);
            case "Fn::If": {
                List<?> parts = args(name, argument, 3, path);
                return resolve(condition(text(parts.get(0), path), path) ? parts.get(1) : parts.get(2), path);
            }
            case "Fn::Equals", "Fn::Not":
                return evaluate(Map.of(name, argument), path);
            default:
                throw error(
                        path,
                        name + " is not supported by the local stack (it runs only what sam/template.yaml uses:"
                                + " Ref, Fn::GetAtt, Fn::Sub, Fn::If, Fn::Equals, Fn::Not, Condition)");
        }
    }

    private String sub(Object argument, String path) {
        String format;
        Map<String, Object> variables = new HashMap<>();
        if (argument instanceof List<?>) {
            List<?> parts = args("Fn::Sub", argument, 2, path);
            format = text(parts.get(0), path);
            Props.of(resolve(parts.get(1), path), path).asMap().forEach(variables::put);
        } else {
            format = text(argument, path);
        }
        Matcher matcher = SUB_VARIABLE.matcher(format);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1).trim();
            String replacement;
            if (variable.startsWith("!")) {
                replacement = "${" + variable.substring(1) + "}"; // "${!Literal}" stays literal
            } else if (variables.containsKey(variable)) {
                replacement = text(variables.get(variable), path);
            } else if (variable.contains(".") && !variable.startsWith("AWS::")) {
                String[] parts = variable.split("\\.", 2);
                replacement = getAtt(parts[0], parts[1], path);
            } else {
                replacement = text(ref(variable, path), path);
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private boolean condition(String name, String path) {
        Boolean known = conditions.get(name);
        if (known != null) {
            return known;
        }
        Props section = Props.of(raw.get("Conditions"), "Conditions");
        if (!section.has(name)) {
            throw error(path, "condition " + name + " is not defined under Conditions");
        }
        conditions.put(name, false); // a condition that uses itself evaluates to false instead of looping
        boolean value = evaluate(section.get(name), "Conditions." + name);
        conditions.put(name, value);
        return value;
    }

    private boolean evaluate(Object node, String path) {
        Map<?, ?> map = node instanceof Map<?, ?> m && m.size() == 1 ? m : null;
        if (map == null) {
            throw error(path, "expected a condition function (Fn::Equals, Fn::Not, Condition), found " + node);
        }
        Map.Entry<?, ?> only = map.entrySet().iterator().next();
        String key = String.valueOf(only.getKey());
        return switch (key) {
            case "Condition" -> condition(text(only.getValue(), path), path);
            case "Fn::Equals" -> {
                List<?> parts = args(key, only.getValue(), 2, path);
                yield text(resolve(parts.get(0), path), path).equals(text(resolve(parts.get(1), path), path));
            }
            case "Fn::Not" -> !evaluate(args(key, only.getValue(), 1, path).get(0), path);
            default -> throw error(path, key + " is not a condition function");
        };
    }

    private void readParameters(Map<String, String> localDefaults, Map<String, String> overrides) {
        Props section = Props.of(raw.get("Parameters"), "Parameters");
        for (String name : overrides.keySet()) {
            if (!section.has(name)) {
                throw error("Parameters", "a value was given for " + name + ", which the template does not declare");
            }
        }
        for (String name : section.asMap().keySet()) {
            Props declaration = section.props(name);
            String value =
                    overrides.getOrDefault(name, localDefaults.getOrDefault(name, declaration.string("Default", null)));
            if (value == null) {
                throw error(
                        declaration.path(),
                        "no value: the parameter has no Default; pass one with --parameter " + name + "=VALUE");
            }
            checkParameter(declaration, value);
            String type = declaration.string("Type", "String");
            parameters.put(
                    name,
                    type.equals("CommaDelimitedList") || type.startsWith("List<")
                            ? List.of(value.split("\\s*,\\s*", -1))
                            : value);
        }
    }

    private void checkParameter(Props declaration, String value) {
        String problem = null;
        List<String> allowed =
                declaration.list("AllowedValues").stream().map(String::valueOf).collect(Collectors.toList());
        if (!allowed.isEmpty() && !allowed.contains(value)) {
            problem = "must be one of " + allowed;
        } else if (declaration.has("AllowedPattern") && !value.matches(declaration.string("AllowedPattern"))) {
            problem = "must match " + declaration.string("AllowedPattern");
        } else if (value.length() < declaration.integer("MinLength", 0)
                || value.length() > declaration.integer("MaxLength", Integer.MAX_VALUE)) {
            problem = "has a length outside MinLength/MaxLength";
        } else if (declaration.string("Type", "String").equals("Number")) {
            try {
                BigDecimal number = new BigDecimal(value.trim());
                if (declaration.has("MinValue") && number.compareTo(new BigDecimal(declaration.string("MinValue"))) < 0
                        || declaration.has("MaxValue")
                                && number.compareTo(new BigDecimal(declaration.string("MaxValue"))) > 0) {
                    problem = "must lie between MinValue and MaxValue";
                }
            } catch (NumberFormatException e) {
                problem = "must be a number";
            }
        }
        if (problem != null) {
            // A NoEcho parameter is a secret: the failure names the rule, never the value.
            String shown = declaration.bool("NoEcho", false) ? "the NoEcho value" : "value '" + value + "'";
            throw error(declaration.path(), shown + " " + problem);
        }
    }

    private List<?> args(String function, Object argument, int count, String path) {
        if (!(argument instanceof List<?> list) || list.size() != count) {
            throw error(path, function + " takes a list of " + count + " arguments, found " + argument);
        }
        return list;
    }

    private List<String> texts(Object value, String path) {
        if (!(value instanceof List<?> list)) {
            throw error(path, "expected a list, found " + value);
        }
        return list.stream().map(item -> text(item, path)).collect(Collectors.toList());
    }

    private String text(Object value, String path) {
        if (value == null || value == NO_VALUE || value instanceof Map || value instanceof List) {
            throw error(path, "expected a text value, found " + (value == NO_VALUE ? "AWS::NoValue" : value));
        }
        return String.valueOf(value);
    }

    /** A failure naming this template and the property {@code path}. */
    public TemplateException error(String path, String message) {
        return new TemplateException(source + ": " + path + ": " + message);
    }
}
