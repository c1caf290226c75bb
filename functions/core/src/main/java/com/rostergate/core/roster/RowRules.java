package com.rostergate.core.roster;

import com.rostergate.core.phone.PhoneNormaliser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns the fields of one data row into a {@link RosterRow}, or says why the row is refused. */
public final class RowRules {

    /**
     * A row's bytes in its batch message (its JSON, escapes included, in UTF-8): keeps 25 rows within one
     * SQS message (256 KiB) and far below DynamoDB's 400 KB item limit.
     */
    public static final int MAX_ROW_BYTES = 8000;
    /** What a row's JSON holds besides its kept values: line, action, phone, the two maps and punctuation. */
    static final int ROW_ENVELOPE_BYTES = 96;

    private static final List<RosterColumn> STORED = List.of(
            RosterColumn.EMPLOYEE_ID,
            RosterColumn.NAME,
            RosterColumn.DEPARTMENT,
            RosterColumn.POSITION,
            RosterColumn.EMAIL);

    private final RosterHeader header;
    private final PhoneNormaliser normaliser;
    /** The fields a stored row keeps, known columns first (as attributes), then the extras; parallel arrays. */
    private final int[] keptIndexes;

    private final String[] keptNames;
    private final int attributeCount;

    public RowRules(RosterHeader header, PhoneNormaliser normaliser) {
        this.header = header;
        this.normaliser = normaliser;
        List<Integer> indexes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (RosterColumn column : STORED) {
            if (header.has(column)) {
                indexes.add(header.indexOf(column));
                names.add(column.attribute());
            }
        }
        this.attributeCount = indexes.size();
        indexes.addAll(header.extraIndexes());
        names.addAll(header.extraNames());
        this.keptIndexes = indexes.stream().mapToInt(Integer::intValue).toArray();
        this.keptNames = names.toArray(String[]::new);
    }

    /** Either {@code row} or {@code rejection} is set. */
    public record Outcome(RosterRow row, String rejection) {
        public boolean accepted() {
            return row != null;
        }
    }

    /**
     * What {@link #check} decides before building the row: the phone and action of an accepted row, or why it is
     * refused.
     */
    private record Decision(String phone, RowAction action, String rejection) {
        static Decision refused(String rejection) {
            return new Decision(null, null, rejection);
        }
    }

    public Outcome check(long line, String[] fields) {
        Decision decision = decide(fields);
        if (decision.rejection() != null) {
            return new Outcome(null, decision.rejection());
        }
        if (decision.action() == RowAction.DELETE) {
            return new Outcome(new RosterRow(line, RowAction.DELETE, decision.phone(), Map.of(), Map.of()), null);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        Map<String, String> extra = new LinkedHashMap<>();
        for (int i = 0; i < keptIndexes.length; i++) {
            String value = clean(fields[keptIndexes[i]]);
            if (!value.isEmpty()) {
                (i < attributeCount ? attributes : extra).put(keptNames[i], value);
            }
        }
        return new Outcome(new RosterRow(line, decision.action(), decision.phone(), attributes, extra), null);
    }

    /**
     * Who a row names, whether or not it is accepted: its E.164 phone when it normalises, its employee id (either may
     * be null).
     */
    public record Identity(String phone, String employeeId) {}

    public Identity identity(String[] fields) {
        PhoneNormaliser.Result phone = normaliser.normalise(present(fields, RosterColumn.PHONE));
        String employeeId = present(fields, RosterColumn.EMPLOYEE_ID);
        return new Identity(
                phone.isValid() ? phone.e164() : null, employeeId == null || employeeId.isEmpty() ? null : employeeId);
    }

    /** A column's value in a row that may be short (a refused row); null when the row does not reach it. */
    private String present(String[] fields, RosterColumn column) {
        int index = header.indexOf(column);
        return index < 0 || index >= fields.length ? null : clean(fields[index]);
    }

    /**
     * The E.164 phone of a row {@link #check} accepts, or null - without building the row (the splitter's first pass
     * needs no more).
     */
    public String acceptedPhone(String[] fields) {
        return decide(fields).phone();
    }

    private Decision decide(String[] fields) {
        String countProblem = fieldCountProblem(fields);
        if (countProblem != null) {
            return Decision.refused(countProblem);
        }
        PhoneNormaliser.Result phone = normaliser.normalise(value(fields, RosterColumn.PHONE));
        if (!phone.isValid()) {
            return Decision.refused(phone.rejection());
        }
        RowAction action = RowAction.fromStatus(value(fields, RosterColumn.STATUS));
        if (action == RowAction.PUT) {
            for (int i = 0; i < keptIndexes.length; i++) {
                String unsendable = unsendable(fields[keptIndexes[i]]);
                if (unsendable != null) {
                    return Decision.refused(
                            "the " + keptNames[i] + " value holds " + unsendable + "; remove it and upload again");
                }
            }
            int bytes = messageBytes(phone.e164(), fields);
            if (bytes > MAX_ROW_BYTES) {
                return Decision.refused(
                        "row is too large: " + bytes + " bytes in a queue message, at most " + MAX_ROW_BYTES);
            }
        }
        return new Decision(phone.e164(), action, null);
    }

    /** The row's bytes in its batch message: the envelope, the phone, each non-blank kept value with its name. */
    private int messageBytes(String e164, String[] fields) {
        int bytes = ROW_ENVELOPE_BYTES + e164.length();
        for (int i = 0; i < keptIndexes.length; i++) {
            String value = clean(fields[keptIndexes[i]]);
            if (!value.isEmpty()) {
                bytes += jsonBytes(keptNames[i]) + jsonBytes(value) + 6; // two quoted strings, a colon and a comma
            }
        }
        return bytes;
    }

    /**
     * The first character of {@code texts} that an SQS message cannot carry, described ({@code U+FFFF}), or null.
     * SQS takes #x9, #xA, #xD, #x20-#xD7FF, #xE000-#xFFFD and #x10000-#x10FFFF; anything else (other control
     * characters, U+FFFE, U+FFFF, a lone surrogate) would fail the send of the whole batch.
     */
    public static String unsendable(Iterable<String> texts) {
        for (String text : texts) {
            String found = unsendable(text);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    static String unsendable(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            boolean control = c < 0x20 && c != '\t' && c != '\n' && c != '\r';
            if (pair) {
                i++;
            } else if (control || Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
                return String.format("U+%04X, a character a queue message cannot carry", (int) c);
            }
        }
        return null;
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
            return "row has " + fields.length + " fields but the header has " + width
                    + " (a missing or extra comma would shift the phone column)";
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

    /** UTF-8 bytes of {@code text} in a JSON string as Jackson writes it: quote, backslash and controls escaped. */
    static int jsonBytes(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\' || c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r') {
                bytes += 2;
            } else if (c < 0x20) {
                bytes += 6;
            } else {
                bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
            }
        }
        return bytes;
    }
}
