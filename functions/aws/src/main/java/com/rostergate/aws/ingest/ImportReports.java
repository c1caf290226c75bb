package com.rostergate.aws.ingest;

import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportReportJson;
import com.rostergate.core.ingest.port.ReportStore;
import com.rostergate.core.plan.ImportPlan;
import com.rostergate.core.roster.SpreadsheetCells;
import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An import's reports in the bucket: {@code reports/<importId>/rejects.csv} (every row not taken:
 * line, reason, then the original fields under the file's header; UTF-8 with a byte order mark so
 * Excel shows Korean, every cell {@link SpreadsheetCells#neutralise neutralised} so none opens as a formula),
 * {@code reports/<importId>/plan.json} (what the upload changes, {@link ImportPlan})
 * and {@code reports/<importId>/summary.json} (contracts/import-report.schema.json).
 */
public final class ImportReports implements ReportStore {

    private final S3Client s3;
    private final String bucket;

    public ImportReports(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = IngestConfig.require(bucket, "REPORTS_BUCKET");
    }

    public static String summaryKey(String importId) {
        return "reports/" + importId + "/summary.json";
    }

    public static String rejectsKey(String importId) {
        return "reports/" + importId + "/rejects.csv";
    }

    public static String planKey(String importId) {
        return "reports/" + importId + "/plan.json";
    }

    @Override
    public String keyOf(Report report, String importId) {
        return switch (report) {
            case SUMMARY -> summaryKey(importId);
            case REJECTS -> rejectsKey(importId);
            case PLAN -> planKey(importId);
        };
    }

    @Override
    public void putPlan(String importId, ImportPlan plan) {
        s3.putObject(
                r -> r.bucket(bucket).key(planKey(importId)).contentType("application/json"),
                RequestBody.fromBytes(plan.toJson()));
    }

    /** The plan stored for an import. */
    @Override
    public ImportPlan plan(String importId) throws IOException {
        return ImportPlan.fromJson(s3.getObjectAsBytes(r -> r.bucket(bucket).key(planKey(importId)))
                .asByteArray());
    }

    /** Writes the summary of the import as the ledger has it now. */
    @Override
    public void putSummary(ImportRecord record) {
        s3.putObject(
                r -> r.bucket(bucket).key(summaryKey(record.importId())).contentType("application/json"),
                RequestBody.fromBytes(ImportReportJson.of(record)));
    }

    /** Starts streaming the rejects report of an import. */
    @Override
    public Rejects openRejects(String importId) {
        return new Rejects(new S3UploadStream(s3, bucket, rejectsKey(importId), "text/csv; charset=utf-8"));
    }

    /** The rejects report being written; {@link #complete()} stores it, {@link #abort()} stores nothing. */
    public static final class Rejects implements ReportStore.Rejects {
        private final S3UploadStream upload;
        private final CsvWriter csv;

        private Rejects(S3UploadStream upload) {
            this.upload = upload;
            Writer writer = new OutputStreamWriter(upload, StandardCharsets.UTF_8);
            try {
                writer.write('\uFEFF');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            CsvWriterSettings settings = new CsvWriterSettings();
            settings.getFormat().setLineSeparator("\r\n");
            settings.setQuoteEscapingEnabled(true);
            this.csv = new CsvWriter(writer, settings);
        }

        @Override
        public void header(List<String> columns) {
            List<String> header = new ArrayList<>(columns.size() + 2);
            header.add("line");
            header.add("reason");
            header.addAll(columns);
            write(header);
        }

        @Override
        public void reject(long line, String[] fields, String reason) {
            List<String> row = new ArrayList<>(fields.length + 2);
            row.add(Long.toString(line));
            row.add(reason);
            row.addAll(Arrays.asList(fields));
            write(row);
        }

        private void write(List<String> cells) {
            csv.writeRow(cells.stream().map(SpreadsheetCells::neutralise).toList());
        }

        @Override
        public void complete() {
            csv.close();
        }

        @Override
        public void abort() {
            upload.abort();
        }
    }
}
