package com.rostergate.core.roster;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes .xlsx workbooks the way Excel stores them (JDK only, streaming, so a million rows need no
 * heap): every text cell a shared string, numbers as numbers, formula cells with their cached value.
 * {@link #main} writes a generated roster of N rows from a seed (the rows of {@link RosterGenerator},
 * the same arguments giving the same bytes) in which every third phone is a number without its leading
 * zero (as Excel keeps {@code 010-...} typed into a number cell: {@code 1012345678}) and every fifth
 * e-mail a formula:
 * <pre>java -cp functions/core/target/test-classes com.rostergate.core.roster.WorkbookGenerator --rows 1000000 --seed
 * 42 --out /tmp/r.xlsx</pre>
 */
public final class WorkbookGenerator {

    /**
     * One cell: {@code type} is Excel's ({@code s} text, {@code n} number, {@code str} a formula's text) or {@code
     * date}
     * (a number in the date style); {@code formula} or null.
     */
    public record Cell(String type, String value, String formula) {
        public static Cell text(String text) {
            return new Cell("s", text, null);
        }

        public static Cell number(String digits) {
            return new Cell("n", digits, null);
        }

        public static Cell formula(String formula, String cachedText) {
            return new Cell("str", cachedText, formula);
        }

        /** A date as Excel stores it: days since 1899-12-30, in a cell whose style shows a date. */
        public static Cell date(java.time.LocalDate date) {
            return new Cell(
                    "date",
                    Long.toString(date.toEpochDay()
                            - java.time.LocalDate.of(1899, 12, 30).toEpochDay()),
                    null);
        }
    }

    private WorkbookGenerator() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        if (!options.containsKey("--rows") || !options.containsKey("--out")) {
            System.err.println("usage: WorkbookGenerator --rows N --out FILE [--seed S] [--sheet NAME]");
            System.exit(2);
        }
        long rows = Long.parseLong(options.get("--rows"));
        long seed = Long.parseLong(options.getOrDefault("--seed", "1"));
        Path out = Path.of(options.get("--out"));
        long started = System.nanoTime();
        try (OutputStream file = Files.newOutputStream(out)) {
            write(file, Map.of(options.getOrDefault("--sheet", "Sheet1"), generated(rows, seed)));
        }
        System.out.printf(
                Locale.ROOT,
                "wrote %d rows (%d bytes) to %s in %.1f s%n",
                rows,
                Files.size(out),
                out,
                (System.nanoTime() - started) / 1e9);
    }

    /** The header and {@code rows} generated rows; each iteration draws the same rows again. */
    public static Iterable<List<Cell>> generated(long rows, long seed) {
        return () -> new Iterator<>() {
            private final Random random = new Random(seed);
            private long row = -1;

            @Override
            public boolean hasNext() {
                return row < rows;
            }

            @Override
            public List<Cell> next() {
                List<Cell> cells = new ArrayList<>(6);
                if (row++ < 0) {
                    for (String name : RosterGenerator.HEADER.split(",")) {
                        cells.add(Cell.text(name));
                    }
                    return cells;
                }
                String[] values = RosterGenerator.values(random, row, 0, 0, 0);
                for (int i = 0; i < values.length; i++) {
                    boolean numericPhone = i == 4 && row % 3 == 0;
                    boolean formulaEmail = i == 5 && row % 5 == 0;
                    cells.add(
                            numericPhone
                                    ? Cell.number(values[i].substring(1).replace("-", ""))
                                    : formulaEmail
                                            ? Cell.formula("LOWER(\"" + values[i] + "\")", values[i])
                                            : Cell.text(values[i]));
                }
                return cells;
            }
        };
    }

    /**
     * Writes a workbook of {@code sheets} (name -> rows, each iterated twice: once for the sheet, once for its
     * strings).
     */
    public static void write(OutputStream file, Map<String, Iterable<List<Cell>>> sheets) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(file, StandardCharsets.UTF_8);
        Writer xml = new BufferedWriter(new OutputStreamWriter(zip, StandardCharsets.UTF_8), 1 << 16);
        StringBuilder overrides = new StringBuilder();
        StringBuilder sheetList = new StringBuilder();
        StringBuilder rels = new StringBuilder();
        int number = 0;
        int strings = 0;
        for (Map.Entry<String, Iterable<List<Cell>>> sheet : sheets.entrySet()) {
            number++;
            overrides
                    .append("<Override PartName=\"/xl/worksheets/sheet")
                    .append(number)
                    .append(".xml\" "
                            + "ContentType=\"application/vnd.openxmlformats-officedocument"
                            + ".spreadsheetml.worksheet+xml\"/>");
            sheetList
                    .append("<sheet name=\"")
                    .append(escape(sheet.getKey()))
                    .append("\" sheetId=\"")
                    .append(number)
                    .append("\" r:id=\"rId")
                    .append(number)
                    .append("\"/>");
            rels.append("<Relationship Id=\"rId")
                    .append(number)
                    .append("\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
                            + "Target=\"worksheets/sheet")
                    .append(number)
                    .append(".xml\"/>");
            entry(zip, xml, "xl/worksheets/sheet" + number + ".xml");
            xml.write("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
            int row = 0;
            for (List<Cell> cells : sheet.getValue()) {
                row++;
                xml.write("<row r=\"" + row + "\">");
                for (int column = 0; column < cells.size(); column++) {
                    Cell cell = cells.get(column);
                    if (cell == null) {
                        continue; // Excel leaves an empty cell out
                    }
                    String reference = columnName(column) + row;
                    String formula = cell.formula() == null ? "" : "<f>" + escape(cell.formula()) + "</f>";
                    if (cell.type().equals("s")) {
                        xml.write("<c r=\"" + reference + "\" t=\"s\"><v>" + strings++ + "</v></c>");
                    } else if (cell.type().equals("date")) {
                        xml.write("<c r=\"" + reference + "\" s=\"1\"><v>" + cell.value() + "</v></c>");
                    } else {
                        String type = cell.type().equals("n") ? "" : " t=\"" + cell.type() + "\"";
                        xml.write("<c r=\"" + reference + "\"" + type + ">" + formula + "<v>" + escape(cell.value())
                                + "</v></c>");
                    }
                }
                xml.write("</row>");
            }
            xml.write("</sheetData></worksheet>");
            xml.flush();
        }
        entry(zip, xml, "xl/sharedStrings.xml");
        xml.write("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"" + strings
                + "\" uniqueCount=\"" + strings + "\">");
        for (Iterable<List<Cell>> sheet : sheets.values()) {
            for (List<Cell> cells : sheet) {
                for (Cell cell : cells) {
                    if (cell != null && cell.type().equals("s")) {
                        xml.write("<si><t xml:space=\"preserve\">" + escape(cell.value()) + "</t></si>");
                    }
                }
            }
        }
        xml.write("</sst>");
        xml.flush();
        entry(zip, xml, "xl/styles.xml");
        xml.write(
                "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><cellXfs count=\"2\">"
                        + "<xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>");
        entry(zip, xml, "xl/workbook.xml");
        xml.write("<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
                + " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
                + sheetList + "</sheets></workbook>");
        entry(zip, xml, "xl/_rels/workbook.xml.rels");
        xml.write("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" + rels
                + "<Relationship Id=\"rIdStrings\" "
                + "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\""
                + " Target=\"sharedStrings.xml\"/><Relationship Id=\"rIdStyles\""
                + " Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
                + "Target=\"styles.xml\"/></Relationships>");
        entry(zip, xml, "_rels/.rels");
        xml.write("<Relationships "
                + "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\""
                + " Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
                + "Target=\"xl/workbook.xml\"/>"
                + "</Relationships>");
        entry(zip, xml, "[Content_Types].xml");
        xml.write("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" "
                + "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" "
                + "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                + "<Override PartName=\"/xl/sharedStrings.xml\""
                + " ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
                + "<Override PartName=\"/xl/styles.xml\" "
                + "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
                + overrides + "</Types>");
        xml.flush();
        zip.finish();
    }

    private static void entry(ZipOutputStream zip, Writer xml, String name) throws IOException {
        xml.flush();
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(LocalDateTime.of(2026, 1, 1, 0, 0)); // the same rows make the same bytes
        zip.putNextEntry(entry);
        xml.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    }

    static String columnName(int column) {
        StringBuilder name = new StringBuilder();
        for (int n = column + 1; n > 0; n = (n - 1) / 26) {
            name.insert(0, (char) ('A' + (n - 1) % 26));
        }
        return name.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
