package com.rostergate.aws.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Builds an UpdateItem expression and its condition with placeholders for every name and value,
 * so attribute names that are DynamoDB reserved words ({@code status}, {@code key}, {@code state}...) need no care.
 */
final class Expression {

    private final List<String> sets = new ArrayList<>();
    private final List<String> adds = new ArrayList<>();
    private final List<String> removes = new ArrayList<>();
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>();
    private String condition;

    Expression set(String attribute, AttributeValue value) {
        sets.add(name(attribute) + " = " + value(value));
        return this;
    }

    Expression setIfAbsent(String attribute, AttributeValue value) {
        String name = name(attribute);
        sets.add(name + " = if_not_exists(" + name + ", " + value(value) + ")");
        return this;
    }

    Expression add(String attribute, long delta) {
        adds.add(name(attribute) + " " + value(AttributeValue.fromN(Long.toString(delta))));
        return this;
    }

    Expression remove(String attribute) {
        removes.add(name(attribute));
        return this;
    }

    /** The condition, written with {@link #name} and {@link #value} placeholders. */
    Expression when(String conditionExpression) {
        this.condition = conditionExpression;
        return this;
    }

    String name(String attribute) {
        String placeholder = "#n" + names.size();
        names.put(placeholder, attribute);
        return placeholder;
    }

    String value(AttributeValue value) {
        String placeholder = ":v" + values.size();
        values.put(placeholder, value);
        return placeholder;
    }

    String value(String text) {
        return value(AttributeValue.fromS(text));
    }

    String update() {
        StringBuilder text = new StringBuilder();
        if (!sets.isEmpty()) {
            text.append("SET ").append(String.join(", ", sets));
        }
        if (!adds.isEmpty()) {
            text.append(text.length() == 0 ? "" : " ").append("ADD ").append(String.join(", ", adds));
        }
        if (!removes.isEmpty()) {
            text.append(text.length() == 0 ? "" : " ").append("REMOVE ").append(String.join(", ", removes));
        }
        return text.toString();
    }

    String condition() {
        return condition;
    }

    Map<String, String> names() {
        return names.isEmpty() ? null : names;
    }

    Map<String, AttributeValue> values() {
        return values.isEmpty() ? null : values;
    }
}
