package com.rostergate.cli;

import com.rostergate.aws.ingest.EmployeeTable;
import com.rostergate.aws.ingest.ImportEvents;
import com.rostergate.aws.ingest.ImportFinalizer;
import com.rostergate.aws.ingest.ImportLedger;
import com.rostergate.aws.ingest.ImportReports;
import com.rostergate.aws.ingest.IngestConfig;
import com.rostergate.aws.ingest.IngestQueue;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.telemetry.JsonLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

@Command(name = "imports", mixinStandardHelpOptions = true, description = "The import ledger: list, show, confirm a guarded removal.",
    subcommands = {ImportsCommand.ListCommand.class, ImportsCommand.ShowCommand.class, ImportsCommand.ConfirmCommand.class})
final class ImportsCommand {

    @ParentCommand
    RosterCtl root;

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Recent imports, newest first.")
    static final class ListCommand implements Callable<Integer> {
        @ParentCommand
        ImportsCommand imports;

        @Option(names = "--limit", defaultValue = "20", description = "At most this many (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            List<ImportRecord> records;
            try (DynamoDbClient dynamoDb = imports.root.dynamoDb()) {
                records = imports.root.ledger(dynamoDb).recent(limit);
            }
            Console console = imports.root.console();
            if (console.isJson()) {
                console.json(records);
                return RosterCtl.OK;
            }
            console.line("%-40s %-11s %-5s %9s %9s %9s %9s  %s", "IMPORT", "STATUS", "MODE", "READ", "WRITTEN", "REJECTED", "DLQ", "KEY");
            for (ImportRecord record : records) {
                console.line("%-40s %-11s %-5s %,9d %,9d %,9d %,9d  %s", record.importId(), record.status(), record.mode(),
                    record.rowsRead(), record.rowsWritten(), record.rowsRejected(), record.rowsDeadLettered(), record.key());
            }
            return RosterCtl.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One import's counts, status, reason and report locations.")
    static final class ShowCommand implements Callable<Integer> {
        @ParentCommand
        ImportsCommand imports;

        @Parameters(paramLabel = "ID")
        String importId;

        @Override
        public Integer call() {
            ImportRecord record;
            try (DynamoDbClient dynamoDb = imports.root.dynamoDb()) {
                record = imports.root.ledger(dynamoDb).get(importId);
            }
            if (record == null) {
                throw new UserError("No import " + importId + " in the ledger (rosterctl imports list shows recent ones)");
            }
            ImportView.print(imports.root.console(), record);
            return ImportView.exitCode(record);
        }
    }

    @Command(name = "confirm", mixinStandardHelpOptions = true,
        description = "Applies a GUARDED full import's removals: deletes the employees its file did not hold.")
    static final class ConfirmCommand implements Callable<Integer> {
        @ParentCommand
        ImportsCommand imports;

        @Parameters(paramLabel = "ID")
        String importId;

        @Option(names = "--yes", description = "Do not ask.")
        boolean yes;

        @Override
        public Integer call() throws Exception {
            RosterCtl root = imports.root;
            Console console = root.console();
            IngestConfig config = IngestConfig.from(root.target().ingestEnvironment());
            try (DynamoDbClient dynamoDb = root.dynamoDb(); SqsClient sqs = root.sqs(); S3Client s3 = root.s3();
                 EventBridgeClient eventBridge = root.eventBridge()) {
                ImportLedger ledger = root.ledger(dynamoDb);
                ImportRecord record = ledger.get(importId);
                if (record == null) {
                    throw new UserError("No import " + importId + " in the ledger");
                }
                if (record.status() != ImportStatus.GUARDED) {
                    throw new UserError("Import " + importId + " is " + record.status() + ", not GUARDED: nothing to confirm");
                }
                if (!yes && !askYes(console, record)) {
                    console.note("Nothing removed.");
                    return RosterCtl.NEGATIVE;
                }
                ImportFinalizer finalizer = new ImportFinalizer(ledger, new EmployeeTable(dynamoDb, config.employeesTable()),
                    new IngestQueue(sqs, config.ingestQueueUrl()), new ImportReports(s3, config.reportsBucket()),
                    new ImportEvents(eventBridge, config.eventBusName(), config.reportsBucket()), config.removalGuard());
                ImportRecord after = finalizer.applyGuardedRemoval(importId, JsonLog.discarding());
                ImportView.print(console, after);
                return ImportView.exitCode(after);
            }
        }

        private static boolean askYes(Console console, ImportRecord record) throws IOException {
            console.note("Import %s would remove %,d of %,d employees (not in %s). Type 'yes' to remove them:",
                record.importId(), record.removalCandidates(), record.rosterSize(), record.key());
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (answer == null) {
                throw new UserError("No answer on standard input; use --yes to confirm without asking");
            }
            return "yes".equalsIgnoreCase(answer.strip());
        }
    }
}
