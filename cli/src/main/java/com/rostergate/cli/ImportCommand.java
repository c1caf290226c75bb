package com.rostergate.cli;

import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = "Uploads a roster (CSV, Unicode text or .xlsx) under rosters/<mode>/ and, with --wait,"
                + " follows the import to its end (or its plan).")
final class ImportCommand implements Callable<Integer> {

    /** How long after the upload the ledger item may carry an earlier start time (clock skew between machines). */
    private static final Duration CLOCK_SLACK = Duration.ofMinutes(5);

    private static final long POLL_MILLIS = 500;

    enum Mode {
        full,
        delta
    }

    @ParentCommand
    RosterCtl root;

    @Parameters(
            paramLabel = "FILE",
            description = "The roster: CSV (UTF-8 or Excel's CP949), Unicode text or a workbook (.xlsx).")
    Path file;

    @Option(
            names = "--sheet",
            description = "The sheet of a workbook to read (default: the first); sent as x-amz-meta-sheet.")
    String sheet;

    @Option(
            names = "--mode",
            defaultValue = "full",
            description = "full (the file is the whole roster) or delta (default ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(
            names = "--force",
            description = "Confirm in advance that the upload may change more than the guards allow.")
    boolean force;

    @Option(
            names = "--plan",
            description = "A dry run: the import stops after its plan (PLANNED); rosterctl imports confirm applies it.")
    boolean planOnly;

    @Option(
            names = "--wait",
            description = "Follow the import with a progress bar until it ends, then print its report.")
    boolean waitForEnd;

    @Option(
            names = "--timeout",
            defaultValue = "PT30M",
            description = "Give up waiting after this long (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
        if (!Files.isRegularFile(file)) {
            throw new UserError("No file " + file);
        }
        Target target = root.target();
        String bucket = target.require(target.rosterBucket(), "roster bucket", "--bucket");
        String key = "rosters/" + mode + "/" + file.getFileName();
        Instant uploaded = Instant.now();
        PutObjectResponse put;
        Map<String, String> metadata = new HashMap<>();
        if (force) {
            metadata.put("force", "true");
        }
        if (planOnly) {
            metadata.put("plan", "true");
        }
        if (sheet != null) {
            // S3 metadata is ASCII: percent-encoded UTF-8 (a space as %20, a '+' kept as %2B), which the splitter
            // decodes
            metadata.put(
                    "sheet", URLEncoder.encode(sheet, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        try (S3Client s3 = root.s3()) {
            put = s3.putObject(r -> r.bucket(bucket).key(key).metadata(metadata), RequestBody.fromFile(file));
        }
        Console console = root.console();
        console.note("Uploaded %s to s3://%s/%s", file, bucket, key);
        if (!waitForEnd) {
            if (console.isJson()) {
                console.json(Map.of("bucket", bucket, "key", key, "etag", put.eTag()));
            }
            return RosterCtl.OK;
        }
        ImportRecord record = follow(console, key, put.versionId(), uploaded);
        ImportView.print(console, record);
        return planOnly && record.status() == ImportStatus.PLANNED ? RosterCtl.OK : ImportView.exitCode(record);
    }

    private ImportRecord follow(Console console, String key, String versionId, Instant uploaded)
            throws InterruptedException {
        Instant giveUp = Instant.now().plus(timeout);
        Console.Progress progress = console.progress("Importing " + file.getFileName());
        try (DynamoDbClient dynamoDb = root.dynamoDb()) {
            var ledger = root.ledger(dynamoDb);
            ImportRecord record = null;
            while (Instant.now().isBefore(giveUp)) {
                record = record == null
                        ? find(ledger.recent(20), key, versionId, uploaded)
                        : ledger.get(record.importId());
                if (record != null) {
                    long settled = record.rowsRead() - record.rowsUnaccounted();
                    progress.update(settled, record.rowsRead(), record.status().name());
                    if (ImportView.settled(record)) {
                        progress.finish();
                        return record;
                    }
                }
                Thread.sleep(POLL_MILLIS);
            }
            progress.finish();
            throw new UserError("Gave up waiting after " + timeout
                    + (record == null
                            ? ": no import of " + key
                                    + " appeared in the ledger (rosterctl imports list;"
                                    + " check the splitter's failed-events queue)"
                            : ": import " + record.importId() + " is still " + record.status()));
        }
    }

    private static ImportRecord find(Iterable<ImportRecord> recent, String key, String versionId, Instant uploaded) {
        for (ImportRecord record : recent) {
            boolean sameObject = key.equals(record.key())
                    && (versionId == null
                            || record.versionId() == null
                            || Objects.equals(versionId, record.versionId()));
            if (sameObject && !Instant.parse(record.startedAt()).isBefore(uploaded.minus(CLOCK_SLACK))) {
                return record;
            }
        }
        return null;
    }
}
