package com.rostergate.core.roster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RosterCsvTest {

    @ParameterizedTest
    @ValueSource(strings = {"\r\n", "\n"})
    void quotedFieldsKeepCommasQuotesAndLineBreaksAndLineNumbersStayExact(String newline) throws Exception {
        String text = String.join(
                        newline,
                        "name,phone,memo",
                        "",
                        "  김민준 , 010-2222-3333 ,\"팀장, 개발\"",
                        "\"이\"\"서연\",010-3333-4444,\"two" + newline + "lines\"",
                        "   ",
                        ",,",
                        "박지훈,010-4444-5555,last")
                + newline;
        List<RosterReader.Record> records = readAll(text);
        assertEquals(4, records.size());
        assertEquals(1, records.get(0).line());
        assertRecord(records.get(1), 3, "김민준", "010-2222-3333", "팀장, 개발");
        assertEquals(4, records.get(2).line());
        assertEquals("이\"서연", records.get(2).fields()[0]);
        assertEquals("two\nlines", records.get(2).fields()[2], "a line break inside quotes is kept (as \\n)");
        assertRecord(records.get(3), 8, "박지훈", "010-4444-5555", "last");
    }

    @Test
    void aLastLineWithoutANewlineIsRead() throws Exception {
        List<RosterReader.Record> records = readAll("phone\n010-2222-3333");
        assertEquals(2, records.size());
        assertEquals("010-2222-3333", records.get(1).fields()[0]);
    }

    @Test
    void anOverlongLineIsRejectedAsARowAndTheNextLinesAreRead() throws Exception {
        String longField = "x".repeat(RosterCsv.MAX_RECORD_CHARS + 10);
        List<RosterReader.Record> records = readAll("phone,memo\n010-2222-3333," + longField + "\n010-3333-4444,ok\n");
        assertEquals(3, records.size());
        assertEquals(2, records.get(1).line());
        assertEquals(0, records.get(1).fields().length, "nothing of it is kept");
        assertTrue(
                records.get(1).rejection().contains("longer than " + RosterCsv.MAX_RECORD_CHARS),
                records.get(1).rejection());
        assertRecord(records.get(2), 3, "010-3333-4444", "ok");
    }

    @Test
    void tooManyFieldsRejectTheRow() throws Exception {
        List<RosterReader.Record> records =
                readAll("phone\n" + ",x".repeat(RosterCsv.MAX_FIELDS + 1) + "\n010-2222-3333\n");
        assertTrue(
                records.get(1).rejection().contains("more than " + RosterCsv.MAX_FIELDS + " fields"),
                records.get(1).rejection());
        assertRecord(records.get(2), 3, "010-2222-3333");
    }

    @Test
    void aMissingClosingQuoteRejectsItsLineAndTheRowsAfterItAreStillRead() throws Exception {
        int rows = 70_000;
        String text = "phone,name\n010-2222-3333,\"김민준\n" + "010-1111-2222,x\n".repeat(rows);
        List<RosterReader.Record> records = readAll(text);
        assertEquals(rows + 2, records.size(), "the header, the runaway line and every row after it");
        RosterReader.Record runaway = records.get(1);
        assertEquals(2, runaway.line());
        assertTrue(runaway.rejection().contains("not closed within"), runaway.rejection());
        assertRecord(records.get(2), 3, "010-1111-2222", "x");
        assertRecord(records.get(rows + 1), rows + 2, "010-1111-2222", "x");
    }

    @Test
    void aQuoteLeftOpenAtTheEndOfTheFileRejectsOnlyItsLine() throws Exception {
        List<RosterReader.Record> records = readAll("phone,name\n010-2222-3333,\"김민준\n010-3333-4444,이서연\n");
        assertEquals(3, records.size());
        assertEquals(2, records.get(1).line());
        assertTrue(records.get(1).rejection().contains("not closed"));
        assertRecord(records.get(2), 3, "010-3333-4444", "이서연");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"';'|semicolon", "'\t'|tab", "'|'|pipe", "','|comma"})
    void theDelimiterIsTheOneThatFindsAPhoneColumnInTheHeader(char delimiter, String label) throws Exception {
        String d = String.valueOf(delimiter);
        String text = String.join(d, "사번", "이름", "휴대폰", "메모") + "\r\n"
                + String.join(d, "E1", "김민준", "010-2222-3333", "\"a, b; c| d\"") + "\r\n";
        try (RosterCsv csv = RosterCsv.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
            assertEquals(label, csv.format().delimiter());
            assertArrayEquals(new String[] {"사번", "이름", "휴대폰", "메모"}, csv.next().fields());
            assertArrayEquals(
                    new String[] {"E1", "김민준", "010-2222-3333", "a, b; c| d"},
                    csv.next().fields());
        }
    }

    @Test
    void aCommaInsideAQuotedHeaderDoesNotOutvoteTheSemicolons() throws Exception {
        try (RosterCsv csv = open("\"name, full\";phone;dept\n김민준;010-2222-3333;개발\n", StandardCharsets.UTF_8)) {
            assertEquals("semicolon", csv.format().delimiter());
        }
    }

    @Test
    void excelsUnicodeTextExportIsUtf16LittleEndianWithTabs() throws Exception {
        String text = "\uFEFF사번\t이름\t휴대폰\r\nE1\t김민준\t010-2222-3333\r\n";
        try (RosterCsv csv = open(text, StandardCharsets.UTF_16LE)) {
            assertEquals(new RosterFormat("UTF-16LE BOM", "tab", null), csv.format());
            assertArrayEquals(new String[] {"사번", "이름", "휴대폰"}, csv.next().fields());
            assertRecord(csv.next(), 2, "E1", "김민준", "010-2222-3333");
        }
        try (RosterCsv csv = open(text, StandardCharsets.UTF_16BE)) {
            assertEquals(new RosterFormat("UTF-16BE BOM", "tab", null), csv.format());
        }
    }

    @Test
    void emptyTabSeparatedFieldsStayInTheirColumns() throws Exception {
        List<RosterReader.Record> records = readAll("a\tphone\tc\n\t010-2222-3333\t\n");
        assertRecord(records.get(1), 2, "", "010-2222-3333", "");
    }

    private static RosterCsv open(String text, java.nio.charset.Charset charset) throws Exception {
        return RosterCsv.open(new ByteArrayInputStream(text.getBytes(charset)));
    }

    private static void assertRecord(RosterReader.Record record, long line, String... fields) {
        assertEquals(line, record.line());
        assertArrayEquals(fields, record.fields());
    }

    private static List<RosterReader.Record> readAll(String text) throws Exception {
        List<RosterReader.Record> records = new ArrayList<>();
        try (RosterCsv csv = RosterCsv.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
            for (RosterReader.Record record = csv.next(); record != null; record = csv.next()) {
                records.add(record);
            }
            assertNull(csv.next());
        }
        return records;
    }
}
