package com.rostergate.core.roster;

import com.rostergate.core.phone.PhoneNormaliser;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a roster file into batches in streaming passes, in memory with a fixed cap (the duplicate
 * index's). Pass 1 ({@link #index}) validates every row and indexes phone numbers ({@link DuplicateIndex});
 * it also finds every file-level problem (encoding, binary data, overlong lines, no phone column, too many
 * rows) before anything has been sent, so a failed import has written nothing. Each later pass
 * ({@link Indexed#pass}) validates again - the same bytes give the same answers - and hands accepted rows,
 * and rejected rows (including earlier duplicates: the later row of a phone wins) with their reason, to a
 * {@link Rows}. {@link #split} is pass 1 and one pass that packs the rows into batches. A record the reader
 * could not take apart (a runaway quote, an overlong line) is a rejected row, and the rows after it are
 * read as usual.
 */
public final class RosterSplitter {

    private final PhoneNormaliser normaliser;

    public RosterSplitter(PhoneNormaliser normaliser) {
        this.normaliser = normaliser;
    }

    /** What one pass over the file hands out, in file order. */
    public interface Rows {
        void header(List<String> columns) throws IOException;

        /** A row to write: the last row of its phone in the file. */
        void accepted(RosterRow row) throws IOException;

        /**
         * A row that will not be written, with its original fields and why; {@code identity} is null for an earlier
         * duplicate.
         */
        void rejected(long line, String[] fields, String reason, RowRules.Identity identity) throws IOException;
    }

    public SplitResult split(RosterSource source, SplitSink sink) throws IOException, BadRosterFileException {
        try (Indexed indexed = index(source)) {
            sink.validated();
            BatchPacker packer = new BatchPacker(sink::batch);
            SplitResult result = indexed.pass(new Rows() {
                @Override
                public void header(List<String> columns) throws IOException {
                    sink.header(columns);
                }

                @Override
                public void accepted(RosterRow row) throws IOException {
                    packer.add(row);
                }

                @Override
                public void rejected(long line, String[] fields, String reason, RowRules.Identity identity)
                        throws IOException {
                    sink.rejected(line, fields, reason);
                }
            });
            packer.flush();
            return result;
        }
    }

    /**
     * Pass 1: the file is readable as a roster, and its phone numbers are indexed. Close the result after the last
     * pass.
     */
    public Indexed index(RosterSource source) throws IOException, BadRosterFileException {
        DuplicateIndex duplicates = DuplicateIndex.forFileOf(source.size());
        RosterFile file = RosterFile.open(source);
        try (RosterReader reader = file.read()) {
            RowRules rules = new RowRules(readHeader(reader), normaliser);
            for (RosterReader.Record record = reader.next(); record != null; record = reader.next()) {
                String phone = record.rejection() == null ? rules.acceptedPhone(record.fields()) : null;
                if (phone != null) {
                    duplicates.record(DuplicateIndex.key(phone), record.line());
                }
            }
        } catch (IOException | BadRosterFileException | RuntimeException e) {
            file.close();
            throw e;
        }
        return new Indexed(file, duplicates);
    }

    /** A file pass 1 has read; each {@link #pass} reads it again with what pass 1 learnt. */
    public final class Indexed implements AutoCloseable {
        private final RosterFile file;
        private final DuplicateIndex duplicates;

        private Indexed(RosterFile file, DuplicateIndex duplicates) {
            this.file = file;
            this.duplicates = duplicates;
        }

        /** One more pass over the file; {@code batches} in the result counts the batches its accepted rows fill. */
        public SplitResult pass(Rows rows) throws IOException, BadRosterFileException {
            try (RosterReader reader = file.read()) {
                RosterHeader header = readHeader(reader);
                RowRules rules = new RowRules(header, normaliser);
                rows.header(header.names());
                long read = 0;
                long valid = 0;
                long rejected = 0;
                long duplicated = 0;
                long deletes = 0;
                for (RosterReader.Record record = reader.next(); record != null; record = reader.next()) {
                    read++;
                    RowRules.Outcome outcome =
                            record.rejection() == null ? rules.check(record.line(), record.fields()) : null;
                    if (outcome == null || !outcome.accepted()) {
                        rejected++;
                        String reason = outcome == null ? record.rejection() : outcome.rejection();
                        rows.rejected(record.line(), record.fields(), reason, rules.identity(record.fields()));
                        continue;
                    }
                    long laterLine = duplicates.laterLine(
                            DuplicateIndex.key(outcome.row().phone()), record.line());
                    if (laterLine > 0) {
                        duplicated++;
                        rows.rejected(
                                record.line(),
                                record.fields(),
                                "duplicate phone number: line " + laterLine + " has the same number and is kept",
                                null);
                        continue;
                    }
                    valid++;
                    deletes += outcome.row().action() == RowAction.DELETE ? 1 : 0;
                    rows.accepted(outcome.row());
                }
                int batches = (int) ((valid + BatchPacker.MAX_ROWS - 1) / BatchPacker.MAX_ROWS);
                return new SplitResult(reader.format(), read, valid, rejected, duplicated, deletes, batches);
            }
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
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
        String where = "line " + first.line() + " (the header, read as "
                + reader.format().describe() + ")";
        if (first.rejection() != null) {
            throw new BadRosterFileException(where + ": " + first.rejection());
        }
        RosterHeader header = RosterHeader.of(first.fields());
        String unsendable = RowRules.unsendable(header.names());
        if (unsendable != null) {
            throw new BadRosterFileException(where + ": a column name holds " + unsendable);
        }
        if (!header.has(RosterColumn.PHONE)) {
            boolean holdsPhone = Arrays.stream(first.fields())
                    .anyMatch(field -> normaliser.normalise(field).isValid());
            throw new BadRosterFileException("no phone column in " + where + ", " + header.width() + " columns"
                    + (holdsPhone ? "; it holds a phone number, so the file seems to have no header row: add one" : "")
                    + "; name the column 휴대폰, 휴대전화, 전화번호, 연락처, mobile or phone");
        }
        return header;
    }
}
