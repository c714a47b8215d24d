package io.primesync.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import java.time.Instant;

/**
 * One delivered webhook event: the sender's event id (the de-duplication key, per source and company), its type,
 * the company it concerns, when it happened at the sender, and what it says.
 */
public record Envelope(String id, String type, String companyId, Instant occurredAt, WebhookEvent event) {

    /** The envelope as a sender writes it (the demo, the samples, tests): {@code {id, type, companyId, occurredAt, data}}. */
    public static ObjectNode json(String id, String type, String companyId, String occurredAt, JsonNode data) {
        ObjectNode e = Json.object();
        e.put("id", id);
        e.put("type", type);
        e.put("companyId", companyId);
        e.put("occurredAt", occurredAt);
        e.set("data", data);
        return e;
    }
}
