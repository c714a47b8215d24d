package io.primesync.store;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A condition or update expression written with attribute names, not placeholders: {@link #name} and {@link #value}
 * hand out the placeholders, so expressions read as {@code name(REVISION) + " = " + value(n(rev))} and no attribute
 * name is ever spelt inside an expression string.
 */
class Condition {
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, String> placeholders = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>();
    private String condition;

    /** The placeholder of an attribute name, or of a path of names ({@code name("link#2002", "occurredAt")}). */
    String name(String... path) {
        StringBuilder out = new StringBuilder();
        for (String part : path) {
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(placeholders.computeIfAbsent(part, p -> {
                String placeholder = "#n" + placeholders.size();
                names.put(placeholder, p);
                return placeholder;
            }));
        }
        return out.toString();
    }

    /** The placeholder of a value. */
    String value(AttributeValue value) {
        String placeholder = ":v" + values.size();
        values.put(placeholder, value);
        return placeholder;
    }

    /** Adds a clause to the condition, joined with AND. */
    Condition when(String clause) {
        condition = condition == null ? clause : "(" + condition + ") AND (" + clause + ")";
        return this;
    }

    /** {@code attribute_not_exists(name)} */
    String absent(String... path) {
        return "attribute_not_exists(" + name(path) + ")";
    }

    /**
     * The stamp is later than the stored {@code (occurredAt, eventId)}, or none is stored; each given as a path of
     * names: what "the later event wins" writes are conditional on.
     */
    String laterThanStored(EventStamp stamp, String[] occurredAt, String[] eventId) {
        String at = name(occurredAt);
        String id = name(eventId);
        String ts = value(Attr.n(stamp.epochMillis()));
        return "attribute_not_exists(" + at + ") OR " + at + " < " + ts + " OR (" + at + " = " + ts + " AND "
                + id + " < " + value(Attr.s(stamp.eventId())) + ")";
    }

    String expression() {
        return condition;
    }

    String condition() {
        return condition;
    }

    Map<String, String> names() {
        return names;
    }

    Map<String, AttributeValue> values() {
        return values;
    }
}
