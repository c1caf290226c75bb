package com.rostergate.core.roster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rostergate.core.phone.PhoneNormaliser;
import com.rostergate.core.roster.WorkbookGenerator.Cell;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class RosterXlsxTest {

    private final RosterSplitter splitter = new RosterSplitter(new PhoneNormaliser());

    @Test
    void textNumericAndFormulaCellsBecomeFieldsAndANumericPhoneIsNormalisedLikeText() throws Exception {
        InMemoryRoster.Recorded sink = new InMemoryRoster.Recorded();
        SplitResult result = splitter.split(workbook(null, staffSheet()), sink);

        assertEquals(new SplitResult(new RosterFormat("XLSX", null, "직원명단"), 4, 3, 1, 0, 0, 1), result);
        assertEquals(List.of("사번", "이름", "휴대폰", "이메일"), sink.header);
        List<RosterRow> rows = sink.rows();
        assertEquals("+821022223333", rows.get(0).phone(), "text");
        assertEquals("+821033334444", rows.get(1).phone(), "a number Excel dropped the leading zero of");
        assertEquals("12345", rows.get(1).attributes().get("employee_id"), "a whole number without a fraction");
        assertEquals("seoyeon.lee@example.com", rows.get(1).attributes().get("email"), "a formula's cached value");
        assertEquals(5, rows.get(2).line(), "the sheet's row number: row 4 is empty");
        assertEquals(Map.of("name", "박지훈"), rows.get(2).attributes(), "cells Excel left out are empty fields");
        assertEquals("invalid phone number", sink.rejectAt(6).reason());
        assertEquals(List.of("E4", "최수아", "1012", ""), sink.rejectAt(6).fields());
    }

    @Test
    void theSheetNamedInTheUploadIsReadAndAMissingOneFailsNamingTheSheets() throws Exception {
        Map<String, Iterable<List<Cell>>> sheets = new LinkedHashMap<>();
        sheets.put("안내", List.of(List.of(Cell.text("이 파일은 직원 명단입니다"))));
        sheets.putAll(staffSheet());
        InMemoryRoster.Recorded sink = new InMemoryRoster.Recorded();
        assertEquals(3, splitter.split(workbook("직원명단", sheets), sink).rowsValid());

        String first = assertThrows(
                        BadRosterFileException.class,
                        () -> splitter.split(workbook(null, sheets), new InMemoryRoster.Recorded()))
                .getMessage();
        assertTrue(first.startsWith("no phone column in line 1 (the header, read as XLSX, sheet '안내')"), first);
        String missing = assertThrows(
                        BadRosterFileException.class,
                        () -> splitter.split(workbook("Staff", sheets), new InMemoryRoster.Recorded()))
                .getMessage();
        assertEquals("the workbook has no sheet named 'Staff' (its sheets: 안내, 직원명단)", missing);
    }

    @Test
    void aLegacyOrEncryptedWorkbookAndAZipThatIsNoWorkbookFailWithAReason() throws Exception {
        byte[] ole2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
        assertTrue(failure(new InMemoryRoster(ole2)).contains(".xls"));
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("photo.jpg"));
            out.write(new byte[100]);
        }
        assertEquals(
                "the file is a ZIP archive but not a readable Excel workbook (.xlsx)",
                failure(new InMemoryRoster(zip.toByteArray())));
    }

    @Test
    void aDamagedSheetFailsTheFileWithTheRowItStoppedAt() throws Exception {
        List<List<Cell>> rows = List.of(List.of(Cell.text("휴대폰")), List.of(new Cell("s", "x", null)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WorkbookGenerator.write(out, Map.of("Sheet1", rows));
        byte[] damaged = replace(out.toByteArray(), "<v>1</v>", "<v>?</v>");
        assertEquals("row 2: the sheet cannot be read (a damaged workbook?)", failure(new InMemoryRoster(damaged)));
    }

    /** The workbook with the sheet's XML edited (entries rewritten stored, so the text is found). */
    private static byte[] replace(byte[] workbook, String from, String to) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(workbook));
                var zip = new ZipOutputStream(out)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                zip.putNextEntry(new ZipEntry(entry.getName()));
                zip.write((entry.getName().contains("worksheets") ? text.replace(from, to) : text)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    @Test
    void theTemporaryFilesAreGoneAfterTheSplit() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> before = rosterTempFiles(tmp);
        splitter.split(workbook(null, staffSheet()), new InMemoryRoster.Recorded());
        assertEquals(before, rosterTempFiles(tmp));
    }

    @Test
    void sharedStringsKeepRunsDropPhoneticGuidesAndUndoExcelsEscapes() {
        assertEquals("a\rb_x", SharedStringFile.unescape("a_x000D_b_x"));
        assertEquals(27, RosterXlsx.columnOf("AB7"));
        assertEquals("1012345678", RosterXlsx.plainNumber("1.012345678E9"));
        assertEquals("1012345678", RosterXlsx.plainNumber("1012345678.0"));
        assertEquals("2.5", RosterXlsx.plainNumber("2.5"));
    }

    private static List<Path> rosterTempFiles(Path tmp) throws IOException {
        try (var files = Files.list(tmp)) {
            return files.filter(file -> file.getFileName().toString().startsWith("roster-"))
                    .sorted()
                    .toList();
        }
    }

    private String failure(InMemoryRoster source) {
        return assertThrows(BadRosterFileException.class, () -> splitter.split(source, new InMemoryRoster.Recorded()))
                .getMessage();
    }

    private static Map<String, Iterable<List<Cell>>> staffSheet() {
        List<List<Cell>> rows = new ArrayList<>();
        rows.add(texts("사번", "이름", "휴대폰", "이메일"));
        rows.add(texts("E1", "김민준", "010-2222-3333", "minjun.kim@example.com"));
        rows.add(Arrays.asList(
                Cell.number("12345"),
                Cell.text("이서연"),
                Cell.number("1033334444"),
                Cell.formula("LOWER(\"Seoyeon.Lee@example.com\")", "seoyeon.lee@example.com")));
        rows.add(texts());
        rows.add(Arrays.asList(null, Cell.text("박지훈"), Cell.text("010-4444-5555")));
        rows.add(texts("E4", "최수아", "1012"));
        return Map.of("직원명단", rows);
    }

    private static List<Cell> texts(String... values) {
        return Arrays.stream(values).map(Cell::text).toList();
    }

    private static InMemoryRoster workbook(String sheet, Map<String, Iterable<List<Cell>>> sheets) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WorkbookGenerator.write(out, sheets);
        return new InMemoryRoster(out.toByteArray(), sheet);
    }
}
