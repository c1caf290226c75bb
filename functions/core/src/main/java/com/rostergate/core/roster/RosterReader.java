package com.rostergate.core.roster;

import java.io.IOException;

/** One pass over the records of a roster file, text or workbook. */
public interface RosterReader extends AutoCloseable {

    /**
     * One record: the line (a workbook's row number) it starts on and its fields, trimmed, never null.
     * A record the reader could not take apart has no fields and says why in {@code rejection}: it is
     * rejected as a row, and reading goes on after it.
     */
    record Record(long line, String[] fields, String rejection) {
        static Record of(long line, String[] fields) {
            return new Record(line, fields, null);
        }

        static Record unreadable(long line, String rejection) {
            return new Record(line, new String[0], rejection);
        }
    }

    /** The next record that is not blank, or null at the end of the file. */
    Record next() throws IOException, BadRosterFileException;

    RosterFormat format();

    @Override
    void close() throws IOException;
}
