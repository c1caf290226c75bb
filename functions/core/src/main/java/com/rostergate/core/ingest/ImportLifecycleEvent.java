package com.rostergate.core.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an import's outcome tells other systems: an EventBridge event from {@link #SOURCE} whose
 * detail-type names the outcome and whose detail holds the ledger's counts, the reason and where the
 * reports are (contracts/import-lifecycle-event.schema.json). Names in the detail are those of the
 * ledger and summary.json.
 */
public record ImportLifecycleEvent(String detailType, Map<String, Object> detail) {

    public static final String SOURCE = "roster.ingest";
    public static final String COMPLETED = "Roster Import Completed";
    public static final String FAILED = "Roster Import Failed";
    public static final String GUARDED = "Roster Removal Guarded";
    public static final String INCOMPLETE = "Roster Import Incomplete";
    public static final String SUPERSEDED = "Roster Import Superseded";

    private static final ObjectMapper JSON = new ObjectMapper();

    public ImportLifecycleEvent {
        detail = Collections.unmodifiableMap(new LinkedHashMap<>(detail));
    }

    /** The detail-type for an import in {@code status}; empty while the import is still under way. */
    public static Optional<String> detailType(ImportStatus status) {
        return Optional.ofNullable(
                switch (status) {
                    case COMPLETE -> COMPLETED;
                    case FAILED -> FAILED;
                    case GUARDED -> GUARDED;
                    case INCOMPLETE -> INCOMPLETE;
                    case SUPERSEDED -> SUPERSEDED;
                    case SPLITTING, WRITING, FINALIZING, PLANNED, DISCARDED -> null;
                });
    }

    /**
     * The event for an import as the ledger has it once it reached an outcome; empty while it is still
     * under way. {@code reportsBucket} is where its reports are written.
     */
    public static Optional<ImportLifecycleEvent> of(ImportRecord record, String reportsBucket) {
        return detailType(record.status()).map(type -> new ImportLifecycleEvent(type, detail(record, reportsBucket)));
    }

    public String detailJson() {
        try {
            return JSON.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a detail of texts and numbers always serialises", e);
        }
    }

    private static Map<String, Object> detail(ImportRecord record, String reportsBucket) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("import_id", record.importId());
        detail.put("bucket", record.bucket());
        detail.put("key", record.key());
        putIfPresent(detail, "version_id", record.versionId());
        putIfPresent(
                detail, "mode", record.mode() == null ? null : record.mode().name());
        detail.put("status", record.status().name());
        detail.put("force", record.force());
        detail.put("rows_read", record.rowsRead());
        detail.put("rows_valid", record.rowsValid());
        detail.put("rows_rejected", record.rowsRejected());
        detail.put("rows_duplicate", record.rowsDuplicate());
        detail.put("rows_written", record.rowsWritten());
        detail.put("rows_deleted", record.rowsDeleted());
        detail.put("rows_dead_lettered", record.rowsDeadLettered());
        detail.put("rows_superseded", record.rowsSuperseded());
        detail.put("batches_total", record.batchesTotal());
        detail.put("batches_written", record.batchesWritten());
        detail.put("batches_dead_lettered", record.batchesDeadLettered());
        detail.put("batches_superseded", record.batchesSuperseded());
        putIfPresent(detail, "roster_size", record.rosterSize());
        putIfPresent(detail, "removal_candidates", record.removalCandidates());
        putIfPresent(detail, "employees_removed", record.employeesRemoved());
        putIfPresent(detail, "removal_guard_percent", record.removalGuardPercent());
        putIfPresent(detail, "addition_guard_percent", record.additionGuardPercent());
        putIfPresent(detail, "plan_key", record.planKey());
        putIfPresent(detail, "employees_added", record.employeesAdded());
        putIfPresent(detail, "employees_updated", record.employeesUpdated());
        putIfPresent(detail, "employees_unchanged", record.employeesUnchanged());
        putIfPresent(detail, "employees_kept", record.employeesKept());
        putIfPresent(detail, "error", record.error());
        detail.put("started_at", record.startedAt());
        putIfPresent(detail, "finished_at", record.finishedAt());
        detail.put("report_key", record.reportKey());
        detail.put("report_uri", s3Uri(reportsBucket, record.reportKey()));
        if (record.rejectsKey() != null) {
            detail.put("rejects_key", record.rejectsKey());
            detail.put("rejects_uri", s3Uri(reportsBucket, record.rejectsKey()));
        }
        return detail;
    }

    private static void putIfPresent(Map<String, Object> detail, String name, Object value) {
        if (value != null) {
            detail.put(name, value);
        }
    }

    private static String s3Uri(String bucket, String key) {
        return "s3://" + bucket + "/" + key;
    }
}
