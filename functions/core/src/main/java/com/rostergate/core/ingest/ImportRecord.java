package com.rostergate.core.ingest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The ledger item of one import ({@code record = "IMPORT"} in the imports table) and, serialised,
 * its {@code summary.json} report. Attribute names are these fields in snake_case.
 *
 * <p>Row accounting: every row read is, once the import is settled, in exactly one of
 * written (stored), deleted (a status row removed its employee), rejected, duplicate (an earlier
 * row of a phone that appears again), dead-lettered (its batch is in the DLQ) or superseded (a
 * newer upload owns that employee). {@link #rowsUnaccounted()} is what is still in flight.
 * {@code employees_removed} counts removals by a full import's sync; they are employees, not rows.
 * {@code encoding} and {@code delimiter} say how a text file was read, {@code encoding = XLSX} and
 * {@code sheet} which sheet of a workbook.
 *
 * <p>The plan ({@code plan_key}, {@code reports/<importId>/plan.json}): {@code roster_size} employees before
 * the upload, of whom it adds {@code employees_added}, updates {@code employees_updated}, leaves
 * {@code employees_unchanged}, removes {@code removal_candidates} and keeps {@code employees_kept} (their row
 * was rejected). {@code etag} is the planned file's; {@code confirmed_at} when an operator confirmed the plan.
 *
 * <p>{@link ImportAttribute} names each field's stored attribute and type.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImportRecord(
        String importId,
        String bucket,
        String key,
        String versionId,
        ImportMode mode,
        ImportStatus status,
        String revision,
        String encoding,
        String delimiter,
        String sheet,
        boolean force,
        long rowsRead,
        long rowsValid,
        long rowsRejected,
        long rowsDuplicate,
        long rowsWritten,
        long rowsDeleted,
        long rowsDeadLettered,
        long rowsSuperseded,
        long batchesTotal,
        long batchesWritten,
        long batchesDeadLettered,
        long batchesSuperseded,
        String startedAt,
        String updatedAt,
        String finishedAt,
        String error,
        String reportKey,
        String rejectsKey,
        Long rosterSize,
        Long removalCandidates,
        Long employeesRemoved,
        Integer removalGuardPercent,
        String etag,
        String planKey,
        Long employeesAdded,
        Long employeesUpdated,
        Long employeesUnchanged,
        Long employeesKept,
        Integer additionGuardPercent,
        String confirmedAt) {

    /** A new import as the splitter registers it: SPLITTING at {@code at}, nothing counted or planned yet. */
    public static ImportRecord started(
            RosterUpload upload, ImportIdentity identity, ImportMode mode, Instant at, String reportKey) {
        String now = timestamp(at);
        return new ImportRecord(
                identity.importId(),
                upload.bucket(),
                upload.key(),
                upload.versionId(),
                mode,
                ImportStatus.SPLITTING,
                identity.revision(),
                null,
                null,
                null,
                false,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                now,
                now,
                null,
                null,
                reportKey,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /** A ledger timestamp ({@code started_at}, {@code updated_at}...): ISO-8601 UTC to the millisecond. */
    public static String timestamp(Instant time) {
        return time.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** Batches written, dead-lettered or superseded: none is still on its way. */
    public long batchesSettled() {
        return batchesWritten + batchesDeadLettered + batchesSuperseded;
    }

    /** True once splitting is done and every batch is settled. */
    public boolean allBatchesSettled() {
        return status != ImportStatus.SPLITTING && batchesSettled() == batchesTotal;
    }

    /**
     * Rows read that are not yet written, deleted, rejected, duplicate, dead-lettered or superseded: 0 when settled.
     */
    public long rowsUnaccounted() {
        return rowsRead - rowsWritten - rowsDeleted - rowsRejected - rowsDuplicate - rowsDeadLettered - rowsSuperseded;
    }
}
