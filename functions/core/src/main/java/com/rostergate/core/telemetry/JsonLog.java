package com.rostergate.core.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rostergate.core.json.JsonTrees;
import com.rostergate.core.phone.PhoneMask;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The functions' log lines: one JSON object per line with {@code level}, {@code event}, an optional
 * {@code message}, the context every line of a unit of work shares (AWS request id, import id, batch
 * number) and the line's own fields. A line may carry {@link EmfMetrics}, which makes it a CloudWatch
 * metric as well. Every string field passes through {@link PhoneMask#redact}, so a phone number that
 * slips into a message (an error quoting a row, say) reaches the log only masked.
 */
public final class JsonLog {

    public enum Level {
        INFO,
        WARN,
        ERROR
    }

    private final Consumer<String> sink;
    private final Map<String, Object> context;

    private JsonLog(Consumer<String> sink, Map<String, Object> context) {
        this.sink = sink;
        this.context = context;
    }

    /** Lines go to {@code sink}, one complete JSON object per call (e.g. the Lambda context's logger). */
    public static JsonLog to(Consumer<String> sink) {
        return new JsonLog(sink, Map.of());
    }

    /** A log that writes nothing: for a caller that reports the outcome itself (rosterctl prints the import). */
    public static JsonLog discarding() {
        return to(line -> {});
    }

    /** A log whose every line also holds {@code key}; this one is unchanged. */
    public JsonLog with(String key, Object value) {
        Map<String, Object> wider = new LinkedHashMap<>(context);
        wider.put(key, value);
        return new JsonLog(sink, wider);
    }

    public Line info(String event) {
        return new Line(Level.INFO, event);
    }

    public Line warn(String event) {
        return new Line(Level.WARN, event);
    }

    public Line error(String event) {
        return new Line(Level.ERROR, event);
    }

    /** One line being built; nothing is written before {@link #write()}. */
    public final class Line {
        private final ObjectNode node = JsonTrees.object();

        private Line(Level level, String event) {
            node.put("level", level.name());
            node.put("event", event);
            context.forEach(this::field);
        }

        public Line message(String message) {
            return field("message", message);
        }

        public Line field(String name, Object value) {
            if (value instanceof CharSequence text) {
                node.put(name, PhoneMask.redact(text.toString()));
            } else if (value != null) {
                node.set(name, tree(value));
            }
            return this;
        }

        public Line metrics(EmfMetrics metrics) {
            metrics.document().forEach(this::field);
            return this;
        }

        public void write() {
            sink.accept(JsonTrees.text(node));
        }
    }

    /**
     * A field's value as ObjectMapper.valueToTree makes it: strings, numbers, booleans, maps and collections of
     * them directly (all a log line holds), anything else through an ObjectMapper built on first need only.
     */
    private static JsonNode tree(Object value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (value == null) {
            return nodes.nullNode();
        } else if (value instanceof CharSequence text) {
            return nodes.textNode(text.toString());
        } else if (value instanceof Integer number) {
            return nodes.numberNode(number);
        } else if (value instanceof Long number) {
            return nodes.numberNode(number);
        } else if (value instanceof Double number) {
            return nodes.numberNode(number);
        } else if (value instanceof Boolean bool) {
            return nodes.booleanNode(bool);
        } else if (value instanceof Map<?, ?> map && map.keySet().stream().allMatch(String.class::isInstance)) {
            ObjectNode object = nodes.objectNode();
            map.forEach((key, item) -> object.set((String) key, tree(item)));
            return object;
        } else if (value instanceof Collection<?> items) {
            ArrayNode array = nodes.arrayNode();
            items.forEach(item -> array.add(tree(item)));
            return array;
        }
        return Mapper.INSTANCE.valueToTree(value);
    }

    /** Holds the ObjectMapper apart so that loading JsonLog does not build it. */
    private static final class Mapper {
        static final ObjectMapper INSTANCE = new ObjectMapper();
    }
}
