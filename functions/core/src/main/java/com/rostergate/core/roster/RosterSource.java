package com.rostergate.core.roster;

import java.io.IOException;
import java.io.InputStream;

/** The bytes of one roster file, readable more than once (the splitter makes two passes). */
public interface RosterSource {

    /** A fresh stream over the same bytes each time. */
    InputStream open() throws IOException;

    /** Size in bytes (sizes the duplicate filter). */
    long size();

    /** The sheet of a workbook to read, as the upload names it; null: the first. */
    default String sheet() {
        return null;
    }
}
