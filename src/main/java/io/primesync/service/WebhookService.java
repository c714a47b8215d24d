package io.primesync.service;

import io.primesync.domain.SnapshotValidator;
import io.primesync.domain.Violation;
import io.primesync.http.ApiException;
import io.primesync.http.ErrorCode;
import io.primesync.store.ApplyResult;
import io.primesync.store.ContractStore;
import io.primesync.store.EventStamp;
import io.primesync.store.WebhookLedger;
import io.primesync.webhook.Envelope;
import io.primesync.http.Json;
import io.primesync.webhook.Source;
import io.primesync.webhook.WebhookParser;
import io.primesync.webhook.WebhookEvent;
import java.util.List;
import java.util.Optional;

/** Applies a verified, parsed webhook event once: contract rules first, then de-duplication, then the store. */
public final class WebhookService {
    private final ContractStore store;
    private final WebhookLedger ledger;

    public WebhookService(ContractStore store, WebhookLedger ledger) {
        this.store = store;
        this.ledger = ledger;
    }

    public ApplyResult receive(Source source, Envelope envelope) {
        if (envelope.event() instanceof WebhookEvent.SnapshotUpserted upserted) {
            List<Violation> violations = SnapshotValidator.validate(upserted.snapshot());
            if (!violations.isEmpty()) {
                throw ApiException.invalid(ErrorCode.INVALID_CONTRACT, "The contract snapshot breaks "
                        + violations.size() + (violations.size() == 1 ? " contract rule" : " contract rules")
                        + "; nothing was stored. Fix the contract in Spectrum and send it again.", violations);
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

    /** The event SnapStart priming parses and checks: a small valid snapshot, never stored. */
    private static final String PRIMING_EVENT = "{\"id\":\"snapstart-priming\",\"type\":\"prime_contract.upserted\","
            + "\"companyId\":\"0\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"data\":{\"contractId\":\"PRIMING\","
            + "\"jobNumber\":\"PRIMING\",\"title\":\"Priming\",\"status\":\"approved\",\"erpVersion\":1,"
            + "\"originalContractAmount\":\"30.00\",\"retainagePercent\":\"10.00\",\"lineItems\":["
            + "{\"itemCode\":\"A\",\"description\":\"Lump sum\",\"amount\":\"10.00\"},"
            + "{\"itemCode\":\"B\",\"description\":\"Unit price\",\"amount\":\"20.00\",\"quantity\":\"2\","
            + "\"unitOfMeasure\":\"EA\",\"unitPrice\":\"10.00\"}]}}";

    /**
     * SnapStart priming: runs what a delivery runs (parse, contract rules, the duplicate check, which only reads)
     * on a sample event of company 0, so those classes are loaded and compiled in the snapshot. Stores nothing.
     */
    public void prime() {
        Envelope envelope = WebhookParser.parse(Source.SPECTRUM,
                Json.read(PRIMING_EVENT.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        SnapshotValidator.validate(((WebhookEvent.SnapshotUpserted) envelope.event()).snapshot());
        ledger.seen(Source.SPECTRUM.wire(), envelope.companyId(), envelope.id());
    }

    private ApplyResult apply(Envelope envelope) {
        String company = envelope.companyId();
        EventStamp stamp = new EventStamp(envelope.occurredAt().toEpochMilli(), envelope.id());
        WebhookEvent event = envelope.event();
        if (event instanceof WebhookEvent.SnapshotUpserted e) {
            return store.applySnapshot(company, e.snapshot());
        } else if (event instanceof WebhookEvent.ContractDeleted e) {
            return store.applyDeletion(company, e.contractId(), e.erpVersion());
        } else if (event instanceof WebhookEvent.JobSynced e) {
            return store.applyJob(company, e.jobNumber(), e.projectId(), stamp);
        } else if (event instanceof WebhookEvent.JobUnsynced e) {
            return store.applyJob(company, e.jobNumber(), null, stamp);
        } else if (event instanceof WebhookEvent.ContractLinked e) {
            return store.applyLink(company, e.contractId(), e.projectId(), true, stamp);
        } else if (event instanceof WebhookEvent.ContractUnlinked e) {
            return store.applyLink(company, e.contractId(), e.projectId(), false, stamp);
        } else if (event instanceof WebhookEvent.PccoStatusChanged e) {
            return store.applyPcco(company, e.contractId(), e.projectId(), e.pccoId(), e.status(), stamp);
        }
        throw new IllegalStateException("unhandled event " + event.getClass().getSimpleName());
    }
}
