package com.rostergate.core.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A current roster in memory: employees given by phone, employee id and name. */
final class InMemoryRoster implements CurrentRoster {

    final List<CurrentEmployee> employees = new ArrayList<>();

    InMemoryRoster with(String phone, String employeeId, String name) {
        Map<String, String> attributes =
                employeeId == null ? Map.of("name", name) : Map.of("name", name, "employee_id", employeeId);
        employees.add(new CurrentEmployee(phone, employeeId, name, Fingerprint.of(attributes, Map.of())));
        return this;
    }

    /** {@code count} employees +8210-5555-0000 onwards, ids E0.., names N0... */
    static InMemoryRoster of(int count) {
        InMemoryRoster roster = new InMemoryRoster();
        for (int i = 0; i < count; i++) {
            roster.with(phone(i), "E" + i, "N" + i);
        }
        return roster;
    }

    static String phone(int i) {
        return String.format("+82105555%04d", i);
    }

    @Override
    public void forEach(Consumer<CurrentEmployee> employee) {
        employees.forEach(employee);
    }
}
