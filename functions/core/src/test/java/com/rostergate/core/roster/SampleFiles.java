package com.rostergate.core.roster;

import com.rostergate.core.roster.WorkbookGenerator.Cell;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes the binary samples of sample-data/rosters, which SampleRostersTest checks are these bytes:
 * <pre>java -cp functions/core/target/test-classes com.rostergate.core.roster.SampleFiles sample-data/rosters</pre>
 * {@code employees.xlsx}: an Excel workbook (sheet 직원명단) of 12 rows as Excel stores them: text cells as shared
 * strings, four phones typed into number cells (Excel dropped their leading zero), one e-mail a formula, an
 * employee id a number, hire dates in date cells, a row left empty, and one row with a phone too short. {@code
 * employees-unicode.txt}: Excel's
 * "Unicode text" export, UTF-16LE with a byte order mark, tab-separated, CRLF, 10 employees.
 */
public final class SampleFiles {

    static final String WORKBOOK = "employees.xlsx";
    static final String UNICODE_TEXT = "employees-unicode.txt";
    static final String SHEET = "직원명단";

    private SampleFiles() {}

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args.length > 0 ? args[0] : "sample-data/rosters");
        Files.write(folder.resolve(WORKBOOK), workbook());
        Files.write(folder.resolve(UNICODE_TEXT), unicodeText());
    }

    static byte[] workbook() throws IOException {
        String[] names = {"강하늘", "윤서아", "장도윤", "임지우", "한시윤", "오예린", "서준호", "신유나", "권태민", "황보라", "안세영"};
        String[] departments = {"개발팀", "인사팀", "영업팀", "재무팀"};
        List<List<Cell>> rows = new ArrayList<>();
        rows.add(texts("사번", "이름", "부서", "직급", "휴대폰", "이메일", "입사일"));
        for (int i = 0; i < names.length; i++) {
            String phone = String.format("010-6200-%04d", i + 1);
            List<Cell> row = new ArrayList<>(Arrays.asList(
                    Cell.text(String.format("X%03d", i + 1)),
                    Cell.text(names[i]),
                    Cell.text(departments[i % departments.length]),
                    Cell.text(i % 3 == 0 ? "과장" : "사원"),
                    i % 3 == 1 ? Cell.number(phone.substring(1).replace("-", "")) : Cell.text(phone),
                    Cell.text("x" + (i + 1) + "@example.com"),
                    Cell.date(LocalDate.of(2024, 3, i + 1))));
            rows.add(row);
        }
        rows.get(2).set(0, Cell.number("1002"));
        rows.get(3).set(5, Cell.formula("LOWER(\"DOYUN.JANG@EXAMPLE.COM\")", "doyun.jang@example.com"));
        rows.add(6, texts());
        rows.add(texts("X099", "김오류", "개발팀", "사원", "010-6200", "error@example.com", "2024-04-01"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WorkbookGenerator.write(out, Map.of(SHEET, rows));
        return out.toByteArray();
    }

    static byte[] unicodeText() {
        StringBuilder text = new StringBuilder("\uFEFF사번\t이름\t부서\t직급\t휴대폰\t이메일\r\n");
        String[] names = {"문가은", "양시우", "구하람", "남윤재", "노아린", "도하준", "류서희", "마준영", "배소연", "백승우"};
        for (int i = 0; i < names.length; i++) {
            String department = i == 4 ? "기획팀, 전략파트; 본사" : i % 2 == 0 ? "개발팀" : "영업팀";
            text.append(String.format(
                    "U%03d\t%s\t%s\t사원\t010-6300-%04d\tu%d@example.com\r\n",
                    i + 1, names[i], department, i + 1, i + 1));
        }
        return text.toString().getBytes(StandardCharsets.UTF_16LE);
    }

    private static List<Cell> texts(String... values) {
        return new ArrayList<>(Arrays.stream(values).map(Cell::text).toList());
    }
}
