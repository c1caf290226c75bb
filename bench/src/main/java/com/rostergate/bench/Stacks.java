package com.rostergate.bench;

import com.rostergate.aws.ingest.ImportLedger;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.local.LocalDeployment;
import com.rostergate.local.dynamodb.DynamoDbLimits;
import com.rostergate.local.template.FunctionDefinition;
import com.rostergate.local.template.LocalNaming;
import com.rostergate.local.template.LocalTemplate;
import com.rostergate.local.template.StackDefinition;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** What the benchmarks need from a running local stack beyond its own API. */
final class Stacks {

    private Stacks() {}

    /** A stack on free ports with the run's DynamoDB capacity and latency ({@code bench/run --dynamodb-...}). */
    static LocalDeployment.Builder builder(Path repoRoot, DynamoDbLimits limits) {
        return LocalDeployment.builder().repoRoot(repoRoot).randomPorts().dynamoDbLimits(limits);
    }

    /** The template's SQS event source of the writer: BatchSize and MaximumConcurrency bound the writes in flight. */
    static FunctionDefinition.SqsEventSource writerEventSource(Path repoRoot, LocalDeployment stack) {
        LocalNaming naming = new LocalNaming(
                LocalDeployment.STACK_NAME, LocalNaming.ACCOUNT_ID, LocalNaming.REGION, stack.endpoint("SQS_ENDPOINT"));
        LocalTemplate template = LocalTemplate.load(
                repoRoot.resolve("sam/template.yaml"),
                naming,
                Map.of("KakaoRestApiKey", "unused", "SkillSecret", "unused".repeat(6)),
                Map.of());
        return StackDefinition.read(template)
                .functions()
                .get("WriterFunction")
                .sqsEventSources()
                .get(0);
    }

    /** A new, empty table with the key schema of {@code like} (the employees table). */
    static void createTableLike(DynamoDbClient dynamoDb, String like, String name) {
        TableDescription source = dynamoDb.describeTable(r -> r.tableName(like)).table();
        dynamoDb.createTable(r -> r.tableName(name)
                .keySchema(source.keySchema())
                .attributeDefinitions(source.attributeDefinitions())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    /** The import of {@code key}, once its ledger item exists. */
    static String importIdOf(LocalDeployment stack, String key, long timeoutMillis) throws InterruptedException {
        long giveUp = System.nanoTime() + timeoutMillis * 1_000_000;
        while (System.nanoTime() < giveUp) {
            var items = stack.dynamoDb()
                    .scan(r -> r.tableName(stack.endpoint("IMPORTS_TABLE"))
                            .consistentRead(true)
                            .filterExpression("#record = :import AND #key = :key")
                            .expressionAttributeNames(Map.of("#record", "record", "#key", "key"))
                            .expressionAttributeValues(Map.of(
                                    ":import", AttributeValue.fromS("IMPORT"), ":key", AttributeValue.fromS(key))))
                    .items();
            if (!items.isEmpty()) {
                return items.get(0).get("import_id").s();
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("no import of " + key + " after " + timeoutMillis + " ms");
    }

    /**
     * One upload timed to its settled ledger status; {@code firstSeen}: when the 10 ms poll first saw
     * each status (System.nanoTime()).
     */
    record ImportRun(ImportRecord record, long start, long end, Map<ImportStatus, Long> firstSeen) {
        /** When every batch was written (FINALIZING first seen); a phase too short for the poll ends with the next. */
        long written() {
            return firstSeen.getOrDefault(ImportStatus.FINALIZING, end);
        }

        /** When every batch was sent (WRITING first seen). */
        long sent() {
            return Math.min(firstSeen.getOrDefault(ImportStatus.WRITING, written()), written());
        }

        double seconds(long from, long to) {
            return (to - from) / 1e9;
        }
    }

    /** Uploads {@code file} under {@code key} and follows its import until it is settled. */
    static ImportRun upload(LocalDeployment stack, Path file, String key, long timeoutMillis)
            throws InterruptedException {
        ImportLedger ledger = new ImportLedger(stack.dynamoDb(), stack.endpoint("IMPORTS_TABLE"));
        long start = System.nanoTime();
        stack.s3().putObject(r -> r.bucket(stack.endpoint("ROSTER_BUCKET")).key(key), RequestBody.fromFile(file));
        String importId = importIdOf(stack, key, timeoutMillis);
        Map<ImportStatus, Long> firstSeen = new EnumMap<>(ImportStatus.class);
        ImportRecord record = awaitFinal(ledger, importId, timeoutMillis, firstSeen);
        return new ImportRun(record, start, System.nanoTime(), firstSeen);
    }

    /**
     * Polls the ledger every 10 ms until the import is settled: a final status (COMPLETE, FAILED, ...)
     * or INCOMPLETE (batches dead-lettered), noting in {@code firstSeen} when each status was first seen.
     */
    static ImportRecord awaitFinal(
            ImportLedger ledger, String importId, long timeoutMillis, Map<ImportStatus, Long> firstSeen)
            throws InterruptedException {
        long giveUp = System.nanoTime() + timeoutMillis * 1_000_000;
        while (System.nanoTime() < giveUp) {
            ImportRecord record = ledger.get(importId);
            if (record != null) {
                firstSeen.putIfAbsent(record.status(), System.nanoTime());
                if (record.status().isFinal() || record.status() == ImportStatus.INCOMPLETE) {
                    return record;
                }
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException(
                "import " + importId + " not final after " + timeoutMillis + " ms: " + ledger.get(importId));
    }
}
