package io.primesync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.auth.Claims;
import io.primesync.domain.Caller;
import io.primesync.domain.LineItem;
import io.primesync.http.Route;
import io.primesync.json.Json;
import io.primesync.local.LocalServer;
import io.primesync.local.LocalSettings;
import io.primesync.local.ProcoreHooks;
import io.primesync.local.procore.SimulatorClient;
import io.primesync.testing.Figures;
import io.primesync.testing.Fixtures;
import io.primesync.testing.LocalDynamo;
import io.primesync.testing.TestTokens;
import io.primesync.webhook.Source;
import io.primesync.webhook.WebhookSignature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * 64 re-import requests at the same instant over HTTP, through the local server (the template's API in front of
 * the real functions, each concurrent request on its own function instance as in Lambda), spread over 4
 * contracts that each have pending changes, from several users, with and without Idempotency-Keys. Each
 * contract must be re-imported exactly once with one history entry; every other request gets a 409; nothing
 * answers 5xx. Several rounds, each after a new ERP version, so the race is run more than once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RaceIT {
    private static final int REQUESTS = 64;
    private static final int CONTRACTS = 4;
    private static final int ROUNDS = 5;
    private static final int LINES = 40;
    private static final String COMPANY = "4242";
    private String[] projects;

    private LocalServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String[] tokens = new String[4];
    private final AtomicInteger events = new AtomicInteger();

    /** One HTTP answer. */
    record Answer(int status, Map<String, List<String>> headers, String body) {
        JsonNode json() {
            return Json.read(body.getBytes(StandardCharsets.UTF_8));
        }

        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    @BeforeAll
    void start() throws IOException {
        // the server's own engine, in memory; its request log is left out of the build output; no API Gateway
        // throttle: the races are about what the functions do with requests that all arrive at once
        server = LocalServer.start(LocalServer.Options.defaults().withPort(0).inMemory().withThrottling(false)
                .withEngineDir(LocalDynamo.buildDir().resolve("dynalite"))
                .withLogs(new PrintStream(OutputStream.nullOutputStream()), System.err));
        // the company's projects, made in the server's own Procore simulator
        SimulatorClient procore = new SimulatorClient(server.procoreUri());
        procore.company(COMPANY);
        procore.rateLimits(COMPANY, 1_000_000, 100_000);
        // the product's webhook, as procore-hooks makes it: the projects' job origins are delivered to the server
        ProcoreHooks.inSimulator(server.procoreUri().toString(), COMPANY, server.baseUri() + Route.PROCORE_WEBHOOK.path(),
                LocalSettings.WEBHOOK_SECRETS.get(Source.PROCORE.secretName()));
        projects = new String[CONTRACTS];
        for (int c = 0; c < CONTRACTS; c++) {
            projects[c] = procore.createProject(COMPANY, "Race project " + c, job(c));
        }
        for (int u = 0; u < tokens.length; u++) {
            Caller user = Rig.admin("race-user-" + u, COMPANY, projects);
            tokens[u] = TestTokens.sign(user.userId(), Claims.toClaim(user), Instant.now().plus(Duration.ofHours(1)));
        }
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void concurrentReimportsOverHttpApplyExactlyOncePerContract() throws Exception {
        for (int c = 0; c < CONTRACTS; c++) {
            snapshot(c, 1);
            awaitJobSynced(c);
            Answer imported = post(contractPath(c) + "/import", tokens[0], null);
            assertEquals(202, imported.status(), imported.body());
            awaitApplied(imported);
        }
        int sent = 0;
        int ok = 0;
        int server5xx = 0;
        Map<String, Integer> refusals = new TreeMap<>();
        List<String> mismatches = new ArrayList<>();
        long start = System.nanoTime();
        for (int round = 1; round <= ROUNDS; round++) {
            long version = round + 1L;
            for (int c = 0; c < CONTRACTS; c++) {
                snapshot(c, version);
            }
            List<CompletableFuture<Answer>> answers = new ArrayList<>();
            List<Integer> contractOf = new ArrayList<>();
            List<String> keyOf = new ArrayList<>();
            List<Integer> userOf = new ArrayList<>();
            List<HttpRequest> requests = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                int c = i % CONTRACTS;
                int user = (i / CONTRACTS) % tokens.length;
                // every other request carries its own key; none shares one, so exactly one may win per contract
                String key = i % 2 == 0 ? "race-" + round + "-" + i : null;
                contractOf.add(c);
                keyOf.add(key);
                userOf.add(user);
                requests.add(reimportRequest(c, tokens[user], key));
            }
            // all 64 are built first and sent together; the server gives each its own function instance
            for (HttpRequest request : requests) {
                answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                        .thenApply(r -> new Answer(r.statusCode(), r.headers().map(), r.body())));
            }
            String[] winners = new String[CONTRACTS];
            int[] wins = new int[CONTRACTS];
            for (int i = 0; i < REQUESTS; i++) {
                Answer response = answers.get(i).get(120, TimeUnit.SECONDS);
                sent++;
                int c = contractOf.get(i);
                String leak = Rig.leak(response.body(), null);
                if (leak != null) {
                    mismatches.add("round " + round + " request " + i + " leaks " + leak);
                }
                if (response.status() == 202) {
                    ok++;
                    wins[c]++;
                    winners[c] = response.json().path("syncId").asText();
                    if (response.json().path("erpVersion").asLong() != version) {
                        mismatches.add("round " + round + " contract " + c + " re-imported version "
                                + response.json().path("erpVersion"));
                    }
                } else if (response.status() == 409) {
                    String code = response.json().path("code").asText();
                    List<String> reasons = Rig.reasonCodes(response.json());
                    String what = code + (reasons.isEmpty() ? "" : " " + reasons);
                    refusals.merge(what, 1, Integer::sum);
                    if (!code.equals("CONFLICT") && !reasons.contains("NO_UNSYNCED_CHANGES")
                            && !reasons.contains("SYNC_IN_PROGRESS")) {
                        mismatches.add("round " + round + " request " + i + " refused for " + what);
                    }
                } else {
                    if (response.status() >= 500) {
                        server5xx++;
                    }
                    mismatches.add("round " + round + " request " + i + " answered " + response.status() + " "
                            + response.body());
                }
            }
            // the worker writes each winner to Procore in the background
            for (int i = 0; i < REQUESTS; i++) {
                Answer a = answers.get(i).get();
                if (a.status() == 202) {
                    awaitApplied(a);
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
                Answer eligibility = get(contractPath(c) + "/reimport-eligibility", tokens[0]);
                if (eligibility.json().path("syncedErpVersion").asLong() != version
                        || !Rig.reasonCodes(eligibility.json()).equals(List.of("NO_UNSYNCED_CHANGES"))) {
                    mismatches.add("round " + round + " contract " + c + " reads " + eligibility.body());
                }
            }
            // a key replayed after the race answers what it answered, never a second re-import
            for (int i = 0; i < REQUESTS; i++) {
                if (keyOf.get(i) == null) {
                    continue;
                }
                Answer first = answers.get(i).get();
                Answer replay = send(reimportRequest(contractOf.get(i), tokens[userOf.get(i)], keyOf.get(i)));
                sent++;
                boolean same = first.status() == 202
                        ? replay.status() == 202 && replay.body().equals(first.body())
                                && "true".equals(replay.header("Idempotent-Replayed"))
                        : replay.status() == 409;
                if (!same) {
                    mismatches.add("round " + round + " replay of request " + i + ": " + first.status() + " then "
                            + replay.status());
                }
            }
            for (int c = 0; c < CONTRACTS; c++) {
                if (reimports(c).size() != round) {
                    mismatches.add("round " + round + " replays added history entries to contract " + c);
                }
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        Figures.print("[race] transport: HTTP to the local server at " + server.baseUri()
                + " (java.net.http, all requests of a round in flight together)");
        Figures.print("[race] rounds=" + ROUNDS + " contracts=" + CONTRACTS + " concurrent requests per round="
                + REQUESTS + " requests sent=" + sent + " re-imports accepted and applied=" + ok + " (expected "
                + (ROUNDS * CONTRACTS) + ") 5xx=" + server5xx + " webhook events=" + events.get());
        Figures.print("[race] refusals: " + refusals);
        mismatches.forEach(m -> Figures.print("[race] MISMATCH " + m));
        Figures.print("[race] states checked=" + (ROUNDS * CONTRACTS) + " mismatches found: " + mismatches.size()
                + " (" + millis + " ms)");
        assertEquals(ROUNDS * CONTRACTS, ok, "re-imports applied");
        assertEquals(0, server5xx, "5xx answers");
        assertEquals(List.of(), mismatches);
    }

    /** Polls the sync route the 202 named until the sync has ended; it must have been applied. */
    private void awaitApplied(Answer accepted) {
        String location = accepted.header("Location");
        assertTrue(location != null, accepted.body());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Answer sync = get(location.replaceFirst("^/v1", ""), tokens[0]);
            assertEquals(200, sync.status(), sync.body());
            String status = sync.json().path("status").asText();
            if (status.equals("applied")) {
                return;
            }
            assertTrue(!status.equals("failed") && System.nanoTime() < deadline, "the sync did not apply: " + sync.body());
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private List<JsonNode> reimports(int c) {
        List<JsonNode> out = new ArrayList<>();
        Answer history = get(contractPath(c) + "/history?limit=100", tokens[0]);
        assertEquals(200, history.status(), history.body());
        for (JsonNode entry : history.json().path("items")) {
            if (entry.path("kind").asText().equals("reimport")) {
                out.add(entry);
            }
        }
        return out;
    }

    private String contractPath(int c) {
        return Route.LIST.path(COMPANY) + "/" + contract(c);
    }

    private static String contract(int c) {
        return "PC-RACE-" + c;
    }

    private static String job(int c) {
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

    /** Waits until Procore's delivery of the contract's project (its job origin) has been applied. */
    private void awaitJobSynced(int c) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Answer staged = get(Route.LIST.path(COMPANY) + "?status=staged&limit=100", tokens[0]);
            for (JsonNode item : staged.json().path("items")) {
                if (item.path("contractId").asText().equals(contract(c))
                        && projects[c].equals(item.path("jobProjectId").asText(null))) {
                    return;
                }
            }
            assertTrue(System.nanoTime() < deadline, "Procore's delivery of project " + projects[c] + " was not applied");
            Thread.sleep(50);
        }
    }

    private void webhook(Source source, String type, ObjectNode data) {
        String id = "race-" + events.incrementAndGet();
        byte[] body = Json.write(Rig.envelope(id, type, COMPANY, Instant.now().toString(), data))
                .getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignature.sign(LocalSettings.WEBHOOK_SECRETS.get(source.secretName()).getBytes(StandardCharsets.UTF_8),
                System.currentTimeMillis() / 1000, body);
        Answer answer = send(request("/webhooks/" + source.wire())
                .header("Content-Type", "application/json")
                .header(WebhookSignature.HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertEquals(200, answer.status(), answer.body());
        assertEquals("applied", answer.json().path("result").asText(), answer.body());
    }

    private HttpRequest reimportRequest(int c, String token, String key) {
        HttpRequest.Builder b = request(contractPath(c) + "/reimport")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return b.build();
    }

    private Answer post(String path, String token, String key) {
        HttpRequest.Builder b = request(path).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return send(b.build());
    }

    private Answer get(String path, String token) {
        return send(request(path).header("Authorization", "Bearer " + token).GET().build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.baseUri() + path)).timeout(Duration.ofSeconds(60));
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
