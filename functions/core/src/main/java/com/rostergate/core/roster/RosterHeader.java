package com.rostergate.core.roster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which field of a row holds which {@link RosterColumn}, matched by header name. Columns that are
 * not one of the known ones (and the status column, so its value is not lost) are kept as extra
 * attributes under their header text; a blank header becomes {@code column_<n>}.
 */
public final class RosterHeader {

    private final List<String> names;
    private final Map<RosterColumn, Integer> columns;
    private final List<Integer> extraIndexes;
    private final List<String> extraNames;

    private RosterHeader(List<String> names, Map<RosterColumn, Integer> columns) {
        this.names = names;
        this.columns = columns;
        this.extraIndexes = new ArrayList<>();
        this.extraNames = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            if (columns.containsValue(i) && !Integer.valueOf(i).equals(columns.get(RosterColumn.STATUS))) {
                continue;
            }
            String name = names.get(i).isEmpty() ? "column_" + (i + 1) : names.get(i);
            String unique = name;
            for (int n = 2; !used.add(unique); n++) {
                unique = name + "_" + n;
            }
            extraIndexes.add(i);
            extraNames.add(unique);
        }
    }

    public static RosterHeader of(String[] fields) {
        List<String> names = new ArrayList<>(fields.length);
        for (String field : fields) {
            names.add(field == null ? "" : field.strip().replace("\uFEFF", ""));
        }
        Map<RosterColumn, Integer> columns = new EnumMap<>(RosterColumn.class);
        for (RosterColumn column : RosterColumn.values()) {
            int best = -1;
            int bestPreference = Integer.MAX_VALUE;
            for (int i = 0; i < names.size(); i++) {
                int preference = column.preference(RosterColumn.normalise(names.get(i)));
                if (preference >= 0 && preference < bestPreference && !columns.containsValue(i)) {
                    best = i;
                    bestPreference = preference;
                }
            }
            if (best >= 0) {
                columns.put(column, best);
            }
        }
        return new RosterHeader(Collections.unmodifiableList(names), columns);
    }

    public boolean has(RosterColumn column) {
        return columns.containsKey(column);
    }

    /** The field index of {@code column}, or -1. */
    public int indexOf(RosterColumn column) {
        return columns.getOrDefault(column, -1);
    }

    /** Header texts as written (trimmed). */
    public List<String> names() {
        return names;
    }

    public int width() {
        return names.size();
    }

    /** Field indexes kept as extra attributes, in file order. */
    List<Integer> extraIndexes() {
        return extraIndexes;
    }

    /** The attribute name of each extra field, parallel to {@link #extraIndexes()}. */
    List<String> extraNames() {
        return extraNames;
    }
}
