package com.rostergate.core.roster;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;

/**
 * Reads a roster file record by record with univocity-parsers: quoted fields with commas, quotes
 * and line breaks, CRLF or LF, blank lines skipped, values trimmed. Each record comes with the
 * physical line it starts on, which is what a person looking at the file sees. A line longer than
 * {@link #MAX_LINE_CHARS} fails the file: that is not a roster (often an unclosed quote).
 */
public final class RosterCsv implements AutoCloseable {

    public static final int MAX_LINE_CHARS = 1 << 20;
    static final int MAX_FIELDS = 4096;

    private final CsvParser parser;
    private final String encoding;
    private long lastLine;
    private long lastChar;

    /** One record: the line it starts on and its fields (never null, possibly empty strings). */
    public record Record(long line, String[] fields) {
    }

    private RosterCsv(RosterText.Opened text) {
        CsvParserSettings settings = new CsvParserSettings();
        settings.setLineSeparatorDetectionEnabled(true);
        settings.setSkipEmptyLines(false); // every line is a record, so line numbers stay exact
        settings.setMaxCharsPerColumn(MAX_LINE_CHARS);
        settings.setMaxColumns(MAX_FIELDS);
        settings.setNullValue("");
        settings.setEmptyValue("");
        settings.setReadInputOnSeparateThread(false);
        settings.setIgnoreLeadingWhitespacesInQuotes(true);
        settings.setIgnoreTrailingWhitespacesInQuotes(true);
        this.parser = new CsvParser(settings);
        this.encoding = text.encoding();
        parser.beginParsing(text.reader());
    }

    /** Opens {@code in} (closed with this reader), detecting its encoding. */
    public static RosterCsv open(InputStream in) throws IOException, BadRosterFileException {
        try {
            return new RosterCsv(RosterText.open(in));
        } catch (BadRosterFileException | IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    public String encoding() {
        return encoding;
    }

    /** The next record that is not blank, or null at the end of the file. */
    public Record next() throws BadRosterFileException {
        while (true) {
            String[] fields = parseNext();
            if (fields == null) {
                return null;
            }
            long start = lastLine + 1;
            long end = parser.getContext().currentLine();
            long endChar = parser.getContext().currentChar();
            if (endChar - lastChar > MAX_LINE_CHARS) {
                throw new BadRosterFileException("line " + start + " is longer than " + MAX_LINE_CHARS + " characters: not a roster row");
            }
            lastLine = end;
            lastChar = endChar;
            if (!RowRules.isBlank(fields)) {
                return new Record(start, fields);
            }
        }
    }

    private String[] parseNext() throws BadRosterFileException {
        try {
            return parser.parseNext();
        } catch (TextParsingException e) {
            throw describe(e);
        }
    }

    /** A transient read error (the S3 stream broke) is rethrown as such; anything else is the file's fault. */
    private BadRosterFileException describe(TextParsingException e) {
        Throwable cause = e.getCause();
        String where = "line " + (e.getLineIndex() + 1) + ": ";
        if (cause instanceof CharacterCodingException) {
            return new BadRosterFileException(where + "bytes that are not valid " + encoding + " text");
        }
        if (cause instanceof IOException io) {
            throw new UncheckedIOException(io);
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("maximum number of characters")) {
            return new BadRosterFileException(where + "a field is longer than " + MAX_LINE_CHARS + " characters (an unclosed quote?)");
        }
        if (cause instanceof ArrayIndexOutOfBoundsException) {
            return new BadRosterFileException(where + "more than " + MAX_FIELDS + " fields");
        }
        return new BadRosterFileException(where + "unreadable CSV (" + message.lines().findFirst().orElse("") + ")");
    }

    @Override
    public void close() {
        parser.stopParsing();
    }
}
