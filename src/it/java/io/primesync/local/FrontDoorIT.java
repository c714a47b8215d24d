package io.primesync.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primesync.http.Route;
import io.primesync.testing.Figures;
import io.primesync.testing.LocalDynamo;
import io.primesync.webhook.WebhookSignature;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One address flooding the webhook routes, as anyone on the internet can, while a person uses the product: the
 * routes are throttled apart (template.yaml's MethodSettings, as API Gateway applies them), so the flood is answered
 * 429 and the person's requests keep answering, on every flooding connection kept open.
 */
class FrontDoorIT {
    private static final Duration FLOOD = Duration.ofSeconds(6);
    private static final int FLOODERS = 4;

    @Test
    void aFloodOfTheWebhookRoutesFromOneAddressLeavesTheUserRoutesAnswering() throws Exception {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (LocalServer server = LocalServer.start(LocalServer.Options.defaults().withPort(0).inMemory().withDemo(true)
                .withEngineDir(LocalDynamo.buildDir().resolve("dynalite")).withLogs(quiet, System.err))) {
            HttpApi user = new HttpApi(server.baseUri());
            String token = server.demo().tokens().admin();
            String list = Route.LIST.path(DemoData.COMPANY) + "?limit=25";
            assertEquals(200, user.get(list, token).status());

            // Each flooder keeps one connection, as a script hammering one endpoint does. The JDK's pooled client is
            // not used here: under this load it can lose an answer on a reused connection and report nothing
            // received, which would blame the server for the client's race.
            byte[] forged = ("{\"companyId\":\"" + DemoData.COMPANY + "\"}").getBytes(StandardCharsets.UTF_8);
            List<String> headers = List.of("Content-Type: application/json",
                    WebhookSignature.HEADER + ": t=1,v1=" + "0".repeat(64));
            Map<Integer, AtomicInteger> flood = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(FLOODERS);
            List<Future<?>> flooders = new ArrayList<>();
            for (int i = 0; i < FLOODERS; i++) {
                flooders.add(pool.submit(() -> {
                    try (RawHttp.KeptAlive connection = new RawHttp.KeptAlive(server.port())) {
                        while (!stop.get()) {
                            int status = connection.send("POST /webhooks/spectrum HTTP/1.1", headers, forged).status();
                            flood.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            List<Long> millis = new ArrayList<>();
            long end = System.nanoTime() + FLOOD.toNanos();
            while (System.nanoTime() < end) {
                long start = System.nanoTime();
                statuses.add(user.get(list, token).status());
                millis.add((System.nanoTime() - start) / 1_000_000);
                Thread.sleep(100);
            }
            stop.set(true);
            for (Future<?> f : flooders) {
                f.get();
            }
            pool.shutdown();

            int floodTotal = flood.values().stream().mapToInt(AtomicInteger::get).sum();
            millis.sort(Long::compare);
            Figures.print("[front door] " + FLOODERS + " connections flooding /webhooks/spectrum for " + FLOOD.toSeconds()
                    + " s: " + floodTotal + " requests (" + floodTotal / FLOOD.toSeconds() + "/s), by status " + flood
                    + "; the user's list meanwhile: " + statuses.size() + " requests, median " + millis.get(millis.size() / 2)
                    + " ms, slowest " + millis.get(millis.size() - 1) + " ms");
            assertTrue(statuses.stream().allMatch(s -> s == 200), "every listing answered: " + statuses);
            assertTrue(statuses.size() >= 10, "the user kept being answered: " + statuses.size());
            assertTrue(flood.containsKey(429), "the flood was throttled: " + flood);
            assertTrue(flood.keySet().stream().allMatch(s -> s == 429 || s == 401), "nothing else: " + flood);
        }
    }
}
