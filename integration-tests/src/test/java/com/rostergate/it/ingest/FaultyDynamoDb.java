package com.rostergate.it.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The real DynamoDB client with faults injected into BatchWriteItem, as DynamoDB produces them:
 * a share of calls is throttled, a share only half-done (the rest returned as UnprocessedItems),
 * a batch holding a "poison" item is refused with a ValidationException, one holding a "held" item
 * reaches DynamoDB late, and the writer can be made
 * to die (an Error) right after a BatchWriteItem landed. Every other call goes straight through.
 */
final class FaultyDynamoDb implements DynamoDbClient {

    /** The writer process dying: not an exception any code is expected to catch. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated writer crash right after BatchWriteItem");
        }
    }

    /** Fault settings shared by every writer environment of a stack, changed by the test as it goes. */
    static final class Faults {
        volatile double throttledShare;
        volatile double unprocessedShare;
        volatile Predicate<Map<String, AttributeValue>> poison = item -> false;
        /**
         * A BatchWriteItem holding a matching item reaches DynamoDB only after {@code holdMillis}: a slow network or
         * server.
         */
        volatile Predicate<Map<String, AttributeValue>> held = item -> false;

        volatile long holdMillis;
        /** A transaction updating an item whose key matches is refused, as if another delivery had moved the batch. */
        volatile Predicate<Map<String, AttributeValue>> contended = key -> false;

        final AtomicInteger crashesLeft = new AtomicInteger();
        final AtomicInteger throttled = new AtomicInteger();
        final AtomicInteger halfDone = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger crashed = new AtomicInteger();
        final AtomicInteger heldCalls = new AtomicInteger();
        private final Random random = new Random(20250301);

        synchronized double roll() {
            return random.nextDouble();
        }

        void clear() {
            throttledShare = 0;
            unprocessedShare = 0;
            poison = item -> false;
            held = item -> false;
            crashesLeft.set(0);
        }
    }

    private final DynamoDbClient delegate;
    private final Faults faults;

    FaultyDynamoDb(DynamoDbClient delegate, Faults faults) {
        this.delegate = delegate;
        this.faults = faults;
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        if (anyPut(request, faults.poison)) {
            faults.refused.incrementAndGet();
            throw (DynamoDbException) DynamoDbException.builder()
                    .statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode("ValidationException")
                            .errorMessage("Item size has exceeded the maximum allowed size")
                            .serviceName("DynamoDb")
                            .build())
                    .build();
        }
        if (anyPut(request, faults.held)) {
            faults.heldCalls.incrementAndGet();
            try {
                Thread.sleep(faults.holdMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        double roll = faults.roll();
        if (roll < faults.throttledShare) {
            faults.throttled.incrementAndGet();
            throw (ProvisionedThroughputExceededException) ProvisionedThroughputExceededException.builder()
                    .statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode("ProvisionedThroughputExceededException")
                            .errorMessage("The level of configured provisioned throughput for the table was exceeded")
                            .serviceName("DynamoDb")
                            .build())
                    .build();
        }
        BatchWriteItemResponse response = roll < faults.throttledShare + faults.unprocessedShare
                ? halfDone(request)
                : delegate.batchWriteItem(request);
        if (faults.crashesLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            faults.crashed.incrementAndGet();
            throw new SimulatedCrash();
        }
        return response;
    }

    private static boolean anyPut(BatchWriteItemRequest request, Predicate<Map<String, AttributeValue>> matching) {
        return request.requestItems().values().stream()
                .flatMap(List::stream)
                .anyMatch(write -> write.putRequest() != null
                        && matching.test(write.putRequest().item()));
    }

    /** Writes the first half of each table's requests and hands the rest back as unprocessed. */
    private BatchWriteItemResponse halfDone(BatchWriteItemRequest request) {
        Map<String, List<WriteRequest>> done = new HashMap<>();
        Map<String, List<WriteRequest>> left = new HashMap<>();
        request.requestItems().forEach((table, writes) -> {
            int half = writes.size() / 2;
            if (half > 0) {
                done.put(table, writes.subList(0, half));
            }
            left.put(table, new ArrayList<>(writes.subList(half, writes.size())));
        });
        if (!done.isEmpty()) {
            delegate.batchWriteItem(request.toBuilder().requestItems(done).build())
                    .unprocessedItems()
                    .forEach((table, writes) -> left.get(table).addAll(writes));
        }
        faults.halfDone.incrementAndGet();
        return BatchWriteItemResponse.builder().unprocessedItems(left).build();
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return delegate.getItem(request);
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        return delegate.putItem(request);
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        return delegate.updateItem(request);
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        return delegate.deleteItem(request);
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        return delegate.query(request);
    }

    @Override
    public ScanResponse scan(ScanRequest request) {
        return delegate.scan(request);
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        boolean contended = request.transactItems().stream()
                .anyMatch(item -> item.update() != null
                        && faults.contended.test(item.update().key()));
        if (contended) {
            throw TransactionCanceledException.builder()
                    .message("Transaction cancelled")
                    .cancellationReasons(request.transactItems().stream()
                            .map(item -> CancellationReason.builder()
                                    .code("ConditionalCheckFailed")
                                    .build())
                            .toList())
                    .build();
        }
        return delegate.transactWriteItems(request);
    }

    @Override
    public String serviceName() {
        return delegate.serviceName();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
