package com.rostergate.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rostergate.local.events.EventBridgeBlobStore;
import com.rostergate.local.secrets.SecretsManagerServer;
import com.rostergate.local.template.LocalTemplate;
import com.rostergate.local.template.LocalTemplate.Resource;
import com.rostergate.local.template.Props;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates the template's buckets, queues, tables and secrets on the local servers, as CloudFormation would.
 * Public for the DynamoDB server's conformance test, which creates the tables exactly as the stack does.
 */
public final class Provisioning {

    private static final Logger LOG = LoggerFactory.getLogger(Provisioning.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Queue properties that map one to one onto SQS queue attributes. */
    private static final List<String> QUEUE_ATTRIBUTES = List.of(
            "VisibilityTimeout",
            "MessageRetentionPeriod",
            "DelaySeconds",
            "MaximumMessageSize",
            "ReceiveMessageWaitTimeSeconds",
            "FifoQueue",
            "ContentBasedDeduplication");

    private final LocalTemplate template;

    public Provisioning(LocalTemplate template) {
        this.template = template;
    }

    /** The template's secrets by ARN, with the SecretString the template gives them (parameters resolved). */
    Map<String, SecretsManagerServer.Secret> secrets() {
        Map<String, SecretsManagerServer.Secret> secrets = new LinkedHashMap<>();
        for (Resource secret : template.resourcesOfType(LocalTemplate.SECRET)) {
            if (!secret.properties().has("SecretString")) {
                throw template.error(
                        secret.properties().path("SecretString"),
                        "the local stack serves a secret whose SecretString "
                                + "the template gives (no GenerateSecretString)");
            }
            String arn = template.ref(secret.id());
            secrets.put(
                    arn,
                    new SecretsManagerServer.Secret(
                            arn,
                            template.physicalName(secret.id()),
                            secret.properties().string("SecretString")));
        }
        return secrets;
    }

    /** Buckets (kept when they exist from an earlier run); EventBridge notifications as the template enables them. */
    void createBuckets(S3Client s3, EventBridgeBlobStore store) {
        for (Resource bucket : template.resourcesOfType(LocalTemplate.BUCKET)) {
            String name = template.physicalName(bucket.id());
            try {
                s3.createBucket(request -> request.bucket(name));
            } catch (BucketAlreadyOwnedByYouException e) {
                LOG.info("bucket {} kept from an earlier run", name);
            }
            Props properties = bucket.properties();
            boolean versioned = properties
                    .optional("VersioningConfiguration")
                    .map(versioning -> versioning.string("Status", "Suspended").equals("Enabled"))
                    .orElse(false);
            if (versioned && store.supportsVersioning()) {
                s3.putBucketVersioning(request ->
                        request.bucket(name).versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
            }
            boolean eventBridge = properties
                    .optional("NotificationConfiguration")
                    .flatMap(notifications -> notifications.optional("EventBridgeConfiguration"))
                    .map(config -> config.bool("EventBridgeEnabled", false))
                    .orElse(false);
            if (eventBridge) {
                store.enableEventBridge(name);
            }
        }
    }

    /**
     * Queues with the template's attributes and redrive policies (a dead-letter queue is created before
     * the queues that use it). {@code visibilityTimeout} replaces every queue's VisibilityTimeout when given.
     */
    void createQueues(SqsClient sqs, Optional<Duration> visibilityTimeout) {
        Map<String, Resource> byArn = template.resourcesOfType(LocalTemplate.QUEUE).stream()
                .collect(Collectors.toMap(
                        queue -> template.naming().queueArn(template.physicalName(queue.id())), queue -> queue));
        Set<String> created = new HashSet<>();
        for (Resource queue : byArn.values()) {
            createQueue(queue, byArn, created, sqs, visibilityTimeout);
        }
    }

    private void createQueue(
            Resource queue,
            Map<String, Resource> byArn,
            Set<String> created,
            SqsClient sqs,
            Optional<Duration> visibilityTimeout) {
        if (!created.add(queue.id())) {
            return;
        }
        Props properties = queue.properties();
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        for (String attribute : QUEUE_ATTRIBUTES) {
            if (properties.has(attribute)) {
                attributes.put(QueueAttributeName.fromValue(attribute), properties.string(attribute));
            }
        }
        visibilityTimeout.ifPresent(timeout -> attributes.put(
                QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf((timeout.toMillis() + 999) / 1000)));
        Optional<Props> redrive = properties.optional("RedrivePolicy");
        if (redrive.isPresent()) {
            String target = redrive.get().string("deadLetterTargetArn");
            Resource deadLetterQueue = byArn.get(target);
            if (deadLetterQueue == null) {
                throw template.error(
                        redrive.get().path("deadLetterTargetArn"),
                        target + " is not the ARN of a queue in the template");
            }
            createQueue(deadLetterQueue, byArn, created, sqs, visibilityTimeout);
            attributes.put(QueueAttributeName.REDRIVE_POLICY, json(redrive.get().asMap()));
        }
        String name = template.physicalName(queue.id());
        sqs.createQueue(request -> request.queueName(name).attributes(attributes));
    }

    /** Tables with the template's keys and indexes; a table kept from an earlier run (--data-dir) is left as it is. */
    public void createTables(DynamoDbClient dynamoDb) {
        for (Resource table : template.resourcesOfType(LocalTemplate.TABLE)) {
            Props properties = table.properties();
            String name = template.physicalName(table.id());
            boolean onDemand = properties.string("BillingMode", "PROVISIONED").equals("PAY_PER_REQUEST");
            CreateTableRequest.Builder request = CreateTableRequest.builder()
                    .tableName(name)
                    .attributeDefinitions(properties.list("AttributeDefinitions").stream()
                            .map(definition -> Props.of(definition, properties.path("AttributeDefinitions")))
                            .map(definition -> AttributeDefinition.builder()
                                    .attributeName(definition.string("AttributeName"))
                                    .attributeType(definition.string("AttributeType"))
                                    .build())
                            .collect(Collectors.toList()))
                    .keySchema(keySchema(properties))
                    .billingMode(onDemand ? BillingMode.PAY_PER_REQUEST : BillingMode.PROVISIONED);
            if (!onDemand) {
                request.provisionedThroughput(throughput(properties));
            }
            List<Props> globalIndexes = indexes(properties, "GlobalSecondaryIndexes");
            if (!globalIndexes.isEmpty()) {
                request.globalSecondaryIndexes(globalIndexes.stream()
                        .map(index -> {
                            GlobalSecondaryIndex.Builder global = GlobalSecondaryIndex.builder()
                                    .indexName(index.string("IndexName"))
                                    .keySchema(keySchema(index))
                                    .projection(projection(index));
                            return (onDemand ? global : global.provisionedThroughput(throughput(index))).build();
                        })
                        .collect(Collectors.toList()));
            }
            List<Props> localIndexes = indexes(properties, "LocalSecondaryIndexes");
            if (!localIndexes.isEmpty()) {
                request.localSecondaryIndexes(localIndexes.stream()
                        .map(index -> LocalSecondaryIndex.builder()
                                .indexName(index.string("IndexName"))
                                .keySchema(keySchema(index))
                                .projection(projection(index))
                                .build())
                        .collect(Collectors.toList()));
            }
            try {
                dynamoDb.createTable(request.build());
            } catch (ResourceInUseException e) {
                LOG.info("table {} kept from an earlier run", name);
            }
        }
    }

    private static List<Props> indexes(Props properties, String key) {
        return properties.list(key).stream()
                .map(index -> Props.of(index, properties.path(key)))
                .collect(Collectors.toList());
    }

    private static List<KeySchemaElement> keySchema(Props owner) {
        return owner.list("KeySchema").stream()
                .map(element -> Props.of(element, owner.path("KeySchema")))
                .map(element -> KeySchemaElement.builder()
                        .attributeName(element.string("AttributeName"))
                        .keyType(element.string("KeyType"))
                        .build())
                .collect(Collectors.toList());
    }

    private static Projection projection(Props index) {
        Props projection = index.props("Projection");
        Projection.Builder builder = Projection.builder().projectionType(projection.string("ProjectionType", "ALL"));
        if (projection.has("NonKeyAttributes")) {
            builder.nonKeyAttributes(projection.list("NonKeyAttributes").stream()
                    .map(String::valueOf)
                    .collect(Collectors.toList()));
        }
        return builder.build();
    }

    private static ProvisionedThroughput throughput(Props owner) {
        Props throughput =
                owner.optional("ProvisionedThroughput").orElse(Props.of(null, owner.path("ProvisionedThroughput")));
        return ProvisionedThroughput.builder()
                .readCapacityUnits((long) throughput.integer("ReadCapacityUnits", 5))
                .writeCapacityUnits((long) throughput.integer("WriteCapacityUnits", 5))
                .build();
    }

    private static String json(Map<String, Object> value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
