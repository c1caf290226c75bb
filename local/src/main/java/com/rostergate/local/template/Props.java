package com.rostergate.local.template;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed, path-aware reads of a resolved template mapping: a wrong or missing value fails with the
 * template path of the property (e.g. {@code Resources.WriterFunction.Properties.Timeout}).
 */
public final class Props {

    private final Map<String, Object> values;
    private final String path;

    private Props(Map<String, Object> values, String path) {
        this.values = values;
        this.path = path;
    }

    @SuppressWarnings("unchecked")
    public static Props of(Object value, String path) {
        if (value == null) {
            return new Props(Map.of(), path);
        }
        if (!(value instanceof Map)) {
            throw new TemplateException(path + ": expected a mapping, found " + value);
        }
        return new Props((Map<String, Object>) value, path);
    }

    public String path() {
        return path;
    }

    public String path(String key) {
        return path + "." + key;
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public boolean has(String key) {
        return values.get(key) != null;
    }

    public Object get(String key) {
        return values.get(key);
    }

    public String string(String key) {
        Object value = values.get(key);
        if (value == null || value instanceof Map || value instanceof List) {
            throw new TemplateException(path(key) + ": expected a text value, found " + value);
        }
        return String.valueOf(value);
    }

    public String string(String key, String defaultValue) {
        return has(key) ? string(key) : defaultValue;
    }

    public int integer(String key, int defaultValue) {
        if (!has(key)) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(string(key).trim());
        } catch (NumberFormatException e) {
            throw new TemplateException(path(key) + ": expected a whole number, found " + values.get(key));
        }
    }

    public boolean bool(String key, boolean defaultValue) {
        if (!has(key)) {
            return defaultValue;
        }
        String text = string(key);
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new TemplateException(path(key) + ": expected true or false, found " + text);
    }

    public Props props(String key) {
        if (!has(key)) {
            throw new TemplateException(path(key) + ": missing");
        }
        return of(values.get(key), path(key));
    }

    public Optional<Props> optional(String key) {
        return has(key) ? Optional.of(of(values.get(key), path(key))) : Optional.empty();
    }

    /** A list property; a single value counts as a one-element list, as CloudFormation often allows. */
    public List<Object> list(String key) {
        Object value = values.get(key);
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> list ? List.copyOf(list) : List.of(value);
    }
}
