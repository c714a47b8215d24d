package io.primesync.store;

import java.util.Optional;

/**
 * The webhook event ids seen lately, per source and company: what tells a redelivery from a new event. Ids are kept
 * per company, so one company's id never makes another company's event look like a duplicate. {@link WebhookLedger}
 * keeps them in DynamoDB for 7 days.
 */
public interface EventLedger {
    /** The result first recorded for this event id, or empty when it was not seen (or its record expired). */
    Optional<ApplyResult> seen(String source, String companyId, String eventId);

    void record(String source, String companyId, String eventId, ApplyResult result);
}
