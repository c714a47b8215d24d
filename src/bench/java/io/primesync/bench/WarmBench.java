package io.primesync.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.handler.AuthorizerHandler;
import io.primesync.http.Route;
import io.primesync.json.Json;
import io.primesync.local.DemoData;
import io.primesync.local.LocalServer;
import io.primesync.local.LocalSettings;
import io.primesync.local.SampleEvents;
import io.primesync.local.procore.Deliveries;
import io.primesync.local.procore.SimulatorClient;
import io.primesync.testing.TestTokens;
import io.primesync.webhook.Source;
import io.primesync.webhook.WebhookSignature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Warm latency per route through the local server (io.primesync.local.LocalServer: the real handlers behind its
 * API Gateway emulation, HTTP on loopback, the local engine), with its demo company, one client, keep-alive.
 */
final class WarmBench {
    /** One route's latencies in milliseconds. */
    record Timed(String name, String expected, List<Double> millis) {}

    private static final int WARM_UP = 100;

    private final Bench.Setup setup;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    WarmBench(Bench.Setup setup) {
        this.setup = setup;
    }

    List<Timed> run(int requests) throws Exception {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        List<Timed> routes = new ArrayList<>();
        // latency, not API Gateway's throttle, is measured: requests come back to back
        LocalServer.Options options = LocalServer.Options.defaults().withPort(0).inMemory().withDemo(true)
                .withThrottling(false)
                .withTemplate(setup.projectDir().resolve("template.yaml"))
                .withEngineDir(setup.buildDir().resolve("dynalite")).withLogs(quiet, quiet);
        PrintStream out = System.out;
        System.setOut(quiet);
        try (LocalServer server = LocalServer.start(options)) {
            // a thousand imports in a minute are more than Procore's hourly limit allows one company: this run
            // measures the API, so the demo company's service account is granted limits it does not reach
            SimulatorClient simulator =
                    new SimulatorClient(server.procoreUri());
            simulator.rateLimits(DemoData.COMPANY, 1_000_000, 100_000);
            // the thousands of writes below would each come back as Procore deliveries, queued and applied in the
            // background while the routes are timed: this run measures the routes alone (the Procore route is timed
            // on deliveries of its own, below)
            simulator.control("PUT", "/_simulator/webhooks", Json.object().put("dropShare", 1.0));
            String token = "Bearer " + server.demo().tokens().admin();
            String base = server.baseUri() + "/" + server.stage() + Route.LIST.path(DemoData.COMPANY);
            URI spectrum = URI.create(server.baseUri() + "/" + server.stage() + Route.SPECTRUM_WEBHOOK.path());
            URI procore = URI.create(server.baseUri() + "/" + server.stage() + Route.PROCORE_WEBHOOK.path());
            String job = DemoData.contract(DemoData.READY).jobNumber();

            routes.add(time("GET list (synced)", 200, requests, i -> get(base, token)));
            routes.add(time("GET list (staged)", 200, requests, i -> get(base + "?status=staged", token)));
            routes.add(time("GET list (ready=true)", 200, requests, i -> get(base + "?ready=true", token)));
            routes.add(time("GET history", 200, requests, i -> get(base + "/" + DemoData.READY + "/history", token)));
            routes.add(time("GET reimport-eligibility (" + DemoData.READY + ")", 200, requests,
                    i -> get(base + "/" + DemoData.READY + "/reimport-eligibility", token)));
            routes.add(time("GET reimport-eligibility (" + DemoData.LARGE + ", 600 lines)", 200, requests,
                    i -> get(base + "/" + DemoData.LARGE + "/reimport-eligibility", token)));

            // imports: one staged contract per request, made before the clock starts
            for (int i = 0; i < WARM_UP + requests; i++) {
                send(webhook(spectrum, Source.SPECTRUM, "prime_contract.upserted",
                        DemoState.snapshotData("WARM-I" + i, job, 1, DemoState.lines(20, 1))), 200);
            }
            routes.add(time("POST import (202; the worker writes it to Procore meanwhile)", 202, requests,
                    i -> post(base + "/WARM-I" + i + "/import", token, null, null)));

            // re-imports: each after a new ERP version of the same contract (that webhook is not timed)
            send(webhook(spectrum, Source.SPECTRUM, "prime_contract.upserted",
                    DemoState.snapshotData("WARM-R", job, 1, DemoState.lines(20, 1))), 200);
            send(post(base + "/WARM-R/import", token, null, null), 202);
            routes.add(time("POST reimport (Idempotency-Key; 202)", 202, requests, i -> {
                awaitIdle(base + "/WARM-R", token);
                long version = 2 + i;
                sendUnchecked(webhook(spectrum, Source.SPECTRUM, "prime_contract.upserted",
                        DemoState.snapshotData("WARM-R", job, version, DemoState.lines(20, version % 2 == 0 ? 2 : 1))), 200);
                return post(base + "/WARM-R/reimport", token, "{\"expectedErpVersion\":" + version + "}",
                        UUID.randomUUID().toString());
            }));

            routes.add(time("POST /webhooks/spectrum (snapshot, 20 lines)", 200, requests,
                    i -> webhook(spectrum, Source.SPECTRUM, "prime_contract.upserted",
                            DemoState.snapshotData("WARM-W", job, 1 + i, DemoState.lines(20, i % 2 + 1)))));
            routes.add(time("POST /webhooks/procore (a delivery: checked, de-duplicated, queued)", 200, requests,
                    i -> procoreDelivery(procore, Deliveries.body("v2.0",
                            Long.parseLong(DemoData.COMPANY), 2002L, "update", "Projects", 2002, null, null, Instant.now()))));
        } finally {
            System.setOut(out);
        }

        // the authorizer's own cost (the local gateway caches its answer per token, as API Gateway does)
        AuthorizerHandler authorizer = new AuthorizerHandler(TestTokens.verifier());
        APIGatewayCustomAuthorizerEvent token = new APIGatewayCustomAuthorizerEvent();
        token.setType("TOKEN");
        token.setAuthorizationToken("Bearer " + SampleEvents.adminToken());
        token.setMethodArn("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/v1/GET/companies/1001/erp/prime-contracts");
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < WARM_UP + requests; i++) {
            long start = System.nanoTime();
            Map<String, Object> policy = authorizer.handleRequest(token, null);
            long end = System.nanoTime();
            if (policy.get("principalId") == null) {
                throw new IllegalStateException("the authorizer refused the sample token");
            }
            if (i >= WARM_UP) {
                millis.add((end - start) / 1e6);
            }
        }
        routes.add(new Timed("authorizer (TOKEN, HS256; in process)", "Allow", millis));
        return routes;
    }

    /** Until the worker has written the contract's last sync (not timed: a re-import waits for the one before). */
    private void awaitIdle(String contract, String token) {
        try {
            for (int i = 0; i < 3000; i++) {
                String eligibility = sendUnchecked(get(contract + "/reimport-eligibility", token), 200);
                if (!eligibility.contains("SYNC_IN_PROGRESS")) {
                    return;
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("the worker did not write " + contract + " within 60 s");
    }

    private Timed time(String name, int expected, int requests, IntFunction<HttpRequest> requestsOf) throws IOException {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < WARM_UP + requests; i++) {
            HttpRequest request = requestsOf.apply(i);
            long start = System.nanoTime();
            send(request, expected);
            long end = System.nanoTime();
            BODIES.remove(request);
            if (i >= WARM_UP) {
                millis.add((end - start) / 1e6);
            }
        }
        return new Timed(name, Integer.toString(expected), millis);
    }

    /**
     * One request over HttpURLConnection (keep-alive): the JDK's HttpClient stalled on every request against the
     * JDK's HttpServer here, which would have measured the client, not the server.
     */
    /** @return the answer's body */
    private String send(HttpRequest request, int expected) throws IOException {
        HttpURLConnection c = (HttpURLConnection) request.uri().toURL().openConnection();
        c.setRequestMethod(request.method());
        request.headers().map().forEach((name, values) -> values.forEach(v -> c.addRequestProperty(name, v)));
        byte[] body = BODIES.get(request);
        if (body != null || request.method().equals("POST")) {
            c.setDoOutput(true);
            try (var out = c.getOutputStream()) {
                if (body != null) {
                    out.write(body);
                }
            }
        }
        int status = c.getResponseCode();
        var in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (in != null) {
            in.close();
        }
        if (status != expected) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": expected " + expected
                    + " but got " + status + " " + text);
        }
        return text;
    }

    /** The bodies of the requests built here (HttpRequest does not give its body back). */
    private static final Map<HttpRequest, byte[]> BODIES = new IdentityHashMap<>();

    private String sendUnchecked(HttpRequest request, int expected) {
        try {
            return send(request, expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpRequest get(String uri, String token) {
        return HttpRequest.newBuilder(URI.create(uri)).header("Authorization", token).GET().build();
    }

    private static HttpRequest post(String uri, String token, String body, String idempotencyKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).header("Authorization", token);
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpRequest request = b.POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
        if (body != null) {
            BODIES.put(request, body.getBytes(StandardCharsets.UTF_8));
        }
        return request;
    }

    private static HttpRequest procoreDelivery(URI uri, ObjectNode delivery) {
        byte[] body = Json.write(delivery).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + LocalSettings.WEBHOOK_SECRETS.get(Source.PROCORE.secretName()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        BODIES.put(request, body);
        return request;
    }

    private static HttpRequest webhook(URI uri, Source source, String type, ObjectNode data) {
        byte[] body = DemoState.envelopeJson(DemoData.COMPANY, type, data).getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignature.sign(LocalSettings.WEBHOOK_SECRETS.get(source.secretName()).getBytes(StandardCharsets.UTF_8),
                Instant.now().getEpochSecond(), body);
        HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header(WebhookSignature.HEADER, signature).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        BODIES.put(request, body);
        return request;
    }
}
