package com.rostergate.cli;

import com.rostergate.aws.ingest.EmployeeTable;
import com.rostergate.core.phone.PhoneMask;
import com.rostergate.core.phone.PhoneNormaliser;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@Command(
        name = "lookup",
        mixinStandardHelpOptions = true,
        description =
                "Normalises PHONE as the pipeline does and says whether it is in the employees table. Exit 0 found,"
                        + " 1 not found, 2 error.")
final class LookupCommand implements Callable<Integer> {

    private static final String[] SHOWN_ATTRIBUTES = {
        "employee_id", "name", "department", "position", "email", "import_id"
    };

    @ParentCommand
    RosterCtl root;

    @Parameters(paramLabel = "PHONE", description = "Any spelling: 010-1234-5678, +82 10 1234 5678, ...")
    String phone;

    @Option(names = "--show", description = "Print the number and personal attributes unmasked.")
    boolean show;

    @Override
    public Integer call() {
        PhoneNormaliser.Result normalised = new PhoneNormaliser().normalise(phone);
        Console console = root.console();
        if (!normalised.isValid()) {
            throw new UserError("Not a usable phone number (" + normalised.rejection() + ")");
        }
        Target target = root.target();
        String table = target.require(target.employeesTable(), "employees table", "--employees-table");
        Map<String, AttributeValue> item;
        try (DynamoDbClient dynamoDb = root.dynamoDb()) {
            item = dynamoDb.getItem(r -> r.tableName(table)
                            .key(Map.of("phone", AttributeValue.fromS(normalised.e164())))
                            .consistentRead(true))
                    .item();
        }
        boolean found = item != null && !item.isEmpty() && !EmployeeTable.isTombstone(item); // a tombstone: removed
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("phone", show ? normalised.e164() : PhoneMask.mask(normalised.e164()));
        result.put("found", found);
        if (found) {
            for (String name : SHOWN_ATTRIBUTES) {
                AttributeValue value = item.get(name);
                if (value != null && value.s() != null) {
                    result.put(name, show || !isPersonal(name) ? value.s() : maskText(value.s()));
                }
            }
        }
        if (console.isJson()) {
            console.json(result);
        } else {
            console.line("%s %s", result.get("phone"), found ? "is in the roster" : "is NOT in the roster");
            result.forEach((key, value) -> {
                if (!"phone".equals(key) && !"found".equals(key)) {
                    console.line("  %-12s %s", key, value);
                }
            });
        }
        return found ? RosterCtl.OK : RosterCtl.NEGATIVE;
    }

    private static boolean isPersonal(String attribute) {
        return "name".equals(attribute) || "email".equals(attribute);
    }

    /** Keeps the first and last character: 김민준 -> 김*준, someone@example.com -> s*****************m. */
    private static String maskText(String value) {
        if (value.length() <= 2) {
            return "*".repeat(value.length());
        }
        return value.charAt(0) + "*".repeat(value.length() - 2) + value.charAt(value.length() - 1);
    }
}
