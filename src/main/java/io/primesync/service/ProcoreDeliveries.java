package io.primesync.service;

import io.primesync.store.ApplyResult;
import io.primesync.store.EventLedger;
import io.primesync.webhook.ProcoreDelivery;
import io.primesync.webhook.Source;
import java.util.List;
import java.util.function.Consumer;

/**
 * Takes Procore's webhook deliveries in well under Procore's 5 seconds: a resource the product does not follow is
 * ignored, a delivery seen before (its ulid, per company) is a duplicate, any other is queued for the worker that
 * fetches what Procore says now. Nothing is fetched here.
 */
public final class ProcoreDeliveries {
    /** What the route answers. */
    public enum Result {
        ACCEPTED("accepted"), DUPLICATE("duplicate"), IGNORED("ignored");

        private final String wire;

        Result(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    private final EventLedger ledger;
    private final Consumer<ProcoreDelivery> queue;
    private final List<String> followed;

    /** @param followed the resource names the product follows (see {@code HookSetup.followed}) */
    public ProcoreDeliveries(EventLedger ledger, Consumer<ProcoreDelivery> queue, List<String> followed) {
        this.ledger = ledger;
        this.queue = queue;
        this.followed = List.copyOf(followed);
    }

    public Result receive(ProcoreDelivery delivery) {
        if (!followed.contains(delivery.resourceName())) {
            return Result.IGNORED;
        }
        if (ledger.seen(Source.PROCORE.wire(), delivery.companyId(), delivery.ulid()).isPresent()) {
            return Result.DUPLICATE;
        }
        // queued first: a delivery recorded but never queued would be lost; one queued twice is applied twice, harmlessly
        queue.accept(delivery);
        ledger.record(Source.PROCORE.wire(), delivery.companyId(), delivery.ulid(), ApplyResult.APPLIED);
        return Result.ACCEPTED;
    }
}
