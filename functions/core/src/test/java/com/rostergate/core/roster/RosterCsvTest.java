package com.rostergate.core.roster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RosterCsvTest {

    @ParameterizedTest
    @ValueSource(strings = {"\r\n", "\n"})
    void quotedFieldsKeepCommasQuotesAndLineBreaksAndLineNumbersStayExact(String newline) throws Exception {
        String text = String.join(newline,
            "name,phone,memo",
            "",
            "  김민준 , 010-2222-3333 ,\"팀장, 개발\"",
            "\"이\"\"서연\",010-3333-4444,\"two" + newline + "lines\"",
            "   ",
            ",,",
            "박지훈,010-4444-5555,last") + newline;
        List<RosterCsv.Record> records = readAll(text);
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
        List<RosterCsv.Record> records = readAll("phone\n010-2222-3333");
        assertEquals(2, records.size());
        assertEquals("010-2222-3333", records.get(1).fields()[0]);
    }

    @Test
    void aLineLongerThanOneMegabyteFailsTheFile() {
        String longField = "x".repeat(RosterCsv.MAX_LINE_CHARS + 10);
        String message = failure("phone,memo\n010-2222-3333," + longField + "\n");
        assertTrue(message.startsWith("line 2: "), message);
        assertTrue(message.contains("longer than"), message);
    }

    @Test
    void aLineOfManyShortFieldsOverOneMegabyteFailsTheFile() {
        String manyFields = ("0123456789".repeat(30) + ",").repeat(RosterCsv.MAX_FIELDS - 1);
        String message = failure("phone\n010-2222-3333\n" + manyFields + "\n");
        assertTrue(message.contains("line 3"), message);
    }

    @Test
    void tooManyFieldsFailTheFile() {
        String message = failure("phone\n" + ",x".repeat(RosterCsv.MAX_FIELDS + 1) + "\n");
        assertTrue(message.contains("more than " + RosterCsv.MAX_FIELDS + " fields"), message);
    }

    @Test
    void anUnclosedQuoteRunsIntoTheLimitAndSaysSo() {
        String message = failure("phone,name\n010-2222-3333,\"김민준\n" + "010-1111-2222,x\n".repeat(70_000));
        assertTrue(message.contains("unclosed quote"), message);
    }

    private static void assertRecord(RosterCsv.Record record, long line, String... fields) {
        assertEquals(line, record.line());
        assertArrayEquals(fields, record.fields());
    }

    private static String failure(String text) {
        return assertThrows(BadRosterFileException.class, () -> readAll(text)).getMessage();
    }

    private static List<RosterCsv.Record> readAll(String text) throws Exception {
        List<RosterCsv.Record> records = new ArrayList<>();
        try (RosterCsv csv = RosterCsv.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
            for (RosterCsv.Record record = csv.next(); record != null; record = csv.next()) {
                records.add(record);
            }
            assertNull(csv.next());
        }
        return records;
    }
}
