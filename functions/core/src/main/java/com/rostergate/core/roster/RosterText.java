package com.rostergate.core.roster;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Finds a roster's encoding without configuration and decodes it strictly. A byte order mark
 * says UTF-8, UTF-16LE (Excel's "Unicode text" export) or UTF-16BE; otherwise the first 64 KiB
 * are decoded as strict UTF-8 (a character cut at the end of that prefix is fine) and, failing
 * that, as CP949 - Excel's "CSV" export on Korean Windows (a superset of EUC-KR). Bytes that are
 * not valid text in the chosen encoding later in the file fail the import rather than being
 * replaced silently.
 */
public final class RosterText {

    public static final Charset CP949 = Charset.forName("x-windows-949");
    static final int SNIFF_BYTES = 64 * 1024;

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] UTF16LE_BOM = {(byte) 0xFF, (byte) 0xFE};
    private static final byte[] UTF16BE_BOM = {(byte) 0xFE, (byte) 0xFF};

    private RosterText() {}

    /**
     * A decoding reader and the encoding's name as reports show it ({@code UTF-8}, {@code UTF-8 BOM}, {@code CP949},
     * {@code UTF-16LE BOM}, {@code UTF-16BE BOM}).
     */
    public record Opened(Reader reader, Charset charset, String encoding) {}

    public static Opened open(InputStream raw) throws IOException, BadRosterFileException {
        BufferedInputStream in = new BufferedInputStream(raw, SNIFF_BYTES);
        in.mark(SNIFF_BYTES);
        byte[] prefix = in.readNBytes(SNIFF_BYTES);
        boolean wholeFile = prefix.length < SNIFF_BYTES;
        in.reset();
        if (startsWith(prefix, UTF8_BOM)) {
            in.skipNBytes(UTF8_BOM.length);
            return new Opened(strictReader(in, StandardCharsets.UTF_8), StandardCharsets.UTF_8, "UTF-8 BOM");
        }
        if (startsWith(prefix, UTF16LE_BOM) || startsWith(prefix, UTF16BE_BOM)) {
            Charset utf16 = prefix[0] == (byte) 0xFF ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE;
            in.skipNBytes(2);
            return new Opened(strictReader(in, utf16), utf16, utf16.name() + " BOM");
        }
        Charset charset = detect(prefix, wholeFile);
        return new Opened(strictReader(in, charset), charset, charset == CP949 ? "CP949" : "UTF-8");
    }

    /** The encoding of a file that has no UTF-8 byte order mark, judged from its first bytes. */
    static Charset detect(byte[] prefix, boolean wholeFile) throws BadRosterFileException {
        if (prefix.length == 0) {
            throw new BadRosterFileException("the file is empty");
        }
        for (byte b : prefix) {
            if (b == 0) {
                throw new BadRosterFileException(
                        looksLikeUtf16(prefix)
                                ? "the file looks like UTF-16 text without a byte order mark;"
                                        + " save it as \"Unicode text\" or \"CSV UTF-8\""
                                : "the file holds binary data, not CSV text");
            }
        }
        if (decodes(prefix, StandardCharsets.UTF_8, wholeFile)) {
            return StandardCharsets.UTF_8;
        }
        if (decodes(prefix, CP949, wholeFile)) {
            return CP949;
        }
        throw new BadRosterFileException("the file is neither UTF-8 nor CP949 (EUC-KR) text");
    }

    /** Every other byte zero, as in ASCII written as UTF-16. */
    private static boolean looksLikeUtf16(byte[] prefix) {
        int zeros = 0;
        int pairs = Math.min(prefix.length / 2, 512);
        for (int i = 0; i < pairs; i++) {
            zeros += prefix[2 * i] == 0 || prefix[2 * i + 1] == 0 ? 1 : 0;
        }
        return pairs > 0 && zeros * 10 >= pairs * 9;
    }

    /**
     * True when {@code bytes} decode without error; an incomplete character at the very end is allowed unless the
     * prefix is the whole file.
     */
    private static boolean decodes(byte[] bytes, Charset charset, boolean wholeFile) {
        CharsetDecoder decoder = strictDecoder(charset);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, wholeFile);
        if (result.isError()) {
            return false;
        }
        return !wholeFile || !decoder.flush(out).isError() && !in.hasRemaining();
    }

    private static Reader strictReader(InputStream in, Charset charset) {
        return new InputStreamReader(in, strictDecoder(charset));
    }

    private static CharsetDecoder strictDecoder(Charset charset) {
        return charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
