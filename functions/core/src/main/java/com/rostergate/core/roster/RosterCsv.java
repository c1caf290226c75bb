package com.rostergate.core.roster;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a text roster record by record: its encoding ({@link RosterText}) and its delimiter (comma,
 * semicolon, tab or pipe, judged from the header line) found without configuration; quoted fields
 * with delimiters, doubled quotes and line breaks; CRLF, LF or CR; values trimmed. Each record comes
 * with the physical line it starts on, which is what a person looking at the file sees.
 *
 * <p>Memory is bounded by {@link #MAX_RECORD_CHARS}. A record that grows past it is rejected as a row
 * before it costs more: a line that long is skipped to its end; a quoted field still open past it (a
 * missing closing quote, which would swallow the rest of the file) rejects the line it opened on, and
 * reading starts again on the next line, so the rows after it are still read.
 */
public final class RosterCsv implements RosterReader {

    /** Far above any roster row (a stored row is at most {@link RowRules#MAX_ROW_BYTES}), far below the heap. */
    public static final int MAX_RECORD_CHARS = 64 * 1024;

    static final int MAX_FIELDS = 4096;
    private static final int BUFFER_CHARS = 16 * 1024;

    private final Reader in;
    private final String encoding;
    private final Delimiter delimiter;
    private char[] buffer = new char[BUFFER_CHARS];
    private int position;
    private int end;
    private boolean eof;
    /** The physical line the next character is on. */
    private long line = 1;
    /** The raw characters of a record after its first line break, kept to read them again after a runaway quote. */
    private StringBuilder rereadable;

    private final StringBuilder field = new StringBuilder();

    private RosterCsv(RosterText.Opened text) throws IOException, BadRosterFileException {
        this.in = text.reader();
        this.encoding = text.encoding();
        this.delimiter = detectDelimiter();
    }

    /** Opens {@code in} (closed with this reader), detecting its encoding and delimiter. */
    public static RosterCsv open(InputStream in) throws IOException, BadRosterFileException {
        try {
            return new RosterCsv(RosterText.open(in));
        } catch (BadRosterFileException | IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    @Override
    public RosterFormat format() {
        return RosterFormat.text(encoding, delimiter);
    }

    @Override
    public Record next() throws IOException, BadRosterFileException {
        while (true) {
            Record record = readRecord();
            if (record == null || record.rejection() != null || !RowRules.isBlank(record.fields())) {
                return record;
            }
        }
    }

    /**
     * The delimiter that splits the first non-blank line into the most fields with a phone column among
     * them, else into the most fields; comma when none splits it. The characters read stay to be read again.
     */
    private Delimiter detectDelimiter() throws IOException, BadRosterFileException {
        StringBuilder start = new StringBuilder();
        String header = "";
        while (header.isBlank() && start.length() <= MAX_RECORD_CHARS && fill()) {
            int lineStart = start.length();
            int c;
            while ((c = read()) >= 0 && c != '\n' && c != '\r' && start.length() <= MAX_RECORD_CHARS) {
                start.append((char) c);
            }
            header = start.substring(lineStart);
            if (c >= 0) {
                start.append((char) c);
            }
        }
        unread(start);
        Delimiter best = Delimiter.COMMA;
        int bestScore = 0;
        for (Delimiter candidate : Delimiter.values()) {
            String[] fields = splitLine(header, candidate.character());
            int score = fields.length + (RosterHeader.of(fields).has(RosterColumn.PHONE) ? MAX_RECORD_CHARS : 0);
            if (fields.length > 1 && score > bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
    }

    /** The fields of one line on its own, quotes respected (enough to judge a delimiter). */
    private static String[] splitLine(String text, char delimiter) {
        List<String> fields = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inQuotes = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' && (inQuotes || current.toString().isBlank())) {
                inQuotes = !inQuotes;
            } else if (c == delimiter && !inQuotes) {
                fields.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        fields.add(current.toString().strip());
        return fields.toArray(String[]::new);
    }

    /** One record, blank or not; null at the end of the file. */
    private Record readRecord() throws IOException, BadRosterFileException {
        if (!fill()) {
            return null;
        }
        long start = line;
        List<String> fields = new ArrayList<>();
        field.setLength(0);
        rereadable = null;
        boolean quoted = false;
        boolean inQuotes = false;
        int chars = 0;
        while (true) {
            int c = read();
            if (c < 0) {
                if (inQuotes && rereadable != null) {
                    return runaway(start);
                }
                break;
            }
            if (++chars > MAX_RECORD_CHARS) {
                return inQuotes && rereadable != null ? runaway(start) : skipLongLine(start, c);
            }
            if (inQuotes) {
                if (c == '"' && peek() == '"') {
                    read();
                    field.append('"');
                } else if (c == '"') {
                    inQuotes = false;
                } else if (c == '\r' || c == '\n') {
                    endOfLine(c);
                    field.append('\n');
                    if (rereadable == null) {
                        rereadable = new StringBuilder();
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == delimiter.character()) {
                fields.add(finishField());
                quoted = false;
            } else if (c == '\r' || c == '\n') {
                endOfLine(c);
                break;
            } else if (c == '"' && !quoted && field.toString().isBlank()) {
                quoted = true;
                inQuotes = true;
                field.setLength(0);
            } else {
                field.append((char) c);
            }
        }
        fields.add(finishField());
        rereadable = null;
        if (fields.size() > MAX_FIELDS) {
            return Record.unreadable(start, "the row has more than " + MAX_FIELDS + " fields");
        }
        return Record.of(start, fields.toArray(String[]::new));
    }

    private String finishField() {
        String value = field.toString().strip();
        field.setLength(0);
        return value;
    }

    /**
     * A quoted field opened on line {@code start} is still open: that line is rejected, reading resumes on the next
     * one.
     */
    private Record runaway(long start) {
        StringBuilder after = rereadable;
        rereadable = null;
        unread(after);
        line = start + 1;
        return Record.unreadable(
                start,
                "a quoted field opened on this line is not closed within " + MAX_RECORD_CHARS
                        + " characters (a missing closing quote?); the lines after it are read as rows");
    }

    /** Skips the rest of an overlong line without keeping it. */
    private Record skipLongLine(long start, int c) throws IOException, BadRosterFileException {
        while (c >= 0 && c != '\r' && c != '\n') {
            c = read();
        }
        if (c >= 0) {
            endOfLine(c);
        }
        rereadable = null;
        return Record.unreadable(start, "the line is longer than " + MAX_RECORD_CHARS + " characters");
    }

    /** After a CR or LF: a CRLF pair is one line break. */
    private void endOfLine(int c) throws IOException, BadRosterFileException {
        if (c == '\r' && peek() == '\n') {
            read();
        }
        line++;
    }

    private int read() throws IOException, BadRosterFileException {
        if (position == end && !fill()) {
            return -1;
        }
        char c = buffer[position++];
        if (rereadable != null) {
            rereadable.append(c);
        }
        return c;
    }

    private int peek() throws IOException, BadRosterFileException {
        return position == end && !fill() ? -1 : buffer[position];
    }

    /** Puts {@code text} before the characters not read yet. */
    private void unread(CharSequence text) {
        int left = end - position;
        char[] joined = new char[Math.max(BUFFER_CHARS, text.length() + left)];
        text.toString().getChars(0, text.length(), joined, 0);
        System.arraycopy(buffer, position, joined, text.length(), left);
        buffer = joined;
        position = 0;
        end = text.length() + left;
    }

    /** True when there is a character to read. */
    private boolean fill() throws IOException, BadRosterFileException {
        if (position < end) {
            return true;
        }
        if (eof) {
            return false;
        }
        if (buffer.length > BUFFER_CHARS) {
            buffer = new char[BUFFER_CHARS];
        }
        int n;
        try {
            n = in.read(buffer, 0, buffer.length);
        } catch (CharacterCodingException e) {
            throw new BadRosterFileException("line " + line + ": bytes that are not valid " + encoding + " text");
        }
        position = 0;
        end = Math.max(n, 0);
        eof = n < 0;
        return n > 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
