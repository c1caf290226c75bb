package com.rostergate.core.ingest.usecase;

import com.rostergate.core.ingest.BatchMessage;
import com.rostergate.core.ingest.Deadline;
import com.rostergate.core.ingest.GaveUpException;
import com.rostergate.core.ingest.ImportAttribute;
import com.rostergate.core.ingest.ImportChanges;
import com.rostergate.core.ingest.ImportIdentity;
import com.rostergate.core.ingest.ImportMode;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.ingest.RosterUpload;
import com.rostergate.core.ingest.Sleeper;
import com.rostergate.core.ingest.StuckImports;
import com.rostergate.core.ingest.WriteFence;
import com.rostergate.core.ingest.port.BatchQueue;
import com.rostergate.core.ingest.port.EmployeeStore;
import com.rostergate.core.ingest.port.Ledger;
import com.rostergate.core.ingest.port.OutcomeEvents;
import com.rostergate.core.ingest.port.ReportStore;
import com.rostergate.core.ingest.port.ReportStore.Report;
import com.rostergate.core.ingest.port.RosterFiles;
import com.rostergate.core.ingest.port.RosterFiles.RosterFile;
import com.rostergate.core.plan.ChangeGuard;
import com.rostergate.core.plan.CurrentRoster;
import com.rostergate.core.plan.ImportPlan;
import com.rostergate.core.plan.RosterPlanner;
import com.rostergate.core.roster.BadRosterFileException;
import com.rostergate.core.roster.BatchPacker;
import com.rostergate.core.roster.RosterRow;
import com.rostergate.core.roster.RosterSplitter;
import com.rostergate.core.roster.RowRules;
import com.rostergate.core.roster.SplitResult;
import com.rostergate.core.telemetry.ImportTelemetry;
import com.rostergate.core.telemetry.JsonLog;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * Turns one upload event into an import: records it in the ledger (the same event again is the same
 * import), plans it, and only then - when the {@link ChangeGuard} allows it, or the upload is forced -
 * sends its batch messages to the writers. Plan before change: pass 1 checks the file, the plan pass
 * compares every row with the roster as it was before the upload ({@link RosterPlanner}) and streams the
 * rejects report; the plan goes to the ledger and {@code plan.json}. A guarded plan (GUARDED) or a dry run
 * (PLANNED) changes nothing - it does not even claim to be the newest upload, so an older import still writing
 * goes on - and waits for {@link #confirm} or {@link #reject}.
 * A file that cannot be a roster, or a roster that cannot be read, makes the import FAILED with the
 * reason; nothing is thrown for it. Transient infrastructure errors are thrown, so Lambda retries the
 * event; a retry of an import still SPLITTING plans and sends it again - the same numbered batches, which
 * the writers count only once.
 */
public final class RosterImport {

    /** SendMessageBatch calls in flight at once. */
    public static final int MAX_SENDS_IN_FLIGHT = 8;

    private static final Set<ImportStatus> WAITING = EnumSet.of(ImportStatus.GUARDED, ImportStatus.PLANNED);

    private final RosterFiles files;
    private final Ledger ledger;
    private final EmployeeStore employees;
    private final BatchQueue queue;
    private final ReportStore reports;
    private final OutcomeEvents events;
    private final RosterSplitter splitter;
    private final ChangeGuard guard;
    private final ExecutorService senders;
    private final Clock clock;
    private final Duration writeFence;
    private final Sleeper sleeper;

    /**
     * {@code writeFence}: {@link WriteFence#FENCE}, or zero where no write can be in flight while another import
     * registers (a test); waited out with the thread's sleep.
     */
    public RosterImport(
            RosterFiles files,
            Ledger ledger,
            EmployeeStore employees,
            BatchQueue queue,
            ReportStore reports,
            OutcomeEvents events,
            RosterSplitter splitter,
            ChangeGuard guard,
            ExecutorService senders,
            Clock clock,
            Duration writeFence) {
        this(
                files,
                ledger,
                employees,
                queue,
                reports,
                events,
                splitter,
                guard,
                senders,
                clock,
                writeFence,
                Sleeper.THREAD);
    }

    /** {@code sleeper} waits out the write fence (measured on {@code clock}). */
    public RosterImport(
            RosterFiles files,
            Ledger ledger,
            EmployeeStore employees,
            BatchQueue queue,
            ReportStore reports,
            OutcomeEvents events,
            RosterSplitter splitter,
            ChangeGuard guard,
            ExecutorService senders,
            Clock clock,
            Duration writeFence,
            Sleeper sleeper) {
        this.files = files;
        this.ledger = ledger;
        this.employees = employees;
        this.queue = queue;
        this.reports = reports;
        this.events = events;
        this.splitter = splitter;
        this.guard = guard;
        this.senders = senders;
        this.clock = clock;
        this.writeFence = writeFence;
        this.sleeper = sleeper;
    }

    /** An operator's confirm or reject that cannot be done; the message says why and what to do. */
    public static final class RefusedException extends Exception {
        public RefusedException(String message) {
            super(message);
        }
    }

    /** {@code log}: the invocation's log; its lines about this import also name it. */
    public ImportRecord run(RosterUpload upload, Deadline deadline, JsonLog invocationLog)
            throws IOException, GaveUpException {
        ImportIdentity identity = ImportIdentity.of(upload);
        JsonLog log = invocationLog.with("importId", identity.importId());
        ImportMode mode = ImportMode.forKey(upload.key());
        ledger.create(ImportRecord.started(
                upload, identity, mode, clock.instant(), reports.keyOf(Report.SUMMARY, identity.importId())));
        ImportRecord record = ledger.get(identity.importId());
        if (record.status() != ImportStatus.SPLITTING) {
            log.info("import-redelivered")
                    .message("the upload's event was delivered again; the import was already split")
                    .field("status", record.status().name())
                    .write();
            queue.finalizeIfSettled(record, deadline);
            return record;
        }
        if (mode == null) {
            return end(
                    identity.importId(),
                    ImportStatus.FAILED,
                    ImportChanges.error(ImportMode.wrongKeyReason(upload.key())),
                    log);
        }
        RosterFile object;
        try {
            object = files.open(upload);
        } catch (RosterFiles.GoneException e) {
            return end(
                    identity.importId(),
                    ImportStatus.FAILED,
                    ImportChanges.error("the file was deleted before it could be read"),
                    log);
        }
        return planFile(record, identity, mode, object, deadline, log);
    }

    /**
     * Pass 1 over the file; a file that is not a roster is returned as null after the import is FAILED with the reason.
     */
    private RosterSplitter.Indexed index(String importId, RosterFile object, JsonLog log) throws IOException {
        try {
            return splitter.index(object);
        } catch (BadRosterFileException e) {
            end(importId, ImportStatus.FAILED, ImportChanges.error(e.getMessage()), log);
            return null;
        }
    }

    /**
     * Pass 1, the plan, and - only if the plan may be applied - the claim as the newest upload and the send pass.
     * An import an operator confirmed (its event delivered again while it is SPLITTING) is sent without planning again.
     */
    private ImportRecord planFile(
            ImportRecord record,
            ImportIdentity identity,
            ImportMode mode,
            RosterFile object,
            Deadline deadline,
            JsonLog log)
            throws IOException, GaveUpException {
        String importId = identity.importId();
        boolean confirmed = record.confirmedAt() != null;
        boolean planOnly = !confirmed && object.planOnly();
        RosterSplitter.Indexed indexed = index(importId, object, log);
        if (indexed == null) {
            return ledger.get(importId);
        }
        try (indexed) {
            return plan(record, identity, mode, object, indexed, planOnly, deadline, log);
        }
    }

    private ImportRecord plan(
            ImportRecord record,
            ImportIdentity identity,
            ImportMode mode,
            RosterFile object,
            RosterSplitter.Indexed indexed,
            boolean planOnly,
            Deadline deadline,
            JsonLog log)
            throws IOException, GaveUpException {
        String importId = identity.importId();
        if (record.confirmedAt() != null) { // its event again while a confirm applies its plan
            if (!claimNewest(identity, mode, Set.of(ImportStatus.SPLITTING), log)) {
                return ledger.get(importId);
            }
            return send(identity, mode, indexed, ImportChanges.error(null), deadline, log);
        }
        Ledger.Latest latest = ledger.latest();
        if (latest.fullNewerThan(identity.revision())) { // a late event: nothing to plan against
            return end(importId, ImportStatus.SUPERSEDED, supersededBy(latest), log);
        }
        Instant plannedAt = clock.instant();
        boolean othersBefore = ledger.anyUnsettledBesides(importId);
        RosterPlanner planner;
        try {
            planner = planner(mode, deadline);
        } catch (CurrentRoster.RosterUnreadableException e) {
            return end(
                    importId,
                    ImportStatus.FAILED,
                    ImportChanges.error(e.getMessage() + "; no plan was made and nothing was changed"),
                    log);
        }
        ReportStore.Rejects rejects = reports.openRejects(importId);
        SplitResult result;
        try {
            result = indexed.pass(new PlanRows(planner, rejects));
            rejects.complete();
        } catch (BadRosterFileException e) {
            rejects.abort();
            return end(importId, ImportStatus.FAILED, ImportChanges.error(e.getMessage()), log);
        } catch (IOException | RuntimeException e) {
            rejects.abort();
            throw e;
        }
        ImportPlan plan = planner.plan();
        reports.putPlan(importId, plan);
        boolean forced = object.forced();
        log.info("import-planned")
                .field("mode", mode.name())
                .field("rosterSize", plan.rosterSize())
                .field("added", plan.added())
                .field("updated", plan.updated())
                .field("unchanged", plan.unchanged())
                .field("removed", plan.removed())
                .field("kept", plan.kept())
                .field("rowsRejected", plan.rowsRejected())
                .write();
        Optional<String> refusal = forced ? Optional.empty() : guard.refusal(plan);
        if (planOnly) {
            return end(
                    importId,
                    ImportStatus.PLANNED,
                    totals(importId, result, plan, forced, object.etag())
                            .set(
                                    ImportAttribute.ERROR,
                                    "a dry run (the upload asked for its plan only): nothing was changed;"
                                            + " rosterctl imports confirm " + importId + " applies this plan,"
                                            + " rosterctl imports reject " + importId + " discards it"),
                    log);
        }
        if (refusal.isPresent()) {
            return end(
                    importId,
                    ImportStatus.GUARDED,
                    totals(importId, result, plan, forced, object.etag())
                            .set(ImportAttribute.ERROR, refusal.get().replace("<import id>", importId)),
                    log);
        }
        // Only now, with a plan that may be applied, does the upload claim to be the newest: a guarded plan or a
        // dry run must not overtake an older import that is still writing.
        if (!claimNewest(identity, mode, Set.of(ImportStatus.SPLITTING), log)) {
            return ledger.get(importId);
        }
        if (othersBefore || othersSince(importId, plannedAt)) {
            plan = replan(importId, mode, indexed, plan, deadline, log);
        }
        return send(identity, mode, indexed, totals(importId, result, plan, forced, object.etag()), deadline, log);
    }

    /**
     * Claims the upload as the newest of its mode and waits out the write fence. False when a newer full roster
     * has claimed first: the import is then SUPERSEDED (from one of {@code from}) and nothing of it is applied.
     */
    private boolean claimNewest(ImportIdentity identity, ImportMode mode, Set<ImportStatus> from, JsonLog log) {
        Instant claimedAt = clock.instant();
        Ledger.Latest latest = ledger.claimLatest(identity, mode);
        if (latest.fullNewerThan(identity.revision())) {
            end(identity.importId(), from, ImportStatus.SUPERSEDED, supersededBy(latest), log);
            return false;
        }
        awaitFence(identity.importId(), claimedAt);
        return true;
    }

    private static ImportChanges supersededBy(Ledger.Latest latest) {
        return ImportChanges.error("a newer full roster (import " + latest.fullImportId()
                + ") was uploaded first; nothing of this file was applied");
    }

    /**
     * Whether another import may have written since {@code plannedAt}: one is still unsettled after the fence, or
     * one registered or was confirmed since (it may have written and settled in between). Confirms are looked for
     * among the imports of {@link StuckImports#LOOKBACK}, as the ledger's index lists them.
     */
    private boolean othersSince(String importId, Instant plannedAt) {
        String since = ImportRecord.timestamp(plannedAt);
        return ledger.anyUnsettledBesides(importId)
                || ledger
                        .startedSince(plannedAt.minus(StuckImports.LOOKBACK), EnumSet.allOf(ImportStatus.class))
                        .stream()
                        .filter(other -> !other.importId().equals(importId))
                        .anyMatch(other -> other.startedAt().compareTo(since) >= 0
                                || other.confirmedAt() != null
                                        && other.confirmedAt().compareTo(since) >= 0);
    }

    /**
     * The plan made again after the claim and the write fence, on the roster other imports' writes have left since
     * the first plan: the plan applied (its removals above all) must see their rows. They are rows this newer upload
     * overrides, so the guard, which judged the plan against the roster before this upload, is not asked again.
     * Stored when it differs.
     */
    private ImportPlan replan(
            String importId,
            ImportMode mode,
            RosterSplitter.Indexed indexed,
            ImportPlan planned,
            Deadline deadline,
            JsonLog log)
            throws IOException, GaveUpException {
        ImportPlan now = planAgain(mode, indexed, deadline);
        if (!now.equals(planned)) {
            reports.putPlan(importId, now);
            log.info("import-replanned")
                    .message("other imports wrote since the plan was made; the plan applied is made on what they left")
                    .field("rosterSize", now.rosterSize())
                    .field("added", now.added())
                    .field("removed", now.removed())
                    .field("kept", now.kept())
                    .write();
        }
        return now;
    }

    /** The file planned again on the roster as it is now, without a rejects report. */
    private ImportPlan planAgain(ImportMode mode, RosterSplitter.Indexed indexed, Deadline deadline)
            throws IOException, GaveUpException {
        RosterPlanner planner;
        try {
            planner = planner(mode, deadline);
            indexed.pass(new PlanRows(planner, null));
        } catch (CurrentRoster.RosterUnreadableException e) {
            throw new GaveUpException(e.getMessage(), e);
        } catch (BadRosterFileException e) {
            throw new IllegalStateException("the planned file no longer reads as a roster: " + e.getMessage(), e);
        }
        return planner.plan();
    }

    /**
     * The operator's confirmation of a GUARDED or PLANNED import: applies exactly its plan - the planned file
     * version's rows, then the planned removals. Refused (nothing changes) unless the import waits for
     * confirmation, or when the file changed since it was planned; if a newer full roster exists the import
     * becomes SUPERSEDED. Interrupted or stopped at {@code deadline}, it leaves the import SPLITTING with
     * {@code confirmed_at} set, and confirming again resumes it (batches already sent are counted once).
     */
    public ImportRecord confirm(String importId, Deadline deadline, JsonLog operatorLog)
            throws RefusedException, IOException, GaveUpException {
        JsonLog log = operatorLog.with("importId", importId);
        ImportRecord record = existing(importId);
        boolean resuming = record.status() == ImportStatus.SPLITTING && record.confirmedAt() != null;
        if (!resuming && !record.status().waitsForConfirmation()) {
            throw new RefusedException("import " + importId + " is " + record.status()
                    + ", not waiting for confirmation (GUARDED or PLANNED):" + " nothing to confirm");
        }
        RosterFile object = plannedVersion(record);
        RosterSplitter.Indexed indexed;
        try {
            indexed = splitter.index(object);
        } catch (BadRosterFileException e) {
            throw new IllegalStateException("the planned file no longer reads as a roster: " + e.getMessage(), e);
        }
        try (indexed) {
            return confirm(record, indexed, resuming, deadline, log);
        }
    }

    private ImportRecord confirm(
            ImportRecord record, RosterSplitter.Indexed indexed, boolean resuming, Deadline deadline, JsonLog log)
            throws RefusedException, IOException, GaveUpException {
        String importId = record.importId();
        ImportIdentity identity = new ImportIdentity(importId, record.revision());
        ImportChanges changes = ImportChanges.error(null);
        if (resuming) {
            if (!claimNewest(identity, record.mode(), Set.of(ImportStatus.SPLITTING), log)) {
                return ledger.get(importId);
            }
        } else {
            // Nothing is claimed before the plan is known to hold: a refused confirm changes nothing.
            Ledger.Latest latest = ledger.latest();
            if (latest.fullNewerThan(record.revision())) {
                return end(importId, WAITING, ImportStatus.SUPERSEDED, supersededBy(latest), log);
            }
            Instant plannedAt = clock.instant();
            boolean othersBefore = ledger.anyUnsettledBesides(importId);
            requireSamePlan(record, indexed, deadline);
            ImportChanges confirmation = ImportChanges.error(null)
                    .set(ImportAttribute.FORCE, true)
                    .set(ImportAttribute.CONFIRMED_AT, ImportRecord.timestamp(clock.instant()));
            if (!ledger.transition(importId, WAITING, ImportStatus.SPLITTING, confirmation)) {
                throw new RefusedException("import " + importId
                        + " changed while being confirmed; look at it again (rosterctl imports show)");
            }
            if (!claimNewest(identity, record.mode(), Set.of(ImportStatus.SPLITTING), log)) {
                return ledger.get(importId);
            }
            if (othersBefore || othersSince(importId, plannedAt)) {
                withPlan(changes, replan(importId, record.mode(), indexed, reports.plan(importId), deadline, log));
            }
        }
        log.info("plan-confirmed").field("resumed", resuming).write();
        return send(identity, record.mode(), indexed, changes, deadline, log);
    }

    /**
     * Plans the file again on the roster as it is now: applying the stored plan is "exactly that plan" only while
     * the roster is as it was when it was made. (A resumed confirm skips this: its own rows are in the roster.)
     */
    private void requireSamePlan(ImportRecord record, RosterSplitter.Indexed indexed, Deadline deadline)
            throws RefusedException, IOException, GaveUpException {
        ImportPlan stored = reports.plan(record.importId());
        ImportPlan now = planAgain(record.mode(), indexed, deadline);
        if (!now.equals(stored)) {
            throw new RefusedException(String.format(
                    Locale.ROOT,
                    "the roster changed since import %s was planned (it had %d employees, now %d; the plan"
                            + " added %d and removed %d, now it would add %d and remove %d): nothing was applied."
                            + " Upload the file again for a new plan, or rosterctl imports reject %s",
                    record.importId(),
                    stored.rosterSize(),
                    now.rosterSize(),
                    stored.added(),
                    stored.removed(),
                    now.added(),
                    now.removed(),
                    record.importId()));
        }
    }

    private RosterPlanner planner(ImportMode mode, Deadline deadline) throws CurrentRoster.RosterUnreadableException {
        return new RosterPlanner(mode, employees.current(deadline));
    }

    /** The operator's rejection of a GUARDED or PLANNED import's plan: DISCARDED, nothing changed. */
    public ImportRecord reject(String importId, JsonLog operatorLog) throws RefusedException {
        ImportRecord record = existing(importId);
        if (!record.status().waitsForConfirmation()) {
            throw new RefusedException("import " + importId + " is " + record.status()
                    + ", not waiting for confirmation (GUARDED or PLANNED):" + " nothing to reject");
        }
        ImportRecord after = end(
                importId,
                WAITING,
                ImportStatus.DISCARDED,
                ImportChanges.error("the plan was rejected by an operator at " + ImportRecord.timestamp(clock.instant())
                        + "; nothing was changed"),
                operatorLog.with("importId", importId));
        if (after.status() != ImportStatus.DISCARDED) {
            throw new RefusedException(
                    "import " + importId + " changed while being rejected; it is " + after.status() + " now");
        }
        return after;
    }

    private ImportRecord existing(String importId) throws RefusedException {
        ImportRecord record = ledger.get(importId);
        if (record == null) {
            throw new RefusedException(
                    "no import " + importId + " in the ledger (rosterctl imports list shows recent ones)");
        }
        return record;
    }

    /** The file version the plan was made from, or a refusal when it is gone or changed. */
    private RosterFile plannedVersion(ImportRecord record) throws RefusedException {
        String location = "s3://" + record.bucket() + "/" + record.key()
                + (record.versionId() == null ? "" : " version " + record.versionId());
        RosterFile object;
        try {
            object = files.open(new RosterUpload(
                    record.bucket(), record.key(), record.versionId(), record.etag(), null, 0, clock.instant()));
        } catch (RosterFiles.GoneException e) {
            throw new RefusedException(
                    "the planned file " + location + " is gone: nothing was applied; upload the file again");
        }
        if (!Objects.equals(object.etag(), record.etag())) {
            throw new RefusedException(
                    "the file " + location + " changed since it was planned (ETag " + record.etag() + " then, "
                            + object.etag()
                            + " now): nothing was applied. Upload it again to plan the new version, "
                            + "or rosterctl imports reject "
                            + record.importId());
        }
        return object;
    }

    /**
     * While another import may still be writing, waits until {@code writeFence} ({@link WriteFence#FENCE}) has passed
     * since this upload claimed to be the newest: every unconditional write decided before the claim has landed by
     * then, so the plan reads the roster they leave and this import's rows land after them.
     */
    private void awaitFence(String importId, Instant claimedAt) {
        if (ledger.anyUnsettledBesides(importId)) {
            Duration wait = writeFence.minus(Duration.between(claimedAt, clock.instant()));
            if (!wait.isNegative() && !wait.isZero()) {
                sleeper.sleep(wait.toMillis() + 1);
            }
        }
    }

    /** The send pass: batches to the queue, then the import WRITING. */
    private ImportRecord send(
            ImportIdentity identity,
            ImportMode mode,
            RosterSplitter.Indexed indexed,
            ImportChanges totals,
            Deadline deadline,
            JsonLog log)
            throws IOException, GaveUpException {
        BatchQueue.Sender sender = queue.sender(senders, MAX_SENDS_IN_FLIGHT, deadline);
        SplitResult result;
        try {
            SendRows rows = new SendRows(identity, mode, sender);
            result = indexed.pass(rows);
            rows.flush();
            sender.finish();
        } catch (BadRosterFileException e) {
            throw new IllegalStateException(
                    "the file read as a roster in its first pass but not in its last: " + e.getMessage(), e);
        }
        totals.set(ImportAttribute.BATCHES_TOTAL, (long) result.batches());
        ledger.transition(identity.importId(), Set.of(ImportStatus.SPLITTING), ImportStatus.WRITING, totals);
        log.info("import-split")
                .field("mode", mode.name())
                .field("format", result.format().describe())
                .field("rowsRead", result.rowsRead())
                .field("rowsRejected", result.rowsRejected())
                .field("rowsDuplicate", result.rowsDuplicate())
                .field("batchesSent", result.batches())
                .write();
        ImportRecord writing = ledger.get(identity.importId());
        queue.finalizeIfSettled(writing, deadline);
        return writing;
    }

    private ImportChanges totals(String importId, SplitResult result, ImportPlan plan, boolean forced, String etag) {
        ImportChanges totals = ImportChanges.error(null)
                .set(ImportAttribute.ENCODING, result.format().encoding())
                .set(ImportAttribute.DELIMITER, result.format().delimiter())
                .set(ImportAttribute.SHEET, result.format().sheet())
                .set(ImportAttribute.FORCE, forced)
                .set(ImportAttribute.ROWS_READ, result.rowsRead())
                .set(ImportAttribute.ROWS_VALID, result.rowsValid())
                .set(ImportAttribute.ROWS_REJECTED, result.rowsRejected())
                .set(ImportAttribute.ROWS_DUPLICATE, result.rowsDuplicate())
                .set(ImportAttribute.REJECTS_KEY, reports.keyOf(Report.REJECTS, importId))
                .set(ImportAttribute.PLAN_KEY, reports.keyOf(Report.PLAN, importId))
                .set(ImportAttribute.ETAG, etag)
                .set(ImportAttribute.REMOVAL_GUARD_PERCENT, guard.removalPercent())
                .set(ImportAttribute.ADDITION_GUARD_PERCENT, guard.additionPercent());
        return withPlan(totals, plan);
    }

    /** The plan's counts on the ledger's record. */
    private ImportChanges withPlan(ImportChanges changes, ImportPlan plan) {
        return changes.set(ImportAttribute.ROSTER_SIZE, plan.rosterSize())
                .set(ImportAttribute.REMOVAL_CANDIDATES, plan.removed())
                .set(ImportAttribute.EMPLOYEES_ADDED, plan.added())
                .set(ImportAttribute.EMPLOYEES_UPDATED, plan.updated())
                .set(ImportAttribute.EMPLOYEES_UNCHANGED, plan.unchanged())
                .set(ImportAttribute.EMPLOYEES_KEPT, plan.kept());
    }

    private ImportRecord end(String importId, ImportStatus status, ImportChanges attributes, JsonLog log) {
        return end(importId, Set.of(ImportStatus.SPLITTING), status, attributes, log);
    }

    /**
     * Ends an import that sent nothing (FAILED, SUPERSEDED, GUARDED, PLANNED, DISCARDED), writes its summary and
     * publishes the outcome.
     */
    private ImportRecord end(
            String importId, Set<ImportStatus> from, ImportStatus status, ImportChanges attributes, JsonLog log) {
        boolean moved = ledger.transition(importId, from, status, attributes);
        ImportRecord record = ledger.get(importId);
        reports.putSummary(record);
        if (moved) {
            ImportTelemetry.outcome(log, record);
            events.publish(record, log);
        }
        return record;
    }

    /**
     * The plan pass: every row to the planner, rejected rows also to the rejects report (when there is one to write).
     */
    private record PlanRows(RosterPlanner planner, ReportStore.Rejects rejects) implements RosterSplitter.Rows {
        @Override
        public void header(List<String> columns) {
            if (rejects != null) {
                rejects.header(columns);
            }
        }

        @Override
        public void accepted(RosterRow row) {
            planner.accepted(row);
        }

        @Override
        public void rejected(long line, String[] fields, String reason, RowRules.Identity identity) {
            if (rejects != null) {
                rejects.reject(line, fields, reason);
            }
            if (identity != null) {
                planner.rejected(identity.phone(), identity.employeeId());
            }
        }
    }

    /** The send pass: accepted rows packed into numbered batch messages, in file order. */
    private static final class SendRows implements RosterSplitter.Rows {
        private final BatchPacker packer;

        SendRows(ImportIdentity identity, ImportMode mode, BatchQueue.Sender sender) {
            this.packer = new BatchPacker(batch -> sender.send(BatchMessage.of(identity, mode, batch)));
        }

        @Override
        public void header(List<String> columns) {}

        @Override
        public void accepted(RosterRow row) throws IOException {
            packer.add(row);
        }

        @Override
        public void rejected(long line, String[] fields, String reason, RowRules.Identity identity) {}

        /** Sends the last, partial batch. */
        void flush() throws IOException {
            packer.flush();
        }
    }
}
