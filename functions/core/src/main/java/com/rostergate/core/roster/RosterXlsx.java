package com.rostergate.core.roster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.poi.ooxml.POIXMLException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JRuntimeException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.xssf.eventusermodel.XSSFReader;

/**
 * An Excel workbook (.xlsx) read at flat memory with Apache POI's event API: {@link XSSFReader} finds
 * the sheets and their parts in the package (and its ZipSecureFile refuses zip bombs), and each pass
 * pulls the chosen sheet's XML through StAX one row at a time. The package needs random access, so the
 * upload is copied to a temporary file first; its shared strings (every text cell of a workbook Excel
 * wrote) go to another temporary file ({@link SharedStringFile}) instead of the heap. Both are deleted
 * on {@link #close()}.
 *
 * <p>Cells become fields by their column letter, so an empty cell Excel left out is an empty field. A
 * formula cell gives its cached value (what Excel last showed). A number is written plainly, without a
 * fraction when it has none: a phone stored as a number (Excel drops the leading zero, {@code 1012345678})
 * becomes that digit string, which the phone normaliser reads like the same text. A number in a date
 * format (a hire date) becomes an ISO date, {@code 2024-03-02} (with the time, if it has one). A line
 * number is the sheet's row number.
 */
final class RosterXlsx implements AutoCloseable {

    /** Far above a full sheet of roster rows (Excel's 1,048,576), and what the function's /tmp can hold. */
    static final long MAX_WORKBOOK_BYTES = 256L * 1024 * 1024;

    private static final XMLInputFactory XML = secureFactory();

    private final Path copy;
    private final OPCPackage workbook;
    private final SharedStringFile strings;
    private final String sheet;
    private final DateStyles dates;

    private RosterXlsx(Path copy, OPCPackage workbook, SharedStringFile strings, String sheet, DateStyles dates) {
        this.copy = copy;
        this.workbook = workbook;
        this.strings = strings;
        this.sheet = sheet;
        this.dates = dates;
    }

    /** Copies and opens the workbook; {@code sheetName} chooses the sheet, null the first one. */
    static RosterXlsx open(RosterSource source, String sheetName) throws IOException, BadRosterFileException {
        if (source.size() > MAX_WORKBOOK_BYTES) {
            throw new BadRosterFileException(
                    "the workbook is larger than " + (MAX_WORKBOOK_BYTES >> 20) + " MiB; split it");
        }
        Path copy = Files.createTempFile("roster-", ".xlsx");
        OPCPackage workbook = null;
        SharedStringFile strings = null;
        try {
            try (InputStream in = source.open()) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            workbook = OPCPackage.open(copy.toFile(), PackageAccess.READ);
            XSSFReader reader = new XSSFReader(workbook, true);
            String sheet = findSheet(reader, sheetName);
            DateStyles dates;
            try (InputStream styles = reader.getStylesData();
                    InputStream book = reader.getWorkbookData()) {
                dates = DateStyles.of(
                        styles == null ? null : XML.createXMLStreamReader(styles), XML.createXMLStreamReader(book));
            }
            try (InputStream shared = reader.getSharedStringsData()) {
                strings = SharedStringFile.of(shared == null ? null : XML.createXMLStreamReader(shared));
            }
            return new RosterXlsx(copy, workbook, strings, sheet, dates);
        } catch (OpenXML4JException
                | OpenXML4JRuntimeException
                | POIXMLException
                | XMLStreamException
                | IllegalArgumentException e) {
            close(copy, workbook, strings);
            throw new BadRosterFileException("the file is a ZIP archive but not a readable Excel workbook (.xlsx)");
        } catch (IOException | BadRosterFileException | RuntimeException e) {
            close(copy, workbook, strings);
            throw e;
        }
    }

    /** The name of the sheet to read: {@code wanted}, or the first when null. */
    private static String findSheet(XSSFReader reader, String wanted)
            throws IOException, OpenXML4JException, BadRosterFileException {
        XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
        List<String> names = new ArrayList<>();
        while (sheets.hasNext()) {
            sheets.next().close();
            String name = sheets.getSheetName();
            if (wanted == null || wanted.equals(name)) {
                return name;
            }
            names.add(name);
        }
        throw new BadRosterFileException(
                wanted == null
                        ? "the workbook has no sheet"
                        : "the workbook has no sheet named '" + wanted + "' (its sheets: " + String.join(", ", names)
                                + ")");
    }

    /** A fresh pass over the sheet's rows. */
    RosterReader records() throws IOException, BadRosterFileException {
        try {
            XSSFReader reader = new XSSFReader(workbook, true);
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            while (sheets.hasNext()) {
                InputStream part = sheets.next();
                if (sheets.getSheetName().equals(sheet)) {
                    return new Rows(part, XML.createXMLStreamReader(part));
                }
                part.close();
            }
        } catch (OpenXML4JException | POIXMLException | XMLStreamException e) {
            throw new BadRosterFileException("the workbook's sheet '" + sheet + "' cannot be read");
        }
        throw new IllegalStateException("the sheet found when the workbook was opened is gone");
    }

    @Override
    public void close() throws IOException {
        close(copy, workbook, strings);
    }

    private static void close(Path copy, OPCPackage workbook, SharedStringFile strings) throws IOException {
        try {
            if (workbook != null) {
                workbook.revert(); // read-only: closes the file without writing
            }
            if (strings != null) {
                strings.close();
            }
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /** The sheet's rows, pulled one at a time. */
    private final class Rows implements RosterReader {
        private final InputStream part;
        private final XMLStreamReader xml;
        private String[] cells = new String[64];
        private long lastRow;
        private int headerWidth;

        Rows(InputStream part, XMLStreamReader xml) {
            this.part = part;
            this.xml = xml;
        }

        @Override
        public RosterFormat format() {
            return RosterFormat.workbook(sheet);
        }

        @Override
        public Record next() throws BadRosterFileException {
            try {
                while (xml.hasNext()) {
                    if (xml.next() == XMLStreamConstants.START_ELEMENT
                            && xml.getLocalName().equals("row")) {
                        Record record = row();
                        if (record.rejection() != null || !RowRules.isBlank(record.fields())) {
                            headerWidth = headerWidth == 0 ? record.fields().length : headerWidth;
                            return record;
                        }
                    }
                }
                return null;
            } catch (XMLStreamException | UncheckedIOException | NumberFormatException e) {
                throw new BadRosterFileException("row " + Math.max(lastRow, 1)
                        + ": the sheet cannot be read (a damaged workbook?)"); // lastRow: the row being read
            }
        }

        /** At a {@code row} start: its cells up to the row's end. */
        private Record row() throws XMLStreamException, BadRosterFileException {
            String r = xml.getAttributeValue(null, "r");
            long line = r == null ? lastRow + 1 : Long.parseLong(r);
            lastRow = line;
            Arrays.fill(cells, null);
            int width = 0;
            int column = -1;
            String beyond = null;
            while (xml.next() != XMLStreamConstants.END_ELEMENT
                    || !xml.getLocalName().equals("row")) {
                if (xml.isStartElement() && xml.getLocalName().equals("c")) {
                    String reference = xml.getAttributeValue(null, "r");
                    column = reference == null ? column + 1 : columnOf(reference);
                    String value = cell(xml.getAttributeValue(null, "t"), xml.getAttributeValue(null, "s"));
                    if (column >= RosterCsv.MAX_FIELDS) {
                        beyond = value.isEmpty() ? beyond : "the row has a value beyond column " + RosterCsv.MAX_FIELDS;
                    } else if (!value.isEmpty()) {
                        grow(column + 1);
                        cells[column] = value;
                        width = Math.max(width, column + 1);
                    }
                }
            }
            if (beyond != null) {
                return Record.unreadable(line, beyond);
            }
            String[] fields = new String[Math.max(width, headerWidth)];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = i < cells.length && cells[i] != null ? cells[i] : "";
            }
            return Record.of(line, fields);
        }

        /** At a {@code c} start: the cell's value as text, up to the cell's end. */
        private String cell(String type, String style) throws XMLStreamException, BadRosterFileException {
            String value = "";
            while (xml.next() != XMLStreamConstants.END_ELEMENT
                    || !xml.getLocalName().equals("c")) {
                if (xml.isStartElement() && xml.getLocalName().equals("v")) {
                    value = xml.getElementText();
                } else if (xml.isStartElement() && xml.getLocalName().equals("is")) {
                    value = SharedStringFile.text(xml, "is");
                } else if (xml.isStartElement()) {
                    SharedStringFile.skip(xml);
                }
            }
            String text = switch (type == null ? "n" : type) {
                case "s" -> value.isBlank() ? "" : strings.get(Integer.parseInt(value.strip()));
                case "n" -> dates.isDate(style) ? dates.format(value.strip()) : plainNumber(value.strip());
                case "b" -> value.strip().equals("1") ? "TRUE" : value.isBlank() ? "" : "FALSE";
                case "str", "inlineStr" -> SharedStringFile.unescape(value);
                default -> value; // "e" (an error such as #N/A) and "d" (an ISO date) as written
            };
            return text.strip();
        }

        private void grow(int size) {
            if (size > cells.length) {
                cells = Arrays.copyOf(cells, Math.max(size, cells.length * 2));
            }
        }

        @Override
        public void close() throws IOException {
            try {
                xml.close();
            } catch (XMLStreamException e) {
                // the part's stream is closed below either way
            }
            part.close();
        }
    }

    /** The column index of a cell reference ({@code A1} is 0, {@code AB7} is 27). */
    static int columnOf(String reference) {
        int column = 0;
        for (int i = 0; i < reference.length() && Character.isLetter(reference.charAt(i)); i++) {
            column = column * 26 + (Character.toUpperCase(reference.charAt(i)) - 'A' + 1);
        }
        return column - 1;
    }

    /**
     * {@code 1012345678}, {@code 1.012345678E9} and {@code 1012345678.0} become {@code 1012345678}; {@code 2.5} stays.
     */
    static String plainNumber(String raw) {
        if (raw.isEmpty() || raw.indexOf('.') < 0 && raw.indexOf('E') < 0 && raw.indexOf('e') < 0) {
            return raw;
        }
        try {
            BigDecimal number = new BigDecimal(raw);
            return number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return raw;
        }
    }

    /** StAX without DTDs or external entities: a workbook never needs them, and an upload must not reach out. */
    private static XMLInputFactory secureFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }
}
