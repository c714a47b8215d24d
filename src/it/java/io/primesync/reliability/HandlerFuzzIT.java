package io.primesync.reliability;

import static io.primesync.reliability.FuzzInputs.pick;
import static io.primesync.reliability.FuzzInputs.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.auth.AuthorizerContext;
import io.primesync.auth.Claims;
import io.primesync.domain.Caller;
import io.primesync.domain.ContractStatus;
import io.primesync.domain.Level;
import io.primesync.domain.LineItem;
import io.primesync.handler.ApiHandler;
import io.primesync.handler.AuthorizerHandler;
import io.primesync.http.Route;
import io.primesync.json.Json;
import io.primesync.local.LocalSettings;
import io.primesync.local.procore.Deliveries;
import io.primesync.local.procore.ProcoreSimulator;
import io.primesync.store.EventStamp;
import io.primesync.store.ProcoreFacts;
import io.primesync.testing.Figures;
import io.primesync.testing.Fixtures;
import io.primesync.testing.LocalDynamo;
import io.primesync.testing.OpenApi;
import io.primesync.testing.TestTokens;
import io.primesync.webhook.Source;
import io.primesync.webhook.WebhookSignature;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Property-based fuzzing of every function: random API Gateway events for the user routes and the webhooks
 * (identifiers that are unicode, huge, empty or path traversals, odd query strings and headers, bodies that are
 * not JSON or too big, lying base64 flags, missing or malformed request contexts and authorizer outputs), random
 * webhook payloads with valid signatures, and random tokens for the authorizer. Whatever comes in, no answer is
 * a 5xx, except when the store is down (simulated), which is a 503 problem+json with Retry-After; no body holds
 * a stack trace, a Java class name or the table name; every error is problem+json.
 */
class HandlerFuzzIT {
    private static final Stats STATS = new Stats();
    private static final World WORLD = new World();

    /** Counters for the report, per property. */
    static final class Stats {
        final Map<String, AtomicInteger> counters = new ConcurrentHashMap<>();
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());

        void count(String name) {
            counters.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        }

        int get(String name) {
            AtomicInteger n = counters.get(name);
            return n == null ? 0 : n.get();
        }
    }

    /** A company with contracts in every state, the handlers on a working store and on one that is down. */
    static final class World {
        final String company = LocalDynamo.newCompanyId();
        final String otherCompany = LocalDynamo.newCompanyId();
        final String[] projects = Rig.procoreProjects(company, 2);
        final String project = projects[0];
        final Caller admin = Rig.admin("fuzz-admin", company, project, projects[1]);
        final Caller reader = new Caller("fuzz-reader", Map.of(company, Map.of(Caller.ERP_INTEGRATIONS, Level.READ_ONLY)), Map.of());
        final Caller stranger = Rig.admin("fuzz-stranger", otherCompany, project);
        final List<String> contracts = List.of("PC-FZ-1", "PC-FZ-2", "PC-FZ-3", "PC-FZ-4");
        final List<String> jobs = List.of("J-FZ-1", "J-FZ-2", "J-FZ-9");
        final Rig rig = new Rig(LocalDynamo.get().client());
        final Rig down = new Rig(unreachable());
        final AuthorizerHandler authorizer = new AuthorizerHandler(TestTokens.verifier());

        World() {
            // PC-FZ-1 imported with changes pending, PC-FZ-2 staged, PC-FZ-3 unapproved, PC-FZ-4 deleted
            new ProcoreFacts(rig.app.table(), Clock.systemUTC())
                    .applyJobProject(company, "J-FZ-1", project, true, new EventStamp(1, "fz-seed"));
            webhook(Source.SPECTRUM, "prime_contract.upserted", Rig.snapshotData(Fixtures.snapshot("PC-FZ-1", "J-FZ-1", 1,
                    Fixtures.lines(8, "A"))));
            APIGatewayProxyResponseEvent imported = rig.sync.handleRequest(Rig.importContract(admin, company, "PC-FZ-1"), null);
            assertEquals(202, imported.getStatusCode(), imported.getBody());
            rig.queue.drain();
            webhook(Source.SPECTRUM, "prime_contract.upserted", Rig.snapshotData(Fixtures.snapshot("PC-FZ-1", "J-FZ-1", 2,
                    Fixtures.lines(9, "A"))));
            webhook(Source.SPECTRUM, "prime_contract.upserted", Rig.snapshotData(Fixtures.snapshot("PC-FZ-2", "J-FZ-1", 1,
                    Fixtures.lines(3, "B"))));
            webhook(Source.SPECTRUM, "prime_contract.upserted", Rig.snapshotData(Fixtures.snapshot("PC-FZ-3", "J-FZ-2", 1,
                    ContractStatus.UNAPPROVED, Fixtures.lines(2, "C"))));
            webhook(Source.SPECTRUM, "prime_contract.upserted", Rig.snapshotData(Fixtures.snapshot("PC-FZ-4", "J-FZ-2", 1,
                    Fixtures.lines(2, "D"))));
            webhook(Source.SPECTRUM, "prime_contract.deleted", Json.object().put("contractId", "PC-FZ-4").put("erpVersion", 2));
        }

        private void webhook(Source source, String type, ObjectNode data) {
            String body = Json.write(Rig.envelope("fz-seed-" + company + "-" + type + "-" + System.nanoTime(), type,
                    company, Instant.now().toString(), data));
            APIGatewayProxyResponseEvent r = rig.webhook.handleRequest(Rig.webhook(source, body, now()), null);
            assertEquals(200, r.getStatusCode(), r.getBody());
        }

        /** A store outage: nothing listens on the port, and the client does not retry (the SDK's retries are tested elsewhere). */
        private static DynamoDbClient unreachable() {
            return DynamoDbClient.builder()
                    .endpointOverride(URI.create("http://127.0.0.1:9"))
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .httpClient(UrlConnectionHttpClient.builder()
                            .connectionTimeout(Duration.ofMillis(200)).build())
                    .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()))
                    .build();
        }

        ApiHandler handler(Rig on, int which) {
            return switch (which) {
                case 0 -> on.list;
                case 1 -> on.eligibility;
                case 2 -> on.sync;
                default -> on.webhook;
            };
        }
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    // ---------------------------------------------------------------- user routes (and any event to any function)

    /** One request to one function, on a working store or a down one. */
    record Call(int handler, boolean outage, APIGatewayProxyRequestEvent event) {
        @Override
        public String toString() {
            return (outage ? "[store down] " : "") + "handler " + handler + ": " + FuzzInputs.describe(event);
        }
    }

    @Provide
    Arbitrary<Call> userRequests() {
        return Arbitraries.randomValue(HandlerFuzzIT::userRequest);
    }

    /**
     * Half the requests are plausible (the function's own route and method, known ids, a caller the authorizer made,
     * sane query and body) with one part of them hostile, so they get past the first checks; the rest are hostile
     * throughout.
     */
    static Call userRequest(Random r) {
        World w = WORLD;
        int handler = r.nextInt(10) < 9 ? r.nextInt(3) : 3;
        boolean wild = r.nextBoolean();
        int hostile = wild ? -1 : r.nextInt(7);
        String route = hostile == 0 || (wild && r.nextInt(8) == 0)
                ? pick(r, null, "", "/", "/companies", text(r, 40),
                        "/companies/{companyId}/erp/prime-contracts/{contractId}/../import", "/webhooks/spectrum")
                : handler == 0 ? pick(r, Rig.LIST, Rig.HISTORY)
                : handler == 1 ? Rig.ELIGIBILITY
                : handler == 2 ? pick(r, Rig.IMPORT, Rig.REIMPORT)
                : pick(r, FuzzInputs.ROUTES);
        String method = hostile == 1 || (wild && r.nextInt(8) == 0)
                ? pick(r, null, "", "PUT", "DELETE", "get", "post", "OPTIONS", text(r, 8))
                : route != null && route.endsWith("import") ? "POST" : "GET";
        APIGatewayProxyRequestEvent e = new APIGatewayProxyRequestEvent().withResource(route).withHttpMethod(method);
        Map<String, String> params = new LinkedHashMap<>();
        List<String> companies = List.of(w.company, w.company, w.company, w.otherCompany);
        String company = wild || hostile == 2 ? FuzzInputs.identifier(r, companies) : pick(r, companies);
        String contract = wild || hostile == 2 ? FuzzInputs.identifier(r, w.contracts) : pick(r, w.contracts);
        if (company != null || r.nextBoolean()) {
            params.put("companyId", company);
        }
        if (contract != null || r.nextBoolean()) {
            params.put("contractId", contract);
        }
        if (wild && r.nextInt(10) == 0) {
            params.put(text(r, 8), text(r, 20));
        }
        e.setPathParameters(wild && r.nextInt(15) == 0 ? null : params);
        e.setPath("/companies/" + company + "/erp/prime-contracts/" + contract);
        Map<String, String> query = wild || hostile == 3 ? FuzzInputs.query(r) : saneQuery(r);
        e.setQueryStringParameters(wild && r.nextInt(6) == 0 ? null : query);
        if (wild && r.nextInt(4) == 0) {
            Map<String, List<String>> multi = new HashMap<>();
            query.forEach((k, v) -> multi.put(k, r.nextBoolean() ? List.of(v) : List.of(v, r.nextBoolean() ? v : text(r, 5))));
            e.setMultiValueQueryStringParameters(multi);
        }
        if (wild || hostile == 4) {
            FuzzInputs.headers(r, e, false);
        } else {
            Map<String, String> headers = new HashMap<>();
            headers.put("Content-Type", "application/json");
            if (r.nextBoolean()) {
                headers.put("Idempotency-Key", "fz-key-" + r.nextInt(40));
            }
            e.setHeaders(headers);
        }
        if (wild || hostile == 5) {
            FuzzInputs.body(r, e);
        } else {
            e.setBody(pick(r, null, null, "", "{}", "{\"expectedErpVersion\":" + (1 + r.nextInt(4)) + "}"));
        }
        if (!wild || r.nextInt(12) != 0) {
            APIGatewayProxyRequestEvent.ProxyRequestContext ctx = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                    .withRequestId(wild && r.nextInt(5) == 0 ? text(r, 200) : "fz-" + r.nextInt(1_000_000));
            ctx.setAuthorizer(wild || hostile == 6 ? FuzzInputs.authorizer(r, w.admin, w.reader, w.stranger)
                    : new HashMap<>(AuthorizerContext.toContext(r.nextInt(4) == 0 ? w.reader : w.admin)));
            e.setRequestContext(ctx);
        }
        return new Call(handler, r.nextInt(10) == 0, e);
    }

    private static Map<String, String> saneQuery(Random r) {
        Map<String, String> q = new LinkedHashMap<>();
        if (r.nextBoolean()) {
            q.put("status", pick(r, "synced", "staged"));
        }
        if (r.nextBoolean()) {
            q.put("limit", String.valueOf(1 + r.nextInt(100)));
        }
        if (r.nextInt(4) == 0) {
            q.put("ready", pick(r, "true", "false"));
        }
        if (r.nextInt(4) == 0) {
            q.put("cursor", FuzzInputs.cursor(r));
        }
        return q;
    }

    @Property(tries = 3000, seed = "4207262611")
    void noRequestToAFunctionEndsInAnErrorOfOurs(@ForAll("userRequests") Call call) {
        ApiHandler handler = WORLD.handler(call.outage() ? WORLD.down : WORLD.rig, call.handler());
        APIGatewayProxyResponseEvent response = invoke(handler, call.event(), "user");
        List<String> problems = check(response, call.event(), call.outage());
        STATS.count("user.tries");
        STATS.count("user." + response.getStatusCode());
        if (call.outage()) {
            STATS.count("user.outage");
        }
        fail(problems, call);
    }

    // ---------------------------------------------------------------- webhooks with valid signatures

    record Delivery(Source route, byte[] raw, boolean base64, APIGatewayProxyRequestEvent event, String what) {
        @Override
        public String toString() {
            String shown = new String(raw, StandardCharsets.UTF_8);
            return route + " " + what + ": " + FuzzInputs.abbreviate(shown);
        }
    }

    @Provide
    Arbitrary<Delivery> webhookDeliveries() {
        return Arbitraries.randomValue(HandlerFuzzIT::delivery);
    }

    static Delivery delivery(Random r) {
        World w = WORLD;
        String type = pick(r, "prime_contract.upserted", "prime_contract.upserted", "prime_contract.deleted");
        // now and then the ERP's envelope sent to Procore's route
        Source source = r.nextInt(15) == 0 ? Source.PROCORE : Source.SPECTRUM;
        String company = r.nextInt(8) == 0 ? pick(r, "", "abc", "1 ", "٣", "0x10", FuzzInputs.digits(r, 21), text(r, 20))
                : w.company;
        String occurredAt = r.nextInt(12) == 0
                ? pick(r, "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
                        "0000-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "2026-11-29T14:00:00+18:00",
                        "2026-11-29T14:00:00.123456789Z", "2026-11-29T14:00:00-18:00", "2026-02-30T00:00:00Z",
                        "2026-11-29T24:00:00Z", "2026-11-29t14:00:00z", "2026-11-29T14:00Z", "2026-11-29 14:00:00Z")
                : Instant.now().plusSeconds(r.nextInt(7200) - 3600).toString();
        ObjectNode envelope = Rig.envelope("fz-" + Long.toHexString(r.nextLong()), type, company, occurredAt,
                data(r, type));
        List<String> mutations = new ArrayList<>();
        int roll = r.nextInt(10);
        for (int m = roll < 4 ? 0 : roll < 8 ? 1 : 2 + r.nextInt(2); m > 0; m--) {
            mutations.add(r.nextInt(3) == 0 ? breakRule(r, envelope) : mutate(r, envelope));
        }
        String text = Json.write(envelope);
        byte[] raw;
        switch (r.nextInt(20)) {
            case 0 -> {
                raw = text.substring(0, r.nextInt(text.length())).getBytes(StandardCharsets.UTF_8);
                mutations.add("truncated");
            }
            case 1 -> {
                raw = (text + pick(r, "x", "{}", "\u0000", " \n", ",")).getBytes(StandardCharsets.UTF_8);
                mutations.add("trailing");
            }
            case 2 -> {
                raw = text.replaceFirst("\\{", "{\"id\":\"dup\",").getBytes(StandardCharsets.UTF_8);
                mutations.add("duplicate key");
            }
            case 3 -> {
                raw = FuzzInputs.randomBytes(r);
                mutations.add("random bytes");
            }
            case 4 -> {
                raw = text.getBytes(StandardCharsets.UTF_16);
                mutations.add("UTF-16");
            }
            default -> raw = text.getBytes(StandardCharsets.UTF_8);
        }
        boolean base64 = r.nextInt(8) == 0;
        String path = "/webhooks/" + source.wire();
        Map<String, String> headers = new HashMap<>();
        headers.put(pick(r, "Content-Type", "content-type"), r.nextInt(20) == 0 ? pick(r, "text/plain", "", "application/json5")
                : pick(r, "application/json", "application/json; charset=utf-8", "Application/JSON"));
        String signature = WebhookSignature.sign(LocalSettings.WEBHOOK_SECRETS.get(source.secretName()).getBytes(StandardCharsets.UTF_8), now(), raw);
        if (r.nextInt(5) == 0) {
            // a rotation: an unknown secret's signature first, and spacing a sender may use
            String other = WebhookSignature.sign("old-secret".getBytes(StandardCharsets.UTF_8), now(), raw);
            signature = signature.replace(",v1=", ", v1=" + other.substring(other.indexOf("v1=") + 3) + " , v1=");
        }
        headers.put(pick(r, WebhookSignature.HEADER, WebhookSignature.HEADER.toLowerCase()), signature);
        APIGatewayProxyRequestEvent e = new APIGatewayProxyRequestEvent()
                .withResource(path).withPath(path).withHttpMethod("POST").withHeaders(headers)
                .withBody(base64 ? Base64.getEncoder().encodeToString(raw) : new String(raw, StandardCharsets.UTF_8))
                .withIsBase64Encoded(base64)
                .withRequestContext(r.nextInt(10) == 0 ? null
                        : new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId("fz-wh-" + r.nextInt(1000)));
        if (!base64 && !Arrays.equals(e.getBody().getBytes(StandardCharsets.UTF_8), raw)) {
            // bytes that are not UTF-8 only travel base64-encoded, as API Gateway sends binary bodies
            e.setBody(Base64.getEncoder().encodeToString(raw));
            e.setIsBase64Encoded(true);
        }
        return new Delivery(source, raw, base64, e, type + " " + mutations);
    }

    private static ObjectNode data(Random r, String type) {
        World w = WORLD;
        String contract = pick(r, w.contracts) + (r.nextInt(5) == 0 ? "-" + r.nextInt(4) : "");
        String job = pick(r, w.jobs);
        String project = pick(r, w.project, "6002", "6003");
        return switch (type) {
            case "prime_contract.upserted" -> {
                int n = r.nextInt(40) == 0 ? pick(r, 0, 1200, 5001) : r.nextInt(25);
                List<LineItem> lines = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    lines.add(r.nextInt(6) == 0
                            ? Fixtures.unitLine("U" + i, "3", "EA", "12.50", "37.50")
                            : LineItem.lumpSum("L" + i, "Line " + i + " " + text(r, 20),
                                    BigDecimal.valueOf(r.nextInt(10_000_000), 2).toPlainString()));
                }
                ObjectNode data = Rig.snapshotData(Fixtures.snapshot(contract, job, 1 + r.nextInt(60),
                        r.nextInt(5) == 0 ? ContractStatus.UNAPPROVED : ContractStatus.APPROVED, lines));
                if (r.nextInt(4) == 0) {
                    data.put("retainagePercent", pick(r, "10.00", "0", "100", "100.0001", "-1", "5.12345"));
                }
                yield data;
            }
            case "prime_contract.deleted" -> Json.object().put("contractId", contract).put("erpVersion", 1 + r.nextInt(60));
            default -> Json.object().put("contractId", contract).put("projectId", project);
        };
    }

    /** A snapshot that keeps the schema but breaks a contract rule (422), or, for other events, any change. */
    private static String breakRule(Random r, ObjectNode envelope) {
        JsonNode data = envelope.path("data");
        JsonNode lines = data.path("lineItems");
        if (!(data instanceof ObjectNode d) || !lines.isArray() || lines.isEmpty()) {
            return mutate(r, envelope);
        }
        if (!(lines.get(r.nextInt(lines.size())) instanceof ObjectNode line)) {
            return mutate(r, envelope);
        }
        switch (r.nextInt(5)) {
            case 0 -> d.put("originalContractAmount", "1.23");
            case 1 -> line.put("itemCode", pick(r, "ABCDEFGHIJK", "-x", "a b", "é", ""));
            case 2 -> ((ArrayNode) lines).add(line.deepCopy());
            case 3 -> line.put("quantity", "7").put("unitOfMeasure", "EA").put("unitPrice", "1.00");
            default -> line.put("description", "x".repeat(501));
        }
        return "contract rule broken";
    }

    /** One random change somewhere in the tree; returns what it did. */
    private static String mutate(Random r, ObjectNode root) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = pick(r, containers);
        if (target instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            String name = names.isEmpty() || r.nextInt(6) == 0 ? text(r, 10) : pick(r, names);
            switch (r.nextInt(5)) {
                case 0 -> {
                    o.remove(name);
                    return "removed " + name;
                }
                case 1 -> {
                    o.put(name, pick(r, "", "x".repeat(5000), "١٢", "-1", "0", "1e3", "NaN", "10.000", "9999999999999.99",
                            "99999999999999.99", "2026-13-45T99:00:00Z", "2026-11-29T14:00:00", "approved", "APPROVED"));
                    return "string " + name;
                }
                case 2 -> {
                    o.set(name, FuzzInputs.randomJson(r, 0));
                    return "json " + name;
                }
                case 3 -> {
                    o.put(name, pick(r, Long.MAX_VALUE, Long.MIN_VALUE, 0L, -1L, 1L));
                    return "number " + name;
                }
                default -> {
                    o.putNull(name);
                    return "null " + name;
                }
            }
        }
        ArrayNode a = (ArrayNode) target;
        if (a.isEmpty() || r.nextBoolean()) {
            a.add(FuzzInputs.randomJson(r, 2));
            return "array element added";
        }
        int i = r.nextInt(a.size());
        if (r.nextBoolean()) {
            a.remove(i);
            return "array element removed";
        }
        a.add(a.get(i).deepCopy());
        return "array element duplicated";
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        if (node.isObject() || node.isArray()) {
            into.add(node);
            node.forEach(child -> collect(child, into));
        }
    }

    @Property(tries = 2000, seed = "8812736401")
    void noSignedWebhookEndsInAnErrorOfOurs(@ForAll("webhookDeliveries") Delivery delivery) {
        APIGatewayProxyResponseEvent response = invoke(WORLD.rig.webhook, delivery.event(), "webhook");
        List<String> problems = check(response, delivery.event(), false);
        int status = response.getStatusCode();
        boolean unsigned = delivery.route() == Source.PROCORE; // the ERP's envelope at Procore's door: no Authorization
        if (status != 200 && status != 400 && status != 413 && status != 415 && status != 422
                && !(unsigned && status == 401)) {
            problems.add("a signed delivery answered " + status);
        }
        if (status == 200) {
            String result = Rig.json(response).path("result").asText();
            if (!List.of("applied", "duplicate", "stale").contains(result)) {
                problems.add("result " + result);
            }
            STATS.count("webhook.result." + result);
        }
        STATS.count("webhook.tries");
        STATS.count("webhook." + status);
        fail(problems, delivery);
    }

    // ---------------------------------------------------------------- Procore's deliveries

    @Provide
    Arbitrary<Delivery> procoreDeliveries() {
        return Arbitraries.randomValue(HandlerFuzzIT::procoreDelivery);
    }

    /**
     * A delivery as Procore makes it (a resource the product follows or not, ids of the world's or not, v2.0 or v3.0),
     * most with the hook's header, then broken in one or more places: the body's fields, its bytes, the header.
     */
    static Delivery procoreDelivery(Random r) {
        World w = WORLD;
        String resource = pick(r, "Projects", "Prime Contracts", "Prime Contract Line Items", "Change Order Packages",
                "Submittals", "RFIs");
        long company = r.nextInt(10) == 0 ? Long.parseLong(w.otherCompany) : Long.parseLong(w.company);
        Long project = r.nextInt(8) == 0 ? null : Long.valueOf(pick(r, w.project, w.projects[1], "6002", "999999999"));
        long resourceId = resource.equals("Projects") && project != null ? project : 1 + r.nextInt(9000);
        ObjectNode body = Deliveries.body(pick(r, "v2.0", "v3.0"), company, project,
                pick(r, "create", "update", "delete"), resource, resourceId, r.nextBoolean() ? null : (long) (5000 + r.nextInt(50)),
                r.nextInt(4) == 0 ? ProcoreSimulator.APPLICATION_ID : null, Instant.now());
        List<String> mutations = new ArrayList<>();
        int roll = r.nextInt(10);
        for (int m = roll < 4 ? 0 : roll < 8 ? 1 : 2 + r.nextInt(2); m > 0; m--) {
            mutations.add(mutate(r, body));
        }
        String text = Json.write(body);
        byte[] raw;
        switch (r.nextInt(16)) {
            case 0 -> {
                raw = text.substring(0, r.nextInt(text.length())).getBytes(StandardCharsets.UTF_8);
                mutations.add("truncated");
            }
            case 1 -> {
                raw = text.replaceFirst("\\{", "{\"ulid\":\"01ARZ3NDEKTSV4RRFFQ69G5FAV\",").getBytes(StandardCharsets.UTF_8);
                mutations.add("duplicate key");
            }
            case 2 -> {
                raw = FuzzInputs.randomBytes(r);
                mutations.add("random bytes");
            }
            case 3 -> {
                raw = ("[" + text + "]").getBytes(StandardCharsets.UTF_8);
                mutations.add("in an array");
            }
            default -> raw = text.getBytes(StandardCharsets.UTF_8);
        }
        String secret = LocalSettings.WEBHOOK_SECRETS.get(Source.PROCORE.secretName());
        String authorization = switch (r.nextInt(12)) {
            case 0 -> null;
            case 1 -> "Bearer " + secret + "x";
            case 2 -> secret;
            case 3 -> "Bearer " + text(r, 40);
            case 4 -> "Bearer  " + secret + " ";
            default -> "Bearer " + secret;
        };
        if (!"Bearer ".concat(secret).equals(authorization)) {
            mutations.add("authorization " + FuzzInputs.abbreviate(String.valueOf(authorization)));
        }
        String path = Route.PROCORE_WEBHOOK.path();
        Map<String, String> headers = new HashMap<>();
        headers.put(pick(r, "Content-Type", "content-type"), r.nextInt(20) == 0 ? pick(r, "text/plain", "")
                : pick(r, "application/json", "application/json; charset=utf-8"));
        if (authorization != null) {
            headers.put(pick(r, "Authorization", "authorization"), authorization);
        }
        boolean base64 = r.nextInt(8) == 0;
        APIGatewayProxyRequestEvent e = new APIGatewayProxyRequestEvent()
                .withResource(path).withPath(path).withHttpMethod("POST").withHeaders(headers)
                .withBody(base64 ? Base64.getEncoder().encodeToString(raw) : new String(raw, StandardCharsets.UTF_8))
                .withIsBase64Encoded(base64)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId("fz-pc-" + r.nextInt(1000)));
        if (!base64 && !Arrays.equals(e.getBody().getBytes(StandardCharsets.UTF_8), raw)) {
            e.setBody(Base64.getEncoder().encodeToString(raw));
            e.setIsBase64Encoded(true);
        }
        return new Delivery(Source.PROCORE, raw, base64, e, resource + " " + mutations);
    }

    /**
     * Procore's route never answers a 5xx nor leaks, whatever comes, and refuses only a delivery without its hook's
     * header (a body it cannot read is answered 200 dropped); what it accepts, the Procore event worker takes from the
     * queue without failing (a resource Procore does not have is nothing).
     */
    @Property(tries = 1500, seed = "3318820077")
    void noProcoreDeliveryEndsInAnErrorOfOurs(@ForAll("procoreDeliveries") Delivery delivery) {
        APIGatewayProxyResponseEvent response = invoke(WORLD.rig.webhook, delivery.event(), "procore");
        List<String> problems = check(response, delivery.event(), false);
        int status = response.getStatusCode();
        // Procore pauses a hook's whole queue on anything but a 2xx: only a delivery without the hook's header is refused
        if (status != 200 && status != 401) {
            problems.add("a Procore delivery answered " + status);
        }
        if (String.valueOf(response.getBody()).contains(LocalSettings.WEBHOOK_SECRETS.get(Source.PROCORE.secretName()))) {
            problems.add("the hook's secret echoed in the answer");
        }
        if (status == 200) {
            String result = Rig.json(response).path("result").asText();
            if (!List.of("accepted", "duplicate", "ignored", "dropped").contains(result)) {
                problems.add("result " + result);
            }
            STATS.count("procore.result." + result);
            if (result.equals("accepted")) {
                try {
                    WORLD.rig.procoreEvents.drain(Duration.ofSeconds(30));
                } catch (AssertionError e) {
                    problems.add("the Procore event worker did not take the delivery: " + e.getMessage());
                }
            }
        }
        STATS.count("procore.tries");
        STATS.count("procore." + status);
        fail(problems, delivery);
    }

    // ---------------------------------------------------------------- the authorizer

    record TokenCase(APIGatewayCustomAuthorizerEvent event, String what) {
        @Override
        public String toString() {
            return what + ": token=" + FuzzInputs.abbreviate(String.valueOf(event.getAuthorizationToken()))
                    + " arn=" + FuzzInputs.abbreviate(String.valueOf(event.getMethodArn()));
        }
    }

    @Provide
    Arbitrary<TokenCase> tokens() {
        return Arbitraries.randomValue(HandlerFuzzIT::tokenCase);
    }

    static TokenCase tokenCase(Random r) {
        Instant later = Instant.now().plus(Duration.ofHours(1));
        String what;
        String token = switch (r.nextInt(10)) {
            case 0 -> {
                what = "valid";
                yield TestTokens.sign("fuzz-user", Claims.toClaim(WORLD.admin), later);
            }
            case 1 -> {
                what = "odd claims, right key";
                yield TestTokens.sign(pick(r, "", " ", "u\u0000", "x".repeat(300), text(r, 30)),
                        oddPermissions(r), later);
            }
            case 2 -> {
                what = "expired";
                yield TestTokens.sign("fuzz-user", Claims.toClaim(WORLD.admin), Instant.now().minusSeconds(3600));
            }
            case 3 -> {
                what = "wrong key";
                yield TestTokens.signWithOtherKey("fuzz-user",
                        Claims.toClaim(WORLD.admin), later);
            }
            case 4 -> {
                what = "alg none";
                Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
                yield b.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                        + b.encodeToString(("{\"sub\":\"x\",\"exp\":" + later.getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8)) + ".";
            }
            case 5 -> {
                what = "segments";
                Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
                yield b.encodeToString(text(r, 40).getBytes(StandardCharsets.UTF_8)) + "."
                        + b.encodeToString(text(r, 40).getBytes(StandardCharsets.UTF_8)) + "." + text(r, 20);
            }
            case 6 -> {
                what = "huge";
                yield "a".repeat(8000 + r.nextInt(100_000));
            }
            default -> {
                what = "text";
                yield text(r, 200);
            }
        };
        if (r.nextInt(4) == 0) {
            what = "valid, any caller";
            Caller someone = Rig.admin(pick(r, "u-1", "user@example.com", "auth0|5f1d", "x".repeat(256)),
                    pick(r, WORLD.company, "1", "99999999999999999999"), pick(r, "1", "6001"));
            token = TestTokens.sign(someone.userId(), Claims.toClaim(someone), later);
        }
        String header = switch (r.nextInt(8)) {
            case 0 -> token;
            case 1 -> "bearer  " + token + " ";
            case 2 -> r.nextBoolean() ? null : "";
            case 3 -> pick(r, "Basic ", "Bearer", "Token ") + token;
            default -> "Bearer " + token;
        };
        APIGatewayCustomAuthorizerEvent e = new APIGatewayCustomAuthorizerEvent();
        e.setType(pick(r, "TOKEN", "TOKEN", "REQUEST", null));
        e.setAuthorizationToken(header);
        e.setMethodArn(pick(r, "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/v1/GET/companies/1/erp/prime-contracts",
                "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/v1", null, "", "no-slash", "/", "//", text(r, 60)));
        return new TokenCase(e, what);
    }

    /** A permissions claim of any shape (TokenSigner takes the claim as a map; its values may be anything). */
    private static Map<String, ?> oddPermissions(Random r) {
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put(pick(r, "companies", "projects", text(r, 5)), randomClaim(r, 1));
        if (r.nextBoolean()) {
            claim.put("projects", randomClaim(r, 1));
        }
        return claim;
    }

    private static Object randomClaim(Random r, int depth) {
        return switch (depth > 3 ? r.nextInt(4) : r.nextInt(7)) {
            case 0 -> null;
            case 1 -> pick(r, "admin", "read_only", "standard", "none", "", "ADMIN", text(r, 10));
            case 2 -> r.nextLong();
            case 3 -> r.nextBoolean();
            case 4 -> List.of(String.valueOf(randomClaim(r, depth + 1)));
            default -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = r.nextInt(3); i >= 0; i--) {
                    m.put(pick(r, "companies", "projects", "erp_integrations", "prime_contracts", WORLD.company, text(r, 6)),
                            randomClaim(r, depth + 1));
                }
                yield m;
            }
        };
    }

    @Property(tries = 1500, seed = "5150262341")
    void theAuthorizerAllowsOrSaysUnauthorizedAndNothingElse(@ForAll("tokens") TokenCase c) {
        STATS.count("authorizer.tries");
        Object out;
        try {
            out = WORLD.authorizer.handleRequest(c.event(), null);
        } catch (RuntimeException e) {
            if (!"Unauthorized".equals(e.getMessage()) || e.getStackTrace().length != 0) {
                fail(List.of("threw " + e.getClass().getName() + ": " + e.getMessage()), c);
            }
            STATS.count("authorizer.unauthorized");
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> policy = (Map<String, Object>) out;
        List<String> problems = new ArrayList<>();
        if (!(policy.get("principalId") instanceof String id) || id.isBlank()) {
            problems.add("no principal: " + policy);
        }
        if (!Json.write(policy.get("policyDocument")).contains("\"Allow\"")) {
            problems.add("policy: " + policy);
        }
        String leak = Rig.leak(Json.write(policy), c.event().getAuthorizationToken());
        if (leak != null) {
            problems.add("leaks " + leak);
        }
        STATS.count("authorizer.allowed");
        fail(problems, c);
    }

    // ---------------------------------------------------------------- checks and report

    private static APIGatewayProxyResponseEvent invoke(ApiHandler handler, APIGatewayProxyRequestEvent event, String kind) {
        try {
            APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
            if (response == null) {
                throw new AssertionError("no response");
            }
            return response;
        } catch (Throwable t) {
            STATS.failures.add(kind + " threw " + t);
            throw new AssertionError("the function threw " + t + " for " + FuzzInputs.describe(event), t);
        }
    }

    static List<String> check(APIGatewayProxyResponseEvent response, APIGatewayProxyRequestEvent event, boolean outage) {
        List<String> problems = new ArrayList<>();
        int status = response.getStatusCode();
        String body = response.getBody();
        try {
            // whatever came in, the answer is one openapi.json allows for that route (or a problem, off its routes)
            OpenApi.get().check(event.getHttpMethod(), event.getResource(), status,
                    Rig.header(response, "Content-Type"), body);
        } catch (AssertionError unlike) {
            problems.add("unlike openapi.json: " + unlike.getMessage());
        }
        if (status >= 500) {
            if (!outage || status != 503) {
                problems.add("answered " + status + " " + body);
            } else {
                String bad = Rig.badUnavailable(response);
                if (bad != null) {
                    problems.add("store outage answered badly: " + bad);
                }
            }
        }
        String contentType = Rig.header(response, "Content-Type");
        if (status >= 400) {
            if (!"application/problem+json".equals(contentType)) {
                problems.add("error " + status + " as " + contentType);
            } else {
                JsonNode problem = Rig.json(response);
                for (String field : List.of("type", "title", "status", "detail", "code")) {
                    if (!problem.hasNonNull(field)) {
                        problems.add("problem without " + field + ": " + body);
                    }
                }
                if (problem.path("status").asInt() != status) {
                    problems.add("problem status " + problem.path("status") + " on a " + status);
                }
            }
        } else if (!"application/json".equals(contentType)) {
            problems.add("success as " + contentType);
        }
        if (!"no-store".equals(Rig.header(response, "Cache-Control"))) {
            problems.add("cacheable answer");
        }
        String leak = Rig.leak(body, FuzzInputs.requestText(event));
        if (leak != null) {
            problems.add("body leaks " + leak + ": " + FuzzInputs.abbreviate(body));
        }
        return problems;
    }

    private static void fail(List<String> problems, Object input) {
        if (!problems.isEmpty()) {
            STATS.failures.add(problems + " for " + input);
            throw new AssertionError(problems + "\n  input: " + input);
        }
    }

    @AfterContainer
    static void report() {
        Map<String, Integer> user = new TreeMap<>();
        Map<String, Integer> hooks = new TreeMap<>();
        Map<String, Integer> procore = new TreeMap<>();
        STATS.counters.forEach((k, v) -> {
            if (k.matches("user\\.[0-9]+")) {
                user.put(k.substring(5), v.get());
            } else if (k.matches("webhook\\.([0-9]+|result\\..*)")) {
                hooks.put(k.substring(8), v.get());
            } else if (k.matches("procore\\.([0-9]+|result\\..*)")) {
                procore.put(k.substring(8), v.get());
            }
        });
        Figures.print("[fuzz] function requests sent=" + STATS.get("user.tries") + " (store down for "
                + STATS.get("user.outage") + ") statuses " + user);
        Figures.print("[fuzz] signed webhook deliveries sent=" + STATS.get("webhook.tries") + " statuses/results "
                + hooks);
        Figures.print("[fuzz] Procore deliveries sent=" + STATS.get("procore.tries") + " statuses/results " + procore
                + " (each accepted one then taken by the Procore event worker)");
        Figures.print("[fuzz] authorizer tokens tried=" + STATS.get("authorizer.tries") + " allowed="
                + STATS.get("authorizer.allowed") + " unauthorized=" + STATS.get("authorizer.unauthorized"));
        STATS.failures.forEach(f -> Figures.print("[fuzz] MISMATCH " + FuzzInputs.abbreviate(f)));
        Figures.print("[fuzz] 5xx outside an outage, leaks, stack traces, non-problem errors: mismatches found: "
                + STATS.failures.size());
        assertTrue(STATS.get("user.tries") > 0 && STATS.get("webhook.tries") > 0 && STATS.get("authorizer.tries") > 0
                && STATS.get("procore.tries") > 0);
    }
}
