package com.rostergate.core.ingest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Attribute changes to an import's ledger item, named by {@link ImportAttribute} and typed by it: a value sets
 * the attribute, null removes it. (The status and the timestamps are the ledger's to set.)
 */
public final class ImportChanges {

    private final Map<ImportAttribute<?>, Object> values = new LinkedHashMap<>();

    /** No change beyond what the ledger sets itself. */
    public static ImportChanges none() {
        return new ImportChanges();
    }

    /** Sets the error, or clears it (null). */
    public static ImportChanges error(String error) {
        return none().set(ImportAttribute.ERROR, error);
    }

    /** Sets {@code attribute} to {@code value}; null removes it from the item. */
    public <T> ImportChanges set(ImportAttribute<T> attribute, T value) {
        values.put(attribute, attribute.stored(value));
        return this;
    }

    /** Each change: the attribute and its stored value (null: remove it). */
    public void forEach(BiConsumer<ImportAttribute<?>, Object> change) {
        values.forEach(change);
    }

    /** The changes as stored values by attribute. */
    public Map<ImportAttribute<?>, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }
}
