package com.rostergate.core.telemetry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch Embedded Metric Format: a metric is a JSON log line with an {@code _aws} block, so a
 * Lambda publishes metrics by printing, with no API call on its hot path. One instance describes the
 * metrics of one unit of work (a verification, an import step); {@link #document()} is the line's
 * content, to be merged into the log line the function prints anyway.
 */
public final class EmfMetrics {

    public static final String NAMESPACE = "Rostergate";

    private final Map<String, String> dimensions = new LinkedHashMap<>();
    private final List<List<String>> extraDimensionSets = new ArrayList<>();
    private final Map<String, String> fields = new LinkedHashMap<>();
    private final Map<String, Number> values = new LinkedHashMap<>();
    private final Map<String, String> units = new LinkedHashMap<>();

    public EmfMetrics(String service) {
        dimensions.put("Service", service);
    }

    /** A dimension of the primary dimension set (all dimensions together, e.g. Service + Outcome). */
    public EmfMetrics dimension(String name, String value) {
        dimensions.put(name, value);
        return this;
    }

    /** Also publishes every metric under just these dimensions (e.g. Service + Reason). */
    public EmfMetrics alsoBy(String... names) {
        extraDimensionSets.add(List.of(names));
        return this;
    }

    /** A value used only as a dimension of an extra set ({@link #alsoBy}), not of the primary one. */
    public EmfMetrics field(String name, String value) {
        fields.put(name, value);
        return this;
    }

    public EmfMetrics count(String name, long value) {
        return put(name, value, "Count");
    }

    public EmfMetrics milliseconds(String name, double value) {
        return put(name, value, "Milliseconds");
    }

    private EmfMetrics put(String name, Number value, String unit) {
        values.put(name, value);
        units.put(name, unit);
        return this;
    }

    /** The EMF fields: the {@code _aws} directive, the dimension values and the metric values. */
    public Map<String, Object> document() {
        List<Map<String, String>> metricDefinitions = new ArrayList<>();
        units.forEach((name, unit) -> metricDefinitions.add(Map.of("Name", name, "Unit", unit)));
        List<List<String>> dimensionSets = new ArrayList<>();
        dimensionSets.add(new ArrayList<>(dimensions.keySet()));
        dimensionSets.addAll(extraDimensionSets);
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", NAMESPACE);
        directive.put("Dimensions", dimensionSets);
        directive.put("Metrics", metricDefinitions);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("_aws", Map.of("Timestamp", System.currentTimeMillis(), "CloudWatchMetrics", List.of(directive)));
        document.putAll(dimensions);
        document.putAll(fields);
        document.putAll(values);
        return document;
    }
}
