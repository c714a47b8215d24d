package io.primesync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.handler.ApiHandler;
import io.primesync.local.Template;
import io.primesync.reliability.DynamoFaults.Fault;
import io.primesync.reliability.DynamoFaults.Kind;
import io.primesync.reliability.FaultInjectionIT.Op;
import io.primesync.reliability.FaultInjectionIT.Reference;
import io.primesync.reliability.FaultInjectionIT.Scene;
import io.primesync.testing.Figures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A throttled table, as DynamoDB throttles: throttled calls are retried by the SDK with a pause before each
 * retry; when the retries run out the client gets a 503 with Retry-After, soon enough that the function answers
 * it itself (before its timeout in template.yaml would turn it into a gateway error), and nothing is
 * half-written.
 */
class ThrottlingIT {
    private static final String CONTRACT = "PC-FAULT-1";

    /** The functions' timeout in template.yaml; past it API Gateway answers instead of the function. */
    private static long functionTimeoutMillis() {
        Object timeout = Template.map(Template.load(Template.defaultPath()).globals(), "Function").get("Timeout");
        return Long.parseLong(String.valueOf(timeout)) * 1000;
    }

    @Test
    void throttledCallsAreRetriedWithBackoffAndTheReimportCompletes() {
        Reference reference = FaultInjectionIT.reference(Op.REIMPORT);
        try (Scene scene = new Scene(Op.REIMPORT)) {
            scene.faults.arm(Fault.everyCall(Kind.THROTTLE, 2));
            long start = System.nanoTime();
            APIGatewayProxyResponseEvent response = scene.request(Op.REIMPORT);
            assertEquals(202, response.getStatusCode(), response.getBody());
            scene.deliverOnce();
            long millis = (System.nanoTime() - start) / 1_000_000;
            scene.faults.disarm();

            List<DynamoFaults.Call> calls = scene.faults.log();
            LongSummaryStatistics pauses = calls.stream().flatMap(c -> c.pausesMillis().stream())
                    .mapToLong(Long::longValue).summaryStatistics();
            Figures.print("[throttling] re-import with every call throttled twice: calls=" + calls.size()
                    + " attempts=" + scene.faults.attempts() + " throttled answers=" + scene.faults.faultsInjected()
                    + " pauses before retries ms min/avg/max=" + pauses.getMin() + "/" + Math.round(pauses.getAverage())
                    + "/" + pauses.getMax() + " total=" + pauses.getSum() + " accepted and written in " + millis + " ms");
            for (DynamoFaults.Call call : calls) {
                assertEquals(3, call.attempts(), "each call is tried until its third attempt gets through: " + call);
                assertEquals(2, call.faulted(), call.toString());
            }
            assertEquals(3 * calls.size(), scene.faults.attempts());
            assertEquals(2 * calls.size(), pauses.getCount());
            // full jitter makes a single pause anywhere from zero up; together they show the SDK backs off
            assertTrue(pauses.getSum() >= 100, "the SDK pauses before retrying a throttled call: " + pauses);

            ObjectNode state = FaultInjectionIT.observe(scene);
            assertEquals(reference.after(), state, "the re-import is whole");
            assertEquals(1, FaultInjectionIT.historySyncIds(scene, "reimport").size());
        }
    }

    @Test
    void whenRetriesRunOutEveryRouteAnswers503WithRetryAfterAndWritesNothing() throws Exception {
        long timeout = functionTimeoutMillis();
        Map<String, Op> routes = new LinkedHashMap<>();
        routes.put("list", Op.REIMPORT);
        routes.put("history", Op.REIMPORT);
        routes.put("eligibility", Op.REIMPORT);
        routes.put("import", Op.IMPORT);
        routes.put("reimport", Op.REIMPORT);
        routes.put("webhook", Op.SNAPSHOT);
        List<String> problems = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2 * routes.size());
        List<Future<String>> results = new ArrayList<>();
        for (Kind kind : new Kind[] {Kind.THROTTLE, Kind.NET_BEFORE}) {
            for (Map.Entry<String, Op> route : routes.entrySet()) {
                results.add(pool.submit(() -> outage(route.getKey(), route.getValue(), kind, timeout)));
            }
        }
        for (Future<String> result : results) {
            String line = result.get(5, TimeUnit.MINUTES);
            Figures.print("[throttling] " + line);
            if (line.contains("MISMATCH")) {
                problems.add(line);
            }
        }
        pool.shutdown();
        Figures.print("[throttling] store down on " + results.size() + " requests (function timeout " + timeout
                + " ms): mismatches found: " + problems.size());
        assertEquals(List.of(), problems);
    }

    /** One request against a table that throttles (or drops) every attempt of every call. */
    private static String outage(String route, Op setup, Kind kind, long timeoutMillis) {
        try (Scene scene = new Scene(setup)) {
            ObjectNode before = FaultInjectionIT.observe(scene);
            scene.faults.arm(Fault.everyCall(kind, Integer.MAX_VALUE));
            long start = System.nanoTime();
            APIGatewayProxyResponseEvent response = request(scene, route);
            long millis = (System.nanoTime() - start) / 1_000_000;
            scene.faults.disarm();
            List<String> problems = new ArrayList<>();
            String bad = Rig.badUnavailable(response);
            if (bad != null) {
                problems.add("not a proper 503: " + bad + " " + response.getBody());
            }
            String leak = Rig.leak(response.getBody(), null);
            if (leak != null) {
                problems.add("leaks " + leak);
            }
            // the function must answer before its timeout, leaving it time to write its answer
            if (millis > timeoutMillis * 3 / 4) {
                problems.add("answered after " + millis + " ms, too close to the function timeout of " + timeoutMillis);
            }
            if (!FaultInjectionIT.observe(scene).equals(before)) {
                problems.add("the outage changed the contract");
            }
            int maxAttempts = scene.faults.log().stream().mapToInt(DynamoFaults.Call::attempts).max().orElse(0);
            return String.format("%-11s %-10s -> %d Retry-After=%s after %5d ms, calls=%d attempts=%d (max %d per call)%s",
                    route, kind, response.getStatusCode(), Rig.header(response, "Retry-After"), millis,
                    scene.faults.calls(), scene.faults.attempts(), maxAttempts,
                    problems.isEmpty() ? "" : " MISMATCH " + problems);
        }
    }

    private static APIGatewayProxyResponseEvent request(Scene scene, String route) {
        Rig rig = scene.rig;
        ApiHandler handler;
        APIGatewayProxyRequestEvent event;
        switch (route) {
            case "list" -> {
                handler = rig.list;
                event = Rig.list(scene.caller, scene.company, true);
            }
            case "history" -> {
                handler = rig.list;
                event = Rig.history(scene.caller, scene.company, CONTRACT);
            }
            case "eligibility" -> {
                handler = rig.eligibility;
                event = Rig.eligibility(scene.caller, scene.company, CONTRACT);
            }
            default -> {
                return scene.request(route.equals("import") ? Op.IMPORT : route.equals("reimport") ? Op.REIMPORT : Op.SNAPSHOT);
            }
        }
        return handler.handleRequest(event, null);
    }

    @Test
    void anOutageFromTheCommitOnLeavesAWholeStateAndTheKeyRecoversAfterItsLease() {
        Reference reference = FaultInjectionIT.reference(Op.REIMPORT);
        int commit = reference.callNames().indexOf(reference.callNames().stream()
                .filter(c -> c.endsWith(":UpdateItem")).findFirst().orElseThrow()) + 1;
        try (Scene scene = new Scene(Op.REIMPORT)) {
            // throttled from the commit on: the commit fails, and so does ending the key's lease
            scene.faults.arm(Fault.from(commit, Kind.THROTTLE, Integer.MAX_VALUE));
            APIGatewayProxyResponseEvent first = scene.request(Op.REIMPORT);
            scene.faults.disarm();
            String bad = Rig.badUnavailable(first);
            assertEquals(null, bad, first.getBody());
            ObjectNode afterOutage = FaultInjectionIT.observe(scene);
            assertEquals(reference.before(), afterOutage, "a throttled commit is not applied");

            APIGatewayProxyResponseEvent during = scene.request(Op.REIMPORT);
            assertEquals(409, during.getStatusCode(), during.getBody());
            assertEquals("CONFLICT", Rig.json(during).path("code").asText());
            assertTrue(Rig.header(during, "Retry-After") != null, "a CONFLICT on a held key says when to come back");

            scene.clock.advance(Duration.ofSeconds(31));
            APIGatewayProxyResponseEvent retry = scene.request(Op.REIMPORT);
            assertEquals(202, retry.getStatusCode(), retry.getBody());
            String syncId = Rig.json(retry).path("syncId").asText();
            APIGatewayProxyResponseEvent replay = scene.request(Op.REIMPORT);
            assertEquals("true", Rig.header(replay, "Idempotent-Replayed"));
            assertEquals(syncId, Rig.json(replay).path("syncId").asText());
            scene.rig.queue.drain();
            assertEquals(List.of(syncId), FaultInjectionIT.historySyncIds(scene, "reimport"));
            ObjectNode end = FaultInjectionIT.observe(scene);
            assertEquals(reference.after(), end, "the retry completes the re-import");
            Figures.print("[throttling] outage from call " + commit + " (the commit) on: 503 "
                    + Rig.header(first, "Retry-After") + "s, state old; retry while the lease is held: 409 CONFLICT"
                    + " Retry-After " + Rig.header(during, "Retry-After") + "s; after the lease: 202, replay same syncId,"
                    + " 1 history entry: mismatches found: 0");
        }
    }
}
