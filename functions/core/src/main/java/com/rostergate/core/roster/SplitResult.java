package com.rostergate.core.roster;

/**
 * What a split found. {@code rowsRead} = {@code rowsValid} + {@code rowsRejected} + {@code rowsDuplicate};
 * {@code rowsValid} counts the rows sent in batches, {@code deletesRequested} of them remove an employee.
 */
public record SplitResult(
        RosterFormat format,
        long rowsRead,
        long rowsValid,
        long rowsRejected,
        long rowsDuplicate,
        long deletesRequested,
        int batches) {

    public String encoding() {
        return format.encoding();
    }
}
