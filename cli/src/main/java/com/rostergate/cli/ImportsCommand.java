package com.rostergate.cli;

import com.rostergate.aws.ingest.AwsIngest;
import com.rostergate.aws.ingest.ImportLedger;
import com.rostergate.aws.ingest.ImportReports;
import com.rostergate.core.ingest.Deadline;
import com.rostergate.core.ingest.GaveUpException;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.ingest.usecase.RosterImport;
import com.rostergate.core.telemetry.JsonLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

@Command(
        name = "imports",
        mixinStandardHelpOptions = true,
        description = "The import ledger: list, show, confirm or reject a plan that waits for confirmation.",
        subcommands = {
            ImportsCommand.ListCommand.class,
            ImportsCommand.ShowCommand.class,
            ImportsCommand.ConfirmCommand.class,
            ImportsCommand.RejectCommand.class
        })
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
            console.line(
                    "%-40s %-11s %-5s %9s %9s %9s %9s  %s",
                    "IMPORT", "STATUS", "MODE", "READ", "WRITTEN", "REJECTED", "DLQ", "KEY");
            for (ImportRecord record : records) {
                console.line(
                        "%-40s %-11s %-5s %,9d %,9d %,9d %,9d  %s",
                        record.importId(),
                        record.status(),
                        record.mode(),
                        record.rowsRead(),
                        record.rowsWritten(),
                        record.rowsRejected(),
                        record.rowsDeadLettered(),
                        record.key());
            }
            return RosterCtl.OK;
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description =
                    "One import's counts, status, reason, report locations and its plan's first entries of each list.")
    static final class ShowCommand implements Callable<Integer> {
        @ParentCommand
        ImportsCommand imports;

        @Parameters(paramLabel = "ID")
        String importId;

        @Override
        public Integer call() throws IOException {
            RosterCtl root = imports.root;
            ImportRecord record;
            try (DynamoDbClient dynamoDb = root.dynamoDb()) {
                record = root.ledger(dynamoDb).get(importId);
            }
            if (record == null) {
                throw new UserError(
                        "No import " + importId + " in the ledger (rosterctl imports list shows recent ones)");
            }
            Console console = root.console();
            ImportView.print(console, record);
            if (record.planKey() != null && !console.isJson()) {
                try (S3Client s3 = root.s3()) {
                    ImportView.printPlan(console, reports(root, s3).plan(importId));
                }
            }
            return ImportView.exitCode(record);
        }
    }

    @Command(
            name = "confirm",
            mixinStandardHelpOptions = true,
            description = {
                "Applies the plan of a GUARDED or PLANNED import: exactly the planned file version's rows,"
                        + " then its removals.",
                "Interrupted or timed out, run it again: it resumes."
            })
    static final class ConfirmCommand implements Callable<Integer> {
        @ParentCommand
        ImportsCommand imports;

        @Parameters(paramLabel = "ID")
        String importId;

        @Option(names = "--yes", description = "Do not ask.")
        boolean yes;

        private static final long POLL_MILLIS = 500;

        @Option(
                names = "--timeout",
                defaultValue = "PT10M",
                description =
                        "Stop sending after this long (ISO-8601, default ${DEFAULT-VALUE}); confirm again to resume.")
        Duration timeout;

        @Override
        public Integer call() throws Exception {
            RosterCtl root = imports.root;
            Console console = root.console();
            ExecutorService senders = Executors.newFixedThreadPool(RosterImport.MAX_SENDS_IN_FLIGHT);
            try (AwsIngest aws = root.ingest()) {
                ImportLedger ledger = aws.ledger();
                ImportRecord record = ledger.get(importId);
                if (record == null) {
                    throw new UserError("No import " + importId + " in the ledger");
                }
                if (!yes && record.status().waitsForConfirmation() && !askYes(console, record)) {
                    console.note("Nothing applied.");
                    return RosterCtl.NEGATIVE;
                }
                RosterImport rosterImport = rosterImport(aws, senders);
                Deadline deadline = Deadline.in(timeout.toMillis(), 0);
                ImportRecord after;
                try {
                    after = rosterImport.confirm(importId, deadline, JsonLog.discarding());
                } catch (RosterImport.RefusedException e) {
                    throw new UserError(e.getMessage());
                } catch (GaveUpException | IOException e) {
                    throw new UserError("Confirming " + importId + " stopped: " + e.getMessage()
                            + ". Nothing is lost: run" + " rosterctl imports confirm " + importId + " again to resume");
                }
                while (!ImportView.settled(after) && !deadline.passed()) {
                    Thread.sleep(POLL_MILLIS);
                    after = ledger.get(importId);
                }
                ImportView.print(console, after);
                if (!ImportView.settled(after) && !console.isJson()) {
                    console.note(
                            "The plan is sent and being applied; rosterctl imports show %s until it is COMPLETE.",
                            importId);
                }
                return after.status() == ImportStatus.WRITING || after.status() == ImportStatus.FINALIZING
                        ? RosterCtl.OK
                        : ImportView.exitCode(after);
            } finally {
                senders.shutdownNow();
            }
        }

        private static boolean askYes(Console console, ImportRecord record) throws IOException {
            console.note(
                    "Import %s (%s) would add %,d, update %,d and remove %,d of %,d employees,"
                            + " keeping %,d whose row was rejected."
                            + " Type 'yes' to apply this plan:",
                    record.importId(),
                    record.key(),
                    orZero(record.employeesAdded()),
                    orZero(record.employeesUpdated()),
                    orZero(record.removalCandidates()),
                    orZero(record.rosterSize()),
                    orZero(record.employeesKept()));
            return answeredYes();
        }
    }

    @Command(
            name = "reject",
            mixinStandardHelpOptions = true,
            description = "Discards the plan of a GUARDED or PLANNED import (DISCARDED): nothing is changed.")
    static final class RejectCommand implements Callable<Integer> {
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
            ExecutorService senders = Executors.newSingleThreadExecutor();
            try (AwsIngest aws = root.ingest()) {
                if (!yes) {
                    console.note("Discard the plan of import %s? Type 'yes':", importId);
                    if (!answeredYes()) {
                        console.note("Nothing discarded.");
                        return RosterCtl.NEGATIVE;
                    }
                }
                ImportRecord after;
                try {
                    after = rosterImport(aws, senders).reject(importId, JsonLog.discarding());
                } catch (RosterImport.RefusedException e) {
                    throw new UserError(e.getMessage());
                }
                ImportView.print(console, after);
                return RosterCtl.OK;
            } finally {
                senders.shutdownNow();
            }
        }
    }

    /** The cli's composition root of the import use case: wired as the splitter wires it, on the target's adapters. */
    private static RosterImport rosterImport(AwsIngest aws, ExecutorService senders) {
        return aws.rosterImport(senders);
    }

    private static ImportReports reports(RosterCtl root, S3Client s3) {
        Target target = root.target();
        return new ImportReports(s3, target.require(target.rosterBucket(), "roster bucket", "--bucket"));
    }

    private static boolean answeredYes() throws IOException {
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (answer == null) {
            throw new UserError("No answer on standard input; use --yes to go ahead without asking");
        }
        return "yes".equalsIgnoreCase(answer.strip());
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
