package io.primesync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.domain.Caller;
import io.primesync.domain.ContractDiff;
import io.primesync.domain.LineItem;
import io.primesync.handler.AppContext;
import io.primesync.json.Json;
import io.primesync.local.procore.SimulatorClient;
import io.primesync.reliability.DynamoFaults.Fault;
import io.primesync.reliability.DynamoFaults.Kind;
import io.primesync.store.ContractDetail;
import io.primesync.store.EventStamp;
import io.primesync.testing.Figures;
import io.primesync.testing.Fixtures;
import io.primesync.testing.LocalDynamo;
import io.primesync.testing.LocalProcore;
import io.primesync.testing.LocalSqs;
import io.primesync.testing.Stores;
import io.primesync.testing.TestClock;
import io.primesync.webhook.Source;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A fault at every DynamoDB call of an import and of a re-import of a 300-line contract: the request through the
 * SyncHandler, then one delivery of its message to the worker, which writes it to Procore. For each call k of the two
 * and each way a call can fail (connection lost before sending, connection lost after the table applied the request,
 * throttling), once so the SDK's own retries absorb it and once so they run out: the contract must then read as its
 * complete old state, as accepted and not yet written, or as its complete new state; the history must not claim what
 * did not happen; and the same request retried, with the message delivered again once the lease has run out, must
 * complete exactly once, with Procore holding every line once.
 */
class FaultInjectionIT {
    private static final int LINES = 300;
    private static final String CONTRACT = "PC-FAULT-1";
    private static final String JOB = "J-FAULT-1";
    private static final String USER = "user-fault";

    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    /** Reads the outcome through a client without faults, as a later request would. */
    private static final Rig OBSERVER = new Rig(DYNAMO.client());

    /** A first import, a re-import (with an Idempotency-Key), and the ERP snapshot that makes a re-import due. */
    enum Op { IMPORT, REIMPORT, SNAPSHOT }

    enum Mode {
        NET_BEFORE_ONCE(Kind.NET_BEFORE, 1),
        NET_BEFORE_EXHAUSTED(Kind.NET_BEFORE, Integer.MAX_VALUE),
        NET_AFTER_ONCE(Kind.NET_AFTER, 1),
        NET_AFTER_EXHAUSTED(Kind.NET_AFTER, Integer.MAX_VALUE),
        THROTTLED_TWICE(Kind.THROTTLE, 2),
        THROTTLED_EXHAUSTED(Kind.THROTTLE, Integer.MAX_VALUE);

        final Kind kind;
        final int attempts;

        Mode(Kind kind, int attempts) {
            this.kind = kind;
            this.attempts = attempts;
        }
    }

    static final List<LineItem> V1 = v1();
    static final List<LineItem> V2 = v2();

    /** 295 lump-sum lines and 5 unit-price lines. */
    private static List<LineItem> v1() {
        List<LineItem> lines = new ArrayList<>(Fixtures.lines(LINES - 5, "A"));
        for (int i = 1; i <= 5; i++) {
            lines.add(Fixtures.unitLine("U" + i, "12.5", "CY", "80.00", "1000.00"));
        }
        return lines;
    }

    /** 10 lines removed, 20 changed (one of them a unit line), 15 added. */
    private static List<LineItem> v2() {
        List<LineItem> lines = new ArrayList<>();
        for (LineItem line : V1) {
            int n = line.itemCode().startsWith("A") ? Integer.parseInt(line.itemCode().substring(1)) : 0;
            if (n >= 1 && n <= 10) {
                continue;
            }
            if (n >= 11 && n <= 29) {
                lines.add(LineItem.lumpSum(line.itemCode(), line.description() + " (revised)",
                        line.amount().add(BigDecimal.TEN).toPlainString()));
            } else if (line.itemCode().equals("U1")) {
                lines.add(Fixtures.unitLine("U1", "15", "CY", "80.00", "1200.00"));
            } else {
                lines.add(line);
            }
        }
        lines.addAll(Fixtures.lines(15, "B"));
        return lines;
    }

    /** One company with the contract ready for the operation, and a client whose calls can be failed. */
    static final class Scene implements AutoCloseable {
        final String company = LocalDynamo.newCompanyId();
        final String project = Rig.procoreProjects(company, 1)[0];
        final Caller caller = Rig.admin(USER, company, project);
        final DynamoFaults faults = new DynamoFaults(DYNAMO.tableName());
        final DynamoDbClient client = DYNAMO.newClient(faults);
        final TestClock clock = TestClock.startingNow();
        final Rig rig;
        final Stores stores;
        final String key = "idem-" + company;

        Scene(Op op) {
            rig = new Rig(client, clock);
            faults.arm(Fault.none());
            stores = Stores.dynamo(rig.app.table(), clock);
            stores.snapshots().applySnapshot(company, Fixtures.snapshot(CONTRACT, JOB, 1, V1));
            stores.facts().applyJobProject(company, JOB, project, true,
                    new EventStamp(System.currentTimeMillis(), "evt-job-" + company));
            if (op != Op.IMPORT) {
                APIGatewayProxyResponseEvent imported = rig.sync.handleRequest(
                        Rig.importContract(caller, company, CONTRACT), null);
                assertEquals(202, imported.getStatusCode(), imported.getBody());
                rig.queue.drain();
                if (op == Op.REIMPORT) {
                    stores.snapshots().applySnapshot(company, Fixtures.snapshot(CONTRACT, JOB, 2, V2));
                }
            }
        }

        APIGatewayProxyResponseEvent request(Op op) {
            return switch (op) {
                case IMPORT -> rig.sync.handleRequest(Rig.importContract(caller, company, CONTRACT), null);
                case REIMPORT -> rig.sync.handleRequest(Rig.reimport(caller, company, CONTRACT, key), null);
                case SNAPSHOT -> rig.webhook.handleRequest(Rig.webhook(Source.SPECTRUM, Json.write(Rig.envelope(
                        "spx-fault-" + company, "prime_contract.upserted", company, "2026-11-29T14:05:00Z",
                        Rig.snapshotData(Fixtures.snapshot(CONTRACT, JOB, 2, V2)))), System.currentTimeMillis() / 1000), null);
            };
        }

        /** One delivery of each message waiting now, as the event source makes it; whether there was any. */
        boolean deliverOnce() {
            List<Message> messages = LocalSqs.get()
                    .client().receiveMessage(b -> b.queueUrl(rig.queue.queueUrl()).maxNumberOfMessages(10)).messages();
            for (Message m : messages) {
                if (rig.queue.deliver(m)) {
                    LocalSqs.get().client().deleteMessage(b -> b.queueUrl(rig.queue.queueUrl())
                            .receiptHandle(m.receiptHandle()));
                }
            }
            return !messages.isEmpty();
        }

        /**
         * What a later delivery does once the lease of a worker that died has run out: the messages still waiting
         * are dropped (they only say the same), the unfinished sync is queued again as the sweeper would queue it,
         * and the worker takes it to the end.
         */
        void finishLater() {
            clock.advance(AppContext.SYNC_LEASE.plusMinutes(1));
            LocalSqs.get().client().purgeQueue(b -> b.queueUrl(rig.queue.queueUrl()));
            stores.contracts().head(company, CONTRACT).map(h -> h.active()).ifPresent(a -> rig.app.sqsQueue()
                    .enqueue(company, CONTRACT, a.sync().syncId(), a.revision(), 0));
            rig.queue.drain(Duration.ofSeconds(60));
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /**
     * What the contract looks like to its users, without ids and times: the whole of what a fault may not split. A
     * sync still being written reads as "unfinished", whatever its progress.
     */
    static ObjectNode observe(Scene scene) {
        String company = scene.company;
        Caller caller = Rig.admin(USER, company, scene.project);
        ObjectNode state = Json.object();
        APIGatewayProxyResponseEvent eligibility = OBSERVER.eligibility.handleRequest(
                Rig.eligibility(caller, company, CONTRACT), null);
        state.put("eligibilityStatus", eligibility.getStatusCode());
        state.set("eligibility", Rig.json(eligibility));
        ArrayNode history = state.putArray("history");
        for (JsonNode entry : Rig.json(OBSERVER.list.handleRequest(Rig.history(caller, company, CONTRACT), null))
                .path("items")) {
            history.add(normalized(entry));
        }
        for (boolean synced : new boolean[] {true, false}) {
            APIGatewayProxyResponseEvent listed = OBSERVER.list.handleRequest(Rig.list(caller, company, synced), null);
            for (JsonNode summary : Rig.json(listed).path("items")) {
                ObjectNode s = ((ObjectNode) summary).deepCopy();
                s.remove(List.of("lastSyncedAt", "procorePrimeContractId", "jobProjectId", "projectIds"));
                if (s.hasNonNull("lastSync")) {
                    s.set("lastSync", normalized(s.get("lastSync")));
                }
                state.set(synced ? "synced" : "staged", s);
            }
        }
        ContractDetail detail = Stores.dynamo(DYNAMO.table(), Clock.systemUTC()).contracts().load(company, CONTRACT).orElseThrow();
        ArrayNode lines = state.putArray("syncedLines");
        for (LineItem line : detail.syncedLines()) {
            lines.add(line.itemCode() + "|" + line.description() + "|" + line.amount().toPlainString() + "|"
                    + line.quantity() + "|" + line.unitOfMeasure() + "|" + line.unitPrice());
        }
        state.put("headContractAmount", String.valueOf(detail.head().contractAmount()));
        state.put("headSyncedVersion", String.valueOf(detail.head().syncedErpVersion()));
        state.set("procore", procoreSide(scene));
        // every scene has a project of its own in Procore, and sync ids are handed out: neither is part of the state
        String text = Json.write(state).replace("\"" + scene.project + "\"", "\"PROJECT\"")
                .replace("project " + scene.project, "project PROJECT")
                .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "SYNC-ID");
        return (ObjectNode) Json.read(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A sync without its ids and times; pending and writing are one state ("unfinished") for this test. */
    private static ObjectNode normalized(JsonNode sync) {
        ObjectNode e = ((ObjectNode) sync).deepCopy();
        e.remove(List.of("syncId", "requestedAt", "finishedAt", "procorePrimeContractId", "projectId"));
        String status = e.path("status").asText();
        if (status.equals("pending") || status.equals("writing")) {
            e.put("status", "unfinished");
            // the write's progress, and what it found in Procore, recorded with its first progress
            e.remove(List.of("progress", "overwrites"));
        }
        return e;
    }

    /** What Procore holds: the prime contracts of the project and their lines, each line once, by code. */
    private static ObjectNode procoreSide(Scene scene) {
        ObjectNode out = Json.object();
        SimulatorClient procore = LocalProcore.get().client();
        ArrayNode contracts = procore.primeContracts(scene.company, scene.project);
        out.put("primeContracts", contracts.size());
        TreeMap<String, String> byOrigin = new TreeMap<>();
        int count = 0;
        for (JsonNode pc : contracts) {
            for (JsonNode line : procore.lineItems(scene.company, scene.project, pc.path("id").asText())) {
                count++;
                byOrigin.put(line.path("origin_id").asText(), line.path("description").asText() + "|"
                        + line.path("amount").asText() + "|" + line.path("quantity").asText() + "|"
                        + line.path("uom").asText() + "|" + line.path("unit_cost").asText());
            }
        }
        out.put("lines", count);
        out.put("distinctOrigins", byOrigin.size());
        out.put("content", Integer.toHexString(byOrigin.toString().hashCode()));
        return out;
    }

    /**
     * The states of an operation (before it, accepted and not yet written, after it), from a run without faults,
     * checked against the rules by hand, and the DynamoDB calls of its request and of the worker's delivery.
     */
    record Reference(int calls, int requestCalls, List<String> callNames, ObjectNode before, ObjectNode accepted,
            ObjectNode after) {}

    static Reference reference(Op op) {
        try (Scene scene = new Scene(op)) {
            ObjectNode before = observe(scene);
            scene.faults.arm(Fault.none());
            APIGatewayProxyResponseEvent response = scene.request(op);
            int requestCalls = scene.faults.calls();
            assertEquals(okStatus(op), response.getStatusCode(), response.getBody());
            // the observer reads through a client of its own: the counted calls are the request's and the worker's
            ObjectNode accepted = op == Op.SNAPSHOT ? null : observe(scene);
            scene.deliverOnce();
            int calls = scene.faults.calls();
            List<String> names = new ArrayList<>();
            scene.faults.log().stream().sorted((a, b) -> Integer.compare(a.number(), b.number()))
                    .forEach(c -> names.add(c.number() + ":" + c.operation()));
            ObjectNode after = observe(scene);
            checkByHand(op, before, after);
            return new Reference(calls, requestCalls, names, before, accepted, after);
        }
    }

    private static int okStatus(Op op) {
        return op == Op.SNAPSHOT ? 200 : 202;
    }

    private static void checkByHand(Op op, ObjectNode before, ObjectNode after) {
        String v1 = ContractDiff.sum(V1).toPlainString();
        String v2 = ContractDiff.sum(V2).toPlainString();
        if (op == Op.SNAPSHOT) {
            assertEquals(1, before.path("eligibility").path("erpVersion").asLong());
            assertEquals(List.of("NO_UNSYNCED_CHANGES"), Rig.reasonCodes(before.path("eligibility")));
            assertEquals(2, after.path("eligibility").path("erpVersion").asLong());
            assertTrue(after.path("eligibility").path("eligible").asBoolean(), abbreviate(after.toString()));
            JsonNode pending = after.path("synced").path("pendingChanges");
            assertEquals(List.of(15, 20, 10), List.of(pending.path("added").asInt(), pending.path("changed").asInt(),
                    pending.path("removed").asInt()));
            assertEquals(before.path("syncedLines"), after.path("syncedLines"));
            assertEquals(before.path("history"), after.path("history"));
            assertEquals(v2, after.path("synced").path("erpContractAmount").asText());
        } else if (op == Op.IMPORT) {
            assertEquals("null", before.path("headSyncedVersion").asText());
            assertEquals(0, before.path("syncedLines").size());
            assertEquals(List.of("NOT_IMPORTED"), Rig.reasonCodes(before.path("eligibility")));
            assertEquals(LINES, before.path("eligibility").path("preview").path("added").size());
            assertEquals(0, before.path("history").size());
            assertTrue(before.has("staged") && !before.has("synced"), abbreviate(before.toString()));

            assertEquals("1", after.path("headSyncedVersion").asText());
            assertEquals(v1, after.path("headContractAmount").asText());
            assertEquals(LINES, after.path("syncedLines").size());
            assertEquals(List.of("NO_UNSYNCED_CHANGES"), Rig.reasonCodes(after.path("eligibility")));
            assertEquals(1, after.path("history").size());
            assertEquals("import", after.path("history").get(0).path("kind").asText());
            assertEquals(v1, after.path("synced").path("contractAmount").asText());
            assertEquals(LINES, after.path("procore").path("lines").asInt(), "Procore has every line");
            assertEquals(LINES, after.path("procore").path("distinctOrigins").asInt(), "each once");
        } else {
            assertEquals("1", before.path("headSyncedVersion").asText());
            assertEquals(v1, before.path("headContractAmount").asText());
            assertTrue(before.path("eligibility").path("eligible").asBoolean(), before.path("eligibility").toString());
            JsonNode preview = before.path("eligibility").path("preview");
            assertEquals(v1, preview.path("currentAmount").asText());
            assertEquals(v2, preview.path("newAmount").asText());
            assertEquals(List.of(15, 20, 10), List.of(preview.path("added").size(), preview.path("changed").size(),
                    preview.path("removed").size()));
            assertEquals(1, before.path("history").size());

            assertEquals("2", after.path("headSyncedVersion").asText());
            assertEquals(v2, after.path("headContractAmount").asText());
            assertEquals(V2.size(), after.path("syncedLines").size());
            assertEquals(List.of("NO_UNSYNCED_CHANGES"), Rig.reasonCodes(after.path("eligibility")));
            JsonNode reimport = after.path("history").get(0);
            assertEquals("reimport", reimport.path("kind").asText());
            assertEquals(2, reimport.path("erpVersion").asLong());
            assertEquals(v1, reimport.path("previousAmount").asText());
            assertEquals(v2, reimport.path("newAmount").asText());
            assertEquals(List.of(15, 20, 10), List.of(reimport.path("added").asInt(), reimport.path("changed").asInt(),
                    reimport.path("removed").asInt()));
            assertEquals(2, after.path("history").size());
            JsonNode summary = after.path("synced");
            assertEquals(v2, summary.path("contractAmount").asText());
            assertEquals(V2.size(), after.path("procore").path("lines").asInt(), "Procore has every line");
            assertEquals(V2.size(), after.path("procore").path("distinctOrigins").asInt(), "each once");
            assertEquals(0, summary.path("pendingChanges").path("added").asInt()
                    + summary.path("pendingChanges").path("changed").asInt()
                    + summary.path("pendingChanges").path("removed").asInt());
        }
    }

    /** The outcome of one faulted case. */
    private record Outcome(Op op, Mode mode, int call, int faults, int firstStatus, String state, int retryStatus,
            boolean resumedAtOnce, boolean replayedSame, int requests, List<String> problems) {}

    @Test
    void everyCallOfAnImportAndAReimportFailsWithoutLeavingAMix() throws Exception {
        Map<Op, Reference> references = new EnumMap<>(Op.class);
        for (Op op : Op.values()) {
            references.put(op, reference(op));
            Reference r = references.get(op);
            Figures.print("[faults] " + op + " of a " + LINES + "-line contract makes " + r.calls() + " DynamoDB calls, "
                    + r.requestCalls() + " in the request and " + (r.calls() - r.requestCalls()) + " in the worker's"
                    + " delivery: " + r.callNames());
        }
        List<Object[]> cases = new ArrayList<>();
        // the exhausted throttling cases wait out the SDK's backoff, so they start first
        for (Mode mode : new Mode[] {Mode.THROTTLED_EXHAUSTED, Mode.NET_BEFORE_EXHAUSTED, Mode.NET_AFTER_EXHAUSTED,
                Mode.THROTTLED_TWICE, Mode.NET_BEFORE_ONCE, Mode.NET_AFTER_ONCE}) {
            for (Op op : Op.values()) {
                for (int k = 1; k <= references.get(op).calls(); k++) {
                    cases.add(new Object[] {op, mode, k});
                }
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<Outcome>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (Object[] c : cases) {
            Op op = (Op) c[0];
            futures.add(pool.submit(() -> runCase(op, (Mode) c[1], (int) c[2], references.get(op))));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> f : futures) {
            outcomes.add(f.get(10, TimeUnit.MINUTES));
        }
        pool.shutdown();
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        report(outcomes, seconds);
    }

    private static Outcome runCase(Op op, Mode mode, int k, Reference reference) {
        List<String> problems = new ArrayList<>();
        try (Scene scene = new Scene(op)) {
            scene.faults.arm(new Fault(k, mode.kind, mode.attempts));
            APIGatewayProxyResponseEvent first = scene.request(op);
            if (op != Op.SNAPSHOT) {
                scene.deliverOnce();
            }
            scene.faults.disarm();
            int faults = scene.faults.faultsInjected();
            if (faults == 0) {
                problems.add("no fault was injected");
            }
            int okStatus = okStatus(op);
            String leak = Rig.leak(first.getBody(), null);
            if (leak != null) {
                problems.add("first answer leaks " + leak);
            }
            if (first.getStatusCode() == 503) {
                String bad = Rig.badUnavailable(first);
                if (bad != null) {
                    problems.add("503 malformed: " + bad);
                }
            } else if (first.getStatusCode() != okStatus) {
                problems.add("first answer " + first.getStatusCode() + " " + first.getBody());
            }

            ObjectNode state = observe(scene);
            // accepted and not written to the end: the contract reads as accepted; Procore may hold part of it
            boolean accepted = reference.accepted() != null
                    && state.deepCopy().without("procore").equals(reference.accepted().deepCopy().without("procore"));
            String name = state.equals(reference.before()) ? "old" : state.equals(reference.after()) ? "new"
                    : accepted ? "accepted" : "MIXED";
            if (name.equals("MIXED")) {
                problems.add("state is neither the old, the accepted nor the new one: " + diff(state, reference));
            }
            if (first.getStatusCode() == okStatus && name.equals("old")) {
                problems.add("answered " + okStatus + " but nothing was accepted");
            }

            // the same request again, at once, without faults; then the message again, once a dead worker's lease ran out
            APIGatewayProxyResponseEvent retry = scene.request(op);
            boolean resumedAtOnce = false;
            boolean replayedSame = false;
            if (op == Op.REIMPORT) {
                resumedAtOnce = retry.getStatusCode() == 202;
                if (retry.getStatusCode() != 202) {
                    problems.add("retry answered " + retry.getStatusCode() + " " + retry.getBody());
                } else {
                    String syncId = Rig.json(retry).path("syncId").asText();
                    if (first.getStatusCode() == 202) {
                        if (!"true".equals(Rig.header(retry, "Idempotent-Replayed"))
                                || !syncId.equals(Rig.json(first).path("syncId").asText())) {
                            problems.add("retry after a 202 is not a replay of it");
                        }
                    }
                    APIGatewayProxyResponseEvent replay = scene.request(op);
                    replayedSame = replay.getStatusCode() == 202
                            && "true".equals(Rig.header(replay, "Idempotent-Replayed"))
                            && syncId.equals(Rig.json(replay).path("syncId").asText());
                    if (!replayedSame) {
                        problems.add("replay differs: " + replay.getStatusCode() + " " + replay.getBody());
                    }
                    scene.finishLater();
                    List<String> ids = historySyncIds(scene, "reimport");
                    if (!ids.equals(List.of(syncId))) {
                        problems.add("history re-imports " + ids + ", answered syncId " + syncId);
                    }
                }
            } else if (op == Op.SNAPSHOT) {
                String result = retry.getStatusCode() == 200 ? Rig.json(retry).path("result").asText() : "?";
                // a redelivery is a duplicate once its id was recorded, stale if only the snapshot was stored
                if (!(name.equals("old") ? result.equals("applied") : result.equals("duplicate") || result.equals("stale"))) {
                    problems.add("redelivery (state " + name + ") answered " + retry.getStatusCode() + " " + retry.getBody());
                }
                resumedAtOnce = true;
                replayedSame = true;
            } else {
                // without a key, a retried import is accepted if the first was not, and told why not otherwise
                String expected = name.equals("old") ? "202" : name.equals("accepted") ? "409 SYNC_IN_PROGRESS"
                        : "409 ALREADY_IMPORTED";
                String got = retry.getStatusCode() == 202 ? "202" : retry.getStatusCode() + " "
                        + String.join(",", Rig.reasonCodes(Rig.json(retry)));
                if (!got.equals(expected)) {
                    problems.add("retry of the import (state " + name + ") answered " + got + ", not " + expected);
                }
                scene.finishLater();
                resumedAtOnce = true;
                replayedSame = true;
                if (historySyncIds(scene, "import").size() != 1) {
                    problems.add("history imports " + historySyncIds(scene, "import"));
                }
            }
            ObjectNode end = observe(scene);
            if (!end.equals(reference.after())) {
                problems.add("after the retry the state is not the new one: " + diff(end, reference));
            }
            return new Outcome(op, mode, k, faults, first.getStatusCode(), name, retry.getStatusCode(), resumedAtOnce,
                    replayedSame, op == Op.REIMPORT && retry.getStatusCode() == 202 ? 3 : 2, problems);
        } catch (RuntimeException | AssertionError e) {
            problems.add("case failed: " + e);
            return new Outcome(op, mode, k, 0, -1, "?", -1, false, false, 0, problems);
        }
    }

    static List<String> historySyncIds(Scene scene, String kind) {
        List<String> ids = new ArrayList<>();
        for (JsonNode entry : Rig.json(OBSERVER.list.handleRequest(
                Rig.history(Rig.admin(USER, scene.company, scene.project), scene.company, CONTRACT), null)).path("items")) {
            if (entry.path("kind").asText().equals(kind)) {
                ids.add(entry.path("syncId").asText());
            }
        }
        return ids;
    }

    private static String diff(ObjectNode state, Reference reference) {
        List<String> fields = new ArrayList<>();
        state.fieldNames().forEachRemaining(name -> {
            JsonNode s = state.get(name);
            if (!s.equals(reference.before().get(name)) && !s.equals(reference.after().get(name))
                    && (reference.accepted() == null || !s.equals(reference.accepted().get(name)))) {
                fields.add(name + "=" + abbreviate(s.toString()));
            }
        });
        if (!fields.isEmpty()) {
            return String.join("; ", fields);
        }
        // every field is one of some state's, but together they are none: say which differ from which
        List<String> against = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> r : Map.of("old", reference.before(), "new", reference.after()).entrySet()) {
            List<String> differ = new ArrayList<>();
            Set<String> names = new TreeSet<>();
            state.fieldNames().forEachRemaining(names::add);
            r.getValue().fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (!Objects.equals(state.get(name), r.getValue().get(name))) {
                    differ.add(name);
                }
            }
            against.add("differs from " + r.getKey() + " in " + differ);
        }
        return "a mix of old and new fields: " + String.join(", ", against) + "; Procore holds " + state.get("procore")
                + " (new: " + reference.after().get("procore") + ")";
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static void report(List<Outcome> outcomes, long seconds) {
        Map<String, int[]> rows = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        int faults = 0;
        int requests = 0;
        int statesChecked = 0;
        for (Outcome o : outcomes) {
            faults += o.faults();
            requests += o.requests();
            statesChecked += 2; // after the fault, and after the retry
            // cases, faults, first ok, first 503, old, accepted, new, retries completed, resumed at once, replays same
            int[] row = rows.computeIfAbsent(o.op() + " " + o.mode(), x -> new int[10]);
            row[0]++;
            row[1] += o.faults();
            row[2] += o.firstStatus() == 200 || o.firstStatus() == 202 ? 1 : 0;
            row[3] += o.firstStatus() == 503 ? 1 : 0;
            row[4] += o.state().equals("old") ? 1 : 0;
            row[5] += o.state().equals("accepted") ? 1 : 0;
            row[6] += o.state().equals("new") ? 1 : 0;
            row[7] += o.retryStatus() == 200 || o.retryStatus() == 202 || o.retryStatus() == 409 ? 1 : 0;
            row[8] += o.resumedAtOnce() ? 1 : 0;
            row[9] += o.replayedSame() ? 1 : 0;
            for (String p : o.problems()) {
                problems.add(o.op() + " " + o.mode() + " call " + o.call() + ": " + p);
            }
        }
        Figures.print(String.format("[faults] %-33s %5s %6s %5s %5s %5s %8s %5s %7s %7s %7s", "operation / fault",
                "cases", "faults", "ok", "503", "old", "accepted", "new", "retried", "resumed", "replays"));
        rows.forEach((name, r) -> Figures.print(String.format("[faults] %-33s %5d %6d %5d %5d %5d %8d %5d %7d %7d %7d",
                name, r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9])));
        long failed = outcomes.stream().filter(o -> o.firstStatus() == 503).count();
        long resumed = outcomes.stream().filter(o -> o.firstStatus() == 503 && o.op() == Op.REIMPORT
                && o.retryStatus() == 202).count();
        long failedReimports = outcomes.stream().filter(o -> o.firstStatus() == 503 && o.op() == Op.REIMPORT).count();
        Figures.print("[faults] answered 503: " + failed + "; re-imports that failed and were retried at once with"
                + " the same Idempotency-Key: " + failedReimports + ", completed without waiting for the lease: "
                + resumed);
        Collections.sort(problems);
        problems.forEach(p -> Figures.print("[faults] MISMATCH " + p));
        Figures.print("[faults] cases=" + outcomes.size() + " requests sent=" + requests
                + " faults injected=" + faults + " states checked=" + statesChecked + " mismatches found: "
                + problems.size() + " (" + seconds + " s)");
        assertTrue(faults >= outcomes.size(), "every case injected at least one fault");
        assertEquals(List.of(), problems, "mismatches");
    }
}
