package io.primesync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.domain.ContractDiff;
import io.primesync.domain.ContractSnapshot;
import io.primesync.domain.ContractStatus;
import io.primesync.domain.LineItem;
import io.primesync.domain.PendingChanges;
import io.primesync.domain.Sync;
import io.primesync.json.Json;
import io.primesync.store.ContractDetail;
import io.primesync.store.ContractHead;
import io.primesync.store.EventStamp;
import io.primesync.testing.Figures;
import io.primesync.testing.LocalDynamo;
import io.primesync.testing.Stores;
import io.primesync.webhook.Source;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * 10,000 signed ERP events over 50 contracts (snapshots with growing versions, approved and not, and deletions),
 * shuffled, 30% of them delivered twice, from several threads at once: the outcome must be exactly what the same
 * events give when delivered once each, in the order they happened, to another company. Events can arrive twice,
 * late or out of order (docs/domain.md, "Where the data comes from"); this is that, at volume. (Procore's side is
 * {@code ProcoreFloodIT}'s.)
 */
class WebhookFloodIT {
    private static final long SEED = 20261129L;
    private static final int EVENTS = 10_000;
    private static final int CONTRACTS = 50;
    private static final int JOBS = 25;
    private static final int IMPORTED = 10;
    private static final int THREADS = 8;
    private static final double TWICE = 0.30;
    private static final String[] PROJECTS = {"9101", "9102", "9103", "9104", "9105", "9106", "9107", "9108"};

    private final LocalDynamo dynamo = LocalDynamo.get();
    private final Rig rig = new Rig(dynamo.client());
    private final Stores stores = Stores.dynamo(dynamo.table(), Clock.systemUTC());

    /** One event as it happened; the company and the id prefix are filled in per delivery target. */
    private record Event(int seq, Source source, String type, Instant occurredAt, ObjectNode data) {
        String body(String company, String idPrefix) {
            return Json.write(Rig.envelope(idPrefix + seq, type, company, occurredAt.toString(), data));
        }
    }

    @Test
    void aShuffledDuplicatedFloodEndsWhereOrderlyDeliveryEnds() throws Exception {
        String flooded = LocalDynamo.newCompanyId();
        String orderly = LocalDynamo.newCompanyId();
        prelude(flooded);
        prelude(orderly);

        Random random = new Random(SEED);
        List<Event> events = generate(random);
        List<Event> deliveries = new ArrayList<>(events);
        int twice = 0;
        for (Event e : events) {
            if (random.nextDouble() < TWICE) {
                deliveries.add(e);
                twice++;
            }
        }
        Collections.shuffle(deliveries, random);

        // the flood and the orderly delivery run at the same time; only the flood is concurrent in itself
        Map<String, AtomicInteger> floodResults = new ConcurrentHashMap<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < deliveries.size(); i = next.getAndIncrement()) {
                    Event e = deliveries.get(i);
                    String body = e.body(flooded, "f-");
                    APIGatewayProxyResponseEvent r = rig.webhook.handleRequest(
                            Rig.webhook(e.source(), body, System.currentTimeMillis() / 1000), null);
                    record(r, body, floodResults, failures, "flood #" + e.seq());
                }
                return null;
            }));
        }
        // Every event changes exactly one contract (its head and its lines), so delivering each
        // item's events one by one in the order they happened is delivering all of them in that order.
        Map<String, List<Event>> byTarget = new TreeMap<>();
        for (Event e : events) {
            byTarget.computeIfAbsent(target(e), k -> new ArrayList<>()).add(e);
        }
        List<List<Event>> partitions = new ArrayList<>(byTarget.values());
        Map<String, AtomicInteger> orderlyResults = new ConcurrentHashMap<>();
        AtomicInteger nextPartition = new AtomicInteger();
        long orderlyStart = System.nanoTime();
        List<Future<?>> orderlyWorkers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            orderlyWorkers.add(pool.submit(() -> {
                for (int p = nextPartition.getAndIncrement(); p < partitions.size(); p = nextPartition.getAndIncrement()) {
                    for (Event e : partitions.get(p)) {
                        String body = e.body(orderly, "o-");
                        APIGatewayProxyResponseEvent r = rig.webhook.handleRequest(
                                Rig.webhook(e.source(), body, System.currentTimeMillis() / 1000), null);
                        record(r, body, orderlyResults, failures, "orderly #" + e.seq());
                    }
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get(10, TimeUnit.MINUTES);
        }
        long floodMillis = (System.nanoTime() - start) / 1_000_000;
        for (Future<?> w : orderlyWorkers) {
            w.get(10, TimeUnit.MINUTES);
        }
        long orderlyMillis = (System.nanoTime() - orderlyStart) / 1_000_000;
        pool.shutdown();

        List<String> mismatches = new ArrayList<>(failures);
        int statesChecked = compare(flooded, orderly, mismatches);

        Map<String, Integer> types = new TreeMap<>();
        events.forEach(e -> types.merge(e.type(), 1, Integer::sum));
        Figures.print("[flood] events=" + events.size() + " " + types);
        Figures.print("[flood] deliveries=" + deliveries.size() + " (" + twice + " events sent twice, shuffled, "
                + THREADS + " threads) in " + floodMillis + " ms = "
                + (deliveries.size() * 1000L / Math.max(1, floodMillis)) + " events/s; results " + counts(floodResults));
        Figures.print("[flood] orderly delivery to a second company, at the same time: " + events.size()
                + " events once each, in order per contract (" + partitions.size() + " of them), in "
                + orderlyMillis + " ms = " + (events.size() * 1000L / Math.max(1, orderlyMillis))
                + " events/s; results " + counts(orderlyResults));
        mismatches.forEach(m -> Figures.print("[flood] MISMATCH " + m));
        Figures.print("[flood] states checked=" + statesChecked + " (contracts, listings) mismatches found: "
                + mismatches.size());
        assertEquals(List.of(), mismatches);
        int duplicates = floodResults.getOrDefault("duplicate", new AtomicInteger()).get();
        assertTrue(duplicates > 0 && duplicates <= twice, "duplicates answered " + duplicates + " of " + twice);
        assertEquals(0, orderlyResults.getOrDefault("duplicate", new AtomicInteger()).get());
    }

    private static String target(Event e) {
        JsonNode data = e.data();
        return "contract " + data.path("contractId").asText();
    }

    private static void record(APIGatewayProxyResponseEvent r, String body, Map<String, AtomicInteger> results,
            List<String> failures, String what) {
        if (r.getStatusCode() != 200) {
            failures.add(what + " answered " + r.getStatusCode() + " " + r.getBody() + " for " + body);
            results.computeIfAbsent("HTTP " + r.getStatusCode(), k -> new AtomicInteger()).incrementAndGet();
            return;
        }
        results.computeIfAbsent(Rig.json(r).path("result").asText(), k -> new AtomicInteger()).incrementAndGet();
    }

    private static Map<String, Integer> counts(Map<String, AtomicInteger> results) {
        Map<String, Integer> out = new TreeMap<>();
        results.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /**
     * The first contracts are imported before the flood, so snapshots have pending changes to count. The imports are
     * accepted and ended applied in the store as the sync function and the worker record them: writing to Procore is
     * not this test's subject, and both companies must end with the same prime contract ids.
     */
    /** When the prelude's imports happened, the same for both companies. */
    private final Instant preludeAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private void prelude(String company) {
        Stores stores = Stores.dynamo(rig.app.table(), Clock.systemUTC());
        for (int c = 0; c < IMPORTED; c++) {
            stores.facts().applyJobProject(company, job(c % JOBS), PROJECTS[c % PROJECTS.length], true,
                    new EventStamp(preludeAt.toEpochMilli(), "pre-job-" + c));
            deliver(company, Source.SPECTRUM, "prime_contract.upserted", snapshot(contract(c), job(c % JOBS), 1,
                    ContractStatus.APPROVED, lines(new Random(c), 5)), "pre-" + company + "-snap-" + c);
            ContractDetail detail = stores.contracts().load(company, contract(c)).orElseThrow();
            Instant now = preludeAt;
            Sync pending = Sync.accepted("pre-import-" + c, Sync.Kind.IMPORT, contract(c), detail.jobProjectId(), null,
                    detail.head().erpVersion(), BigDecimal.ZERO, detail.diff().newAmount(),
                    new PendingChanges(detail.currentLines().size(), 0, 0), now, "flood-admin");
            stores.contracts().acceptSync(company, detail, pending, detail.head().current());
            assertTrue(stores.syncs().finishSync(company, contract(c), pending.applied("6" + c, detail.currentLines().size(), now)));
        }
    }

    private void deliver(String company, Source source, String type, ObjectNode data, String id) {
        String body = Json.write(Rig.envelope(id, type, company, Instant.now().toString(), data));
        APIGatewayProxyResponseEvent r = rig.webhook.handleRequest(
                Rig.webhook(source, body, System.currentTimeMillis() / 1000), null);
        assertEquals(200, r.getStatusCode(), r.getBody());
    }

    private static List<Event> generate(Random random) {
        // after the prelude's imports (whose links carry the import time), so the flood's order is the only order
        Instant base = Instant.now().plus(Duration.ofDays(1));
        long[] versions = new long[CONTRACTS];
        for (int c = 0; c < IMPORTED; c++) {
            versions[c] = 1;
        }
        List<Event> events = new ArrayList<>(EVENTS);
        for (int seq = 0; seq < EVENTS; seq++) {
            Instant at = base.plusMillis(seq * 7L);
            int c = random.nextInt(CONTRACTS);
            int roll = random.nextInt(100);
            if (roll < 93) {
                long v = ++versions[c];
                ContractStatus status = random.nextInt(100) < 85 ? ContractStatus.APPROVED : ContractStatus.UNAPPROVED;
                events.add(new Event(seq, Source.SPECTRUM, "prime_contract.upserted", at,
                        snapshot(contract(c), job(c % JOBS), v, status, lines(random, 1 + random.nextInt(20)))));
            } else {
                long v = ++versions[c];
                events.add(new Event(seq, Source.SPECTRUM, "prime_contract.deleted", at,
                        Json.object().put("contractId", contract(c)).put("erpVersion", v)));
            }
        }
        return events;
    }

    private static String contract(int c) {
        return "PC-FLOOD-" + c;
    }

    private static String job(int j) {
        return "J-FLOOD-" + j;
    }

    /** 1..20 lines drawn from 30 item codes, some with unit prices, amounts in whole cents. */
    private static List<LineItem> lines(Random random, int count) {
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            codes.add(i);
        }
        Collections.shuffle(codes, random);
        List<LineItem> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String code = "IT-" + codes.get(i);
            if (random.nextInt(4) == 0) {
                int quantity = 1 + random.nextInt(500);
                BigDecimal price = BigDecimal.valueOf(1 + random.nextInt(50_000), 2);
                lines.add(new LineItem(code, "Unit-priced work " + code, price.multiply(BigDecimal.valueOf(quantity)),
                        BigDecimal.valueOf(quantity), "EA", price));
            } else {
                lines.add(LineItem.lumpSum(code, "Lump-sum work " + code + " \u2013 phase " + random.nextInt(9),
                        BigDecimal.valueOf(100 + random.nextInt(10_000_000), 2).toPlainString()));
            }
        }
        return lines;
    }

    private static ObjectNode snapshot(String contractId, String job, long version, ContractStatus status,
            List<LineItem> lines) {
        return Rig.snapshotData(new ContractSnapshot(contractId, job,
                "Prime contract " + contractId + " rev " + version, status, version, ContractDiff.sum(lines),
                version % 3 == 0 ? new BigDecimal("10.00") : null, lines));
    }

    // ---------------------------------------------------------------- comparison

    private int compare(String flooded, String orderly, List<String> mismatches) {
        int checked = 0;
        for (int c = 0; c < CONTRACTS; c++) {
            checked++;
            String id = contract(c);
            Object a = contractState(flooded, id);
            Object b = contractState(orderly, id);
            if (!a.equals(b)) {
                mismatches.add(id + ": flood " + a + " vs orderly " + b);
            }
        }
        for (boolean synced : new boolean[] {true, false}) {
            checked++;
            Object a = listing(flooded, synced);
            Object b = listing(orderly, synced);
            if (!a.equals(b)) {
                mismatches.add((synced ? "synced" : "staged") + " listing: flood " + a + " vs orderly " + b);
            }
        }
        return checked;
    }

    /** Head fields, both line sets and every link and change order register, without ids that differ by target. */
    private Map<String, Object> contractState(String company, String contractId) {
        Map<String, Object> state = new TreeMap<>();
        ContractDetail detail = stores.contracts().load(company, contractId).orElse(null);
        if (detail == null) {
            state.put("known", false);
        } else {
            ContractHead h = detail.head();
            state.put("title", h.title());
            state.put("job", h.jobNumber());
            state.put("status", h.status());
            state.put("deleted", h.deleted());
            state.put("erpVersion", h.erpVersion());
            state.put("erpAmount", h.erpAmount());
            state.put("retainage", h.retainagePercent());
            state.put("syncedVersion", h.syncedErpVersion());
            state.put("contractAmount", h.contractAmount());
            state.put("pending", h.pending());
            state.put("linked", h.linkedProjectIds());
            state.put("approvedPccos", h.approvedPccoIds());
            state.put("current", encode(detail.currentLines()));
            state.put("synced", encode(detail.syncedLines()));
            state.put("jobProject", detail.jobProjectId());
        }
        Map<String, AttributeValue> raw = dynamo.client().getItem(b -> b.tableName(dynamo.tableName()).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("C#" + company + "#K#" + contractId),
                        "sk", AttributeValue.fromS("#HEAD")))).item();
        Map<String, String> registers = new TreeMap<>();
        if (raw != null) {
            raw.forEach((name, value) -> {
                if ((name.startsWith("projectLink#") || name.startsWith("changeOrder#")) && value.hasM()) {
                    registers.put(name, register(value.m()));
                }
            });
        }
        state.put("registers", registers);
        return state;
    }

    /** A register's value and stamp; an import's link (the only registers here) without its own time and sync id. */
    private static String register(Map<String, AttributeValue> m) {
        String eid = m.get("eventId").s();
        if (eid.startsWith("import:")) {
            return "linked=" + m.get("linked").bool() + " by import";
        }
        return m.toString();
    }

    /** The listing as a user sees it (re-import enabled and its reasons included), without the sync time. */
    private List<String> listing(String company, boolean synced) {
        List<String> out = new ArrayList<>();
        JsonNode page = Rig.json(rig.list.handleRequest(Rig.list(Rig.admin("flood-admin", company, PROJECTS),
                company, synced), null));
        for (JsonNode item : page.path("items")) {
            ObjectNode summary = ((ObjectNode) item).deepCopy();
            summary.remove("lastSyncedAt");
            out.add(summary.toString());
        }
        return out;
    }

    private static List<String> encode(List<LineItem> lines) {
        List<String> out = new ArrayList<>();
        for (LineItem l : lines) {
            out.add(l.itemCode() + "|" + l.description() + "|" + l.amount().toPlainString() + "|"
                    + (l.quantity() == null ? "" : l.quantity().toPlainString()) + "|" + l.unitOfMeasure() + "|"
                    + (l.unitPrice() == null ? "" : l.unitPrice().toPlainString()));
        }
        return out;
    }
}
