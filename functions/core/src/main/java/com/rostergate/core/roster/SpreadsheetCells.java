package com.rostergate.core.roster;

/**
 * Makes a cell of a CSV report safe to open in a spreadsheet: a cell that starts with {@code =}, {@code +},
 * {@code -}, {@code @}, a tab or a carriage return would be read by Excel as a formula (a rejected row's
 * name {@code =HYPERLINK(...)}, a phone written {@code +82 10-...}), so it gets a leading apostrophe, which
 * spreadsheets show and treat as "this is text". Every CSV the product writes passes its cells through here.
 */
public final class SpreadsheetCells {

    private SpreadsheetCells() {}

    public static String neutralise(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        return "=+-@\t\r".indexOf(first) >= 0 ? "'" + cell : cell;
    }
}
