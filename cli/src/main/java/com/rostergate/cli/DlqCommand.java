package com.rostergate.cli;

import com.rostergate.aws.ingest.ImportLedger;
import com.rostergate.core.ingest.BatchMessage;
import com.rostergate.core.ingest.BatchState;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.ingest.IngestMessage;
import com.rostergate.core.ingest.IngestMessages;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

@Command(
        name = "dlq",
        mixinStandardHelpOptions = true,
        description = "Inspect and replay dead-lettered roster batches.",
        subcommands = {DlqCommand.ListCommand.class, DlqCommand.ReplayCommand.class})
final class DlqCommand {

    @ParentCommand
    RosterCtl root;

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "One line per dead-lettered batch: import, batch, rows, receive count,"
                    + " failure times and recorded reason.")
    static final class ListCommand implements Callable<Integer> {
        @ParentCommand
        DlqCommand dlq;

        @Override
        public Integer call() {
            RosterCtl root = dlq.root;
            Target target = root.target();
            String dlqUrl = target.require(target.deadLetterQueueUrl(), "dead-letter queue", "--dlq-url");
            List<Map<String, Object>> rows = new ArrayList<>();
            try (SqsClient sqs = root.sqs();
                    DynamoDbClient dynamoDb = root.dynamoDb()) {
                ImportLedger ledger = root.ledger(dynamoDb);
                for (Message message : new DeadLetterQueue(sqs, dlqUrl).peekAll()) {
                    rows.add(describe(message, ledger));
                }
            }
            Console console = root.console();
            if (console.isJson()) {
                console.json(rows);
                return RosterCtl.OK;
            }
            if (rows.isEmpty()) {
                console.line("The dead-letter queue is empty.");
                return RosterCtl.OK;
            }
            console.line(
                    "%-40s %6s %5s %8s %-20s %-20s %s",
                    "IMPORT", "BATCH", "ROWS", "RECEIVES", "FIRST FAILURE", "LAST FAILURE", "REASON");
            for (Map<String, Object> row : rows) {
                console.line(
                        "%-40s %6s %5s %8s %-20s %-20s %s",
                        row.get("import_id"),
                        row.get("batch"),
                        row.get("rows"),
                        row.get("receive_count"),
                        row.get("first_failure"),
                        row.get("last_failure"),
                        row.get("reason"));
            }
            console.line("%d dead-lettered batch(es).", rows.size());
            return RosterCtl.OK;
        }

        private static Map<String, Object> describe(Message message, ImportLedger ledger) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("message_id", message.messageId());
            row.put("receive_count", message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
            row.put("first_failure", sentTime(message));
            IngestMessage ingest;
            try {
                ingest = IngestMessages.decode(message.body());
            } catch (IllegalArgumentException unreadable) {
                row.put("reason", unreadable.getMessage());
                return row;
            }
            row.put("import_id", ingest.importId());
            if (ingest instanceof BatchMessage batch) {
                row.put("batch", batch.batch());
                row.put("rows", batch.rows().size());
                ImportLedger.BatchAttempts attempts = ledger.batchAttempts(batch.importId(), batch.batch());
                if (attempts != null) {
                    row.put("first_failure", attempts.firstFailureAt());
                    row.put("last_failure", attempts.lastFailureAt());
                    row.put("attempts", attempts.attempts());
                    row.put("reason", attempts.lastError());
                }
            } else {
                row.put("batch", "finalize");
                row.put("rows", 0);
            }
            return row;
        }

        private static String sentTime(Message message) {
            String millis = message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
            return millis == null
                    ? null
                    : Instant.ofEpochMilli(Long.parseLong(millis)).toString();
        }
    }

    @Command(
            name = "replay",
            mixinStandardHelpOptions = true,
            description = {
                "Moves dead-lettered batches back to the ingest queue.",
                "Without --import: SQS's own StartMessageMoveTask moves everything, followed to its end.",
                "With --import: only that import's batches; each is journaled, sent, journaled,"
                        + " then deleted from the DLQ,",
                "so an interrupted replay neither loses nor duplicates a message when run again: a message whose send",
                "was interrupted is sent again only if the ledger does not show it handled and the ingest queue is"
                        + " empty."
            })
    static final class ReplayCommand implements Callable<Integer> {
        @ParentCommand
        DlqCommand dlq;

        /** Other imports' messages stay hidden this long while the queue is scanned, then are made visible again. */
        private static final int PARK_SECONDS = 300;

        @Option(names = "--import", paramLabel = "ID", description = "Replay only this import's batches.")
        String importId;

        @Option(names = "--rate", paramLabel = "N", description = "At most N messages per second.")
        Integer rate;

        @Option(names = "--dry-run", description = "Say what would move; move nothing.")
        boolean dryRun;

        @Option(
                names = "--journal",
                paramLabel = "FILE",
                description = "Replay journal (default ~/.rosterctl/replay-<queue>.journal).")
        Path journal;

        @Override
        public Integer call() throws InterruptedException {
            RosterCtl root = dlq.root;
            Target target = root.target();
            String dlqUrl = target.require(target.deadLetterQueueUrl(), "dead-letter queue", "--dlq-url");
            try (SqsClient sqs = root.sqs();
                    DynamoDbClient dynamoDb = root.dynamoDb()) {
                DeadLetterQueue queue = new DeadLetterQueue(sqs, dlqUrl);
                if (importId == null) {
                    return replayAll(root.console(), queue);
                }
                String ingestUrl = target.require(target.ingestQueueUrl(), "ingest queue", "--ingest-queue-url");
                return replayImport(root.console(), queue, ingestUrl, () -> root.ledger(dynamoDb), journalFor(dlqUrl));
            }
        }

        private int replayAll(Console console, DeadLetterQueue queue) throws InterruptedException {
            int depth = queue.approximateDepth();
            if (dryRun || depth == 0) {
                report(console, depth, dryRun ? "would move" : "moved", List.of());
                return RosterCtl.OK;
            }
            String task = queue.startMoveTask(rate);
            Console.Progress progress = console.progress("Moving DLQ -> ingest queue");
            ListMessageMoveTasksResultEntry status;
            do {
                TimeUnit.MILLISECONDS.sleep(500);
                status = queue.moveTask(task);
                progress.update(status.approximateNumberOfMessagesMoved(), depth, status.status());
            } while ("RUNNING".equals(status.status()) || "CANCELLING".equals(status.status()));
            progress.finish();
            if (!"COMPLETED".equals(status.status())) {
                throw new UserError("Move task ended " + status.status() + ": " + status.failureReason());
            }
            report(console, status.approximateNumberOfMessagesMoved().intValue(), "moved", List.of());
            return RosterCtl.OK;
        }

        private int replayImport(
                Console console,
                DeadLetterQueue queue,
                String ingestUrl,
                Supplier<ImportLedger> ledger,
                Path journalFile)
                throws InterruptedException {
            AtomicBoolean stopping = new AtomicBoolean();
            CountDownLatch finished = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                stopping.set(true);
                awaitQuietly(finished);
            });
            Runtime.getRuntime().addShutdownHook(hook);
            List<Message> parked = new ArrayList<>();
            List<String> moved = new ArrayList<>();
            List<String> uncertain = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            int depthAtStart = queue.approximateDepth();
            try (ReplayJournal journal = new ReplayJournal(journalFile)) {
                Console.Progress progress = console.progress("Replaying " + importId);
                long interval = rate == null || rate <= 0 ? 0 : 1000L / rate;
                boolean sawNew = true;
                while (sawNew && !stopping.get()) {
                    sawNew = false;
                    for (Message message : queue.receive(PARK_SECONDS)) {
                        if (!seen.add(message.messageId())) {
                            continue;
                        }
                        if (stopping.get()) {
                            parked.add(message);
                            continue;
                        }
                        sawNew = true;
                        boolean ours = importId.equals(importOf(message));
                        if (!ours || dryRun) {
                            parked.add(message);
                            if (ours) {
                                moved.add(message.messageId());
                            }
                            continue;
                        }
                        if (!sendOnce(message, journal, queue, ingestUrl, ledger)) {
                            uncertain.add(message.messageId());
                            parked.add(message);
                            continue;
                        }
                        queue.delete(message);
                        journal.markDeleted(message.messageId());
                        moved.add(message.messageId());
                        progress.update(moved.size(), depthAtStart, "");
                        if (interval > 0) {
                            TimeUnit.MILLISECONDS.sleep(interval);
                        }
                    }
                }
                progress.finish();
            } finally {
                queue.makeVisible(parked);
                finished.countDown();
                removeHook(hook);
            }
            report(
                    console,
                    moved.size(),
                    dryRun ? "would move" : stopping.get() ? "moved before interruption" : "moved",
                    moved);
            if (!uncertain.isEmpty()) {
                throw new UserError(uncertain.size() + " message(s) whose send an earlier run did not finish"
                        + " may still wait in the ingest queue, which is not empty: kept in the DLQ, not sent twice;"
                        + " run this again once it has drained: " + uncertain);
            }
            return RosterCtl.OK;
        }

        /**
         * Sends {@code message} to the ingest queue once, journaling before and after; true when it is sent.
         * A message journaled SENDING was being sent when a run was interrupted: it counts as sent when the
         * ledger shows it handled, is sent (again) when the ingest queue holds nothing it could be waiting in,
         * and is left alone (false) otherwise.
         */
        private static boolean sendOnce(
                Message message,
                ReplayJournal journal,
                DeadLetterQueue queue,
                String ingestUrl,
                Supplier<ImportLedger> ledger) {
            String id = message.messageId();
            ReplayJournal.State state = journal.state(id);
            if (state == ReplayJournal.State.SENT) {
                return true;
            }
            if (state == ReplayJournal.State.SENDING) {
                if (handled(IngestMessages.decode(message.body()), ledger.get())) {
                    journal.markSent(id);
                    return true;
                }
                if (queue.approximateDepth(ingestUrl) > 0) {
                    return false;
                }
            }
            journal.markSending(id);
            queue.sendTo(ingestUrl, message);
            journal.markSent(id);
            return true;
        }

        /** The writer handled a copy: the batch is written or superseded, or the import waits for no finalize step. */
        private static boolean handled(IngestMessage message, ImportLedger ledger) {
            if (message instanceof BatchMessage batch) {
                BatchState state = ledger.batchState(batch.importId(), batch.batch());
                return state == BatchState.WRITTEN || state == BatchState.SUPERSEDED;
            }
            ImportRecord record = ledger.get(message.importId());
            return record != null && !ImportStatus.unsettled().contains(record.status());
        }

        private void report(Console console, int count, String verb, List<String> messageIds) {
            if (console.isJson()) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("import_id", importId);
                result.put("dry_run", dryRun);
                result.put("result", verb);
                result.put("messages", count);
                result.put("message_ids", messageIds);
                console.json(result);
            } else {
                console.line(
                        "%s %d message(s)%s.",
                        verb.substring(0, 1).toUpperCase() + verb.substring(1),
                        count,
                        importId == null ? "" : " of import " + importId);
                messageIds.forEach(id -> console.line("  %s", id));
            }
        }

        /** The import a dead-lettered message belongs to; null for a body that is not an ingest message. */
        private static String importOf(Message message) {
            try {
                return IngestMessages.decode(message.body()).importId();
            } catch (IllegalArgumentException unreadable) {
                return null;
            }
        }

        private Path journalFor(String dlqUrl) {
            if (journal != null) {
                return journal;
            }
            String name = "replay-" + Integer.toHexString(dlqUrl.hashCode()) + ".journal";
            return Path.of(System.getProperty("user.home"), ".rosterctl", name);
        }

        private static void awaitQuietly(CountDownLatch latch) {
            try {
                latch.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void removeHook(Thread hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already stopping: the hook is running and waits for us.
            }
        }
    }
}
