package com.rostergate.core.roster;

/** The field delimiters a text roster may use, in order of preference when several read the header line alike. */
public enum Delimiter {
    COMMA(',', "comma"),
    SEMICOLON(';', "semicolon"),
    TAB('\t', "tab"),
    PIPE('|', "pipe");

    private final char character;
    private final String label;

    Delimiter(char character, String label) {
        this.character = character;
        this.label = label;
    }

    public char character() {
        return character;
    }

    /** As reports show it. */
    public String label() {
        return label;
    }
}
