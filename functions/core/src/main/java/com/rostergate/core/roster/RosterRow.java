package com.rostergate.core.roster;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One accepted row. {@code phone} is E.164; {@code attributes} holds the known columns under their
 * attribute names ({@code name}, {@code department}, {@code position}, {@code email},
 * {@code employee_id}) and {@code extra} every other column under its header text. Blank values
 * are left out. A {@link RowAction#DELETE} row carries only its phone.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RosterRow(
        long line, RowAction action, String phone, Map<String, String> attributes, Map<String, String> extra) {

    public RosterRow {
        if (phone == null || action == null) {
            throw new IllegalArgumentException("a row needs a phone and an action");
        }
        attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }
}
