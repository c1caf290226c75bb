package com.rostergate.core.roster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RosterTextTest {

    private static final String KOREAN = "사번,이름,부서,직급,휴대폰,이메일\r\nE001,김민준,개발팀,대리,010-2222-3333,minjun@example.com\r\n";

    @Test
    void utf8WithAByteOrderMarkIsDecodedWithoutTheMark() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bytes.write(KOREAN.getBytes(StandardCharsets.UTF_8));
        RosterText.Opened opened = RosterText.open(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals("UTF-8 BOM", opened.encoding());
        assertEquals(KOREAN, read(opened.reader()));
    }

    @Test
    void utf8WithoutAMarkIsRecognised() throws Exception {
        RosterText.Opened opened = RosterText.open(new ByteArrayInputStream(KOREAN.getBytes(StandardCharsets.UTF_8)));
        assertEquals("UTF-8", opened.encoding());
        assertEquals(KOREAN, read(opened.reader()));
    }

    @Test
    void cp949AsExcelWritesItIsRecognised() throws Exception {
        for (String name : new String[] {"MS949", "x-windows-949", "EUC-KR"}) {
            RosterText.Opened opened =
                    RosterText.open(new ByteArrayInputStream(KOREAN.getBytes(Charset.forName(name))));
            assertEquals("CP949", opened.encoding(), name);
            assertEquals(KOREAN, read(opened.reader()), name);
        }
    }

    @Test
    void aKoreanCharacterCutByTheEndOfTheSniffedPrefixStillReadsAsUtf8() throws Exception {
        StringBuilder text = new StringBuilder("phone,name\n");
        while (text.toString().getBytes(StandardCharsets.UTF_8).length < RosterText.SNIFF_BYTES - 1) {
            text.append('a');
        }
        // the 3-byte character now starts one byte before the prefix ends
        text.append("김민준\n010-2222-3333,김민준\n");
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        assertTrue(bytes.length > RosterText.SNIFF_BYTES);
        RosterText.Opened opened = RosterText.open(new ByteArrayInputStream(bytes));
        assertEquals("UTF-8", opened.encoding());
        assertEquals(text.toString(), read(opened.reader()));
    }

    @Test
    void aCp949FileWhoseFirstBytesAreAsciiFailsWhenItsKoreanAppears() throws Exception {
        StringBuilder text = new StringBuilder("phone,name\n");
        while (text.length() < RosterText.SNIFF_BYTES + 100) {
            text.append("010-1234-5678,kim\n");
        }
        text.append("010-2222-3333,김민준\n");
        RosterText.Opened opened =
                RosterText.open(new ByteArrayInputStream(text.toString().getBytes(RosterText.CP949)));
        assertEquals("UTF-8", opened.encoding(), "nothing but ASCII in the first 64 KiB");
        assertThrows(IOException.class, () -> read(opened.reader()), "later CP949 bytes are not silently replaced");
    }

    @Test
    void filesThatAreNotTextFailWithAReason() {
        assertEquals("the file is empty", failure(new byte[0]));
        assertTrue(failure(new byte[] {'a', 'b', 0, 1, 2, 3}).contains("binary data"));
        assertTrue(failure("phone\n".getBytes(StandardCharsets.UTF_16LE))
                .contains("UTF-16 text without a byte order mark"));
        assertTrue(failure(new byte[] {(byte) 0x81, (byte) 0x20, (byte) 0xFF, (byte) 0xFF})
                .contains("neither UTF-8 nor CP949"));
    }

    private static String failure(byte[] bytes) {
        return assertThrows(BadRosterFileException.class, () -> RosterText.open(new ByteArrayInputStream(bytes)))
                .getMessage();
    }

    private static String read(Reader reader) throws IOException {
        StringBuilder out = new StringBuilder();
        char[] buffer = new char[8192];
        for (int n; (n = reader.read(buffer)) > 0; ) {
            out.append(buffer, 0, n);
        }
        return out.toString();
    }
}
