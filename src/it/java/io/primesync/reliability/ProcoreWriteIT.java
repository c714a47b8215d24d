package io.primesync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.domain.LineItem;
import io.primesync.handler.AppContext;
import io.primesync.json.Json;
import io.primesync.local.Template;
import io.primesync.local.sqs.SqsEventSource;
import io.primesync.procore.CallListener;
import io.primesync.procore.ProcoreConfig;
import io.primesync.testing.Figures;
import io.primesync.testing.LocalDynamo;
import io.primesync.testing.LocalSqs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Imports and re-imports written to the Procore simulator by the worker, end to end through the handlers: at every
 * size, under a fault at every Procore call and a worker crash after every one, with messages delivered more than
 * once and workers racing, with a message that was never sent, and under Procore's spike limit. Procore is read back
 * as a Procore client reads it and compared with the ERP lines field by field.
 */
class ProcoreWriteIT {
    private static final String CONTRACT = "PC-W-1";

    // ---------------------------------------------------------------- every size

    @Test
    void importThenReimportLeaveProcoreEqualToTheSnapshotAtEverySize() {
        List<String> problems = new ArrayList<>();
        for (int size : new int[] {10, 1000, 5000}) {
            for (boolean unit : new boolean[] {false, true}) {
                WriteScene scene = new WriteScene(true, Map.of());
                WriteScene.Process p = scene.process(null);
                scene.procore.control("DELETE", "/_simulator/requests", null);
                List<LineItem> v1 = WriteScene.contract(size, unit, 1);
                List<LineItem> v2 = WriteScene.contract(size, unit, 2);
                String what = size + " lines " + (unit ? "unit-price" : "lump-sum");
                scene.stage(p, CONTRACT, 1, v1);
                long start = System.nanoTime();
                JsonNode imported = written(scene, p, scene.importContract(p, CONTRACT));
                long importMillis = (System.nanoTime() - start) / 1_000_000;
                JsonNode importRequests = scene.requests();
                check(problems, what + " import", imported, scene.differences(CONTRACT, v1));
                String method = scene.primeContract(CONTRACT).path("accounting_method").asText();
                if (!method.equals(unit ? "unit" : "amount")) {
                    problems.add(what + ": accounting method " + method);
                }
                scene.procore.control("DELETE", "/_simulator/requests", null);

                scene.snapshot(p, CONTRACT, 2, v2);
                start = System.nanoTime();
                JsonNode reimported = written(scene, p, scene.reimport(p, CONTRACT, null));
                long reimportMillis = (System.nanoTime() - start) / 1_000_000;
                check(problems, what + " re-import", reimported, scene.differences(CONTRACT, v2));
                Figures.print(String.format("[procore-write] %-22s import: %5d lines written in %5d ms, %2d Procore"
                        + " requests; re-import: %3d writes (+%d ~%d -%d) in %5d ms, %2d requests", what,
                        imported.path("progress").path("linesWritten").asInt(), importMillis,
                        importRequests.path("total").asInt(), reimported.path("progress").path("linesWritten").asInt(),
                        reimported.path("added").asInt(), reimported.path("changed").asInt(),
                        reimported.path("removed").asInt(), reimportMillis, scene.requests().path("total").asInt()));
            }
        }
        problems.forEach(m -> Figures.print("[procore-write] MISMATCH " + m));
        Figures.print("[procore-write] sizes 10, 1000, 5000, lump-sum and unit-price: mismatches found: " + problems.size());
        assertEquals(List.of(), problems);
    }

    private static void check(List<String> problems, String what, JsonNode sync, String differences) {
        if (!sync.path("status").asText().equals("applied")) {
            problems.add(what + " ended " + sync);
        }
        if (sync.path("progress").path("linesWritten").asInt() != sync.path("progress").path("linesTotal").asInt()) {
            problems.add(what + " progress " + sync.path("progress"));
        }
        if (!differences.isEmpty()) {
            problems.add(what + ": Procore differs: " + differences);
        }
    }

    /** A 202, then the worker until the queue is empty: the sync as it ended. */
    private static JsonNode written(WriteScene scene, WriteScene.Process p, APIGatewayProxyResponseEvent accepted) {
        assertEquals(202, accepted.getStatusCode(), accepted.getBody());
        p.queue.drain();
        return scene.sync(p, CONTRACT, Rig.json(accepted).path("syncId").asText());
    }

    // ---------------------------------------------------------------- a fault at every call

    /** How a Procore call fails, once. */
    enum FaultKind {
        STATUS_500, TIMEOUT, DROPPED_AFTER_APPLYING, RATE_LIMITED, RECORDS_REFUSED, TOKEN_EXPIRED, WORKER_CRASH
    }

    /** One Procore call as the client made it: its method and path template. */
    record Call(String method, String route) {
        /** The path the simulator sees, as a regular expression. */
        String pathPattern() {
            String template = route.substring(route.indexOf(' ') + 1);
            String path = template.startsWith("/oauth") ? template : "/rest/v1.0" + template;
            return "^" + path.replace("{id}", "[0-9]+") + "$";
        }
    }

    /** Counts the calls of a process, and crashes it (as a Lambda environment dies) after the n-th one. */
    static final class Calls implements CallListener {
        final List<Call> made = Collections.synchronizedList(new ArrayList<>());
        volatile int crashAfter = -1;

        @Override
        public void answered(String method, String route, int status, long millis) {
            made.add(new Call(method, route.startsWith("/") ? "POST " + route : route));
            if (made.size() == crashAfter) {
                throw new Crash();
            }
        }

        @Override
        public void failed(String method, String route, String why) {
            made.add(new Call(method, route.startsWith("/") ? "POST " + route : route));
        }
    }

    /** The worker's environment died. */
    static final class Crash extends Error {
        Crash() {
            super("the worker's environment died", null, false, false);
        }
    }

    /** The scene's configuration for the fault runs: small batches, so a sync takes several calls; short timeouts. */
    private static final Map<String, String> FAULT_ENV = Map.of(ProcoreConfig.SYNC_BATCH_SIZE, "10",
            ProcoreConfig.REQUEST_TIMEOUT_MILLIS, "1000", ProcoreConfig.CONNECT_TIMEOUT_MILLIS, "1000");
    private static final List<LineItem> F1 = WriteScene.contract(40, true, 1);
    private static final List<LineItem> F2 = faultV2();

    /** 14 lines changed (two batches), 3 removed, 2 added. */
    private static List<LineItem> faultV2() {
        List<LineItem> lines = new ArrayList<>();
        for (LineItem l : F1) {
            int n = Integer.parseInt(l.itemCode().substring(1));
            if (n > 37) {
                continue;
            }
            if (n > 14) {
                lines.add(l);
            } else if (l.quantity() == null) {
                lines.add(LineItem.lumpSum(l.itemCode(), l.description() + " (revised)",
                        l.amount().add(BigDecimal.TEN).toPlainString()));
            } else {
                BigDecimal quantity = l.quantity().add(BigDecimal.ONE);
                lines.add(new LineItem(l.itemCode(), l.description() + " (revised)", quantity.multiply(l.unitPrice()),
                        quantity, l.unitOfMeasure(), l.unitPrice()));
            }
        }
        lines.add(LineItem.lumpSum("N1", "Added work 1", "100.00"));
        lines.add(LineItem.lumpSum("N2", "Added work 2", "200.00"));
        return lines;
    }

    /** One faulted run and what it ended as. */
    record Outcome(String op, FaultKind kind, int call, Call target, String status, int deliveries, List<String> problems) {}

    @Test
    void aFaultAtEveryProcoreCallOfAnImportAndAReimportEndsWholeOrFailedWithAReason() {
        List<Outcome> outcomes = new ArrayList<>();
        long start = System.nanoTime();
        for (String op : List.of("import", "reimport")) {
            List<Call> reference = faultRun(op, null, -1).calls;
            Figures.print("[procore-faults] " + op + " of a 40-line contract (batches of 10) makes " + reference.size()
                    + " Procore calls: " + reference.stream().map(c -> c.route()).toList());
            for (FaultKind kind : FaultKind.values()) {
                for (int k = 1; k <= reference.size(); k++) {
                    Call target = reference.get(k - 1);
                    if (kind == FaultKind.RECORDS_REFUSED && !target.route().endsWith("/sync")) {
                        continue; // only the sync action answers per record
                    }
                    FaultRun run = faultRun(op, kind, k, reference);
                    outcomes.add(new Outcome(op, kind, k, target, run.status, run.deliveries, run.problems));
                }
            }
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000;
        Map<String, int[]> rows = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Outcome o : outcomes) {
            int[] row = rows.computeIfAbsent(o.op() + " " + o.kind(), x -> new int[4]);
            row[0]++;
            row[1] += o.status().equals("applied") ? 1 : 0;
            row[2] += o.status().equals("failed") ? 1 : 0;
            row[3] += o.deliveries();
            o.problems().forEach(p -> problems.add(o.op() + " " + o.kind() + " at call " + o.call() + " ("
                    + o.target().route() + "): " + p));
        }
        Figures.print(String.format("[procore-faults] %-32s %5s %7s %6s %10s", "operation / fault", "runs", "applied",
                "failed", "deliveries"));
        rows.forEach((name, r) -> Figures.print(String.format("[procore-faults] %-32s %5d %7d %6d %10d", name, r[0], r[1],
                r[2], r[3])));
        problems.forEach(p -> Figures.print("[procore-faults] MISMATCH " + p));
        Figures.print("[procore-faults] runs=" + outcomes.size() + " (a fault at every call, each kind; a crash after"
                + " every call) mismatches found: " + problems.size() + " (" + seconds + " s)");
        assertEquals(List.of(), problems);
    }

    private record FaultRun(List<Call> calls, String status, int deliveries, List<String> problems) {}

    private FaultRun faultRun(String op, FaultKind kind, int k) {
        return faultRun(op, kind, k, List.of());
    }

    /**
     * One import or re-import with call k made to fail as {@code kind} says (none when null): the request, then
     * deliveries until the queue is empty; a crashed worker's message comes back and a new environment takes it once
     * the lease has run out. It must end applied with Procore equal to the ERP lines, or failed with a reason.
     */
    private FaultRun faultRun(String op, FaultKind kind, int k, List<Call> reference) {
        WriteScene scene = new WriteScene(true, FAULT_ENV);
        List<String> problems = new ArrayList<>();
        WriteScene.Process setup = scene.process(null);
        scene.stage(setup, CONTRACT, 1, F1);
        List<LineItem> target = F1;
        if (op.equals("reimport")) {
            JsonNode imported = written(scene, setup, scene.importContract(setup, CONTRACT));
            assertEquals("applied", imported.path("status").asText(), imported.toString());
            scene.snapshot(setup, CONTRACT, 2, F2);
            target = F2;
        }
        Calls calls = new Calls();
        WriteScene.Process p = scene.process(calls);
        if (kind != null && kind != FaultKind.WORKER_CRASH) {
            arm(scene, kind, reference, k);
        } else if (kind == FaultKind.WORKER_CRASH) {
            calls.crashAfter = k;
        }
        int deliveries = 0;
        APIGatewayProxyResponseEvent accepted;
        try {
            accepted = op.equals("import") ? scene.importContract(p, CONTRACT) : scene.reimport(p, CONTRACT, "key-" + op);
        } catch (Crash crash) {
            // the request's environment died: API Gateway answers 502 and the client tries again
            accepted = null;
        }
        if (accepted == null || accepted.getStatusCode() != 202) {
            String said = accepted == null ? "crashed" : accepted.getStatusCode() + " " + accepted.getBody();
            if (accepted != null && accepted.getStatusCode() != 503) {
                problems.add("the request answered " + said);
            }
            p = scene.process(calls);
            accepted = op.equals("import") ? scene.importContract(p, CONTRACT) : scene.reimport(p, CONTRACT, "key-" + op);
            if (accepted.getStatusCode() != 202) {
                problems.add("the request retried answered " + accepted.getStatusCode() + " " + accepted.getBody());
                scene.procore.clearFaults();
                return new FaultRun(new ArrayList<>(calls.made), "?", 0, problems);
            }
        }
        String syncId = Rig.json(accepted).path("syncId").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Map<String, String> counts = p.queue.counts();
            if (counts.values().stream().allMatch("0"::equals)) {
                break;
            }
            if (System.nanoTime() > deadline) {
                problems.add("the queue did not empty: " + counts);
                break;
            }
            List<Message> messages = LocalSqs.get().client().receiveMessage(b -> b.queueUrl(scene.queueUrl)
                    .maxNumberOfMessages(1).waitTimeSeconds(1)).messages();
            for (Message m : messages) {
                deliveries++;
                try {
                    if (p.queue.deliver(m)) {
                        LocalSqs.get().client().deleteMessage(b -> b.queueUrl(scene.queueUrl).receiptHandle(m.receiptHandle()));
                    }
                } catch (Crash crash) {
                    // the environment is gone with its lease held; the message comes back, a new one takes it
                    scene.clock.advance(AppContext.SYNC_LEASE.plusMinutes(1));
                    calls.crashAfter = -1;
                    p = scene.process(calls);
                }
            }
        }
        if (kind != null && kind != FaultKind.WORKER_CRASH
                && scene.procore.control("GET", "/_simulator/faults", null).path("pending").asInt() != 0) {
            problems.add("the fault was never reached");
        }
        scene.procore.clearFaults();
        JsonNode sync = scene.sync(p, CONTRACT, syncId);
        String status = sync.path("status").asText();
        String differences = scene.differences(CONTRACT, target);
        int contracts = scene.procore.primeContracts(scene.company, scene.project).size();
        if (contracts != 1) {
            problems.add(contracts + " prime contracts in the project");
        }
        // Procore's lock: lines change in Draft only, and the product never leaves a contract there
        String procoreStatus = contracts == 0 ? null
                : scene.procore.primeContracts(scene.company, scene.project).get(0).path("status").asText();
        // (where Procore refused even the restore, the failure must say so and ask for it by hand)
        boolean toldToRestore = sync.path("error").path("message").asText("").contains("set it back in Procore by hand");
        if ((status.equals("applied") || op.equals("reimport")) && !"Approved".equals(procoreStatus)
                && !(status.equals("failed") && toldToRestore)) {
            problems.add(status + ", the prime contract left " + procoreStatus + ", not Approved");
        }
        if (status.equals("applied")) {
            if (!differences.isEmpty()) {
                problems.add("applied, but Procore differs: " + differences);
            }
            if (sync.path("progress").path("linesWritten").asInt() != sync.path("progress").path("linesTotal").asInt()) {
                problems.add("applied with progress " + sync.path("progress"));
            }
        } else if (status.equals("failed")) {
            String message = sync.path("error").path("message").asText("");
            if (message.isBlank() || sync.path("error").path("code").asText("").isBlank()) {
                problems.add("failed without a reason: " + sync);
            }
            // the one permanent refusal among the faults: the login service refusing the credentials
            boolean permanent = kind == FaultKind.TOKEN_EXPIRED && k >= 1 && reference.get(k - 1).route().endsWith("/oauth/token");
            if (!permanent) {
                problems.add("failed on a passing fault: " + sync.path("error"));
            }
            if (differences.contains("twice")) {
                problems.add("a line is there twice: " + differences);
            }
            // what failed is re-imported, and converges
            WriteScene.Process later = scene.process(null);
            JsonNode again = written(scene, later, scene.reimport(later, CONTRACT, null));
            if (!again.path("status").asText().equals("applied") || !scene.differences(CONTRACT, target).isEmpty()) {
                problems.add("the re-import after the failure ended " + again.path("status") + ", Procore: "
                        + scene.differences(CONTRACT, target));
            }
        } else {
            problems.add("left " + status + ": " + sync);
        }
        JsonNode entry = scene.history(p, CONTRACT).get(0);
        if (!entry.path("syncId").asText().equals(syncId) && !status.equals("failed")) {
            problems.add("the history's newest entry is not the sync: " + entry);
        }
        long pendingOrWriting = 0;
        for (JsonNode h : scene.history(p, CONTRACT)) {
            if (h.path("status").asText().equals("pending") || h.path("status").asText().equals("writing")) {
                pendingOrWriting++;
            }
        }
        if (pendingOrWriting > 0) {
            problems.add(pendingOrWriting + " syncs left unfinished in the history");
        }
        return new FaultRun(new ArrayList<>(calls.made), status, deliveries, problems);
    }

    /** The simulator fails the k-th call of the reference (the n-th of its kind) as the kind says. */
    private static void arm(WriteScene scene, FaultKind kind, List<Call> reference, int k) {
        Call target = reference.get(k - 1);
        int earlier = 0;
        for (int i = 0; i < k - 1; i++) {
            if (reference.get(i).equals(target)) {
                earlier++;
            }
        }
        ObjectNode fault = Json.object();
        boolean login = target.route().endsWith("/oauth/token");
        if (!login) {
            fault.put("companyId", scene.company);
        }
        fault.put("method", target.method()).put("path", target.pathPattern()).put("skip", earlier).put("count", 1);
        switch (kind) {
            case STATUS_500 -> fault.put("status", 500);
            case TIMEOUT -> fault.put("delayMs", 1200);
            case DROPPED_AFTER_APPLYING -> fault.put("drop", "after");
            case RATE_LIMITED -> fault.put("status", 429).put("resetSeconds", 2);
            case RECORDS_REFUSED -> fault.put("recordErrors", 3);
            case TOKEN_EXPIRED -> fault.put("status", 401);
            default -> throw new IllegalArgumentException(kind.toString());
        }
        scene.procore.fault(fault);
    }

    // ---------------------------------------------------------------- once per line

    @Test
    void oneMessageDeliveredThreeTimesAndTwoWorkersAtOnceWriteEachLineOnce() throws Exception {
        WriteScene scene = new WriteScene(true, Map.of());
        WriteScene.Process p = scene.process(null);
        List<LineItem> v1 = WriteScene.contract(1000, true, 1);
        scene.stage(p, CONTRACT, 1, v1);
        APIGatewayProxyResponseEvent accepted = scene.importContract(p, CONTRACT);
        assertEquals(202, accepted.getStatusCode(), accepted.getBody());
        String syncId = Rig.json(accepted).path("syncId").asText();
        long revision = scene.store(p).head(scene.company, CONTRACT).orElseThrow().active().revision();
        // the same message twice more, as SQS may deliver one (at-least-once)
        p.app.sqsQueue().enqueue(scene.company, CONTRACT, syncId, revision, 0);
        p.app.sqsQueue().enqueue(scene.company, CONTRACT, syncId, revision, 0);
        int deliveries = p.queue.drain();
        JsonNode requests = scene.requests().path("calls");
        int syncCalls = requests.path("PATCH /prime_contracts/{id}/line_items/sync").path("count").asInt();
        int creates = requests.path("POST /prime_contract").path("count").asInt();
        assertEquals(3, deliveries, "three deliveries");
        assertEquals("applied", scene.sync(p, CONTRACT, syncId).path("status").asText());
        assertEquals("", scene.differences(CONTRACT, v1));
        assertEquals(1, syncCalls, "the 1,000 lines were sent once: " + requests);
        assertEquals(1, creates, "the prime contract was created once: " + requests);
        Figures.print("[procore-once] one message delivered 3 times: sync calls=" + syncCalls + " prime contracts"
                + " created=" + creates + " lines in Procore=" + scene.lines(CONTRACT).size());

        // two environments take the same re-import at the same instant
        List<LineItem> v2 = WriteScene.contract(1000, true, 2);
        scene.snapshot(p, CONTRACT, 2, v2);
        scene.procore.control("DELETE", "/_simulator/requests", null);
        APIGatewayProxyResponseEvent reimport = scene.reimport(p, CONTRACT, null);
        assertEquals(202, reimport.getStatusCode(), reimport.getBody());
        String reimportId = Rig.json(reimport).path("syncId").asText();
        Message message = LocalSqs.get().client().receiveMessage(b -> b.queueUrl(scene.queueUrl).waitTimeSeconds(2))
                .messages().get(0);
        List<WriteScene.Process> workers = List.of(scene.process(null), scene.process(null));
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<SQSBatchResponse>> answers = new ArrayList<>();
        for (WriteScene.Process w : workers) {
            answers.add(pool.submit(() -> {
                go.await();
                return w.worker.handleRequest(SqsEventSource.typedEvent(List.of(message), "arn:aws:sqs:test"), null);
            }));
        }
        go.countDown();
        int done = 0;
        for (Future<SQSBatchResponse> a : answers) {
            done += a.get(120, TimeUnit.SECONDS).getBatchItemFailures().isEmpty() ? 1 : 0;
        }
        pool.shutdown();
        LocalSqs.get().client().deleteMessage(b -> b.queueUrl(scene.queueUrl).receiptHandle(message.receiptHandle()));
        p.queue.drain();
        JsonNode after = scene.requests().path("calls");
        int reimportSyncs = after.path("PATCH /prime_contracts/{id}/line_items/sync").path("count").asInt();
        int deletes = after.path("DELETE /prime_contracts/{id}/line_items/{id}").path("count").asInt();
        JsonNode ended = scene.sync(p, CONTRACT, reimportId);
        Figures.print("[procore-once] two workers on one re-import at once: " + done + " finished it, "
                + (2 - done) + " found it held; sync calls=" + reimportSyncs + " deletes=" + deletes + " (removed "
                + ended.path("removed").asInt() + ") mismatches found: "
                + (scene.differences(CONTRACT, v2).isEmpty() && reimportSyncs == 1 ? 0 : 1));
        assertEquals("applied", ended.path("status").asText(), ended.toString());
        assertTrue(done >= 1, "a worker wrote it");
        assertEquals(1, reimportSyncs, "the changed lines were sent once: " + after);
        assertEquals(ended.path("removed").asInt(), deletes, "each removed line deleted once: " + after);
        assertEquals("", scene.differences(CONTRACT, v2));
    }

    // ---------------------------------------------------------------- the message never sent

    @Test
    void aSyncAcceptedWhoseMessageWasNeverSentIsFinishedByTheSweeper() {
        // a table of its own: the sweeper sweeps the whole table
        String table = "primesync-sweep-" + Long.toHexString(System.nanoTime());
        LocalDynamo.get().client().createTable(Template.load(Template.defaultPath()).createTableRequest(table));
        LocalDynamo.get().client().waiter().waitUntilTableExists(b -> b.tableName(table));
        try {
            WriteScene scene = new WriteScene(true, Map.of(), table);
            WriteScene.Process working = scene.process(null);
            // the request's environment cannot reach SQS: the sync is accepted, its message never sent
            WriteScene.Process cutOff = scene.process(null, () -> SqsClient.builder()
                    .endpointOverride(URI.create("http://127.0.0.1:9")).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .build());
            List<LineItem> v1 = WriteScene.contract(120, false, 1);
            scene.stage(working, CONTRACT, 1, v1);
            APIGatewayProxyResponseEvent accepted = scene.importContract(cutOff, CONTRACT);
            assertEquals(202, accepted.getStatusCode(), accepted.getBody());
            String syncId = Rig.json(accepted).path("syncId").asText();
            assertEquals(Map.of("ApproximateNumberOfMessages", "0", "ApproximateNumberOfMessagesDelayed", "0",
                    "ApproximateNumberOfMessagesNotVisible", "0"), working.queue.counts(), "no message was sent");

            JsonNode young = sweep(working);
            assertEquals(0, young.path("queued").asInt(), "a sync just accepted may still have its message on the way: " + young);
            scene.clock.advance(Duration.ofMinutes(3));
            JsonNode swept = sweep(working);
            assertEquals(1, swept.path("queued").asInt(), swept.toString());
            working.queue.drain();
            JsonNode sync = scene.sync(working, CONTRACT, syncId);
            assertEquals("applied", sync.path("status").asText(), sync.toString());
            assertEquals("", scene.differences(CONTRACT, v1));
            JsonNode after = sweep(working);
            assertEquals(0, after.path("unfinished").asInt(), after.toString());
            Figures.print("[procore-sweep] accepted, message never sent: sweep at once " + young + ", after 3 minutes "
                    + swept + ", then applied with " + scene.lines(CONTRACT).size() + " lines in Procore; next sweep "
                    + after + "; mismatches found: 0");
        } finally {
            LocalDynamo.get().client().deleteTable(b -> b.tableName(table));
        }
    }

    private static JsonNode sweep(WriteScene.Process p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            p.sweeper.handleRequest(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)),
                    out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Json.read(out.toByteArray());
    }

    // ---------------------------------------------------------------- Procore's spike limit

    @Test
    void aWorkerHeldBackByTheRateLimitGivesItsMessageBackUntilTheWindowResets() {
        // a window so small that the sync cannot be written within it, and no wait sat out inside a call
        WriteScene scene = new WriteScene(false, Map.of(ProcoreConfig.SYNC_BATCH_SIZE, "5",
                ProcoreConfig.MAX_INLINE_WAIT_SECONDS, "0"));
        scene.procore.rateLimits(scene.company, 3600, 4);
        WriteScene.Process p = scene.process(null);
        List<LineItem> lines = WriteScene.contract(20, false, 1);
        scene.stage(p, CONTRACT, 1, lines);
        scene.procore.control("DELETE", "/_simulator/requests", null);
        long start = System.nanoTime();
        APIGatewayProxyResponseEvent accepted = scene.importContract(p, CONTRACT);
        if (accepted.getStatusCode() == 503) {
            // the import's own question to Procore may meet the window too: asked again, as a client would
            accepted = scene.importContract(p, CONTRACT);
        }
        assertEquals(202, accepted.getStatusCode(), accepted.getBody());
        int deliveries = p.queue.drain(Duration.ofSeconds(120));
        long millis = (System.nanoTime() - start) / 1_000_000;
        JsonNode requests = scene.requests();
        scene.procore.rateLimits(scene.company, 1_000_000, 100_000);
        JsonNode sync = scene.sync(p, CONTRACT, Rig.json(accepted).path("syncId").asText());
        Figures.print("[procore-spike] spike limit 4 per 10 s, no wait inside a call: a 20-line import (batches of 5)"
                + " took " + deliveries + " deliveries, the message given back until the window reset, and ended "
                + sync.path("status").asText() + " in " + millis + " ms with " + requests.path("total").asInt()
                + " requests and " + requests.path("throttled").asInt() + " 429s");
        assertEquals("applied", sync.path("status").asText(), sync.toString());
        assertEquals("", scene.differences(CONTRACT, lines));
        assertTrue(deliveries > 1, "the worker gave the message back rather than sleeping");
        assertEquals(0, requests.path("throttled").asInt(), "it waited for the window, it did not run into it: " + requests);
    }

    @Test
    void underProcoresSpikeLimitA5000LineImportAndAReimportWithManyRemovalsGetNoAvoidable429() {
        WriteScene scene = new WriteScene(false, Map.of());
        AtomicLong waited = new AtomicLong();
        AtomicInteger waits = new AtomicInteger();
        WriteScene.Process p = scene.process(new CallListener() {
            @Override
            public void waited(String companyId, long millis, String why) {
                waited.addAndGet(millis);
                waits.incrementAndGet();
            }
        });
        JsonNode limits = scene.procore.control("PUT", "/_simulator/rate-limits", Json.object()
                .put("companyId", scene.company).put("hourly", 3600).put("spike", 25));
        List<LineItem> v1 = WriteScene.contract(5000, true, 1);
        scene.stage(p, CONTRACT, 1, v1);
        scene.procore.control("DELETE", "/_simulator/requests", null);
        long start = System.nanoTime();
        JsonNode imported = written(scene, p, scene.importContract(p, CONTRACT));
        long importMillis = (System.nanoTime() - start) / 1_000_000;
        JsonNode importRequests = scene.requests();
        // 60 lines fewer: each removal is a call of its own, far more than the spike window allows at once
        List<LineItem> v2 = new ArrayList<>(v1.subList(0, v1.size() - 60));
        scene.snapshot(p, CONTRACT, 2, v2);
        start = System.nanoTime();
        JsonNode reimported = written(scene, p, scene.reimport(p, CONTRACT, null));
        long reimportMillis = (System.nanoTime() - start) / 1_000_000;
        JsonNode all = scene.requests();
        Figures.print("[procore-spike] limits " + limits + ": 5,000-line import " + imported.path("status").asText()
                + " in " + importMillis + " ms with " + importRequests.path("total").asInt() + " requests; re-import of"
                + " 60 removals " + reimported.path("status").asText() + " in " + reimportMillis + " ms; requests="
                + all.path("total").asInt() + " 429s=" + all.path("throttled").asInt() + " paced waits=" + waits.get()
                + " (" + waited.get() + " ms)");
        assertEquals("applied", imported.path("status").asText(), imported.toString());
        assertEquals("applied", reimported.path("status").asText(), reimported.toString());
        assertEquals(0, all.path("throttled").asInt(), "no 429 the client could have avoided: " + all);
        // the test's own reading is counted in the same windows: it reads with limits of its own
        scene.procore.rateLimits(scene.company, 1_000_000, 100_000);
        assertEquals("", scene.differences(CONTRACT, v2));
        assertTrue(waits.get() > 0, "the removals were paced by the spike window");
    }
}
