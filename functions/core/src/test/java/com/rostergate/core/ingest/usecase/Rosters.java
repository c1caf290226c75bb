package com.rostergate.core.ingest.usecase;

import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Roster files for the use-case tests: employee i is E{i}, "Name {i}", phone 010-5555-{i}. */
final class Rosters {

    private Rosters() {}

    static String phone(int i) {
        return String.format(Locale.ROOT, "+82105555%04d", i);
    }

    /** Employees {@code from} (inclusive) to {@code to} (exclusive). */
    static String csv(int from, int to) {
        return "사번,이름,휴대폰\n"
                + IntStream.range(from, to).mapToObj(i -> row(i, "Name " + i)).collect(Collectors.joining());
    }

    static String row(int i, String name) {
        return String.format(Locale.ROOT, "E%d,%s,010-5555-%04d\n", i, name, i);
    }

    /** A delta file whose status column marks employee i as gone (퇴사). */
    static String leaver(int i) {
        return "사번,이름,휴대폰,상태\n" + String.format(Locale.ROOT, "E%d,Name %d,010-5555-%04d,퇴사\n", i, i, i);
    }
}
