package io.primesync.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.primesync.http.ApiException;
import io.primesync.json.Json;
import io.primesync.logging.Log;
import io.primesync.procore.HookSetup;
import io.primesync.procore.ProcoreException;
import io.primesync.procore.ProcorePriming;
import io.primesync.queue.ProcoreEventQueue;
import io.primesync.service.CompanyBinding;
import io.primesync.service.DeliveryProcessor;
import io.primesync.service.Findings;
import io.primesync.store.DynamoPriming;
import io.primesync.store.ProcoreFacts;
import io.primesync.webhook.ProcoreDelivery;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code ProcoreEventFunction}: takes Procore's deliveries from their queue and applies what Procore says now of the
 * resource each names. One that Procore's rate limit holds back is sent again with a delay that matches the wait; one
 * that Procore cannot answer now goes back to the queue with a visibility timeout (a receive: an outage that lasts ends
 * in the dead-letter queue and its alarm); a body that is not a delivery is logged and let go.
 */
public final class ProcoreEventHandler extends PrimedHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    /** How long a delivery waits when Procore does not answer. */
    static final long UNAVAILABLE_RETRY_SECONDS = 30;

    private final DeliveryProcessor deliveries;
    private final ProcoreEventQueue queue;
    private final Clock clock;
    /** The deployed function's wiring, for priming's one real read; null in tests. */
    private AppContext app;

    /** What Lambda calls: wired from the environment. */
    public ProcoreEventHandler() {
        this(AppContext.fromEnvironment());
    }

    public ProcoreEventHandler(AppContext app) {
        this(app.deliveryProcessor(), app.procoreEvents(), app.clock());
        this.app = app;
    }

    public ProcoreEventHandler(DeliveryProcessor deliveries, ProcoreEventQueue queue, Clock clock) {
        this.deliveries = deliveries;
        this.queue = queue;
        this.clock = clock;
    }

    @Override
    protected boolean talksToProcore() {
        return true;
    }

    @Override
    protected List<String> primingEvents() {
        return List.of();
    }

    /**
     * A delivery of each resource the product follows, for company {@code 0}, applied on priming's store and Procore;
     * then a read of company 0's projects in the real table.
     */
    @Override
    protected void primeOwnCode() {
        Clock clock = Clock.systemUTC();
        ProcoreFacts facts = new ProcoreFacts(DynamoPriming.table(null), clock);
        ProcorePriming.withClient(procore -> {
            DeliveryProcessor primed = new DeliveryProcessor(facts, procore, clock, HookSetup.DEFAULT_CHANGE_ORDERS, null);
            // the project, prime contract, change order package and line item priming's Procore answers for
            Map<String, String> ids = Map.of(HookSetup.PROJECTS, "1", HookSetup.PRIME_CONTRACTS, "2",
                    HookSetup.DEFAULT_CHANGE_ORDERS, "3", HookSetup.LINE_ITEMS, "4");
            int n = 0;
            for (String resource : HookSetup.followed(name -> null)) {
                primed.apply(new ProcoreDelivery(String.format("01JA0000000000000000PRMN%02d", n++), PRIMING_COMPANY,
                        resource.equals(HookSetup.PROJECTS) ? null : "1", "update", resource,
                        ids.getOrDefault(resource, "3"), null, null, clock.instant().toString()));
            }
        });
        if (app != null) {
            app.procoreFacts().projects(PRIMING_COMPANY);
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Batches.stream(input, output, event -> handleRequest(event, context));
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return Batches.each(event, context, this::process);
    }

    /** @return whether the message is done with */
    private boolean process(SQSEvent.SQSMessage record) {
        ProcoreDelivery delivery;
        try {
            String body = record.getBody();
            if (body == null || body.length() > 16_384) {
                throw new IllegalArgumentException("no body, or too long");
            }
            delivery = ProcoreDelivery.parse(Json.read(body.getBytes(StandardCharsets.UTF_8)));
        } catch (ApiException | Json.MalformedJsonException | IllegalArgumentException e) {
            Log.error("not a Procore delivery; let go", null, "messageId", record.getMessageId());
            return true;
        }
        Log.with("companyId", delivery.companyId());
        long start = System.nanoTime();
        long wait;
        try {
            Findings found = deliveries.apply(delivery);
            Log.info("procore event", "resource", delivery.resourceName(), "event", delivery.eventType(),
                    "findings", found.toString(), "durationMs", (System.nanoTime() - start) / 1e6);
            CompanyBinding.emitMismatches(found);
            return true;
        } catch (ProcoreException.RateLimited limited) {
            // Procore's limit is a wait, not a failure: a new message delayed by the wait, and this one done, so that
            // a busy hour never fills the dead-letter queue (a wait past SQS's longest delay is waited out in steps)
            long seconds = Math.max(1, (limited.retryAt().toEpochMilli() - clock.millis() + 999) / 1000);
            try {
                queue.sendLater(delivery, seconds);
                Log.info("procore event", "status", "later", "retryInSeconds", seconds, "resent", true);
                return true;
            } catch (RuntimeException sendFailed) {
                Log.warn("procore event not re-sent; given back instead", "error", sendFailed.getClass().getName());
                wait = seconds;
            }
        } catch (ProcoreException.Unavailable unavailable) {
            wait = UNAVAILABLE_RETRY_SECONDS;
        } catch (ProcoreException.Refused refused) {
            // the service account may not read it (a permission, a project it is not in): nothing to apply
            Log.warn("procore event refused by Procore; let go", "code", refused.code(), "status", refused.status());
            return true;
        } catch (RuntimeException e) {
            Log.error("procore event failed", e);
            return false;
        }
        Log.info("procore event", "status", "later", "retryInSeconds", wait);
        long seconds = wait;
        Batches.giveBack(() -> queue.retryAfter(record.getReceiptHandle(), seconds));
        return false;
    }
}
