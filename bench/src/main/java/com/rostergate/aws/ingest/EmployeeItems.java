package com.rostergate.aws.ingest;

import com.rostergate.core.ingest.BatchMessage;
import com.rostergate.core.roster.RosterRow;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The benchmark's way to the writer's own item mapping ({@link EmployeeTable#employeeItem}, package-private):
 * the per-row PutItem baseline must store exactly the items the pipeline stores.
 */
public final class EmployeeItems {

    private EmployeeItems() {}

    public static Map<String, AttributeValue> item(RosterRow row, BatchMessage message) {
        return EmployeeTable.employeeItem(row, message);
    }
}
