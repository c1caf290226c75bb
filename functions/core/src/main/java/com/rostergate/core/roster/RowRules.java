package com.rostergate.core.roster;

import com.rostergate.core.phone.PhoneNormaliser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns the fields of one data row into a {@link RosterRow}, or says why the row is refused. */
public final class RowRules {

    /** Keeps 25 rows within one SQS message (256 KiB) and far below DynamoDB's 400 KB item limit. */
    public static final int MAX_ROW_BYTES = 8000;

    private static final List<RosterColumn> STORED = List.of(
        RosterColumn.EMPLOYEE_ID, RosterColumn.NAME, RosterColumn.DEPARTMENT, RosterColumn.POSITION, RosterColumn.EMAIL);

    private final RosterHeader header;
    private final PhoneNormaliser normaliser;

    public RowRules(RosterHeader header, PhoneNormaliser normaliser) {
        this.header = header;
        this.normaliser = normaliser;
    }

    /** Either {@code row} or {@code rejection} is set. */
    public record Outcome(RosterRow row, String rejection) {
        public boolean accepted() {
            return row != null;
        }
    }

    public Outcome check(long line, String[] fields) {
        String countProblem = fieldCountProblem(fields);
        if (countProblem != null) {
            return new Outcome(null, countProblem);
        }
        PhoneNormaliser.Result phone = normaliser.normalise(value(fields, RosterColumn.PHONE));
        if (!phone.isValid()) {
            return new Outcome(null, phone.rejection());
        }
        RowAction action = RowAction.fromStatus(value(fields, RosterColumn.STATUS));
        if (action == RowAction.DELETE) {
            return new Outcome(new RosterRow(line, action, phone.e164(), Map.of(), Map.of()), null);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        int bytes = phone.e164().length();
        for (RosterColumn column : STORED) {
            String value = value(fields, column);
            if (value != null && !value.isEmpty()) {
                attributes.put(column.attribute(), value);
                bytes += utf8Length(column.attribute()) + utf8Length(value);
            }
        }
        Map<String, String> extra = new LinkedHashMap<>();
        List<Integer> indexes = header.extraIndexes();
        for (int i = 0; i < indexes.size(); i++) {
            String value = clean(fields[indexes.get(i)]);
            if (!value.isEmpty()) {
                String name = header.extraNames().get(i);
                extra.put(name, value);
                bytes += utf8Length(name) + utf8Length(value);
            }
        }
        if (bytes > MAX_ROW_BYTES) {
            return new Outcome(null, "row is too large: " + bytes + " bytes of values, at most " + MAX_ROW_BYTES);
        }
        return new Outcome(new RosterRow(line, action, phone.e164(), attributes, extra), null);
    }

    /** More fields than the header is fine only when the extra ones are empty (a trailing comma). */
    private String fieldCountProblem(String[] fields) {
        int width = header.width();
        boolean tooFew = fields.length < width;
        boolean tooMany = false;
        for (int i = width; i < fields.length && !tooMany; i++) {
            tooMany = !clean(fields[i]).isEmpty();
        }
        if (tooFew || tooMany) {
            return "row has " + fields.length + " fields but the header has " + width + " (a missing or extra comma would shift the phone column)";
        }
        return null;
    }

    private String value(String[] fields, RosterColumn column) {
        int index = header.indexOf(column);
        return index < 0 ? null : clean(fields[index]);
    }

    private static String clean(String value) {
        return value == null ? "" : value.strip();
    }

    /** True for a line with no value at all (blank, or only commas and spaces): skipped, not a row. */
    public static boolean isBlank(String[] fields) {
        for (String field : fields) {
            if (!clean(field).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }
}
