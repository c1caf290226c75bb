package com.rostergate.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-table write and read capacity, decided on a call's JSON request as DynamoDB decides it:
 * <ul>
 *   <li>PutItem, UpdateItem, DeleteItem: refused when the table lacks the units. A put costs its item's
 *       size; an update its key and values (DynamoDB counts the larger of the item before and after,
 *       which only the server knows); a delete its key (DynamoDB counts the deleted item).</li>
 *   <li>BatchWriteItem: item by item, in order, each table's items go through while its units last and the
 *       rest are answered as UnprocessedItems; refused when no item at all goes through.</li>
 *   <li>TransactWriteItems: two units per KB of each action, all or nothing.</li>
 *   <li>GetItem, Query, Scan: refused when the table has no units left, else charged afterwards what the
 *       answer's items hold (a Query or Scan counts its returned items, not those its filter dropped).</li>
 * </ul>
 * Indexes share their table's capacity. Other calls (tables, TTL, BatchGetItem...) are not limited.
 */
final class Throttle {

    private final int writeCapacity;
    private final int readCapacity;
    private final LongSupplier ticker;
    private final Map<String, TokenBucket> writes = new ConcurrentHashMap<>();
    private final Map<String, TokenBucket> reads = new ConcurrentHashMap<>();

    Throttle(int writeCapacity, int readCapacity, LongSupplier ticker) {
        this.writeCapacity = writeCapacity;
        this.readCapacity = readCapacity;
        this.ticker = ticker;
    }

    /**
     * What becomes of a call: refused, or forwarded as {@code forward} (a BatchWriteItem may lose items),
     * with {@code unprocessed} (table to write requests) to add to the server's UnprocessedItems.
     */
    record Admission(boolean refused, JsonNode forward, Map<String, ArrayNode> unprocessed) {
        static Admission refusal() {
            return new Admission(true, null, Map.of());
        }

        static Admission whole(JsonNode request) {
            return new Admission(false, request, Map.of());
        }
    }

    /** Whether {@code operation} is limited: only those calls' bodies need reading. */
    boolean limits(String operation) {
        return switch (operation) {
            case "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems" -> writeCapacity > 0;
            case "GetItem", "Query", "Scan" -> readCapacity > 0;
            default -> false;
        };
    }

    Admission admit(String operation, JsonNode request) {
        if (!limits(operation)) {
            return Admission.whole(request);
        }
        return switch (operation) {
            case "PutItem" -> single(request, CapacityUnits.itemSize(request.get("Item")));
            case "UpdateItem" ->
                single(
                        request,
                        CapacityUnits.itemSize(request.get("Key"))
                                + CapacityUnits.itemSize(request.get("ExpressionAttributeValues")));
            case "DeleteItem" -> single(request, CapacityUnits.itemSize(request.get("Key")));
            case "BatchWriteItem" -> batch(request);
            case "TransactWriteItems" -> transaction(request);
            default ->
                bucket(reads, readCapacity, table(request)).available()
                        ? Admission.whole(request)
                        : Admission.refusal();
        };
    }

    /** Charges a read what its answer holds. */
    void charge(String operation, JsonNode request, JsonNode answer) {
        if (!limits(operation)
                || !operation.equals("GetItem") && !operation.equals("Query") && !operation.equals("Scan")) {
            return;
        }
        long bytes = CapacityUnits.itemSize(answer.get("Item"));
        for (JsonNode item : answer.path("Items")) {
            bytes += CapacityUnits.itemSize(item);
        }
        bucket(reads, readCapacity, table(request))
                .charge(CapacityUnits.read(bytes, request.path("ConsistentRead").asBoolean(false)));
    }

    private Admission single(JsonNode request, long bytes) {
        return bucket(writes, writeCapacity, table(request)).tryTake(CapacityUnits.write(bytes))
                ? Admission.whole(request)
                : Admission.refusal();
    }

    private Admission batch(JsonNode request) {
        ObjectNode forward = request.deepCopy();
        ObjectNode forwardItems = JsonNodeFactory.instance.objectNode();
        Map<String, ArrayNode> unprocessed = new LinkedHashMap<>();
        boolean anyForwarded = false;
        for (Iterator<Map.Entry<String, JsonNode>> tables =
                        request.path("RequestItems").fields();
                tables.hasNext(); ) {
            Map.Entry<String, JsonNode> table = tables.next();
            TokenBucket bucket = bucket(writes, writeCapacity, table.getKey());
            ArrayNode through = forwardItems.putArray(table.getKey());
            ArrayNode held = JsonNodeFactory.instance.arrayNode();
            for (JsonNode write : table.getValue()) {
                long bytes = write.has("PutRequest")
                        ? CapacityUnits.itemSize(write.at("/PutRequest/Item"))
                        : CapacityUnits.itemSize(write.at("/DeleteRequest/Key"));
                if (held.isEmpty() && bucket.tryTake(CapacityUnits.write(bytes))) {
                    through.add(write);
                } else {
                    held.add(write);
                }
            }
            anyForwarded |= !through.isEmpty();
            if (through.isEmpty()) {
                forwardItems.remove(table.getKey());
            }
            if (!held.isEmpty()) {
                unprocessed.put(table.getKey(), held);
            }
        }
        if (!anyForwarded && !unprocessed.isEmpty()) {
            return Admission.refusal();
        }
        forward.set("RequestItems", forwardItems);
        return new Admission(false, forward, unprocessed);
    }

    private Admission transaction(JsonNode request) {
        Map<String, Double> units = new LinkedHashMap<>();
        for (JsonNode action : request.path("TransactItems")) {
            if (!action.fields().hasNext()) {
                continue;
            }
            JsonNode body = action.fields().next().getValue(); // {"Put": {...}}, {"Update": ...}, {"Delete": ...}...
            long bytes = CapacityUnits.itemSize(body.has("Item") ? body.get("Item") : body.get("Key"))
                    + CapacityUnits.itemSize(body.get("ExpressionAttributeValues"));
            units.merge(body.path("TableName").asText(), 2 * CapacityUnits.write(bytes), Double::sum);
        }
        Map<String, Double> taken = new LinkedHashMap<>();
        for (Map.Entry<String, Double> table : units.entrySet()) {
            if (!bucket(writes, writeCapacity, table.getKey()).tryTake(table.getValue())) {
                taken.forEach(
                        (name, amount) -> bucket(writes, writeCapacity, name).refund(amount));
                return Admission.refusal();
            }
            taken.put(table.getKey(), table.getValue());
        }
        return Admission.whole(request);
    }

    private TokenBucket bucket(Map<String, TokenBucket> buckets, int capacity, String table) {
        return buckets.computeIfAbsent(table, name -> new TokenBucket(capacity, ticker));
    }

    private static String table(JsonNode request) {
        return request.path("TableName").asText();
    }
}
