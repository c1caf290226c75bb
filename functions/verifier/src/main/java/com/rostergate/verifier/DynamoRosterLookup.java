package com.rostergate.verifier;

import com.rostergate.core.ingest.Tombstones;
import com.rostergate.core.roster.RosterColumn;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * One GetItem on the employees table (key {@code phone}, E.164). The endpoint's DNS lookup and the call's
 * API-call timeout both end by the deadline, so the SDK gives up (and drops the connection) when the answer is due.
 */
final class DynamoRosterLookup implements RosterLookup {

    private final DynamoDbClient dynamo;
    private final String table;
    private final HostLookup hosts;
    private final String host;

    DynamoRosterLookup(DynamoDbClient dynamo, String table, HostLookup hosts) {
        this.dynamo = dynamo;
        this.table = table;
        this.hosts = hosts;
        this.host = dynamo.serviceClientConfiguration()
                .endpointOverride()
                .map(URI::getHost)
                .orElse("dynamodb."
                        + dynamo.serviceClientConfiguration().region().id() + ".amazonaws.com");
    }

    @Override
    public Optional<Employee> find(String e164, Deadline deadline) {
        awaitHost(deadline);
        GetItemRequest request = GetItemRequest.builder()
                .tableName(table)
                .key(Map.of(RosterColumn.PHONE.attribute(), AttributeValue.fromS(e164)))
                .overrideConfiguration(
                        c -> c.apiCallTimeout(Duration.ofMillis(Math.max(1, deadline.remainingMillis()))))
                .build();
        Map<String, AttributeValue> item = dynamo.getItem(request).item();
        if (item.isEmpty() || isTombstone(item)) {
            return Optional.empty();
        }
        return Optional.of(new Employee(
                e164,
                text(item, RosterColumn.NAME),
                text(item, RosterColumn.DEPARTMENT),
                text(item, RosterColumn.POSITION),
                text(item, RosterColumn.EMPLOYEE_ID),
                text(item, RosterColumn.EMAIL)));
    }

    /** The SDK's own lookup cannot be cut short: this one ends by the deadline (and fills the cache the SDK reads). */
    private void awaitHost(Deadline deadline) {
        try {
            hosts.await(host, deadline);
        } catch (SocketTimeoutException e) {
            throw ApiCallTimeoutException.create(deadline.remainingMillis());
        } catch (IOException e) {
            throw SdkClientException.create(e.getClass().getSimpleName());
        }
    }

    /** A removed employee's item stays as a tombstone (so no older upload can bring them back): not an employee. */
    private static boolean isTombstone(Map<String, AttributeValue> item) {
        AttributeValue tombstone = item.get(Tombstones.ATTRIBUTE);
        return tombstone != null && Boolean.TRUE.equals(tombstone.bool());
    }

    /** The roster writes each column under the attribute name core's {@link RosterColumn} gives it. */
    private static String text(Map<String, AttributeValue> item, RosterColumn column) {
        AttributeValue value = item.get(column.attribute());
        return value == null ? null : value.s();
    }
}
