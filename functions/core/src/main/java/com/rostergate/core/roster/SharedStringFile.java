package com.rostergate.core.roster;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A workbook's shared strings (xl/sharedStrings.xml: the text of every text cell Excel wrote, once
 * each) in a temporary file rather than the heap: a roster of a million rows holds millions of distinct
 * strings. Strings are stored as UTF-8 one after the other, with a second file of their start offsets;
 * a lookup reads through one cached block of each, so the row-by-row order in which a sheet refers to
 * its strings mostly stays in the cached blocks.
 */
final class SharedStringFile implements AutoCloseable {

    private static final int BLOCK_BYTES = 64 * 1024;

    private final Path strings;
    private final Path offsets;
    private final int count;
    private final Block stringBlock;
    private final Block offsetBlock;

    private SharedStringFile(Path strings, Path offsets, int count) throws IOException {
        this.strings = strings;
        this.offsets = offsets;
        this.count = count;
        this.stringBlock = new Block(FileChannel.open(strings, StandardOpenOption.READ));
        this.offsetBlock = new Block(FileChannel.open(offsets, StandardOpenOption.READ));
    }

    /** Reads every {@code si} item of the part ({@code xml} null: the workbook has no shared strings). */
    static SharedStringFile of(XMLStreamReader xml) throws IOException, XMLStreamException {
        Path strings = Files.createTempFile("roster-strings-", ".bin");
        Path offsets = Files.createTempFile("roster-offsets-", ".bin");
        int count = 0;
        try (OutputStream text = new BufferedOutputStream(Files.newOutputStream(strings), BLOCK_BYTES);
                DataOutputStream starts =
                        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(offsets), BLOCK_BYTES))) {
            long position = 0;
            while (xml != null && xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT
                        && xml.getLocalName().equals("si")) {
                    byte[] bytes = text(xml, "si").getBytes(StandardCharsets.UTF_8);
                    starts.writeLong(position);
                    text.write(bytes);
                    position += bytes.length;
                    count++;
                }
            }
            starts.writeLong(position);
            return new SharedStringFile(strings, offsets, count);
        } catch (IOException | XMLStreamException | RuntimeException e) {
            Files.deleteIfExists(strings);
            Files.deleteIfExists(offsets);
            throw e;
        } finally {
            if (xml != null) {
                xml.close();
            }
        }
    }

    String get(int index) throws BadRosterFileException {
        if (index < 0 || index >= count) {
            throw new BadRosterFileException("the workbook refers to a shared string it does not hold (damaged?)");
        }
        try {
            long start = offsetBlock.readLong(8L * index);
            long end = offsetBlock.readLong(8L * index + 8);
            return new String(stringBlock.read(start, (int) (end - start)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * At the start of {@code element} ({@code si} or {@code is}): its text up to its end, runs joined and
     * phonetic guides ({@code rPh}) left out, Excel's {@code _xHHHH_} escapes undone.
     */
    static String text(XMLStreamReader xml, String element) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        while (xml.next() != XMLStreamConstants.END_ELEMENT
                || !xml.getLocalName().equals(element)) {
            if (xml.isStartElement() && xml.getLocalName().equals("t")) {
                text.append(xml.getElementText());
            } else if (xml.isStartElement() && xml.getLocalName().equals("rPh")) {
                skip(xml);
            }
        }
        return unescape(text.toString());
    }

    /** At an element's start: moves past its end. */
    static void skip(XMLStreamReader xml) throws XMLStreamException {
        for (int depth = 1; depth > 0; ) {
            int event = xml.next();
            depth += event == XMLStreamConstants.START_ELEMENT ? 1 : event == XMLStreamConstants.END_ELEMENT ? -1 : 0;
        }
    }

    /** OOXML writes characters XML cannot hold (and a literal {@code _x} before four hex digits) as {@code _xHHHH_}. */
    static String unescape(String text) {
        if (text.indexOf("_x") < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            boolean escape = text.startsWith("_x", i) && i + 6 < text.length() && text.charAt(i + 6) == '_';
            if (escape && isHex(text, i + 2, i + 6)) {
                out.append((char) Integer.parseInt(text, i + 2, i + 6, 16));
                i += 6;
            } else {
                out.append(text.charAt(i));
            }
        }
        return out.toString();
    }

    private static boolean isHex(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        try {
            stringBlock.channel.close();
            offsetBlock.channel.close();
        } finally {
            Files.deleteIfExists(strings);
            Files.deleteIfExists(offsets);
        }
    }

    /** Positional reads through one cached block. */
    private static final class Block {
        private final FileChannel channel;
        private final ByteBuffer block = ByteBuffer.allocate(BLOCK_BYTES);
        private long blockStart = -1;

        Block(FileChannel channel) {
            this.channel = channel;
        }

        long readLong(long position) throws IOException {
            return ByteBuffer.wrap(read(position, 8)).getLong();
        }

        byte[] read(long position, int length) throws IOException {
            byte[] bytes = new byte[length];
            if (length > BLOCK_BYTES) {
                readFully(ByteBuffer.wrap(bytes), position);
                return bytes;
            }
            if (blockStart < 0 || position < blockStart || position + length > blockStart + block.limit()) {
                block.clear();
                readFully(block, position);
                block.flip();
                blockStart = position;
            }
            block.get((int) (position - blockStart), bytes);
            return bytes;
        }

        /** Fills {@code into} from {@code position}, or up to the end of the file. */
        private void readFully(ByteBuffer into, long position) throws IOException {
            for (long at = position; into.hasRemaining(); ) {
                int n = channel.read(into, at);
                if (n < 0) {
                    return;
                }
                at += n;
            }
        }
    }
}
