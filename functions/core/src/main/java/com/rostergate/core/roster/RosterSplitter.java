package com.rostergate.core.roster;

import com.rostergate.core.phone.PhoneNormaliser;
import java.io.IOException;
import java.util.Arrays;

/**
 * Splits a roster file into batches in two streaming passes, in memory with a fixed cap (the
 * duplicate index's). Pass 1 validates every row and indexes phone numbers ({@link DuplicateIndex});
 * it also finds every file-level problem (encoding, binary data, overlong lines, no phone column,
 * too many rows) before anything has been sent, so a failed import has written nothing. Pass 2
 * validates again - the same bytes give the same answers - and hands accepted rows in batches, and
 * rejected rows (including earlier duplicates: the later row of a phone wins) with their reason,
 * to the sink. A record the reader could not take apart (a runaway quote, an overlong line) is a
 * rejected row, and the rows after it are read as usual.
 */
public final class RosterSplitter {

    private final PhoneNormaliser normaliser;

    public RosterSplitter(PhoneNormaliser normaliser) {
        this.normaliser = normaliser;
    }

    public SplitResult split(RosterSource source, SplitSink sink) throws IOException, BadRosterFileException {
        DuplicateIndex duplicates = DuplicateIndex.forFileOf(source.size());
        try (RosterFile file = RosterFile.open(source)) {
            try (RosterReader reader = file.read()) {
                RowRules rules = new RowRules(readHeader(reader), normaliser);
                for (RosterReader.Record record = reader.next(); record != null; record = reader.next()) {
                    String phone = record.rejection() == null ? rules.acceptedPhone(record.fields()) : null;
                    if (phone != null) {
                        duplicates.record(DuplicateIndex.key(phone), record.line());
                    }
                }
            }
            try (RosterReader reader = file.read()) {
                return secondPass(reader, duplicates, sink);
            }
        }
    }

    private SplitResult secondPass(RosterReader reader, DuplicateIndex duplicates, SplitSink sink)
        throws IOException, BadRosterFileException {
        RosterHeader header = readHeader(reader);
        RowRules rules = new RowRules(header, normaliser);
        sink.validated();
        sink.header(header.names());
        BatchPacker packer = new BatchPacker(sink::batch);
        long read = 0;
        long valid = 0;
        long rejected = 0;
        long duplicated = 0;
        long deletes = 0;
        for (RosterReader.Record record = reader.next(); record != null; record = reader.next()) {
            read++;
            RowRules.Outcome outcome = record.rejection() == null ? rules.check(record.line(), record.fields()) : null;
            if (outcome == null || !outcome.accepted()) {
                rejected++;
                String reason = outcome == null ? record.rejection() : outcome.rejection();
                sink.rejected(record.line(), record.fields(), reason);
                continue;
            }
            long laterLine = duplicates.laterLine(DuplicateIndex.key(outcome.row().phone()), record.line());
            if (laterLine > 0) {
                duplicated++;
                sink.rejected(record.line(), record.fields(),
                    "duplicate phone number: line " + laterLine + " has the same number and is kept");
                continue;
            }
            valid++;
            deletes += outcome.row().action() == RowAction.DELETE ? 1 : 0;
            packer.add(outcome.row());
        }
        packer.flush();
        return new SplitResult(reader.format(), read, valid, rejected, duplicated, deletes, packer.batches());
    }

    /**
     * The first record, which must name a phone column. What the file fails with names the line and how
     * the file was read, never the header's values: without a header row they are an employee's.
     */
    private RosterHeader readHeader(RosterReader reader) throws IOException, BadRosterFileException {
        RosterReader.Record first = reader.next();
        if (first == null) {
            throw new BadRosterFileException("the file has no header row (it is blank)");
        }
        String where = "line " + first.line() + " (the header, read as " + reader.format().describe() + ")";
        if (first.rejection() != null) {
            throw new BadRosterFileException(where + ": " + first.rejection());
        }
        RosterHeader header = RosterHeader.of(first.fields());
        String unsendable = RowRules.unsendable(header.names());
        if (unsendable != null) {
            throw new BadRosterFileException(where + ": a column name holds " + unsendable);
        }
        if (!header.has(RosterColumn.PHONE)) {
            boolean holdsPhone = Arrays.stream(first.fields()).anyMatch(field -> normaliser.normalise(field).isValid());
            throw new BadRosterFileException("no phone column in " + where + ", " + header.width() + " columns"
                + (holdsPhone ? "; it holds a phone number, so the file seems to have no header row: add one" : "")
                + "; name the column 휴대폰, 휴대전화, 전화번호, 연락처, mobile or phone");
        }
        return header;
    }
}
