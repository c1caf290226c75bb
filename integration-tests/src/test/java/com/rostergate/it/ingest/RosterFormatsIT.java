package com.rostergate.it.ingest;

import static com.rostergate.it.ingest.IngestStack.assertSettledAndReconciled;
import static com.rostergate.it.ingest.IngestStack.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.roster.WorkbookGenerator;
import com.rostergate.core.roster.WorkbookGenerator.Cell;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Rosters as HR really sends them, each through the real pipeline on the local stack with counts that
 * reconcile: an Excel workbook (numbers, formulas, dates, a sheet chosen by metadata), Excel's "Unicode
 * text" (UTF-16LE, tabs), other delimiters; reports that open safely in a spreadsheet; a runaway quote and
 * a character SQS refuses costing one row each; and no roster content in what the import tells anyone else.
 */
class RosterFormatsIT {

    private static final List<String[]> LINES = Collections.synchronizedList(new ArrayList<>());

    @RegisterExtension
    static final IngestStack stack = IngestStack.with(
            builder -> builder.functionLogs((function, line) -> LINES.add(new String[] {function, line})));

    @Test
    void theWorkbookSampleBecomesTheRosterWithNumbersFormulasAndDatesAsExcelShowsThem() throws Exception {
        stack.resetTo(Roster.cp949Sample());
        ImportRecord record = stack.upload("rosters/delta/employees.xlsx", IngestStack.sample("employees.xlsx"));

        assertStatus(ImportStatus.COMPLETE, record);
        assertSettledAndReconciled(record);
        assertEquals("XLSX", record.encoding());
        assertEquals("직원명단", record.sheet());
        assertNull(record.delimiter());
        assertEquals(12, record.rowsRead());
        assertEquals(11, record.rowsWritten());
        assertEquals(1, record.rowsRejected());
        Map<String, Map<String, AttributeValue>> table = stack.employees();
        assertEquals(41, table.size());
        Map<String, AttributeValue> numeric = table.get("+821062000002");
        assertEquals("윤서아", numeric.get("name").s(), "a phone typed into a number cell");
        assertEquals("1002", numeric.get("employee_id").s());
        assertEquals(
                Map.of("입사일", AttributeValue.fromS("2024-03-02")),
                numeric.get("extra").m());
        assertEquals(
                "doyun.jang@example.com",
                table.get("+821062000003").get("email").s(),
                "a formula's cached value");

        JsonNode summary = stack.summary(record);
        assertEquals("직원명단", summary.get("sheet").asText());
        List<String[]> rejects = stack.rejects(record);
        assertEquals(
                List.of("14", "invalid phone number"),
                List.of(rejects.get(1)[0], rejects.get(1)[1]),
                "the sheet's row number");
    }

    @Test
    void theSheetNamedInTheUploadsMetadataIsReadAndOtherwiseTheFirst() throws Exception {
        stack.resetTo(Roster.cp949Sample());
        Map<String, Iterable<List<Cell>>> sheets = new LinkedHashMap<>();
        sheets.put("안내", List.of(List.of(Cell.text("직원 명단은 다음 시트에 있습니다"))));
        sheets.put(
                "직원명단",
                List.of(
                        List.of(Cell.text("이름"), Cell.text("휴대폰")),
                        List.of(Cell.text("신입"), Cell.number("1062009999"))));
        byte[] workbook = workbook(sheets);

        ImportRecord first = stack.upload("rosters/delta/two-sheets.xlsx", workbook);
        assertStatus(ImportStatus.FAILED, first);
        assertTrue(
                first.error().startsWith("no phone column in line 1 (the header, read as XLSX, sheet '안내')"),
                first.error());

        String encoded = URLEncoder.encode("직원명단", StandardCharsets.UTF_8);
        ImportRecord named = stack.upload("rosters/delta/two-sheets-named.xlsx", workbook, Map.of("sheet", encoded));
        assertStatus(ImportStatus.COMPLETE, named);
        assertSettledAndReconciled(named);
        assertEquals("직원명단", named.sheet());
        assertEquals("신입", stack.employees().get("+821062009999").get("name").s());

        ImportRecord missing =
                stack.upload("rosters/delta/two-sheets-missing.xlsx", workbook, Map.of("sheet", "Staff"));
        assertStatus(ImportStatus.FAILED, missing);
        assertEquals("the workbook has no sheet named 'Staff' (its sheets: 안내, 직원명단)", missing.error());
    }

    @Test
    void excelsUnicodeTextExportIsReadAsUtf16WithTabs() throws Exception {
        stack.resetTo(Roster.cp949Sample());
        ImportRecord record =
                stack.upload("rosters/delta/employees-unicode.txt", IngestStack.sample("employees-unicode.txt"));

        assertStatus(ImportStatus.COMPLETE, record);
        assertSettledAndReconciled(record);
        assertEquals("UTF-16LE BOM", record.encoding());
        assertEquals("tab", record.delimiter());
        assertEquals(10, record.rowsWritten());
        assertEquals(
                "기획팀, 전략파트; 본사",
                stack.employees().get("+821063000005").get("department").s());
        assertEquals("tab", stack.summary(record).get("delimiter").asText());
    }

    @Test
    void semicolonAndPipeSeparatedExportsAreReadByTheirDelimiter() throws Exception {
        stack.resetTo(Roster.cp949Sample());
        for (String delimiter : List.of(";", "|")) {
            String file = String.join(delimiter, "사번", "이름", "휴대폰", "부서") + "\r\n"
                    + String.join(delimiter, "S1", "구민서", "010-6400-0001", "개발팀, 플랫폼") + "\r\n";
            ImportRecord record = stack.upload(
                    "rosters/delta/delimited-" + (delimiter.equals(";") ? "semicolon" : "pipe") + ".csv",
                    file.getBytes(StandardCharsets.UTF_8));
            assertStatus(ImportStatus.COMPLETE, record);
            assertSettledAndReconciled(record);
            assertEquals(delimiter.equals(";") ? "semicolon" : "pipe", record.delimiter());
            assertEquals(1, record.rowsWritten());
        }
        assertEquals(
                "개발팀, 플랫폼",
                stack.employees().get("+821064000001").get("department").s());
    }

    @Test
    void everyCellOfTheRejectsReportThatASpreadsheetWouldRunAsAFormulaReadsBackAsText() throws Exception {
        stack.resetTo(Roster.cp949Sample());
        String file = String.join(
                "\r\n",
                "이름,휴대폰,=cmd|' /C calc'!A0,@메모",
                "\"=HYPERLINK(\"\"http://example.com/x\"\",\"\"click\"\")\",010-1234,a,b",
                "김민준,+82 10-12,-1+1,@SUM(A1)",
                "\"\t=1+1\",,x,y",
                "이서연,010-3333-4444,ok,fine",
                "");
        ImportRecord record = stack.upload("rosters/delta/formulas.csv", file.getBytes(StandardCharsets.UTF_8));

        assertStatus(ImportStatus.COMPLETE, record);
        assertSettledAndReconciled(record);
        assertEquals(3, record.rowsRejected());
        List<String[]> cells = stack.rejects(record);
        assertEquals(List.of("line", "reason", "이름", "휴대폰", "'=cmd|' /C calc'!A0", "'@메모"), List.of(cells.get(0)));
        assertEquals("'=HYPERLINK(\"http://example.com/x\",\"click\")", cells.get(1)[2]);
        assertEquals(
                List.of("'+82 10-12", "'-1+1", "'@SUM(A1)"),
                List.of(cells.get(2)[3], cells.get(2)[4], cells.get(2)[5]));
        for (String[] row : cells) {
            for (String cell : row) {
                assertFalse(
                        !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0,
                        "a cell a spreadsheet would run: " + cell);
            }
        }
        assertEquals(
                "ok",
                stack.employees()
                        .get("+821033334444")
                        .get("extra")
                        .m()
                        .get("=cmd|' /C calc'!A0")
                        .s(),
                "the table keeps the values as written");
    }

    @Test
    void aRunawayQuoteAndACharacterSqsRefusesCostOneRowEachAndTheRestIsWritten() throws Exception {
        stack.resetTo(Roster.cp949Sample());
        StringBuilder file = new StringBuilder("이름,휴대폰,메모\r\n");
        file.append("\"따옴표,010-6500-0001,the quote is never closed\r\n");
        file.append("문자,010-6500-0002,holds \uFFFF\r\n");
        for (int i = 3; i <= 80; i++) {
            file.append("직원")
                    .append(i)
                    .append(",010-6500-")
                    .append(String.format("%04d", i))
                    .append(",ok\r\n");
        }
        ImportRecord record =
                stack.upload("rosters/delta/runaway.csv", file.toString().getBytes(StandardCharsets.UTF_8));

        assertStatus(ImportStatus.COMPLETE, record);
        assertSettledAndReconciled(record);
        assertEquals(80, record.rowsRead());
        assertEquals(2, record.rowsRejected());
        assertEquals(78, record.rowsWritten());
        List<String[]> rejects = stack.rejects(record);
        assertEquals("2", rejects.get(1)[0]);
        assertTrue(rejects.get(1)[1].contains("not closed within"), rejects.get(1)[1]);
        assertEquals("3", rejects.get(2)[0]);
        assertTrue(rejects.get(2)[1].startsWith("the 메모 value holds U+FFFF"), rejects.get(2)[1]);
        assertEquals(108, stack.employees().size());
    }

    @Test
    void aHeaderlessFileFailsWithoutItsFirstRowInTheLedgerTheSummaryTheEventOrTheLogs() throws Exception {
        LINES.clear();
        String first = "E77,홍길순,010-6600-0077,gilsun.hong@example.com";
        String file = first + "\r\nE78,홍길동,010-6600-0078,gildong.hong@example.com\r\n";
        ImportRecord record = stack.upload("rosters/full/no-header.csv", file.getBytes(StandardCharsets.UTF_8));

        assertStatus(ImportStatus.FAILED, record);
        assertTrue(record.error().contains("line 1") && record.error().contains("no header row"), record.error());
        String summary = stack.summary(record).toString();
        String events = stack.published(record).stream()
                .map(published -> published.event().toString())
                .reduce("", String::concat);
        assertFalse(events.isEmpty(), "the failure was published");
        String logs = LINES.stream().map(line -> line[1]).reduce("", String::concat);
        for (String content : Stream.of(first.split(","))
                .flatMap(value -> Stream.of(value, value.replace("-", "")))
                .toList()) {
            for (Map.Entry<String, String> told : Map.of(
                            "ledger", record.error(), "summary.json", summary, "event", events, "logs", logs)
                    .entrySet()) {
                assertFalse(told.getValue().contains(content), told.getKey() + " holds " + content);
            }
        }
    }

    private static byte[] workbook(Map<String, Iterable<List<Cell>>> sheets) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WorkbookGenerator.write(out, sheets);
        return out.toByteArray();
    }
}
