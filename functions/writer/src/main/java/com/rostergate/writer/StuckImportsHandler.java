package com.rostergate.writer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.rostergate.aws.InvocationLog;
import com.rostergate.aws.ingest.AwsIngest;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.StuckImports;
import com.rostergate.core.ingest.port.Ledger;
import com.rostergate.core.telemetry.EmfMetrics;
import com.rostergate.core.telemetry.JsonLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The scheduled stuck-import check: reads the last week's unsettled imports from the ledger's index
 * and the newest full roster, logs one line per import that stopped moving ({@link StuckImports}), and
 * one line that is also the CloudWatch metrics {@code StuckImports} and {@code IncompleteImports}
 * (namespace Rostergate, Service=ingest) - on every run, zero included, so a silent check shows as missing data.
 * The scheduled event itself carries nothing the check needs. The constructor is the function's composition root.
 */
public final class StuckImportsHandler implements RequestStreamHandler {

    private final Ledger ledger;
    private final StuckImports check;
    private final Clock clock;

    public StuckImportsHandler() {
        this(System.getenv());
    }

    public StuckImportsHandler(Map<String, String> env) {
        AwsIngest aws = AwsIngest.from(env);
        this.ledger = aws.ledger();
        this.check = StuckImports.fromSetting(env.get("STUCK_AFTER_MINUTES"));
        this.clock = aws.clock();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Instant now = clock.instant();
        List<ImportRecord> unsettled = ledger.startedSince(check.oldestStart(now), StuckImports.WATCHED);
        StuckImports.Findings findings = check.check(unsettled, ledger.latest().fullRevision(), now);
        JsonLog log = InvocationLog.of(context);
        for (StuckImports.Stuck stuck : findings.stuck()) {
            ImportRecord record = stuck.record();
            log.warn("stuck-import")
                    .message("no change for " + stuck.idle().toMinutes() + " minutes: rosterctl imports show "
                            + record.importId())
                    .field("importId", record.importId())
                    .field("status", record.status())
                    .field("mode", record.mode())
                    .field("startedAt", record.startedAt())
                    .field("updatedAt", record.updatedAt())
                    .field("idleMinutes", stuck.idle().toMinutes())
                    .field("batchesTotal", record.batchesTotal())
                    .field("batchesWritten", record.batchesWritten())
                    .field("batchesDeadLettered", record.batchesDeadLettered())
                    .field("batchesSuperseded", record.batchesSuperseded())
                    .write();
        }
        int stuckCount = findings.stuck().size();
        int incompleteCount = findings.awaitingReplay().size();
        log.info("stuck-import-check")
                .field("thresholdMinutes", check.threshold().toMinutes())
                .field(
                        "incompleteImportIds",
                        findings.awaitingReplay().stream()
                                .map(ImportRecord::importId)
                                .toList())
                .metrics(new EmfMetrics("ingest")
                        .count("StuckImports", stuckCount)
                        .count("IncompleteImports", incompleteCount))
                .write();
        String summary = "{\"stuckImports\":" + stuckCount + ",\"incompleteImports\":" + incompleteCount + "}";
        output.write(summary.getBytes(StandardCharsets.UTF_8));
    }
}
