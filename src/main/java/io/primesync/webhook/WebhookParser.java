package io.primesync.webhook;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.domain.ContractSnapshot;
import io.primesync.domain.ContractStatus;
import io.primesync.domain.Ids;
import io.primesync.domain.LineItem;
import io.primesync.domain.Money;
import io.primesync.domain.PccoStatus;
import io.primesync.domain.Violation;
import io.primesync.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks a webhook body against the schema of its source and builds the event. Every problem is reported at
 * once, one violation per field (up to {@value #MAX_VIOLATIONS}), in a 400. The contract rules (line sums,
 * unique and short item codes, quantity times unit price, the number of lines) are not checked here: they
 * belong to {@link io.primesync.domain.SnapshotValidator} and answer 422.
 */
public final class WebhookParser {
    public static final int MAX_VIOLATIONS = 100;
    static final int MAX_EVENT_ID_LENGTH = 128;
    static final int MAX_TITLE_LENGTH = 1000;
    static final int MAX_DESCRIPTION_LENGTH = 4000;
    static final int MAX_UNIT_OF_MEASURE_LENGTH = 32;
    private static final int MAX_INSTANT_LENGTH = 64;

    /** Up to 13 integer digits like money; six places covers every quantity an ERP keeps. */
    private static final Pattern QUANTITY = Pattern.compile("^-?(0|[1-9][0-9]{0,12})(\\.[0-9]{1,6})?$");
    private static final int QUANTITY_SCALE = 6;
    private static final Pattern UNIT_PRICE = Pattern.compile("^-?(0|[1-9][0-9]{0,12})(\\.[0-9]{1,4})?$");
    private static final Pattern PERCENT = Pattern.compile("^(0|[1-9][0-9]{0,2})(\\.[0-9]{1,4})?$");
    private static final int PERCENT_SCALE = 4;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final int INTEGER_DIGITS = 13;

    static final String REQUIRED = "is required";
    static final String NOT_STRING = "must be a string";
    static final String NOT_OBJECT = "must be a JSON object";
    static final String NOT_ARRAY = "must be an array";
    static final String NOT_MONEY = "money must be a string with two decimals";
    static final String NOT_VERSION = "must be a whole number from 1 to a day ahead of now in epoch milliseconds";
    static final String NOT_INSTANT = "must be an ISO-8601 instant with an offset, like 2026-11-29T14:00:00Z";
    static final String NOT_EVENT_ID = "must be 1 to 128 printable ASCII characters";
    static final String NOT_QUANTITY = "must be a decimal with at most 13 integer digits and 6 decimals";
    static final String NOT_UNIT_PRICE = "must be a string decimal with at most 13 integer digits and 4 decimals";
    static final String NOT_PERCENT = "must be a decimal from 0 to 100 with at most 4 decimals";
    static final String CONTRACT_STATUSES = oneOf(Arrays.stream(ContractStatus.values()).map(ContractStatus::wire).toList());
    static final String PCCO_STATUSES = oneOf(Arrays.stream(PccoStatus.values()).map(PccoStatus::wire).toList());

    /**
     * The highest {@code erpVersion} accepted: epoch milliseconds a day ahead of now. The agent mints versions as
     * {@code max(last + 1, epoch millis)}, far below it; a version past it would leave every later, real version
     * of the contract looking stale, so it is refused (a sequence 1, 2, 3 fits too).
     */
    public static final Duration VERSION_LEAD = Duration.ofDays(1);

    private WebhookParser() {}

    /**
     * The {@code companyId} of the envelope's top level, read without building the body: the company whose secrets
     * check the signature. Null when the body is not a JSON object or names no company as a string; the full parse
     * refuses a second {@code companyId}, so this one is the envelope's.
     */
    public static String companyId(byte[] body) {
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("companyId")) {
                    return value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** As {@link #parse(Source, JsonNode, Instant)}, now. */
    public static Envelope parse(Source source, JsonNode body) {
        return parse(source, body, Instant.now());
    }

    /**
     * @throws MalformedEventException with every violation found, when the body does not match the schema
     */
    public static Envelope parse(Source source, JsonNode body, Instant now) {
        Problems problems = new Problems(now.plus(VERSION_LEAD).toEpochMilli());
        if (body == null || !body.isObject()) {
            problems.add("body", NOT_OBJECT);
            throw problems.failure();
        }
        Obj root = new Obj(body, "", problems);
        String id = root.string("id");
        if (id != null && !Ids.isPrintableAscii(id, MAX_EVENT_ID_LENGTH)) {
            problems.add("id", NOT_EVENT_ID);
        }
        String type = root.string("type");
        if (type != null && !source.accepts(type)) {
            problems.add("type", oneOf(source.types()));
            type = null;
        }
        String companyId = root.id("companyId", Ids.Kind.COMPANY_ID);
        Instant occurredAt = root.instant("occurredAt");
        Obj data = root.object("data");
        WebhookEvent event = type == null || data == null ? null : event(type, data);
        if (!problems.violations.isEmpty()) {
            throw problems.failure();
        }
        return new Envelope(id, type, companyId, occurredAt, event);
    }

    private static WebhookEvent event(String type, Obj data) {
        return switch (type) {
            case WebhookEvent.PRIME_CONTRACT_UPSERTED -> snapshot(data);
            case WebhookEvent.PRIME_CONTRACT_DELETED -> new WebhookEvent.ContractDeleted(
                    data.id("contractId", Ids.Kind.CONTRACT_ID), data.erpVersion("erpVersion"));
            default -> throw new IllegalStateException("a type the source accepts has no schema: " + type);
        };
    }

    private static WebhookEvent snapshot(Obj data) {
        String contractId = data.id("contractId", Ids.Kind.CONTRACT_ID);
        String jobNumber = data.id("jobNumber", Ids.Kind.JOB_NUMBER);
        String title = data.text("title", true, MAX_TITLE_LENGTH);
        ContractStatus status = data.wire("status", ContractStatus::fromWire, CONTRACT_STATUSES);
        long erpVersion = data.erpVersion("erpVersion");
        BigDecimal amount = data.money("originalContractAmount");
        BigDecimal retainage = data.decimal("retainagePercent", WebhookParser::percent, NOT_PERCENT);
        List<LineItem> lines = new ArrayList<>();
        JsonNode items = data.array("lineItems");
        if (items != null) {
            for (int i = 0; i < items.size() && !data.problems.full(); i++) {
                Obj item = data.element(items.get(i), "lineItems[" + i + "]");
                if (item != null) {
                    lines.add(lineItem(item));
                }
            }
        }
        return new WebhookEvent.SnapshotUpserted(
                new ContractSnapshot(contractId, jobNumber, title, status, erpVersion, amount, retainage, lines));
    }

    private static LineItem lineItem(Obj item) {
        return new LineItem(
                // the item code's pattern and length are contract rules (422), so only its type is checked here
                item.string("itemCode"),
                item.text("description", true, MAX_DESCRIPTION_LENGTH),
                item.money("amount"),
                item.decimal("quantity", node -> number(node, QUANTITY, QUANTITY_SCALE), NOT_QUANTITY),
                item.text("unitOfMeasure", false, MAX_UNIT_OF_MEASURE_LENGTH),
                // a string only, like money: a price with four places does not survive a double
                item.decimal("unitPrice", node -> node.isTextual() ? matching(node.textValue(), UNIT_PRICE) : null,
                        NOT_UNIT_PRICE));
    }

    static String oneOf(List<String> values) {
        return "must be one of: " + String.join(", ", values);
    }

    private static BigDecimal percent(JsonNode node) {
        BigDecimal value = number(node, PERCENT, PERCENT_SCALE);
        return value == null || value.signum() < 0 || value.compareTo(HUNDRED) > 0 ? null : value;
    }

    /**
     * A string matching the pattern, or a JSON number with at most {@code maxScale} decimals and 13 integer
     * digits; null otherwise.
     */
    private static BigDecimal number(JsonNode node, Pattern pattern, int maxScale) {
        if (node.isTextual()) {
            return matching(node.textValue(), pattern);
        }
        if (!node.isNumber()) {
            return null;
        }
        BigDecimal value = node.decimalValue();
        // checked before any rescaling: 1e999999999 must not become a billion-digit number
        if (value.scale() > maxScale || value.precision() - value.scale() > INTEGER_DIGITS) {
            return null;
        }
        return value.scale() < 0 ? value.setScale(0) : value;
    }

    private static BigDecimal matching(String text, Pattern pattern) {
        return pattern.matcher(text).matches() ? new BigDecimal(text) : null;
    }

    /** The violations found so far, at most {@value #MAX_VIOLATIONS}. */
    private static final class Problems {
        final List<Violation> violations = new ArrayList<>();
        /** The highest version accepted now. */
        final long maxVersion;

        Problems(long maxVersion) {
            this.maxVersion = maxVersion;
        }

        void add(String path, String message) {
            if (!full()) {
                violations.add(new Violation(path, message));
            }
        }

        boolean full() {
            return violations.size() >= MAX_VIOLATIONS;
        }

        MalformedEventException failure() {
            return new MalformedEventException(
                    "The event does not match the schema: " + violations.size()
                            + (violations.size() == 1 ? " field is" : " fields are") + " invalid",
                    violations);
        }
    }

    /**
     * One JSON object of the body, at its path ("" for the body itself). Each reader reports what is wrong with
     * its field and then answers null (or 0), so the walk goes on and finds every problem.
     */
    private record Obj(JsonNode node, String path, Problems problems) {
        private String at(String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        /** The field when present, not null and of the expected shape; otherwise null, reported if required. */
        private JsonNode field(String name, boolean required, Predicate<JsonNode> shape, String message) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                if (required) {
                    problems.add(at(name), REQUIRED);
                }
                return null;
            }
            if (!shape.test(value)) {
                problems.add(at(name), message);
                return null;
            }
            return value;
        }

        /** An element of an array held by this object, when it is an object itself. */
        Obj element(JsonNode value, String name) {
            if (!value.isObject()) {
                problems.add(at(name), NOT_OBJECT);
                return null;
            }
            return new Obj(value, at(name), problems);
        }

        Obj object(String name) {
            JsonNode value = field(name, true, JsonNode::isObject, NOT_OBJECT);
            return value == null ? null : new Obj(value, at(name), problems);
        }

        JsonNode array(String name) {
            return field(name, true, JsonNode::isArray, NOT_ARRAY);
        }

        String string(String name) {
            return text(name, true, Integer.MAX_VALUE);
        }

        String text(String name, boolean required, int maxLength) {
            JsonNode value = field(name, required, JsonNode::isTextual, NOT_STRING);
            String text = value == null ? null : value.textValue();
            return orReport(name, text != null && text.length() <= maxLength ? text : null, text,
                    "must be at most " + maxLength + " characters");
        }

        /** A string that must match the identifier's pattern. */
        String id(String name, Ids.Kind kind) {
            String value = string(name);
            return orReport(name, Ids.matches(kind, value) ? value : null, value, kind.rule());
        }

        /** A string naming one of an enum's wire values. */
        <E> E wire(String name, Function<String, E> fromWire, String message) {
            String value = string(name);
            return orReport(name, value == null ? null : fromWire.apply(value), value, message);
        }

        Instant instant(String name) {
            String value = string(name);
            Instant parsed = value == null || value.length() > MAX_INSTANT_LENGTH ? null : instantOrNull(value);
            return orReport(name, parsed, value, NOT_INSTANT);
        }

        BigDecimal money(String name) {
            JsonNode value = field(name, true, JsonNode::isTextual, NOT_MONEY);
            return orReport(name, value == null ? null : Money.parseOrNull(value.textValue()), value, NOT_MONEY);
        }

        long erpVersion(String name) {
            JsonNode value = field(name, true,
                    n -> n.isIntegralNumber() && n.canConvertToLong() && n.longValue() >= 1
                            && n.longValue() <= problems.maxVersion, NOT_VERSION);
            return value == null ? 0 : value.longValue();
        }

        /** An optional decimal; {@code read} answers null for anything it does not accept. */
        BigDecimal decimal(String name, Function<JsonNode, BigDecimal> read, String message) {
            JsonNode value = field(name, false, n -> true, message);
            return orReport(name, value == null ? null : read.apply(value), value, message);
        }

        /**
         * The parsed value; when the field was there ({@code raw} not null) but did not parse, the problem is
         * reported. An absent field was reported (or not, if optional) by {@link #field} already.
         */
        private <T> T orReport(String name, T parsed, Object raw, String message) {
            if (raw != null && parsed == null) {
                problems.add(at(name), message);
            }
            return parsed;
        }

        /**
         * Four-digit years only, as RFC 3339 has them: the parser also takes "+999999999-12-31T23:59:59Z", whose
         * epoch milliseconds (the event's stamp) do not fit in a long.
         */
        private static Instant instantOrNull(String value) {
            try {
                OffsetDateTime parsed = OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                return parsed.getYear() < 0 || parsed.getYear() > 9999 ? null : parsed.toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }
}
