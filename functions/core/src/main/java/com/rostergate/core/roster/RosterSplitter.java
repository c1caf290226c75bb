package com.rostergate.core.roster;

import com.rostergate.core.phone.PhoneNormaliser;
import java.io.IOException;

/**
 * Splits a roster file into batches in two streaming passes, in memory with a fixed cap (the
 * duplicate index's). Pass 1 validates every row and indexes phone numbers ({@link DuplicateIndex});
 * it also finds every file-level problem (encoding, binary data, overlong lines, no phone column,
 * too many rows) before anything has been sent, so a failed import has written nothing. Pass 2
 * validates again - the same bytes give the same answers - and hands accepted rows in batches, and
 * rejected rows (including earlier duplicates: the later row of a phone wins) with their reason,
 * to the sink.
 */
public final class RosterSplitter {

    private static final int MAX_HEADER_IN_MESSAGE = 200;

    private final PhoneNormaliser normaliser;

    public RosterSplitter(PhoneNormaliser normaliser) {
        this.normaliser = normaliser;
    }

    public SplitResult split(RosterSource source, SplitSink sink) throws IOException, BadRosterFileException {
        DuplicateIndex duplicates = DuplicateIndex.forFileOf(source.size());
        try (RosterCsv csv = RosterCsv.open(source.open())) {
            RowRules rules = new RowRules(readHeader(csv), normaliser);
            for (RosterCsv.Record record = csv.next(); record != null; record = csv.next()) {
                String phone = rules.acceptedPhone(record.fields());
                if (phone != null) {
                    duplicates.record(DuplicateIndex.key(phone), record.line());
                }
            }
        }
        try (RosterCsv csv = RosterCsv.open(source.open())) {
            RosterHeader header = readHeader(csv);
            RowRules rules = new RowRules(header, normaliser);
            sink.validated();
            sink.header(header.names());
            BatchPacker packer = new BatchPacker(sink::batch);
            long read = 0;
            long valid = 0;
            long rejected = 0;
            long duplicated = 0;
            long deletes = 0;
            for (RosterCsv.Record record = csv.next(); record != null; record = csv.next()) {
                read++;
                RowRules.Outcome outcome = rules.check(record.line(), record.fields());
                if (!outcome.accepted()) {
                    rejected++;
                    sink.rejected(record.line(), record.fields(), outcome.rejection());
                    continue;
                }
                long laterLine = duplicates.laterLine(DuplicateIndex.key(outcome.row().phone()), record.line());
                if (laterLine > 0) {
                    duplicated++;
                    sink.rejected(record.line(), record.fields(), "duplicate phone number: line " + laterLine + " has the same number and is kept");
                    continue;
                }
                valid++;
                deletes += outcome.row().action() == RowAction.DELETE ? 1 : 0;
                packer.add(outcome.row());
            }
            packer.flush();
            return new SplitResult(csv.encoding(), read, valid, rejected, duplicated, deletes, packer.batches());
        }
    }

    private static RosterHeader readHeader(RosterCsv csv) throws BadRosterFileException {
        RosterCsv.Record first = csv.next();
        if (first == null) {
            throw new BadRosterFileException("the file has no header row (it is blank)");
        }
        RosterHeader header = RosterHeader.of(first.fields());
        if (!header.has(RosterColumn.PHONE)) {
            String names = String.join(", ", header.names());
            if (names.length() > MAX_HEADER_IN_MESSAGE) {
                names = names.substring(0, MAX_HEADER_IN_MESSAGE) + "...";
            }
            throw new BadRosterFileException("no phone column in the header [" + names + "]; name it 휴대폰, 휴대전화, 전화번호, 연락처, mobile or phone");
        }
        return header;
    }
}
