package com.rostergate.local.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AtomicLong now = new AtomicLong();
    private final Throttle throttle = new Throttle(10, 8, now::get);

    @Test
    void putItemsGoThroughUntilTheTablesSecondOfCapacityIsSpentThenAreRefused() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertFalse(throttle.admit("PutItem", put("t", "+8210" + i, 10)).refused(), "put " + i);
        }
        assertTrue(
                throttle.admit("PutItem", put("t", "+8210x", 10)).refused(), "the 11th 1-unit put in the same instant");
        assertFalse(throttle.admit("PutItem", put("other", "+8210x", 10)).refused(), "each table has its own capacity");
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
        assertFalse(
                throttle.admit("PutItem", put("t", "+8210y", 10)).refused(), "a tenth of a second refills one unit");
    }

    @Test
    void aPutCostsAUnitPerKilobyteOfItsItem() throws Exception {
        assertFalse(throttle.admit("PutItem", put("t", "+8210", 4 * 1024 + 100)).refused(), "just over 4 KB: 5 units");
        assertFalse(throttle.admit("PutItem", put("t", "+8211", 5 * 1024 - 10)).refused(), "just under 5 KB: 5 units");
        assertTrue(
                throttle.admit(
                                "DeleteItem",
                                JSON.readTree("{\"TableName\":\"t\",\"Key\":{\"phone\":{\"S\":\"+8210\"}}}"))
                        .refused(),
                "all 10 units spent: a delete of 1 unit is refused");
    }

    @Test
    void anUpdateCostsItsKeyAndValues() throws Exception {
        JsonNode update = JSON.readTree("{\"TableName\":\"t\",\"Key\":{\"phone\":{\"S\":\"+8210\"}},"
                + "\"UpdateExpression\":\"SET #n = :v\",\"ExpressionAttributeValues\":{\":v\":{\"S\":\""
                + "x".repeat(9 * 1024) + "\"}}}");
        assertFalse(throttle.admit("UpdateItem", update).refused(), "10 units on a full bucket");
        assertTrue(throttle.admit("UpdateItem", update).refused());
    }

    @Test
    void aBatchWriteItemForwardsWhatTheCapacityAllowsAndHoldsTheRestBackInOrder() throws Exception {
        ObjectNode batch = batch("t", 25);
        Throttle.Admission admission = throttle.admit("BatchWriteItem", batch);
        assertFalse(admission.refused());
        ArrayNode forwarded = (ArrayNode) admission.forward().at("/RequestItems/t");
        assertEquals(10, forwarded.size(), "10 one-unit items fit in 10 WCU");
        assertEquals(batch.at("/RequestItems/t/0"), forwarded.get(0));
        assertEquals(batch.at("/RequestItems/t/9"), forwarded.get(9));
        ArrayNode held = admission.unprocessed().get("t");
        assertEquals(15, held.size(), "the other 15 come back unprocessed");
        assertEquals(batch.at("/RequestItems/t/10"), held.get(0), "in request order, as the write requests were sent");
        assertEquals(25, batch.at("/RequestItems/t").size(), "the client's request is left as it was");

        Throttle.Admission none = throttle.admit("BatchWriteItem", batch("t", 3));
        assertTrue(none.refused(), "no item at all fits: ProvisionedThroughputExceededException, as DynamoDB answers");
    }

    @Test
    void aBatchAcrossTablesHoldsBackOnlyTheTableOutOfCapacity() throws Exception {
        assertFalse(throttle.admit("BatchWriteItem", batch("full", 10)).refused());
        ObjectNode both = batch("full", 2);
        ((ObjectNode) both.get("RequestItems")).set("fresh", batch("fresh", 2).at("/RequestItems/fresh"));
        Throttle.Admission admission = throttle.admit("BatchWriteItem", both);
        assertFalse(admission.refused());
        assertEquals(
                Set.of("fresh"),
                Set.copyOf(List.copyOf(iterable(admission.forward().get("RequestItems")))),
                "only the table with capacity is forwarded");
        assertEquals(2, admission.unprocessed().get("full").size());
    }

    @Test
    void aTransactionCostsTwoUnitsAnActionAndIsAllOrNothingAcrossTables() throws Exception {
        JsonNode transaction = JSON.readTree("""
            {"TransactItems": [
              {"Delete": {"TableName": "a", "Key": {"phone": {"S": "+8210"}}}},
              {"Delete": {"TableName": "a", "Key": {"phone": {"S": "+8211"}}}},
              {"Update": {"TableName": "b", "Key": {"import_id": {"S": "i"}}, "UpdateExpression": "ADD #n :v",
                          "ExpressionAttributeValues": {":v": {"N": "2"}}}}]}""");
        assertFalse(throttle.admit("TransactWriteItems", transaction).refused(), "a: 4 units, b: 2 units");
        assertFalse(throttle.admit("TransactWriteItems", transaction).refused(), "a: 8 units, b: 4 units");
        assertFalse(throttle.admit("PutItem", put("b", "+8210", 10)).refused(), "b: 5 units");
        assertTrue(throttle.admit("TransactWriteItems", transaction).refused(), "a would need 12 of its 10");
        for (int i = 0; i < 5; i++) {
            assertFalse(
                    throttle.admit("PutItem", put("b", "+821" + i, 10)).refused(),
                    "table b got back what the refused transaction had taken from it: put " + i);
        }
    }

    @Test
    void readsPassWhileTheTableHasUnitsAndAreChargedWhatTheyRead() throws Exception {
        JsonNode get =
                JSON.readTree("{\"TableName\":\"t\",\"Key\":{\"phone\":{\"S\":\"+8210\"}},\"ConsistentRead\":true}");
        JsonNode bigItem = JSON.readTree(
                "{\"Item\":{\"phone\":{\"S\":\"+8210\"},\"extra\":{\"S\":\"" + "x".repeat(40_000) + "\"}}}");
        assertFalse(throttle.admit("GetItem", get).refused());
        throttle.charge("GetItem", get, bigItem);
        assertTrue(
                throttle.admit("GetItem", get).refused(), "a strongly consistent 40 KB read costs 10 units of 8: debt");
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(200));
        assertTrue(
                throttle.admit("Query", JSON.readTree("{\"TableName\":\"t\"}")).refused(),
                "Query shares the table's read capacity");
        assertFalse(throttle.admit("GetItem", JSON.readTree("{\"TableName\":\"other\"}"))
                .refused());
    }

    @Test
    void aScanIsChargedItsItemsHalvedWhenEventuallyConsistent() throws Exception {
        JsonNode scan = JSON.readTree("{\"TableName\":\"t\"}");
        String items = String.join(
                ",",
                IntStream.range(0, 8)
                        .mapToObj(i ->
                                "{\"phone\":{\"S\":\"+8210" + i + "\"},\"extra\":{\"S\":\"" + "x".repeat(4000) + "\"}}")
                        .toList());
        throttle.charge("Scan", scan, JSON.readTree("{\"Items\":[" + items + "]}"));
        assertFalse(throttle.admit("Scan", scan).refused(), "32 KB eventually consistent: 4 of 8 units");
        throttle.charge("Scan", scan, JSON.readTree("{\"Items\":[" + items + "]}"));
        assertTrue(throttle.admit("Scan", scan).refused());
    }

    @Test
    void aRequestItCannotSizeIsAnIllegalArgumentSoTheProxyLeavesItToTheServer() throws Exception {
        JsonNode badBinary = JSON.readTree("{\"TableName\":\"t\",\"Item\":{\"phone\":{\"B\":\"not base64!\"}}}");
        assertThrows(IllegalArgumentException.class, () -> throttle.admit("PutItem", badBinary));
    }

    @Test
    void unlimitedCallsAreForwardedAsTheyCame() throws Exception {
        JsonNode describe = JSON.readTree("{\"TableName\":\"t\"}");
        assertFalse(throttle.limits("DescribeTable"));
        assertSame(describe, throttle.admit("DescribeTable", describe).forward());
        Throttle writesOnly = new Throttle(10, 0, now::get);
        assertFalse(writesOnly.limits("GetItem"), "read capacity 0 is unlimited");
        assertTrue(writesOnly.limits("BatchWriteItem"));
    }

    private static JsonNode put(String table, String phone, int bytes) throws Exception {
        String extra = bytes > 20 ? ",\"extra\":{\"S\":\"" + "x".repeat(bytes - 20) + "\"}" : "";
        return JSON.readTree(
                "{\"TableName\":\"" + table + "\",\"Item\":{\"phone\":{\"S\":\"" + phone + "\"}" + extra + "}}");
    }

    private static ObjectNode batch(String table, int items) throws Exception {
        String writes = String.join(
                ",",
                IntStream.range(0, items)
                        .mapToObj(i -> "{\"PutRequest\":{\"Item\":{\"phone\":{\"S\":\"+8210" + i + "\"}}}}")
                        .toList());
        return (ObjectNode) JSON.readTree("{\"RequestItems\":{\"" + table + "\":[" + writes + "]}}");
    }

    private static List<String> iterable(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
