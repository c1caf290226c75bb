package com.rostergate.core.roster;

import java.io.IOException;
import java.util.List;

/** Where the second pass of {@link RosterSplitter} sends its results, in file order. */
public interface SplitSink {

    /** Pass 1 found the file readable: called once, before anything is sent. */
    void validated() throws IOException;

    /** The header as written, at the start of pass 2 (the rejects report repeats it). */
    void header(List<String> columns) throws IOException;

    void batch(RosterBatch batch) throws IOException;

    /** A row that will not be written, with its original fields and why. */
    void rejected(long line, String[] fields, String reason) throws IOException;
}
