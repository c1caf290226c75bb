package com.rostergate.core.roster;

/**
 * How a roster file was read, as the ledger and summary.json show it: the text encoding and the field
 * delimiter of a text file, or {@code XLSX} and the sheet of a workbook (the other part is null).
 */
public record RosterFormat(String encoding, String delimiter, String sheet) {

    public static final String XLSX = "XLSX";

    static RosterFormat text(String encoding, Delimiter delimiter) {
        return new RosterFormat(encoding, delimiter.label(), null);
    }

    static RosterFormat workbook(String sheet) {
        return new RosterFormat(XLSX, null, sheet);
    }

    /** For messages: {@code UTF-16LE BOM, tab-separated} or {@code XLSX, sheet 'Staff'}. */
    public String describe() {
        return sheet == null ? encoding + ", " + delimiter + "-separated" : encoding + ", sheet '" + sheet + "'";
    }
}
