package io.primesync.local.procore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.local.procore.SimState.Company;
import io.primesync.local.procore.SimState.Hook;
import io.primesync.local.procore.SimState.Trigger;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Procore's webhook deliveries, as Procore documents them: every change made through the API is delivered to each
 * hook of the company with a matching trigger, to its {@code destination_url} with its {@code destination_headers},
 * as a v2.0 body (ids only; v3.0 adds {@code related_resources}). An answer has 5 seconds; a delivery that fails is
 * tried again with backoff from 1 s to 1 h, and discarded after 12 hours. Deliveries go out from several threads
 * with a little jitter, so they arrive out of order; some arrive twice. A share can be dropped on purpose (the
 * control surface), as a delivery Procore discarded never arrives.
 */
final class SimHooks implements AutoCloseable {
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

    /** One change made through the API: what the deliveries are about. */
    record Change(String resourceName, String eventType, long resourceId, Long projectId, Long primeContractId) {}

    /** One delivery of one change to one hook, and what became of it. */
    static final class Delivery {
        final long id;
        final long hookId;
        final String ulid;
        final ObjectNode body;
        final Instant firstAttempt;
        volatile String status = "pending";
        volatile int attempts;
        volatile int responseStatus;
        volatile Instant lastAttempt;

        Delivery(long id, long hookId, String ulid, ObjectNode body, Instant firstAttempt) {
            this.id = id;
            this.hookId = hookId;
            this.ulid = ulid;
            this.body = body;
            this.firstAttempt = firstAttempt;
        }

        ObjectNode json() {
            ObjectNode o = Json.object();
            o.put("id", id);
            o.put("ulid", ulid);
            o.put("status", status);
            o.put("attempts", attempts);
            o.put("response_status", responseStatus);
            o.put("last_attempt_at", lastAttempt == null ? null : lastAttempt.toString());
            o.set("event", body.deepCopy());
            return o;
        }
    }

    private final Clock clock;
    private final ScheduledExecutorService senders = Executors.newScheduledThreadPool(4, r -> {
        Thread t = new Thread(r, "procore-simulator-webhooks");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicLong deliveryIds = new AtomicLong(700_000);
    private final Map<Long, List<Delivery>> byHook = new ConcurrentHashMap<>();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong duplicated = new AtomicLong();
    private volatile double dropShare;
    private volatile double duplicateShare;
    private volatile long maxJitterMillis = 200;
    private volatile long retryBaseMillis = 1000;
    private volatile long discardAfterMillis = Duration.ofHours(12).toMillis();

    SimHooks(Clock clock) {
        this.clock = clock;
    }

    /** The control surface's settings: {@code dropShare}, {@code duplicateShare}, {@code maxJitterMs}, {@code retryBaseMs}, {@code discardAfterMs}. */
    ObjectNode configure(JsonNode body) {
        dropShare = share(body.path("dropShare").asDouble(dropShare));
        duplicateShare = share(body.path("duplicateShare").asDouble(duplicateShare));
        maxJitterMillis = Math.max(0, body.path("maxJitterMs").asLong(maxJitterMillis));
        retryBaseMillis = Math.max(1, body.path("retryBaseMs").asLong(retryBaseMillis));
        discardAfterMillis = Math.max(1, body.path("discardAfterMs").asLong(discardAfterMillis));
        return settings();
    }

    ObjectNode settings() {
        ObjectNode o = Json.object();
        o.put("dropShare", dropShare);
        o.put("duplicateShare", duplicateShare);
        o.put("maxJitterMs", maxJitterMillis);
        o.put("retryBaseMs", retryBaseMillis);
        o.put("discardAfterMs", discardAfterMillis);
        o.put("pending", pending.get());
        o.put("dropped", dropped.get());
        o.put("duplicated", duplicated.get());
        return o;
    }

    private static double share(double value) {
        return Math.max(0, Math.min(1, value));
    }

    /** Sends the company's changes to every hook with a matching trigger; called with the state's lock held. */
    void changed(Company company, List<Change> changes, String applicationId) {
        for (Change change : changes) {
            for (Hook hook : company.hooks.values()) {
                if (!triggered(hook, change)) {
                    continue;
                }
                ObjectNode body = body(company, hook, change, applicationId);
                if (ThreadLocalRandom.current().nextDouble() < dropShare) {
                    dropped.incrementAndGet();
                    record(new Delivery(deliveryIds.incrementAndGet(), hook.id, body.path("ulid").asText(), body,
                            clock.instant())).status = "discarded";
                    continue;
                }
                int copies = ThreadLocalRandom.current().nextDouble() < duplicateShare ? 2 : 1;
                if (copies == 2) {
                    duplicated.incrementAndGet();
                }
                for (int i = 0; i < copies; i++) {
                    Delivery d = record(new Delivery(deliveryIds.incrementAndGet(), hook.id, body.path("ulid").asText(),
                            body.deepCopy().put("id", deliveryIds.get()), clock.instant()));
                    pending.incrementAndGet();
                    schedule(hook, d, jitter());
                }
            }
        }
    }

    private static boolean triggered(Hook hook, Change change) {
        for (Trigger t : hook.triggers.values()) {
            if (t.resourceName.equals(change.resourceName()) && t.eventType.equals(change.eventType())) {
                return true;
            }
        }
        return false;
    }

    private ObjectNode body(Company company, Hook hook, Change change, String applicationId) {
        return Deliveries.body(hook.apiVersion, company.id, change.projectId(), change.eventType(), change.resourceName(),
                change.resourceId(), change.primeContractId(), applicationId, clock.instant());
    }

    private long jitter() {
        return maxJitterMillis == 0 ? 0 : ThreadLocalRandom.current().nextLong(maxJitterMillis + 1);
    }

    private Delivery record(Delivery d) {
        List<Delivery> list = byHook.computeIfAbsent(d.hookId, k -> Collections.synchronizedList(new ArrayList<>()));
        synchronized (list) {
            list.add(d);
            if (list.size() > 10_000) {
                list.remove(0);
            }
        }
        return d;
    }

    private void schedule(Hook hook, Delivery d, long delayMillis) {
        String url = hook.destinationUrl;
        Map<String, String> headers = Map.copyOf(hook.destinationHeaders);
        senders.schedule(() -> attempt(url, headers, d), delayMillis, TimeUnit.MILLISECONDS);
    }

    private void attempt(String url, Map<String, String> headers, Delivery d) {
        d.attempts++;
        d.lastAttempt = clock.instant();
        int status;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(ANSWER_TIMEOUT)
                    .header("Content-Type", "application/json").header("User-Agent", "Procore-Webhooks")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(d.body)));
            headers.forEach(b::header);
            status = http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | IllegalArgumentException e) {
            status = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        d.responseStatus = status;
        if (status >= 200 && status < 300) {
            d.status = "delivered";
            pending.decrementAndGet();
            return;
        }
        long sinceFirst = clock.millis() - d.firstAttempt.toEpochMilli();
        if (sinceFirst >= discardAfterMillis) {
            d.status = "discarded";
            pending.decrementAndGet();
            return;
        }
        d.status = "failed";
        // backoff from the base (1 s) doubling to an hour
        long backoff = Math.min(Duration.ofHours(1).toMillis(), retryBaseMillis << Math.min(d.attempts - 1, 20));
        senders.schedule(() -> attempt(url, headers, d), backoff, TimeUnit.MILLISECONDS);
    }

    /** A hook's deliveries, newest first. */
    ArrayNode deliveries(long hookId) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        List<Delivery> list = byHook.getOrDefault(hookId, List.of());
        synchronized (list) {
            for (int i = list.size() - 1; i >= 0; i--) {
                out.add(list.get(i).json());
            }
        }
        return out;
    }

    @Override
    public void close() {
        senders.shutdownNow();
    }
}
