package com.rostergate.core.roster;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.poi.ss.usermodel.BuiltinFormats;
import org.apache.poi.ss.usermodel.DateUtil;

/**
 * Which cell styles of a workbook show a date: Excel stores a date as a number of days and only the
 * cell's number format says it is one. Read from xl/styles.xml (each {@code cellXfs/xf} names a number
 * format, built in or under {@code numFmts}), judged by POI's {@link DateUtil#isADateFormat}, with the
 * workbook's 1900 or 1904 date system.
 */
final class DateStyles {

    private final List<Boolean> dateByStyle;
    private final boolean date1904;

    private DateStyles(List<Boolean> dateByStyle, boolean date1904) {
        this.dateByStyle = dateByStyle;
        this.date1904 = date1904;
    }

    /** {@code styles} null: the workbook has no styles part, so no cell is a date. */
    static DateStyles of(XMLStreamReader styles, XMLStreamReader workbook) throws XMLStreamException {
        List<Boolean> dates = new ArrayList<>();
        Map<Integer, String> custom = new HashMap<>();
        boolean inCellXfs = false;
        while (styles != null && styles.hasNext()) {
            int event = styles.next();
            boolean start = event == XMLStreamConstants.START_ELEMENT;
            String name = start || event == XMLStreamConstants.END_ELEMENT ? styles.getLocalName() : "";
            if (start && name.equals("numFmt")) {
                int id = Integer.parseInt(styles.getAttributeValue(null, "numFmtId"));
                custom.put(id, styles.getAttributeValue(null, "formatCode"));
            } else if (name.equals("cellXfs")) {
                inCellXfs = start;
            } else if (start && name.equals("xf") && inCellXfs) {
                String id = styles.getAttributeValue(null, "numFmtId");
                int format = id == null ? 0 : Integer.parseInt(id);
                String code = custom.getOrDefault(format, BuiltinFormats.getBuiltinFormat(format));
                dates.add(code != null && DateUtil.isADateFormat(format, code));
            }
        }
        boolean date1904 = false;
        while (workbook.hasNext()) {
            if (workbook.next() == XMLStreamConstants.START_ELEMENT
                    && workbook.getLocalName().equals("workbookPr")) {
                String value = workbook.getAttributeValue(null, "date1904");
                date1904 = "1".equals(value) || "true".equals(value);
                break;
            }
        }
        return new DateStyles(dates, date1904);
    }

    boolean isDate(String style) {
        int index = style == null ? 0 : Integer.parseInt(style);
        return index < dateByStyle.size() && dateByStyle.get(index);
    }

    /** {@code 45353} as {@code 2024-03-02}; with a time of day, {@code 2024-03-02T09:30}. */
    String format(String serial) {
        if (serial.isEmpty()) {
            return serial;
        }
        double days = Double.parseDouble(serial);
        if (!DateUtil.isValidExcelDate(days)) {
            return RosterXlsx.plainNumber(serial);
        }
        LocalDateTime date = DateUtil.getLocalDateTime(days, date1904, true);
        return date.toLocalTime().toSecondOfDay() == 0 ? date.toLocalDate().toString() : date.toString();
    }
}
