package io.primesync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.domain.Caller;
import io.primesync.domain.LineItem;
import io.primesync.http.Json;
import io.primesync.testing.Fixtures;
import io.primesync.testing.LocalDynamo;
import io.primesync.webhook.Source;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 64 re-import requests at the same instant, spread over 4 contracts that each have pending changes, from
 * several users, with and without Idempotency-Keys, through the real handlers from 64 threads sharing one
 * process (one DynamoDB client, as one function instance would). Each contract must be re-imported exactly
 * once with one history entry; every other request gets a 409; nothing answers 5xx. Several rounds, each
 * after a new ERP version, so the race is run more than once.
 */
class RaceIT {
    private static final int REQUESTS = 64;
    private static final int CONTRACTS = 4;
    private static final int ROUNDS = 5;
    private static final int LINES = 40;

    private final LocalDynamo dynamo = LocalDynamo.get();
    private final String company = LocalDynamo.newCompanyId();
    private final Rig rig = new Rig(dynamo.client());
    private final String[] projects = {"8101", "8102", "8103", "8104"};
    private final Caller[] users = {
            Rig.admin("race-user-1", company, projects), Rig.admin("race-user-2", company, projects),
            Rig.admin("race-user-3", company, projects), Rig.admin("race-user-4", company, projects)};
    private final AtomicInteger events = new AtomicInteger();

    @Test
    void concurrentReimportsApplyExactlyOncePerContract() throws Exception {
        for (int c = 0; c < CONTRACTS; c++) {
            webhook(Source.PROCORE, "job.synced", Json.object().put("jobNumber", job(c)).put("projectId", projects[c]));
            snapshot(c, 1);
            APIGatewayProxyResponseEvent imported = rig.sync.handleRequest(
                    Rig.importContract(users[0], company, contract(c)), null);
            assertEquals(201, imported.getStatusCode(), imported.getBody());
        }
        int sent = 0;
        int ok = 0;
        int server = 0;
        Map<String, Integer> refusals = new TreeMap<>();
        List<String> mismatches = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);
        long start = System.nanoTime();
        for (int round = 1; round <= ROUNDS; round++) {
            long version = round + 1L;
            for (int c = 0; c < CONTRACTS; c++) {
                snapshot(c, version);
            }
            CountDownLatch ready = new CountDownLatch(REQUESTS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<APIGatewayProxyResponseEvent>> futures = new ArrayList<>();
            List<Integer> contractOf = new ArrayList<>();
            List<String> keyOf = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                int c = i % CONTRACTS;
                Caller user = users[(i / CONTRACTS) % users.length];
                // every other request carries its own key; none shares one, so exactly one may win per contract
                String key = i % 2 == 0 ? "race-" + round + "-" + i : null;
                contractOf.add(c);
                keyOf.add(key);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return rig.sync.handleRequest(Rig.reimport(user, company, contract(c), key), null);
                }));
            }
            ready.await(30, TimeUnit.SECONDS);
            go.countDown();
            String[] winners = new String[CONTRACTS];
            int[] wins = new int[CONTRACTS];
            for (int i = 0; i < REQUESTS; i++) {
                APIGatewayProxyResponseEvent response = futures.get(i).get(60, TimeUnit.SECONDS);
                sent++;
                int status = response.getStatusCode();
                int c = contractOf.get(i);
                String leak = Rig.leak(response.getBody(), null);
                if (leak != null) {
                    mismatches.add("round " + round + " request " + i + " leaks " + leak);
                }
                if (status == 200) {
                    ok++;
                    wins[c]++;
                    winners[c] = Rig.json(response).path("syncId").asText();
                    if (Rig.json(response).path("erpVersion").asLong() != version) {
                        mismatches.add("round " + round + " contract " + c + " re-imported version "
                                + Rig.json(response).path("erpVersion"));
                    }
                } else if (status == 409) {
                    JsonNode body = Rig.json(response);
                    String code = body.path("code").asText();
                    List<String> reasons = Rig.reasonCodes(body);
                    String what = code + (reasons.isEmpty() ? "" : " " + reasons);
                    refusals.merge(what, 1, Integer::sum);
                    if (!code.equals("CONFLICT") && !reasons.contains("NO_UNSYNCED_CHANGES")) {
                        mismatches.add("round " + round + " request " + i + " refused for " + what);
                    }
                } else {
                    if (status >= 500) {
                        server++;
                    }
                    mismatches.add("round " + round + " request " + i + " answered " + status + " " + response.getBody());
                }
            }
            for (int c = 0; c < CONTRACTS; c++) {
                if (wins[c] != 1) {
                    mismatches.add("round " + round + " contract " + c + " re-imported " + wins[c] + " times");
                }
                List<JsonNode> reimports = reimports(c);
                if (reimports.size() != round) {
                    mismatches.add("round " + round + " contract " + c + " has " + reimports.size()
                            + " re-import history entries, expected " + round);
                } else if (winners[c] != null && !reimports.get(0).path("syncId").asText().equals(winners[c])) {
                    mismatches.add("round " + round + " contract " + c + " newest history entry is not the winner's");
                }
                JsonNode eligibility = Rig.json(rig.eligibility.handleRequest(
                        Rig.eligibility(users[0], company, contract(c)), null));
                if (eligibility.path("syncedErpVersion").asLong() != version
                        || !Rig.reasonCodes(eligibility).equals(List.of("NO_UNSYNCED_CHANGES"))) {
                    mismatches.add("round " + round + " contract " + c + " reads " + eligibility.path("syncedErpVersion")
                            + " " + Rig.reasonCodes(eligibility));
                }
            }
            // a key replayed after the race answers what it answered, never a second re-import
            for (int i = 0; i < REQUESTS; i++) {
                if (keyOf.get(i) == null) {
                    continue;
                }
                APIGatewayProxyResponseEvent first = futures.get(i).get();
                int c = contractOf.get(i);
                APIGatewayProxyResponseEvent replay = rig.sync.handleRequest(
                        Rig.reimport(users[(i / CONTRACTS) % users.length], company, contract(c), keyOf.get(i)), null);
                sent++;
                boolean same = first.getStatusCode() == 200
                        ? replay.getStatusCode() == 200 && replay.getBody().equals(first.getBody())
                        : replay.getStatusCode() == 409;
                if (!same) {
                    mismatches.add("round " + round + " replay of request " + i + ": " + first.getStatusCode() + " then "
                            + replay.getStatusCode());
                }
            }
            if (reimports(0).size() != round) {
                mismatches.add("round " + round + " replays added history entries");
            }
        }
        pool.shutdownNow();
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("[race] transport: handlers called from " + REQUESTS + " threads in one process");
        System.out.println("[race] rounds=" + ROUNDS + " contracts=" + CONTRACTS + " concurrent requests per round="
                + REQUESTS + " requests sent=" + sent + " re-imports applied=" + ok + " (expected "
                + (ROUNDS * CONTRACTS) + ") 5xx=" + server + " webhook events=" + events.get());
        System.out.println("[race] refusals: " + refusals);
        mismatches.forEach(m -> System.out.println("[race] MISMATCH " + m));
        System.out.println("[race] states checked=" + (ROUNDS * CONTRACTS) + " mismatches found: " + mismatches.size()
                + " (" + millis + " ms)");
        assertEquals(ROUNDS * CONTRACTS, ok, "re-imports applied");
        assertEquals(0, server, "5xx answers");
        assertEquals(List.of(), mismatches);
    }

    private List<JsonNode> reimports(int c) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode entry : Rig.json(rig.list.handleRequest(Rig.history(users[0], company, contract(c)), null))
                .path("items")) {
            if (entry.path("kind").asText().equals("reimport")) {
                out.add(entry);
            }
        }
        return out;
    }

    private String contract(int c) {
        return "PC-RACE-" + c;
    }

    private String job(int c) {
        return "J-RACE-" + c;
    }

    /** Version v of contract c: the lines of v1, each version changing one line, adding one and removing one. */
    private void snapshot(int c, long version) {
        List<LineItem> lines = new ArrayList<>();
        for (LineItem line : Fixtures.lines(LINES, "L")) {
            int n = Integer.parseInt(line.itemCode().substring(1));
            if (n < version) {
                continue; // removed by an earlier version
            }
            lines.add(n == LINES ? LineItem.lumpSum(line.itemCode(), line.description(),
                    line.amount().add(BigDecimal.valueOf(version)).toPlainString()) : line);
        }
        lines.addAll(Fixtures.lines((int) version, "N"));
        webhook(Source.SPECTRUM, "prime_contract.upserted",
                Rig.snapshotData(Fixtures.snapshot(contract(c), job(c), version, lines)));
    }

    private void webhook(Source source, String type, com.fasterxml.jackson.databind.node.ObjectNode data) {
        String id = "race-" + company + "-" + events.incrementAndGet();
        String body = Json.write(Rig.envelope(id, type, company, java.time.Instant.now().toString(), data));
        APIGatewayProxyResponseEvent response = rig.webhook.handleRequest(
                Rig.webhook(source, body, System.currentTimeMillis() / 1000), null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("applied", Rig.json(response).path("result").asText(), response.getBody());
    }
}
