package com.rostergate.core.roster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rostergate.core.phone.PhoneNormaliser;
import com.rostergate.fixtures.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The files in sample-data/rosters split as sample-data/README.md says, and the generator makes valid rosters. */
class SampleRostersTest {

    private final RosterSplitter splitter = new RosterSplitter(new PhoneNormaliser());

    @Test
    void theCp949ExportHolds30EmployeesIncludingTheDemoOne() throws Exception {
        InMemoryRoster.Recorded sink = new InMemoryRoster.Recorded();
        SplitResult result = splitter.split(sample("employees-cp949.csv"), sink);
        assertEquals(new SplitResult(new RosterFormat("CP949", "comma", null), 30, 30, 0, 0, 0, 2), result);
        RosterRow minjun = sink.rows().stream()
                .filter(row -> row.phone().equals("+821022223333"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                Map.of(
                        "employee_id",
                        "E1001",
                        "name",
                        "김민준",
                        "department",
                        "개발팀",
                        "position",
                        "대리",
                        "email",
                        "minjun.kim@example.co.kr"),
                minjun.attributes());
    }

    @Test
    void theWorkbookSampleIsWhatSampleFilesWritesAndSplitsAsDocumented() throws Exception {
        assertArrayEquals(
                SampleFiles.workbook(),
                Fixtures.bytes("sample-data/rosters/" + SampleFiles.WORKBOOK),
                "regenerate with SampleFiles");
        InMemoryRoster.Recorded sink = new InMemoryRoster.Recorded();
        SplitResult result = splitter.split(sample(SampleFiles.WORKBOOK), sink);
        assertEquals(new SplitResult(new RosterFormat("XLSX", null, SampleFiles.SHEET), 12, 11, 1, 0, 0, 1), result);
        assertEquals("invalid phone number", sink.rejectAt(14).reason());
        RosterRow numeric = sink.rows().stream()
                .filter(row -> row.phone().equals("+821062000002"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                Map.of(
                        "employee_id",
                        "1002",
                        "name",
                        "윤서아",
                        "department",
                        "인사팀",
                        "position",
                        "사원",
                        "email",
                        "x2@example.com"),
                numeric.attributes(),
                "a phone and an id typed into number cells");
        assertEquals(
                "doyun.jang@example.com", sink.rows().get(2).attributes().get("email"), "a formula's cached value");
        assertEquals(Map.of("입사일", "2024-03-02"), numeric.extra(), "a date cell as an ISO date");
        assertEquals(
                List.of(2L, 3L, 4L, 5L, 6L, 8L, 9L, 10L, 11L, 12L, 13L),
                sink.rows().stream().map(RosterRow::line).toList(),
                "row numbers as Excel shows them; row 7 is empty");
    }

    @Test
    void theUnicodeTextSampleIsWhatSampleFilesWritesAndSplitsAsDocumented() throws Exception {
        assertArrayEquals(
                SampleFiles.unicodeText(),
                Fixtures.bytes("sample-data/rosters/" + SampleFiles.UNICODE_TEXT),
                "regenerate with SampleFiles");
        InMemoryRoster.Recorded sink = new InMemoryRoster.Recorded();
        SplitResult result = splitter.split(sample(SampleFiles.UNICODE_TEXT), sink);
        assertEquals(new SplitResult(new RosterFormat("UTF-16LE BOM", "tab", null), 10, 10, 0, 0, 0, 1), result);
        assertEquals("기획팀, 전략파트; 본사", sink.rows().get(4).attributes().get("department"));
    }

    @Test
    void theUtf8ExportWithEnglishHeadersHolds20Employees() throws Exception {
        InMemoryRoster.Recorded sink = new InMemoryRoster.Recorded();
        SplitResult result = splitter.split(sample("employees-utf8-bom.csv"), sink);
        assertEquals(new SplitResult(new RosterFormat("UTF-8 BOM", "comma", null), 20, 20, 0, 0, 0, 1), result);
        assertEquals("Sales, APAC", sink.rows().get(2).attributes().get("department"));
        assertEquals(Map.of("hire_date", "2019-11-04"), sink.rows().get(2).extra());
    }

    @Test
    void everyBadRowIsRejectedForTheDocumentedReason() throws Exception {
        InMemoryRoster.Recorded sink = new InMemoryRoster.Recorded();
        SplitResult result = splitter.split(sample("bad-rows.csv"), sink);
        Map<Long, String> reasons = sink.rejects.stream()
                .collect(Collectors.toMap(
                        InMemoryRoster.Reject::line, InMemoryRoster.Reject::reason, (a, b) -> a, LinkedHashMap::new));
        assertEquals(expectedBadRows(), reasons);
        assertEquals(
                java.util.List.of(2L, 9L, 12L, 13L, 16L, 18L, 21L),
                sink.rows().stream().map(RosterRow::line).toList());
        assertEquals(new SplitResult(new RosterFormat("UTF-8", "comma", null), 17, 7, 9, 1, 0, 1), result);
        assertEquals(
                "\"JH\" junho.lim@example.com", sink.rows().get(3).attributes().get("email"));
        assertEquals("개발팀\n플랫폼파트", sink.rows().get(4).attributes().get("department"));
    }

    /**
     * The reasons sample-data/README.md gives for bad-rows.csv, by line (its table is the documentation and the
     * expectation).
     */
    static Map<Long, String> expectedBadRows() throws IOException {
        Pattern row = Pattern.compile("^\\| (\\d+) \\| [^|]* \\| [^|]* \\| `(.+)` \\|$");
        return Fixtures.text("sample-data/README.md")
                .lines()
                .map(row::matcher)
                .filter(Matcher::matches)
                .collect(Collectors.toMap(
                        m -> Long.parseLong(m.group(1)), m -> m.group(2), (a, b) -> a, LinkedHashMap::new));
    }

    @Test
    void theGeneratorIsDeterministicAndItsRowsAreValid() throws Exception {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        RosterGenerator.write(first, 2000, 42, "cp949", 0.01, 0.01, 0);
        RosterGenerator.write(again, 2000, 42, "cp949", 0.01, 0.01, 0);
        assertEquals(
                java.util.Arrays.toString(first.toByteArray()).hashCode(),
                java.util.Arrays.toString(again.toByteArray()).hashCode());
        InMemoryRoster.Recorded sink = new InMemoryRoster.Recorded();
        SplitResult result = splitter.split(new InMemoryRoster(first.toByteArray()), sink);
        assertEquals("CP949", result.encoding());
        assertEquals(2000, result.rowsRead());
        assertTrue(
                result.rowsRejected() > 5 && result.rowsRejected() < 50, "about 1% invalid: " + result.rowsRejected());
        assertTrue(
                result.rowsDuplicate() > 5 && result.rowsDuplicate() < 50,
                "about 1% duplicates: " + result.rowsDuplicate());
        assertEquals(
                result.rowsValid(),
                sink.rows().stream().map(RosterRow::phone).distinct().count(),
                "no phone twice in the batches");
    }

    @Test
    void generatedPhonesDoNotRepeat() {
        assertEquals(
                100_000,
                java.util.stream.LongStream.range(0, 100_000)
                        .mapToObj(RosterGenerator::phone)
                        .distinct()
                        .count());
    }

    private static InMemoryRoster sample(String name) throws Exception {
        return new InMemoryRoster(Fixtures.bytes("sample-data/rosters/" + name));
    }
}
