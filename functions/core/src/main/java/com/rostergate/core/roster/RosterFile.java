package com.rostergate.core.roster;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * An uploaded roster, text or Excel workbook (told apart by its first bytes), ready to be read in as
 * many passes as the splitter makes. A workbook is prepared once for all passes; {@link #close()}
 * removes what it left on disk.
 */
public final class RosterFile implements AutoCloseable {

    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final byte[] OLE2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0};

    private final RosterSource source;
    private final RosterXlsx workbook;

    private RosterFile(RosterSource source, RosterXlsx workbook) {
        this.source = source;
        this.workbook = workbook;
    }

    public static RosterFile open(RosterSource source) throws IOException, BadRosterFileException {
        byte[] magic;
        try (InputStream in = source.open()) {
            magic = in.readNBytes(4);
        }
        if (Arrays.equals(magic, OLE2)) {
            throw new BadRosterFileException("the file is an Excel 97-2003 workbook (.xls) or a password-protected one;"
                    + " save it as an Excel workbook (.xlsx) without a password, or as CSV UTF-8");
        }
        return new RosterFile(source, Arrays.equals(magic, ZIP) ? RosterXlsx.open(source, source.sheet()) : null);
    }

    /** A fresh pass over the file's records. */
    public RosterReader read() throws IOException, BadRosterFileException {
        return workbook != null ? workbook.records() : RosterCsv.open(source.open());
    }

    @Override
    public void close() throws IOException {
        if (workbook != null) {
            workbook.close();
        }
    }
}
