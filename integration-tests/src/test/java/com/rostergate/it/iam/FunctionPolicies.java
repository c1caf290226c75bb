package com.rostergate.it.iam;

import com.rostergate.local.template.LocalNaming;
import com.rostergate.local.template.LocalTemplate;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * What each function's role allows, read from its Policies in the template (the statements, and the
 * SAM policy template the template uses), and the IAM action and resource each SDK call needs, as
 * the service's authorization reference defines them. A call this does not know fails the check, so
 * a new kind of call cannot slip past it.
 */
public final class FunctionPolicies {

    /** One IAM action on one resource ARN. */
    public record Need(String action, String resource) {
        @Override
        public String toString() {
            return action + " on " + resource;
        }
    }

    private record Grant(List<Pattern> actions, List<Pattern> resources) {
        boolean allows(Need need) {
            return actions.stream().anyMatch(action -> action.matcher(need.action()).matches())
                && resources.stream().anyMatch(resource -> resource.matcher(need.resource()).matches());
        }
    }

    private final LocalNaming naming;
    private final Map<String, List<Grant>> grants;

    private FunctionPolicies(LocalNaming naming, Map<String, List<Grant>> grants) {
        this.naming = naming;
        this.grants = grants;
    }

    /** The Allow statements of every AWS::Serverless::Function in {@code template}, by logical id. */
    public static FunctionPolicies of(LocalTemplate template) {
        Map<String, List<Grant>> grants = new LinkedHashMap<>();
        for (LocalTemplate.Resource function : template.resourcesOfType("AWS::Serverless::Function")) {
            List<Grant> allowed = new ArrayList<>();
            for (Object policy : function.properties().list("Policies")) {
                Map<?, ?> entry = (Map<?, ?>) policy;
                if (entry.containsKey("Statement")) {
                    for (Object statement : (List<?>) entry.get("Statement")) {
                        Map<?, ?> allow = (Map<?, ?>) statement;
                        if ("Allow".equals(allow.get("Effect"))) {
                            allowed.add(new Grant(globs(allow.get("Action"), Pattern.CASE_INSENSITIVE), globs(allow.get("Resource"), 0)));
                        }
                    }
                } else if (entry.containsKey("EventBridgePutEventsPolicy")) {
                    Object bus = ((Map<?, ?>) entry.get("EventBridgePutEventsPolicy")).get("EventBusName");
                    allowed.add(new Grant(globs("events:PutEvents", Pattern.CASE_INSENSITIVE), globs(busArn(template.naming(), String.valueOf(bus)), 0)));
                } else {
                    throw new IllegalArgumentException(function.id() + " uses a policy this check does not read: " + entry.keySet());
                }
            }
            grants.put(function.id(), allowed);
        }
        return new FunctionPolicies(template.naming(), grants);
    }

    /** What {@code call} needs that {@code functionId}'s role does not allow (empty: it is allowed). */
    public List<Need> denied(String functionId, SdkCalls.Call call) {
        List<Grant> allowed = grants.getOrDefault(functionId, List.of());
        return needs(call).stream().filter(need -> allowed.stream().noneMatch(grant -> grant.allows(need))).toList();
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
            return r.requestItems().keySet().stream().map(name -> table("dynamodb:BatchWriteItem", name)).toList();
        } else if (request instanceof TransactWriteItemsRequest r) {
            return r.transactItems().stream().map(this::transactNeed).toList();
        } else if (request instanceof SendMessageRequest r) {
            return List.of(queue("sqs:SendMessage", r.queueUrl()));
        } else if (request instanceof SendMessageBatchRequest r) {
            return List.of(queue("sqs:SendMessage", r.queueUrl()));
        } else if (request instanceof GetObjectRequest r) {
            return List.of(object(r.versionId() == null ? "s3:GetObject" : "s3:GetObjectVersion", r.bucket(), r.key()));
        } else if (request instanceof HeadObjectRequest r) {
            return List.of(object(r.versionId() == null ? "s3:GetObject" : "s3:GetObjectVersion", r.bucket(), r.key()));
        } else if (request instanceof GetObjectTaggingRequest r) {
            return List.of(object(r.versionId() == null ? "s3:GetObjectTagging" : "s3:GetObjectVersionTagging", r.bucket(), r.key()));
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
            return List.of(new Need("secretsmanager:GetSecretValue",
                r.secretId().startsWith("arn:") ? r.secretId() : naming.secretArn(r.secretId())));
        } else if (request instanceof PutEventsRequest r) {
            return r.entries().stream().map(PutEventsRequestEntry::eventBusName).distinct()
                .map(bus -> new Need("events:PutEvents", busArn(naming, bus == null ? "default" : bus))).toList();
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

    /** IAM's wildcards ({@code *} and {@code ?}) in one value or a list of them, as whole-string patterns (actions ignore case). */
    private static List<Pattern> globs(Object values, int flags) {
        List<?> list = values instanceof List<?> many ? many : List.of(values);
        return list.stream().map(String::valueOf).map(glob -> Pattern.compile(
            Pattern.quote(glob).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q"), flags)).collect(Collectors.toList());
    }
}
