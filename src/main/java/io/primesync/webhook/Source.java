package io.primesync.webhook;

import java.util.List;

/** Who sends a webhook: each source has its own route, its own secret and its own event types. */
public enum Source {
    /** The agent beside the ERP: contract snapshots and deletions. */
    SPECTRUM("spectrum", "SPECTRUM_WEBHOOK_SECRET",
            List.of(WebhookEvent.PRIME_CONTRACT_UPSERTED, WebhookEvent.PRIME_CONTRACT_DELETED)),
    /**
     * Procore's own webhooks: deliveries of ids ({@link ProcoreDelivery}), authenticated by the header the hook was
     * made with; no signed envelope, so no envelope types.
     */
    PROCORE("procore", "PROCORE_WEBHOOK_SECRET", List.of());

    private final String wire;
    private final String secretName;
    private final List<String> types;

    Source(String wire, String secretName, List<String> types) {
        this.wire = wire;
        this.secretName = secretName;
        this.types = types;
    }

    /** The source's name in routes and stored keys: {@code spectrum}, {@code procore}. */
    public String wire() {
        return wire;
    }

    /** The environment variable holding its secret(s) (or, with the suffix {@code _ARN}, naming them). */
    public String secretName() {
        return secretName;
    }

    public List<String> types() {
        return types;
    }

    public boolean accepts(String type) {
        return types.contains(type);
    }
}
