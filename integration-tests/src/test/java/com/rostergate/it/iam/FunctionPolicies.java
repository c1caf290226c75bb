package com.rostergate.it.iam;

import com.rostergate.local.template.LocalNaming;
import com.rostergate.local.template.LocalTemplate;
import com.rostergate.local.template.Props;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * What each function's role allows, read from the template as SAM builds the role: its Policies (the
 * statements, Allow and Deny, and the SAM policy template the template uses) and the AWS managed
 * policies SAM attaches on its own (basic execution, X-Ray for Tracing: Active, the SQS event source's
 * AWSLambdaSQSQueueExecutionRole, a function's on-failure destination); and the IAM action and resource
 * each SDK call needs, as the service's authorization reference defines them. A call or a policy this
 * does not know fails the check, so a new kind cannot slip past it.
 */
public final class FunctionPolicies {

    /** Services whose actions Lambda's managed policies grant on "*" by necessity: logs, X-Ray (no resource ARNs). */
    private static final Set<String> ACCOUNT_WIDE_BY_NATURE = Set.of("logs", "xray");

    private static final List<String> LOGS =
            List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents");
    /** AWSXrayWriteOnlyAccess, which SAM attaches for Tracing: Active. */
    private static final List<String> XRAY = List.of(
            "xray:PutTraceSegments",
            "xray:PutTelemetryRecords",
            "xray:GetSamplingRules",
            "xray:GetSamplingTargets",
            "xray:GetSamplingStatisticSummaries");
    /** AWSLambdaSQSQueueExecutionRole, which SAM attaches for an SQS event (and cannot be told not to). */
    private static final List<String> SQS_EVENT_SOURCE =
            List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes");

    /** One IAM action on one resource ARN. */
    public record Need(String action, String resource) {
        @Override
        public String toString() {
            return action + " on " + resource;
        }
    }

    /** A statement as IAM evaluates it: an explicit Deny wins over any Allow; {@code notResource}: all but those. */
    private record Grant(
            boolean deny, List<String> actions, List<String> resources, boolean notResource, String source) {
        boolean matches(Need need) {
            boolean action = actions.stream()
                    .anyMatch(pattern -> glob(pattern, Pattern.CASE_INSENSITIVE)
                            .matcher(need.action())
                            .matches());
            boolean listed = resources.stream()
                    .anyMatch(
                            pattern -> glob(pattern, 0).matcher(need.resource()).matches());
            return action && notResource != listed;
        }

        boolean onEveryResource() {
            return !deny && !notResource && resources.contains("*");
        }
    }

    private final LocalNaming naming;
    private final Map<String, List<Grant>> grants;

    private FunctionPolicies(LocalNaming naming, Map<String, List<Grant>> grants) {
        this.naming = naming;
        this.grants = grants;
    }

    /** The role of every AWS::Serverless::Function in {@code template}, by logical id. */
    public static FunctionPolicies of(LocalTemplate template) {
        Map<String, List<Grant>> grants = new LinkedHashMap<>();
        for (LocalTemplate.Resource function : template.resourcesOfType("AWS::Serverless::Function")) {
            if (function.properties().has("Role")) {
                throw new IllegalArgumentException(function.id() + " has a Role of its own, not read by this check");
            }
            List<Grant> role = new ArrayList<>(samManagedPolicies(template, function));
            for (Object policy : function.properties().list("Policies")) {
                Map<?, ?> entry = (Map<?, ?>) policy;
                if (entry.containsKey("Statement")) {
                    for (Object statement : (List<?>) entry.get("Statement")) {
                        statement(function.id(), (Map<?, ?>) statement).ifPresent(role::add);
                    }
                } else if (entry.containsKey("EventBridgePutEventsPolicy")) {
                    Object bus = ((Map<?, ?>) entry.get("EventBridgePutEventsPolicy")).get("EventBusName");
                    role.add(allow(
                            List.of("events:PutEvents"),
                            busArn(template.naming(), String.valueOf(bus)),
                            "EventBridgePutEventsPolicy"));
                } else {
                    throw new IllegalArgumentException(
                            function.id() + " uses a policy this check does not read: " + entry.keySet());
                }
            }
            grants.put(function.id(), role);
        }
        return new FunctionPolicies(template.naming(), grants);
    }

    /** What SAM attaches to the role it makes, beyond the function's Policies. */
    private static List<Grant> samManagedPolicies(LocalTemplate template, LocalTemplate.Resource function) {
        Props properties = function.properties();
        List<Grant> managed = new ArrayList<>();
        managed.add(allow(LOGS, "*", "AWSLambdaBasicExecutionRole"));
        String tracing = properties.string("Tracing", template.functionGlobals().string("Tracing", "PassThrough"));
        if ("Active".equals(tracing)) {
            managed.add(allow(XRAY, "*", "AWSXrayWriteOnlyAccess"));
        }
        Props events = properties.optional("Events").orElse(Props.of(null, properties.path("Events")));
        for (String event : events.asMap().keySet()) {
            if ("SQS".equals(events.props(event).string("Type"))) {
                managed.add(allow(SQS_EVENT_SOURCE, "*", "AWSLambdaSQSQueueExecutionRole"));
                managed.add(allow(LOGS, "*", "AWSLambdaSQSQueueExecutionRole"));
            }
        }
        properties
                .optional("EventInvokeConfig")
                .flatMap(config -> config.optional("DestinationConfig"))
                .flatMap(config -> config.optional("OnFailure"))
                .ifPresent(onFailure -> {
                    if (!"SQS".equals(onFailure.string("Type"))) {
                        throw new IllegalArgumentException(function.id() + ": on-failure destination type "
                                + onFailure.string("Type") + " is not read by this check");
                    }
                    managed.add(
                            allow(List.of("sqs:SendMessage"), onFailure.string("Destination"), "EventInvokeConfig"));
                });
        return managed;
    }

    /** An Allow with a Condition grants nothing here: the check cannot evaluate it, so it counts on it for no call. */
    private static Optional<Grant> statement(String functionId, Map<?, ?> statement) {
        Set<Object> unread = new HashSet<>(statement.keySet());
        unread.removeAll(Set.of("Sid", "Effect", "Action", "Resource", "NotResource", "Condition"));
        if (!unread.isEmpty()) {
            throw new IllegalArgumentException(
                    functionId + " has a statement with " + unread + ", which this check does not read");
        }
        boolean deny = "Deny".equals(statement.get("Effect"));
        if (!deny && statement.containsKey("Condition")) {
            return Optional.empty();
        }
        boolean notResource = statement.containsKey("NotResource");
        List<String> resources = texts(statement.get(notResource ? "NotResource" : "Resource"));
        return Optional.of(
                new Grant(deny, texts(statement.get("Action")), resources, notResource, functionId + "'s Policies"));
    }

    private static Grant allow(List<String> actions, String resource, String source) {
        return new Grant(false, actions, List.of(resource), false, source);
    }

    /** What {@code call} needs that {@code functionId}'s role does not allow (empty: it is allowed). */
    public List<Need> denied(String functionId, SdkCalls.Call call) {
        return needs(call).stream().filter(need -> !allows(functionId, need)).toList();
    }

    /** Whether {@code functionId}'s role allows {@code need}: some statement allows it and none denies it. */
    public boolean allows(String functionId, Need need) {
        List<Grant> role = grants.getOrDefault(functionId, List.of());
        return role.stream().anyMatch(grant -> !grant.deny() && grant.matches(need))
                && role.stream().noneMatch(grant -> grant.deny() && grant.matches(need));
    }

    /**
     * The actions {@code functionId}'s role is allowed on resources that are not the stack's (tried on a
     * resource of another stack), beyond the logs and X-Ray ones Lambda needs that way: each an account-wide grant.
     */
    public Set<String> accountWideGrants(String functionId) {
        Set<String> accountWide = new TreeSet<>();
        for (Grant grant : grants.getOrDefault(functionId, List.of())) {
            if (!grant.onEveryResource()) {
                continue;
            }
            for (String name : grant.actions()) {
                String service = name.substring(0, name.indexOf(':'));
                String elsewhere = "arn:aws:" + service + ":" + naming.region() + ":" + naming.accountId()
                        + ":another-stacks-resource";
                if (!ACCOUNT_WIDE_BY_NATURE.contains(service) && allows(functionId, new Need(name, elsewhere))) {
                    accountWide.add(name + " (" + grant.source() + ")");
                }
            }
        }
        return accountWide;
    }

    /** The IAM actions and resources one SDK call is authorised against. */
    List<Need> needs(SdkCalls.Call call) {
        SdkRequest request = call.request();
        if (request instanceof GetItemRequest r) {
            return List.of(table("dynamodb:GetItem", r.tableName()));
        } else if (request instanceof PutItemRequest r) {
            return List.of(table("dynamodb:PutItem", r.tableName()));
        } else if (request instanceof UpdateItemRequest r) {
            return List.of(table("dynamodb:UpdateItem", r.tableName()));
        } else if (request instanceof DeleteItemRequest r) {
            return List.of(table("dynamodb:DeleteItem", r.tableName()));
        } else if (request instanceof QueryRequest r) {
            return List.of(index("dynamodb:Query", r.tableName(), r.indexName()));
        } else if (request instanceof ScanRequest r) {
            return List.of(index("dynamodb:Scan", r.tableName(), r.indexName()));
        } else if (request instanceof BatchWriteItemRequest r) {
            return r.requestItems().keySet().stream()
                    .map(name -> table("dynamodb:BatchWriteItem", name))
                    .toList();
        } else if (request instanceof TransactWriteItemsRequest r) {
            return r.transactItems().stream().map(this::transactNeed).toList();
        } else if (request instanceof SendMessageRequest r) {
            return List.of(queue("sqs:SendMessage", r.queueUrl()));
        } else if (request instanceof SendMessageBatchRequest r) {
            return List.of(queue("sqs:SendMessage", r.queueUrl()));
        } else if (request instanceof ReceiveMessageRequest r) {
            return List.of(queue("sqs:ReceiveMessage", r.queueUrl()));
        } else if (request instanceof DeleteMessageBatchRequest r) {
            return List.of(queue("sqs:DeleteMessage", r.queueUrl()));
        } else if (request instanceof GetQueueAttributesRequest r) {
            return List.of(queue("sqs:GetQueueAttributes", r.queueUrl()));
        } else if (request instanceof GetObjectRequest r) {
            return List.of(object(r.versionId() == null ? "s3:GetObject" : "s3:GetObjectVersion", r.bucket(), r.key()));
        } else if (request instanceof HeadObjectRequest r) {
            return List.of(object(r.versionId() == null ? "s3:GetObject" : "s3:GetObjectVersion", r.bucket(), r.key()));
        } else if (request instanceof GetObjectTaggingRequest r) {
            return List.of(object(
                    r.versionId() == null ? "s3:GetObjectTagging" : "s3:GetObjectVersionTagging", r.bucket(), r.key()));
        } else if (request instanceof PutObjectRequest r) {
            return List.of(object("s3:PutObject", r.bucket(), r.key()));
        } else if (request instanceof CreateMultipartUploadRequest r) {
            return List.of(object("s3:PutObject", r.bucket(), r.key()));
        } else if (request instanceof UploadPartRequest r) {
            return List.of(object("s3:PutObject", r.bucket(), r.key()));
        } else if (request instanceof CompleteMultipartUploadRequest r) {
            return List.of(object("s3:PutObject", r.bucket(), r.key()));
        } else if (request instanceof AbortMultipartUploadRequest r) {
            return List.of(object("s3:AbortMultipartUpload", r.bucket(), r.key()));
        } else if (request instanceof GetSecretValueRequest r) {
            return List.of(new Need(
                    "secretsmanager:GetSecretValue",
                    r.secretId().startsWith("arn:") ? r.secretId() : naming.secretArn(r.secretId())));
        } else if (request instanceof PutEventsRequest r) {
            return r.entries().stream()
                    .map(PutEventsRequestEntry::eventBusName)
                    .distinct()
                    .map(bus -> new Need("events:PutEvents", busArn(naming, bus == null ? "default" : bus)))
                    .toList();
        }
        throw new IllegalArgumentException("no IAM mapping for " + call.service() + "." + call.operation()
                + ": add it to " + FunctionPolicies.class.getSimpleName());
    }

    private Need transactNeed(TransactWriteItem item) {
        if (item.put() != null) {
            return table("dynamodb:PutItem", item.put().tableName());
        }
        if (item.update() != null) {
            return table("dynamodb:UpdateItem", item.update().tableName());
        }
        if (item.delete() != null) {
            return table("dynamodb:DeleteItem", item.delete().tableName());
        }
        return table("dynamodb:ConditionCheckItem", item.conditionCheck().tableName());
    }

    private Need table(String action, String table) {
        return new Need(action, naming.tableArn(table));
    }

    private Need index(String action, String table, String index) {
        return new Need(action, naming.tableArn(table) + (index == null ? "" : "/index/" + index));
    }

    private Need queue(String action, String queueUrl) {
        String path = URI.create(queueUrl).getPath();
        return new Need(action, naming.queueArn(path.substring(path.lastIndexOf('/') + 1)));
    }

    private Need object(String action, String bucket, String key) {
        return new Need(action, naming.bucketArn(bucket) + "/" + key);
    }

    private static String busArn(LocalNaming naming, String bus) {
        return "arn:aws:events:" + naming.region() + ":" + naming.accountId() + ":event-bus/" + bus;
    }

    /** One value or a list of them, as text. */
    private static List<String> texts(Object values) {
        return (values instanceof List<?> many ? many : List.of(values))
                .stream().map(String::valueOf).toList();
    }

    /** IAM's wildcards ({@code *} and {@code ?}) as a whole-string pattern (actions ignore case). */
    private static Pattern glob(String glob, int flags) {
        return Pattern.compile(Pattern.quote(glob).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q"), flags);
    }
}
