package io.primesync.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.domain.Violation;
import io.primesync.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One of Procore's webhook deliveries (its v2.0 format, and v3.0's {@code related_resources}): ids only, what changed
 * and who changed it. The product fetches the resource itself; the delivery says where to look.
 *
 * @param ulid the delivery's id, the same on every delivery of one change (what duplicates are recognised by)
 * @param projectId the project the resource belongs to, or null (a company-level resource)
 * @param sourceApplicationId the application that made the change, or null (a person in Procore)
 * @param primeContractId the prime contract a v3.0 delivery names among the related resources, or null
 */
public record ProcoreDelivery(String ulid, String companyId, String projectId, String eventType, String resourceName,
        String resourceId, String sourceApplicationId, String primeContractId, String timestamp) {
    private static final Pattern ULID = Pattern.compile("^[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}$");
    private static final Pattern NUMBER = Pattern.compile("^[0-9]{1,18}$");
    private static final Pattern NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9 _-]{0,99}$");
    private static final List<String> EVENTS = List.of("create", "update", "delete");
    private static final int MAX_TEXT = 200;

    /**
     * @throws MalformedEventException with every violation found, when the body is not a delivery
     */
    public static ProcoreDelivery parse(JsonNode body) {
        List<Violation> violations = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw new MalformedEventException("The body is not a Procore webhook delivery.",
                    List.of(new Violation("body", "must be a JSON object")));
        }
        String ulid = text(body, "ulid", true, ULID, "must be a ULID (26 characters of Crockford's base 32)", violations);
        String company = id(body, "company_id", true, violations);
        String project = id(body, "project_id", false, violations);
        String event = text(body, "event_type", true, null, null, violations);
        if (event != null) {
            // Procore writes event types in lower case in v2.0 and upper case in v1.0's enum: the same three
            event = event.toLowerCase(Locale.ROOT);
        }
        if (event != null && !EVENTS.contains(event)) {
            violations.add(new Violation("event_type", "must be one of create, update, delete"));
        }
        String resource = text(body, "resource_name", true, NAME, "must be a resource name", violations);
        String resourceId = id(body, "resource_id", true, violations);
        String timestamp = text(body, "timestamp", false, null, null, violations);
        String application = null;
        JsonNode metadata = body.path("metadata");
        if (!metadata.isMissingNode() && !metadata.isNull()) {
            if (!metadata.isObject()) {
                violations.add(new Violation("metadata", "must be an object"));
            } else {
                application = text(metadata, "source_application_id", false, null, null, violations);
                if (company != null && metadata.hasNonNull("source_company_id")
                        && !company.equals(metadata.path("source_company_id").asText())) {
                    violations.add(new Violation("metadata.source_company_id", "must be the delivery's company_id"));
                }
            }
        }
        String primeContract = null;
        JsonNode related = body.path("related_resources");
        if (!related.isMissingNode() && !related.isNull()) {
            if (!related.isArray() || related.size() > 50) {
                violations.add(new Violation("related_resources", "must be a list of at most 50 resources"));
            } else {
                for (JsonNode r : related) {
                    if ("Prime Contracts".equals(r.path("name").asText()) && NUMBER.matcher(r.path("id").asText()).matches()) {
                        primeContract = r.path("id").asText();
                    }
                }
            }
        }
        if (!violations.isEmpty()) {
            throw new MalformedEventException("The body is not a Procore webhook delivery: "
                    + violations.size() + " problem" + (violations.size() == 1 ? "" : "s") + " below.", violations);
        }
        return new ProcoreDelivery(ulid, company, project, event, resource, resourceId, application, primeContract,
                timestamp);
    }

    /** The delivery as a queue message carries it. */
    public String json() {
        ObjectNode o = Json.object();
        o.put("ulid", ulid);
        o.put("company_id", companyId);
        o.put("project_id", projectId);
        o.put("event_type", eventType);
        o.put("resource_name", resourceName);
        o.put("resource_id", resourceId);
        o.putObject("metadata").put("source_application_id", sourceApplicationId);
        if (primeContractId != null) {
            o.putArray("related_resources").addObject().put("name", "Prime Contracts").put("id", primeContractId);
        }
        o.put("timestamp", timestamp);
        return Json.write(o);
    }

    /** An id Procore sends as a number or as a string of digits. */
    private static String id(JsonNode body, String field, boolean required, List<Violation> violations) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                violations.add(new Violation(field, "is required"));
            }
            return null;
        }
        String text = v.isIntegralNumber() ? v.asText() : v.isTextual() ? v.asText() : null;
        if (text == null || !NUMBER.matcher(text).matches()) {
            violations.add(new Violation(field, "must be a Procore id (digits)"));
            return null;
        }
        return text;
    }

    private static String text(JsonNode body, String field, boolean required, Pattern pattern, String rule,
            List<Violation> violations) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                violations.add(new Violation(field, "is required"));
            }
            return null;
        }
        if (!v.isTextual() || v.asText().length() > MAX_TEXT || v.asText().chars().anyMatch(Character::isISOControl)) {
            violations.add(new Violation(field, "must be a short string"));
            return null;
        }
        if (pattern != null && !pattern.matcher(v.asText()).matches()) {
            violations.add(new Violation(field, rule));
            return null;
        }
        return v.asText();
    }
}
