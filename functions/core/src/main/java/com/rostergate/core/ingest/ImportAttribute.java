package com.rostergate.core.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one definition of the import ledger item's attributes: each {@link ImportRecord} field's stored name,
 * its kind and its Java type. Adapters read and write the item through it ({@link #stored}, {@link #toRecord}),
 * and updates name attributes with these constants ({@link ImportChanges}), never with strings.
 */
public final class ImportAttribute<T> {

    /** How a value is stored: text (enums by name), a number, or a flag. */
    public enum Kind {
        TEXT,
        NUMBER,
        FLAG
    }

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    public static final ImportAttribute<String> IMPORT_ID = text("import_id", ImportRecord::importId);
    public static final ImportAttribute<String> BUCKET = text("bucket", ImportRecord::bucket);
    public static final ImportAttribute<String> KEY = text("key", ImportRecord::key);
    public static final ImportAttribute<String> VERSION_ID = text("version_id", ImportRecord::versionId);
    public static final ImportAttribute<ImportMode> MODE =
            new ImportAttribute<>("mode", Kind.TEXT, ImportMode.class, ImportRecord::mode);
    public static final ImportAttribute<ImportStatus> STATUS =
            new ImportAttribute<>("status", Kind.TEXT, ImportStatus.class, ImportRecord::status);
    public static final ImportAttribute<String> REVISION = text("revision", ImportRecord::revision);
    public static final ImportAttribute<String> ENCODING = text("encoding", ImportRecord::encoding);
    public static final ImportAttribute<String> DELIMITER = text("delimiter", ImportRecord::delimiter);
    public static final ImportAttribute<String> SHEET = text("sheet", ImportRecord::sheet);
    public static final ImportAttribute<Boolean> FORCE =
            new ImportAttribute<>("force", Kind.FLAG, Boolean.class, ImportRecord::force);
    public static final ImportAttribute<Long> ROWS_READ = count("rows_read", ImportRecord::rowsRead);
    public static final ImportAttribute<Long> ROWS_VALID = count("rows_valid", ImportRecord::rowsValid);
    public static final ImportAttribute<Long> ROWS_REJECTED = count("rows_rejected", ImportRecord::rowsRejected);
    public static final ImportAttribute<Long> ROWS_DUPLICATE = count("rows_duplicate", ImportRecord::rowsDuplicate);
    public static final ImportAttribute<Long> ROWS_WRITTEN = count("rows_written", ImportRecord::rowsWritten);
    public static final ImportAttribute<Long> ROWS_DELETED = count("rows_deleted", ImportRecord::rowsDeleted);
    public static final ImportAttribute<Long> ROWS_DEAD_LETTERED =
            count("rows_dead_lettered", ImportRecord::rowsDeadLettered);
    public static final ImportAttribute<Long> ROWS_SUPERSEDED = count("rows_superseded", ImportRecord::rowsSuperseded);
    public static final ImportAttribute<Long> BATCHES_TOTAL = count("batches_total", ImportRecord::batchesTotal);
    public static final ImportAttribute<Long> BATCHES_WRITTEN = count("batches_written", ImportRecord::batchesWritten);
    public static final ImportAttribute<Long> BATCHES_DEAD_LETTERED =
            count("batches_dead_lettered", ImportRecord::batchesDeadLettered);
    public static final ImportAttribute<Long> BATCHES_SUPERSEDED =
            count("batches_superseded", ImportRecord::batchesSuperseded);
    public static final ImportAttribute<String> STARTED_AT = text("started_at", ImportRecord::startedAt);
    public static final ImportAttribute<String> UPDATED_AT = text("updated_at", ImportRecord::updatedAt);
    public static final ImportAttribute<String> FINISHED_AT = text("finished_at", ImportRecord::finishedAt);
    public static final ImportAttribute<String> ERROR = text("error", ImportRecord::error);
    public static final ImportAttribute<String> REPORT_KEY = text("report_key", ImportRecord::reportKey);
    public static final ImportAttribute<String> REJECTS_KEY = text("rejects_key", ImportRecord::rejectsKey);
    public static final ImportAttribute<Long> ROSTER_SIZE = count("roster_size", ImportRecord::rosterSize);
    public static final ImportAttribute<Long> REMOVAL_CANDIDATES =
            count("removal_candidates", ImportRecord::removalCandidates);
    public static final ImportAttribute<Long> EMPLOYEES_REMOVED =
            count("employees_removed", ImportRecord::employeesRemoved);
    public static final ImportAttribute<Integer> REMOVAL_GUARD_PERCENT =
            percent("removal_guard_percent", ImportRecord::removalGuardPercent);
    public static final ImportAttribute<String> ETAG = text("etag", ImportRecord::etag);
    public static final ImportAttribute<String> PLAN_KEY = text("plan_key", ImportRecord::planKey);
    public static final ImportAttribute<Long> EMPLOYEES_ADDED = count("employees_added", ImportRecord::employeesAdded);
    public static final ImportAttribute<Long> EMPLOYEES_UPDATED =
            count("employees_updated", ImportRecord::employeesUpdated);
    public static final ImportAttribute<Long> EMPLOYEES_UNCHANGED =
            count("employees_unchanged", ImportRecord::employeesUnchanged);
    public static final ImportAttribute<Long> EMPLOYEES_KEPT = count("employees_kept", ImportRecord::employeesKept);
    public static final ImportAttribute<Integer> ADDITION_GUARD_PERCENT =
            percent("addition_guard_percent", ImportRecord::additionGuardPercent);
    public static final ImportAttribute<String> CONFIRMED_AT = text("confirmed_at", ImportRecord::confirmedAt);

    /** Every attribute, in {@link ImportRecord}'s field order. */
    public static final List<ImportAttribute<?>> ALL = List.of(
            IMPORT_ID,
            BUCKET,
            KEY,
            VERSION_ID,
            MODE,
            STATUS,
            REVISION,
            ENCODING,
            DELIMITER,
            SHEET,
            FORCE,
            ROWS_READ,
            ROWS_VALID,
            ROWS_REJECTED,
            ROWS_DUPLICATE,
            ROWS_WRITTEN,
            ROWS_DELETED,
            ROWS_DEAD_LETTERED,
            ROWS_SUPERSEDED,
            BATCHES_TOTAL,
            BATCHES_WRITTEN,
            BATCHES_DEAD_LETTERED,
            BATCHES_SUPERSEDED,
            STARTED_AT,
            UPDATED_AT,
            FINISHED_AT,
            ERROR,
            REPORT_KEY,
            REJECTS_KEY,
            ROSTER_SIZE,
            REMOVAL_CANDIDATES,
            EMPLOYEES_REMOVED,
            REMOVAL_GUARD_PERCENT,
            ETAG,
            PLAN_KEY,
            EMPLOYEES_ADDED,
            EMPLOYEES_UPDATED,
            EMPLOYEES_UNCHANGED,
            EMPLOYEES_KEPT,
            ADDITION_GUARD_PERCENT,
            CONFIRMED_AT);

    private final String name;
    private final Kind kind;
    private final Class<T> type;
    private final Function<ImportRecord, T> field;

    private ImportAttribute(String name, Kind kind, Class<T> type, Function<ImportRecord, T> field) {
        this.name = name;
        this.kind = kind;
        this.type = type;
        this.field = field;
    }

    private static ImportAttribute<String> text(String name, Function<ImportRecord, String> field) {
        return new ImportAttribute<>(name, Kind.TEXT, String.class, field);
    }

    private static ImportAttribute<Long> count(String name, Function<ImportRecord, Long> field) {
        return new ImportAttribute<>(name, Kind.NUMBER, Long.class, field);
    }

    private static ImportAttribute<Integer> percent(String name, Function<ImportRecord, Integer> field) {
        return new ImportAttribute<>(name, Kind.NUMBER, Integer.class, field);
    }

    /** The stored attribute name. */
    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public Class<T> type() {
        return type;
    }

    /** The value as stored: a String (an enum's name), a Long or a Boolean; null stays null. */
    public Object stored(T value) {
        if (value == null) {
            return null;
        }
        return switch (kind) {
            case TEXT -> value instanceof Enum<?> e ? e.name() : value.toString();
            case NUMBER -> ((Number) value).longValue();
            case FLAG -> value;
        };
    }

    /** This attribute's stored value in {@code record}. */
    public Object storedIn(ImportRecord record) {
        return stored(field.apply(record));
    }

    /** The record's attributes as stored, null ones left out. */
    public static Map<String, Object> stored(ImportRecord record) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ImportAttribute<?> attribute : ALL) {
            Object value = attribute.storedIn(record);
            if (value != null) {
                values.put(attribute.name(), value);
            }
        }
        return values;
    }

    /** The record from stored values (by {@link #name()}); names this definition does not know are ignored. */
    public static ImportRecord toRecord(Map<String, Object> stored) {
        Map<String, Object> known = new LinkedHashMap<>();
        for (ImportAttribute<?> attribute : ALL) {
            Object value = stored.get(attribute.name());
            if (value != null) {
                known.put(attribute.name(), value);
            }
        }
        return JSON.convertValue(known, ImportRecord.class);
    }

    @Override
    public String toString() {
        return name;
    }
}
