package com.rostergate.local.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CapacityUnitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anItemsSizeIsItsNamesPlusItsValuesAsDynamoDbCountsThem() throws Exception {
        JsonNode item = JSON.readTree("""
            {"phone": {"S": "+821012345678"}, "name": {"S": "김민준"}, "n": {"N": "12345"}, "ok": {"BOOL": true},
             "extra": {"M": {"a": {"S": "xy"}}}, "list": {"L": [{"S": "a"}, {"NULL": true}]}, "b": {"B": "AAEC"}}""");
        long expected = (5 + 13) + (4 + 9) + (1 + 4) + (2 + 1) + (5 + 3 + (1 + 2) + 1) + (4 + 3 + 2 + 1 + 1) + (1 + 3);
        assertEquals(expected, CapacityUnits.itemSize(item));
    }

    @Test
    void writesCostAUnitPerKilobyteRoundedUpReadsAUnitPerFourKilobytesHalvedWhenEventuallyConsistent() {
        assertEquals(1, CapacityUnits.write(0));
        assertEquals(1, CapacityUnits.write(1024));
        assertEquals(2, CapacityUnits.write(1025));
        assertEquals(400, CapacityUnits.write(400 * 1024));
        assertEquals(1, CapacityUnits.read(10, true));
        assertEquals(0.5, CapacityUnits.read(10, false));
        assertEquals(3, CapacityUnits.read(8193, true));
        assertEquals(1.5, CapacityUnits.read(8193, false));
    }
}
