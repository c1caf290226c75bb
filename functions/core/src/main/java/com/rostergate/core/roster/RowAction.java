package com.rostergate.core.roster;

import java.util.Locale;
import java.util.Set;

/** What a row asks for: store the employee, or (status column says so) remove them. */
public enum RowAction {
    PUT,
    DELETE;

    /** Status values that remove the row's employee; compared trimmed and ignoring case. */
    public static final Set<String> DELETE_WORDS = Set.of("delete", "remove", "inactive", "퇴사", "삭제");

    public static RowAction fromStatus(String status) {
        return status != null && DELETE_WORDS.contains(status.strip().toLowerCase(Locale.ROOT)) ? DELETE : PUT;
    }
}
