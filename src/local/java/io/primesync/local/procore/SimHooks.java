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
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
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
 * active hook of the company with a matching trigger, to its {@code destination_url} with its {@code
 * destination_headers}, as a v2.0 body (ids only; v3.0 adds {@code related_resources}). An answer has 5 seconds.
 * A delivery that fails <b>pauses the hook's queue</b>: later deliveries wait ({@code enqueued}) while the failed one
 * is tried again with backoff from 1 s to 1 h ({@code retrying}); when it succeeds the queue goes on, and when it
 * has failed for the discard period (12 hours) it and everything waiting are {@code discarded}. After a number of
 * discards the hook is {@code disabled}: nothing more is delivered until it is made active again (what was waiting
 * ends {@code failed}). While the queue runs, deliveries go out from several threads with a little jitter, so they
 * arrive out of order; some arrive twice. A share can be dropped on purpose (the control surface), as a delivery
 * Procore discarded never arrives.
 */
final class SimHooks implements AutoCloseable {
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

    /** One change made through the API: what the deliveries are about. */
    record Change(String resourceName, String eventType, long resourceId, Long projectId, Long primeContractId) {}

    /** One attempt at a delivery: when, and the status code (0: no answer). */
    record Attempt(Instant startedAt, Instant completedAt, int responseStatus) {}

    /** One delivery of one change to one hook, and what became of it. */
    static final class Delivery {
        final long id;
        final long hookId;
        final String ulid;
        final ObjectNode body;
        final Instant firstAttempt;
        /** What is sent instead of the body (a malformed delivery), or null. */
        volatile String raw;
        volatile String status = "enqueued";
        final List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());

        Delivery(long id, long hookId, String ulid, ObjectNode body, Instant firstAttempt) {
            this.id = id;
            this.hookId = hookId;
            this.ulid = ulid;
            this.body = body;
            this.firstAttempt = firstAttempt;
        }

        /** As v1.0 lists it (deprecated). */
        ObjectNode json() {
            ObjectNode o = Json.object();
            o.put("id", id);
            o.put("ulid", ulid);
            o.put("status", status);
            Attempt last = last();
            o.put("attempts", attempts.size());
            o.put("response_status", last == null ? 0 : last.responseStatus());
            o.put("last_attempt_at", last == null ? null : last.startedAt().toString());
            o.set("event", body.deepCopy());
            return o;
        }

        /** As v2.0 lists it: the payload and each attempt. */
        ObjectNode jsonV2() {
            ObjectNode o = Json.object();
            o.put("id", Long.toString(id));
            o.put("status", status);
            o.set("payload", body.deepCopy());
            ArrayNode list = o.putArray("delivery_attempts");
            synchronized (attempts) {
                for (Attempt a : attempts) {
                    list.addObject().put("started_at", a.startedAt().toString())
                            .put("completed_at", a.completedAt().toString()).put("response_status", a.responseStatus());
                }
            }
            return o;
        }

        private Attempt last() {
            synchronized (attempts) {
                return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
            }
        }
    }

    /** A hook's queue: paused while one delivery fails; the others wait behind it. */
    private static final class Queue {
        final Hook hook;
        final Deque<Delivery> waiting = new ArrayDeque<>();
        Delivery failing;
        Instant pausedSince;
        int discards;

        Queue(Hook hook) {
            this.hook = hook;
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
    private final Map<Long, Queue> queues = new ConcurrentHashMap<>();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong duplicated = new AtomicLong();
    private final AtomicLong discarded = new AtomicLong();
    private final AtomicLong disabled = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private volatile double dropShare;
    private volatile double malformedShare;
    private volatile double duplicateShare;
    private volatile long maxJitterMillis = 200;
    private volatile long retryBaseMillis = 1000;
    private volatile long discardAfterMillis = Duration.ofHours(12).toMillis();
    private volatile int disableAfterDiscards = 3;

    SimHooks(Clock clock) {
        this.clock = clock;
    }

    /**
     * The control surface's settings: {@code dropShare}, {@code duplicateShare}, {@code maxJitterMs}, {@code
     * retryBaseMs}, {@code discardAfterMs}, {@code disableAfterDiscards} (how many discards disable a hook; Procore
     * says a failing hook can be disabled without saying after how many, so it is a setting).
     */
    ObjectNode configure(JsonNode body) {
        dropShare = share(body.path("dropShare").asDouble(dropShare));
        duplicateShare = share(body.path("duplicateShare").asDouble(duplicateShare));
        maxJitterMillis = Math.max(0, body.path("maxJitterMs").asLong(maxJitterMillis));
        retryBaseMillis = Math.max(1, body.path("retryBaseMs").asLong(retryBaseMillis));
        discardAfterMillis = Math.max(1, body.path("discardAfterMs").asLong(discardAfterMillis));
        disableAfterDiscards = Math.max(1, body.path("disableAfterDiscards").asInt(disableAfterDiscards));
        malformedShare = share(body.path("malformedShare").asDouble(malformedShare));
        return settings();
    }

    ObjectNode settings() {
        ObjectNode o = Json.object();
        o.put("dropShare", dropShare);
        o.put("duplicateShare", duplicateShare);
        o.put("maxJitterMs", maxJitterMillis);
        o.put("retryBaseMs", retryBaseMillis);
        o.put("discardAfterMs", discardAfterMillis);
        o.put("disableAfterDiscards", disableAfterDiscards);
        o.put("malformedShare", malformedShare);
        o.put("malformed", malformed.get());
        o.put("pending", pending.get());
        o.put("dropped", dropped.get());
        o.put("duplicated", duplicated.get());
        o.put("discarded", discarded.get());
        o.put("disabled", disabled.get());
        int paused = 0;
        for (Queue q : queues.values()) {
            synchronized (q) {
                paused += q.failing != null ? 1 : 0;
            }
        }
        o.put("paused", paused);
        return o;
    }

    private static double share(double value) {
        return Math.max(0, Math.min(1, value));
    }

    /** Sends the company's changes to every active hook with a matching trigger; called with the state's lock held. */
    void changed(Company company, List<Change> changes, String applicationId) {
        for (Change change : changes) {
            for (Hook hook : company.hooks.values()) {
                if (hook.disabled() || !triggered(hook, change)) {
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
                    if (ThreadLocalRandom.current().nextDouble() < malformedShare) {
                        d.raw = malformed(d.body, malformed.incrementAndGet());
                    }
                    pending.incrementAndGet();
                    Queue q = queue(hook);
                    synchronized (q) {
                        if (q.failing != null) {
                            q.waiting.add(d);
                            continue;
                        }
                    }
                    schedule(q, d, jitter());
                }
            }
        }
    }

    /**
     * A body a receiver cannot take, for the control surface's {@code malformedShare} (a fault, not something Procore
     * documents): in turn cut short, naming a resource nobody follows, and with a company id that is not a number.
     */
    private static String malformed(ObjectNode body, long n) {
        String json = Json.write(body);
        return switch ((int) (n % 3)) {
            case 0 -> json.substring(0, json.length() / 2);
            case 1 -> Json.write(body.deepCopy().put("resource_name", "Not A Followed Resource"));
            default -> Json.write(body.deepCopy().put("company_id", "not-a-number"));
        };
    }

    private Queue queue(Hook hook) {
        Queue q = queues.compute(hook.id, (id, known) -> known == null || known.hook != hook ? new Queue(hook) : known);
        return q;
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

    private void schedule(Queue q, Delivery d, long delayMillis) {
        senders.schedule(() -> attempt(q, d), delayMillis, TimeUnit.MILLISECONDS);
    }

    private void attempt(Queue q, Delivery d) {
        synchronized (q) {
            if (q.hook.disabled()) {
                end(d, "failed");
                return;
            }
            if (q.failing != null && q.failing != d) {
                // the queue is paused behind another delivery
                q.waiting.add(d);
                return;
            }
        }
        Instant started = clock.instant();
        int status = send(q.hook, d);
        if (status < 0) {
            return;
        }
        d.attempts.add(new Attempt(started, clock.instant(), status));
        List<Delivery> release = new ArrayList<>();
        synchronized (q) {
            if (status >= 200 && status < 300) {
                end(d, "delivered");
                if (q.failing == d) {
                    // the queue goes on
                    q.failing = null;
                    release.addAll(q.waiting);
                    q.waiting.clear();
                }
            } else if (q.failing == null || q.failing == d) {
                if (q.failing == null) {
                    q.failing = d;
                    q.pausedSince = started;
                }
                if (clock.millis() - q.pausedSince.toEpochMilli() >= discardAfterMillis) {
                    discardQueue(q);
                    return;
                }
                d.status = "retrying";
                int failures = d.attempts.size();
                long backoff = Math.min(Duration.ofHours(1).toMillis(), retryBaseMillis << Math.min(failures - 1, 20));
                schedule(q, d, backoff);
            } else {
                // failed while another delivery paused the queue: it waits behind that one
                d.status = "enqueued";
                q.waiting.addFirst(d);
            }
        }
        release.forEach(w -> schedule(q, w, jitter()));
    }

    /** The failing delivery and everything waiting behind it are discarded; enough discards disable the hook. */
    private void discardQueue(Queue q) {
        end(q.failing, "discarded");
        discarded.incrementAndGet();
        for (Delivery w : q.waiting) {
            end(w, "discarded");
            discarded.incrementAndGet();
        }
        q.waiting.clear();
        q.failing = null;
        q.discards++;
        if (q.discards >= disableAfterDiscards) {
            q.hook.status = "disabled";
            q.discards = 0;
            disabled.incrementAndGet();
        }
    }

    private void end(Delivery d, String status) {
        if (!"delivered".equals(d.status) && !"discarded".equals(d.status) && !"failed".equals(d.status)) {
            pending.decrementAndGet();
        }
        d.status = status;
    }

    /** One POST of the delivery; its status code, 0 for no answer, -1 when the sender was stopped. */
    private int send(Hook hook, Delivery d) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hook.destinationUrl)).timeout(ANSWER_TIMEOUT)
                    .header("Content-Type", "application/json").header("User-Agent", "Procore-Webhooks")
                    .POST(HttpRequest.BodyPublishers.ofString(d.raw != null ? d.raw : Json.write(d.body)));
            Map.copyOf(hook.destinationHeaders).forEach(b::header);
            return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | IllegalArgumentException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** A hook made active again: what waited behind a failure before it was disabled is gone; new changes flow. */
    void enabled(Hook hook) {
        Queue q = queue(hook);
        synchronized (q) {
            q.discards = 0;
        }
    }

    /** A hook's deliveries, newest first. */
    List<Delivery> deliveries(long hookId) {
        List<Delivery> list = byHook.getOrDefault(hookId, List.of());
        List<Delivery> out = new ArrayList<>();
        synchronized (list) {
            for (int i = list.size() - 1; i >= 0; i--) {
                out.add(list.get(i));
            }
        }
        return out;
    }

    @Override
    public void close() {
        senders.shutdownNow();
    }
}
