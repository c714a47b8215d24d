package io.primesync.webhook;

import io.primesync.domain.ContractSnapshot;
import io.primesync.domain.PccoStatus;

/** What a webhook says happened, one record per event type; the envelope around it is {@link Envelope}. */
public sealed interface WebhookEvent {
    String PRIME_CONTRACT_UPSERTED = "prime_contract.upserted";
    String PRIME_CONTRACT_DELETED = "prime_contract.deleted";
    String JOB_SYNCED = "job.synced";
    String JOB_UNSYNCED = "job.unsynced";
    String PRIME_CONTRACT_LINKED = "prime_contract.linked";
    String PRIME_CONTRACT_UNLINKED = "prime_contract.unlinked";
    String PCCO_STATUS_CHANGED = "pcco.status_changed";

    /** The ERP's full copy of a contract at one version. */
    record SnapshotUpserted(ContractSnapshot snapshot) implements WebhookEvent {}

    record ContractDeleted(String contractId, long erpVersion) implements WebhookEvent {}

    record JobSynced(String jobNumber, String projectId) implements WebhookEvent {}

    record JobUnsynced(String jobNumber) implements WebhookEvent {}

    record ContractLinked(String contractId, String projectId) implements WebhookEvent {}

    record ContractUnlinked(String contractId, String projectId) implements WebhookEvent {}

    record PccoStatusChanged(String contractId, String projectId, String pccoId, PccoStatus status)
            implements WebhookEvent {}
}
