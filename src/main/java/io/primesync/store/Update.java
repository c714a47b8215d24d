package io.primesync.store;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** An update expression built from attribute names and values, with an optional condition ({@link Condition}). */
final class Update extends Condition {
    private final List<String> sets = new ArrayList<>();
    private final List<String> removes = new ArrayList<>();

    Update set(String attribute, AttributeValue value) {
        sets.add(name(attribute) + " = " + value(value));
        return this;
    }

    /** Sets the attribute, or removes it when the value is null. */
    Update setOrRemove(String attribute, AttributeValue value) {
        return value == null ? remove(attribute) : set(attribute, value);
    }

    /** {@code attribute = if_not_exists(attribute, value)}: set only where none is stored. */
    Update setIfAbsent(String attribute, AttributeValue value) {
        String n = name(attribute);
        sets.add(n + " = if_not_exists(" + n + ", " + value(value) + ")");
        return this;
    }

    /** {@code attribute = if_not_exists(attribute, 0) + by} */
    Update increment(String attribute, long by) {
        String n = name(attribute);
        sets.add(n + " = if_not_exists(" + n + ", " + value(Attr.n(0)) + ") + " + value(Attr.n(by)));
        return this;
    }

    Update remove(String attribute) {
        removes.add(name(attribute));
        return this;
    }

    @Override
    Update when(String clause) {
        super.when(clause);
        return this;
    }

    @Override
    String expression() {
        StringBuilder out = new StringBuilder();
        if (!sets.isEmpty()) {
            out.append("SET ").append(String.join(", ", sets));
        }
        if (!removes.isEmpty()) {
            out.append(out.length() > 0 ? " " : "").append("REMOVE ").append(String.join(", ", removes));
        }
        return out.toString();
    }
}
