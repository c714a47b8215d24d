package io.primesync.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primesync.http.Route;
import io.primesync.testing.Figures;
import io.primesync.testing.LocalDynamo;
import io.primesync.webhook.WebhookSignature;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * 429 and the person's requests keep answering.
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

            HttpClient flooder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            URI spectrum = server.baseUri().resolve("/webhooks/spectrum");
            Map<Integer, AtomicInteger> flood = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(FLOODERS);
            List<Future<?>> flooders = new ArrayList<>();
            for (int i = 0; i < FLOODERS; i++) {
                flooders.add(pool.submit(() -> {
                    HttpRequest forged = HttpRequest.newBuilder(spectrum).header("Content-Type", "application/json")
                            .header(WebhookSignature.HEADER, "t=1,v1=" + "0".repeat(64))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"companyId\":\"" + DemoData.COMPANY + "\"}"))
                            .build();
                    while (!stop.get()) {
                        int status = flooder.send(forged, HttpResponse.BodyHandlers.discarding()).statusCode();
                        flood.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
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
