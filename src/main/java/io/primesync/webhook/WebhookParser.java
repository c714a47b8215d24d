package io.primesync.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.domain.ContractSnapshot;
import io.primesync.domain.ContractStatus;
import io.primesync.domain.LineItem;
import io.primesync.domain.Money;
import io.primesync.domain.PccoStatus;
import io.primesync.domain.Violation;
import io.primesync.http.ApiException;
import io.primesync.http.ErrorCode;
import io.primesync.http.Ids;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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
    static final String NOT_VERSION = "must be an integer of at least 1";
    static final String NOT_INSTANT = "must be an ISO-8601 instant with an offset, like 2026-11-29T14:00:00Z";
    static final String NOT_EVENT_ID = "must be 1 to 128 printable ASCII characters";
    static final String NOT_QUANTITY = "must be a decimal with at most 13 integer digits and 6 decimals";
    static final String NOT_UNIT_PRICE = "must be a string decimal with at most 13 integer digits and 4 decimals";
    static final String NOT_PERCENT = "must be a decimal from 0 to 100 with at most 4 decimals";
    static final String CONTRACT_STATUSES = oneOf(Arrays.stream(ContractStatus.values()).map(ContractStatus::wire).toList());
    static final String PCCO_STATUSES = oneOf(Arrays.stream(PccoStatus.values()).map(PccoStatus::wire).toList());

    private WebhookParser() {}

    /**
     * @throws ApiException VALIDATION_FAILED with every violation found, when the body does not match the schema
     */
    public static Envelope parse(Source source, JsonNode body) {
        Fields in = new Fields();
        if (body == null || !body.isObject()) {
            in.add("body", NOT_OBJECT);
            throw in.failure();
        }
        String id = in.string(body, "id", "id");
        if (id != null && !Ids.isPrintableAscii(id, MAX_EVENT_ID_LENGTH)) {
            in.add("id", NOT_EVENT_ID);
        }
        String type = in.string(body, "type", "type");
        if (type != null && !source.accepts(type)) {
            in.add("type", oneOf(source.types()));
            type = null;
        }
        String companyId = in.id(body, "companyId", "companyId", Ids.Kind.COMPANY_ID);
        Instant occurredAt = in.instant(body, "occurredAt", "occurredAt");
        JsonNode data = in.object(body, "data", "data");
        WebhookEvent event = type == null || data == null ? null : event(type, data, in);
        if (!in.violations.isEmpty()) {
            throw in.failure();
        }
        return new Envelope(id, type, companyId, occurredAt, event);
    }

    private static WebhookEvent event(String type, JsonNode data, Fields in) {
        return switch (type) {
            case WebhookEvent.PRIME_CONTRACT_UPSERTED -> snapshot(data, in);
            case WebhookEvent.PRIME_CONTRACT_DELETED -> new WebhookEvent.ContractDeleted(
                    in.id(data, "contractId", "data.contractId", Ids.Kind.CONTRACT_ID),
                    in.erpVersion(data, "erpVersion", "data.erpVersion"));
            case WebhookEvent.JOB_SYNCED -> new WebhookEvent.JobSynced(
                    in.id(data, "jobNumber", "data.jobNumber", Ids.Kind.JOB_NUMBER),
                    in.id(data, "projectId", "data.projectId", Ids.Kind.PROJECT_ID));
            case WebhookEvent.JOB_UNSYNCED -> new WebhookEvent.JobUnsynced(
                    in.id(data, "jobNumber", "data.jobNumber", Ids.Kind.JOB_NUMBER));
            case WebhookEvent.PRIME_CONTRACT_LINKED -> new WebhookEvent.ContractLinked(
                    in.id(data, "contractId", "data.contractId", Ids.Kind.CONTRACT_ID),
                    in.id(data, "projectId", "data.projectId", Ids.Kind.PROJECT_ID));
            case WebhookEvent.PRIME_CONTRACT_UNLINKED -> new WebhookEvent.ContractUnlinked(
                    in.id(data, "contractId", "data.contractId", Ids.Kind.CONTRACT_ID),
                    in.id(data, "projectId", "data.projectId", Ids.Kind.PROJECT_ID));
            case WebhookEvent.PCCO_STATUS_CHANGED -> new WebhookEvent.PccoStatusChanged(
                    in.id(data, "contractId", "data.contractId", Ids.Kind.CONTRACT_ID),
                    in.id(data, "projectId", "data.projectId", Ids.Kind.PROJECT_ID),
                    in.id(data, "pccoId", "data.pccoId", Ids.Kind.PCCO_ID),
                    in.pccoStatus(data, "status", "data.status"));
            default -> throw new IllegalStateException("a type the source accepts has no schema: " + type);
        };
    }

    private static WebhookEvent snapshot(JsonNode data, Fields in) {
        String contractId = in.id(data, "contractId", "data.contractId", Ids.Kind.CONTRACT_ID);
        String jobNumber = in.id(data, "jobNumber", "data.jobNumber", Ids.Kind.JOB_NUMBER);
        String title = in.text(data, "title", "data.title", MAX_TITLE_LENGTH);
        ContractStatus status = in.contractStatus(data, "status", "data.status");
        long erpVersion = in.erpVersion(data, "erpVersion", "data.erpVersion");
        BigDecimal amount = in.money(data, "originalContractAmount", "data.originalContractAmount");
        BigDecimal retainage = in.percent(data, "retainagePercent", "data.retainagePercent");
        List<LineItem> lines = new ArrayList<>();
        JsonNode items = in.array(data, "lineItems", "data.lineItems");
        if (items != null) {
            for (int i = 0; i < items.size() && !in.full(); i++) {
                LineItem line = lineItem(items.get(i), "data.lineItems[" + i + "]", in);
                if (line != null) {
                    lines.add(line);
                }
            }
        }
        return new WebhookEvent.SnapshotUpserted(
                new ContractSnapshot(contractId, jobNumber, title, status, erpVersion, amount, retainage, lines));
    }

    private static LineItem lineItem(JsonNode item, String path, Fields in) {
        if (!item.isObject()) {
            in.add(path, NOT_OBJECT);
            return null;
        }
        // the item code's pattern and length are contract rules (422), so only its type is checked here
        String itemCode = in.string(item, "itemCode", path + ".itemCode");
        String description = in.text(item, "description", path + ".description", MAX_DESCRIPTION_LENGTH);
        BigDecimal amount = in.money(item, "amount", path + ".amount");
        BigDecimal quantity = in.quantity(item, "quantity", path + ".quantity");
        String unitOfMeasure = in.optionalText(item, "unitOfMeasure", path + ".unitOfMeasure",
                MAX_UNIT_OF_MEASURE_LENGTH);
        BigDecimal unitPrice = in.unitPrice(item, "unitPrice", path + ".unitPrice");
        return new LineItem(itemCode, description, amount, quantity, unitOfMeasure, unitPrice);
    }

    static String oneOf(List<String> values) {
        return "must be one of: " + String.join(", ", values);
    }

    /**
     * Reads fields of one body and collects what is wrong with them. A missing or null required field, or one
     * of the wrong type, is reported and read as null (or 0), so the walk goes on and finds every problem.
     */
    private static final class Fields {
        final List<Violation> violations = new ArrayList<>();

        void add(String path, String message) {
            if (!full()) {
                violations.add(new Violation(path, message));
            }
        }

        boolean full() {
            return violations.size() >= MAX_VIOLATIONS;
        }

        ApiException failure() {
            return ApiException.invalid(ErrorCode.VALIDATION_FAILED,
                    "The event does not match the schema: " + violations.size()
                            + (violations.size() == 1 ? " field is" : " fields are") + " invalid",
                    violations);
        }

        /** The field, or null when it is absent or JSON null; required fields report their absence. */
        private JsonNode get(JsonNode parent, String name, String path, boolean required) {
            JsonNode node = parent.get(name);
            if (node == null || node.isNull()) {
                if (required) {
                    add(path, REQUIRED);
                }
                return null;
            }
            return node;
        }

        String string(JsonNode parent, String name, String path) {
            JsonNode node = get(parent, name, path, true);
            if (node == null) {
                return null;
            }
            if (!node.isTextual()) {
                add(path, NOT_STRING);
                return null;
            }
            return node.textValue();
        }

        String text(JsonNode parent, String name, String path, int maxLength) {
            return limited(string(parent, name, path), path, maxLength);
        }

        String optionalText(JsonNode parent, String name, String path, int maxLength) {
            JsonNode node = get(parent, name, path, false);
            if (node == null) {
                return null;
            }
            if (!node.isTextual()) {
                add(path, NOT_STRING);
                return null;
            }
            return limited(node.textValue(), path, maxLength);
        }

        private String limited(String value, String path, int maxLength) {
            if (value != null && value.length() > maxLength) {
                add(path, "must be at most " + maxLength + " characters");
                return null;
            }
            return value;
        }

        String id(JsonNode parent, String name, String path, Ids.Kind kind) {
            String value = string(parent, name, path);
            if (value != null && !Ids.matches(kind, value)) {
                add(path, kind.rule());
                return null;
            }
            return value;
        }

        JsonNode object(JsonNode parent, String name, String path) {
            JsonNode node = get(parent, name, path, true);
            if (node != null && !node.isObject()) {
                add(path, NOT_OBJECT);
                return null;
            }
            return node;
        }

        JsonNode array(JsonNode parent, String name, String path) {
            JsonNode node = get(parent, name, path, true);
            if (node != null && !node.isArray()) {
                add(path, NOT_ARRAY);
                return null;
            }
            return node;
        }

        Instant instant(JsonNode parent, String name, String path) {
            String value = string(parent, name, path);
            if (value == null) {
                return null;
            }
            if (value.length() <= MAX_INSTANT_LENGTH) {
                try {
                    return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
                } catch (DateTimeParseException e) {
                    // reported below
                }
            }
            add(path, NOT_INSTANT);
            return null;
        }

        BigDecimal money(JsonNode parent, String name, String path) {
            JsonNode node = get(parent, name, path, true);
            if (node == null) {
                return null;
            }
            BigDecimal amount = node.isTextual() ? Money.parseOrNull(node.textValue()) : null;
            if (amount == null) {
                add(path, NOT_MONEY);
            }
            return amount;
        }

        long erpVersion(JsonNode parent, String name, String path) {
            JsonNode node = get(parent, name, path, true);
            if (node == null) {
                return 0;
            }
            if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 1) {
                add(path, NOT_VERSION);
                return 0;
            }
            return node.longValue();
        }

        ContractStatus contractStatus(JsonNode parent, String name, String path) {
            String value = string(parent, name, path);
            ContractStatus status = value == null ? null : ContractStatus.fromWire(value);
            if (value != null && status == null) {
                add(path, CONTRACT_STATUSES);
            }
            return status;
        }

        PccoStatus pccoStatus(JsonNode parent, String name, String path) {
            String value = string(parent, name, path);
            PccoStatus status = value == null ? null : PccoStatus.fromWire(value);
            if (value != null && status == null) {
                add(path, PCCO_STATUSES);
            }
            return status;
        }

        /** Optional; a string or a JSON number. */
        BigDecimal quantity(JsonNode parent, String name, String path) {
            JsonNode node = get(parent, name, path, false);
            if (node == null) {
                return null;
            }
            BigDecimal value = decimal(node, QUANTITY, QUANTITY_SCALE);
            if (value == null) {
                add(path, NOT_QUANTITY);
            }
            return value;
        }

        /** Optional; a string only, like money, since a price with four places does not survive a double. */
        BigDecimal unitPrice(JsonNode parent, String name, String path) {
            JsonNode node = get(parent, name, path, false);
            if (node == null) {
                return null;
            }
            BigDecimal value = node.isTextual() ? matching(node.textValue(), UNIT_PRICE) : null;
            if (value == null) {
                add(path, NOT_UNIT_PRICE);
            }
            return value;
        }

        /** Optional; a string or a JSON number from 0 to 100. */
        BigDecimal percent(JsonNode parent, String name, String path) {
            JsonNode node = get(parent, name, path, false);
            if (node == null) {
                return null;
            }
            BigDecimal value = decimal(node, PERCENT, PERCENT_SCALE);
            if (value == null || value.signum() < 0 || value.compareTo(HUNDRED) > 0) {
                add(path, NOT_PERCENT);
                return null;
            }
            return value;
        }

        /**
         * A string matching the pattern, or a JSON number with at most {@code maxScale} decimals and 13 integer
         * digits; null otherwise.
         */
        private static BigDecimal decimal(JsonNode node, Pattern pattern, int maxScale) {
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
    }
}
