package io.primesync.service;

import io.primesync.domain.RefusedSnapshot;
import io.primesync.domain.SnapshotValidator;
import io.primesync.domain.Violation;
import io.primesync.store.ApplyResult;
import io.primesync.store.EventLedger;
import io.primesync.store.SnapshotRecords;
import io.primesync.webhook.Envelope;
import io.primesync.webhook.Source;
import io.primesync.webhook.WebhookEvent;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Applies a verified, parsed webhook event of the ERP's agent once: contract rules first, then de-duplication, then
 * the store. (Procore's deliveries go through {@link ProcoreDeliveries}.)
 */
public final class WebhookService {
    private final SnapshotRecords store;
    private final EventLedger ledger;
    private final Clock clock;

    public WebhookService(SnapshotRecords store, EventLedger ledger, Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.clock = clock;
    }

    public ApplyResult receive(Source source, Envelope envelope) {
        if (envelope.event() instanceof WebhookEvent.SnapshotUpserted upserted) {
            List<Violation> violations = SnapshotValidator.validate(upserted.snapshot());
            if (!violations.isEmpty()) {
                // remembered on the contract, so the people who fix Spectrum see what to fix; nothing accepted moves.
                // Only a snapshot that names its contract and version well enough to be one of its versions
                if (violations.stream().noneMatch(v -> v.field().equals("contractId") || v.field().equals("erpVersion"))
                        && upserted.snapshot().erpVersion() >= 1) {
                    store.applyRefused(envelope.companyId(), RefusedSnapshot.of(upserted.snapshot(), envelope.id(),
                            violations, clock.instant().toString()));
                }
                throw new Refusal.InvalidContract(violations);
            }
        }
        Optional<ApplyResult> seen = ledger.seen(source.wire(), envelope.companyId(), envelope.id());
        if (seen.isPresent()) {
            return ApplyResult.DUPLICATE;
        }
        ApplyResult result = apply(envelope);
        ledger.record(source.wire(), envelope.companyId(), envelope.id(), result);
        return result;
    }

    /** Whether an event id was seen from the source for the company (what warming up a function reads). */
    public boolean seen(Source source, String companyId, String eventId) {
        return ledger.seen(source.wire(), companyId, eventId).isPresent();
    }

    private ApplyResult apply(Envelope envelope) {
        String company = envelope.companyId();
        WebhookEvent event = envelope.event();
        if (event instanceof WebhookEvent.SnapshotUpserted e) {
            return store.applySnapshot(company, e.snapshot());
        } else if (event instanceof WebhookEvent.ContractDeleted e) {
            return store.applyDeletion(company, e.contractId(), e.erpVersion());
        }
        throw new IllegalStateException("unhandled event " + event.getClass().getSimpleName());
    }
}
