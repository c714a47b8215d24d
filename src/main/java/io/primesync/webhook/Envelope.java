package io.primesync.webhook;

import java.time.Instant;

/**
 * One delivered webhook event: the sender's event id (the de-duplication key, per source), its type, the
 * company it concerns, when it happened at the sender, and what it says.
 */
public record Envelope(String id, String type, String companyId, Instant occurredAt, WebhookEvent event) {}
