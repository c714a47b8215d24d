package io.primesync.webhook;

import io.primesync.domain.ContractSnapshot;

/** What a signed webhook of the ERP's agent says happened, one record per event type; the envelope is {@link Envelope}. */
public sealed interface WebhookEvent {
    String PRIME_CONTRACT_UPSERTED = "prime_contract.upserted";
    String PRIME_CONTRACT_DELETED = "prime_contract.deleted";

    /** The ERP's full copy of a contract at one version. */
    record SnapshotUpserted(ContractSnapshot snapshot) implements WebhookEvent {}

    record ContractDeleted(String contractId, long erpVersion) implements WebhookEvent {}
}
