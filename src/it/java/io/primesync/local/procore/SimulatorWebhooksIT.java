package io.primesync.local.procore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.primesync.json.Json;
import io.primesync.testing.Figures;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator's webhooks as Procore documents them: hooks and triggers through its API, a v2.0 delivery (ids only)
 * of every change made through the API to the hook's URL with the hook's headers, the application that made the
 * change named, retries with backoff when the receiver fails, duplicates and drops when asked to.
 */
class SimulatorWebhooksIT {
    private static final String COMPANY = "777001";

    private ProcoreSimulator simulator;
    private HttpServer receiver;
    private final List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failNext = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        simulator = ProcoreSimulator.start(0, null, Clock.systemUTC());
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = 200;
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                status = 500;
            } else {
                received.add(Json.read(body));
                authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        simulator.close();
    }

    private String url() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    @Test
    void everyChangeMadeThroughTheApiIsDeliveredWithTheHooksHeadersNamingTheApplication() {
        SimulatorClient people = new SimulatorClient(simulator.baseUri());
        SimulatorClient product = new SimulatorClient(simulator.baseUri(), ProcoreSimulator.CLIENT_ID,
                ProcoreSimulator.CLIENT_SECRET);
        people.company(COMPANY);
        JsonNode hook = people.createHook(COMPANY, "primesync", url(), Map.of("Authorization", "Bearer s3cret"), "v2.0");
        String hookId = hook.path("id").asText();
        for (String resource : List.of("Projects", "Prime Contracts", "Prime Contract Line Items", "Change Order Packages")) {
            for (String event : SimWebhooks.RESOURCES.get(resource)) {
                people.createTrigger(COMPANY, hookId, resource, event);
            }
        }
        // a trigger twice is refused, as Procore refuses a taken one, and so is an action the resource does not offer
        assertThrows400(() -> people.createTrigger(COMPANY, hookId, "Projects", "create"));
        assertThrows400(() -> people.createTrigger(COMPANY, hookId, "Projects", "delete"));
        JsonNode resources = people.get(COMPANY, "/rest/v2.0/companies/" + COMPANY + "/webhooks/resources?payload_version=v2.0")
                .path("data");
        JsonNode projects = null;
        for (JsonNode r : resources) {
            projects = "Projects".equals(r.path("name").asText()) ? r : projects;
        }
        assertEquals("[{\"name\":\"create\"},{\"name\":\"update\"}]", Json.write(projects.path("actions")),
                "Projects offers no delete: " + resources);
        assertEquals("*****3cret", people.hook(COMPANY, hookId).path("destination_headers").path("Authorization").asText(),
                "the header masked to its last 5 characters");

        String project = people.createProject(COMPANY, "Webhook project", "J-1");
        ObjectNode pc = Json.object();
        pc.put("project_id", Long.parseLong(project));
        pc.putObject("prime_contract").put("origin_id", "PC-1").put("title", "Contract");
        String pcId = product.post(COMPANY, "/rest/v1.0/prime_contract", pc).path("id").asText();
        ObjectNode lines = Json.object();
        lines.putArray("updates").addObject().put("origin_id", "PC-1:A").put("description", "A").put("amount", "10.00");
        product.patch(COMPANY, "/rest/v1.0/prime_contracts/" + pcId + "/line_items/sync?project_id=" + project, lines);
        people.awaitDeliveries(Duration.ofSeconds(10));

        assertEquals(3, received.size(), received.toString());
        List<String> kinds = received.stream().map(d -> d.path("resource_name").asText() + " " + d.path("event_type").asText())
                .sorted().toList();
        assertEquals(List.of("Prime Contract Line Items create", "Prime Contracts create", "Projects create"), kinds);
        for (JsonNode d : received) {
            assertEquals(26, d.path("ulid").asText().length(), d.toString());
            assertEquals(Long.parseLong(COMPANY), d.path("company_id").asLong());
            assertEquals("v2.0", d.path("api_version").asText());
            assertTrue(d.path("resource_id").asLong() > 0);
            assertFalse(d.has("related_resources"), "v2.0 has ids only");
        }
        assertEquals(List.of("Bearer s3cret", "Bearer s3cret", "Bearer s3cret"), authorizations);
        JsonNode byPeople = received.stream().filter(d -> d.path("resource_name").asText().equals("Projects")).findFirst().orElseThrow();
        assertTrue(byPeople.path("metadata").path("source_application_id").isNull(), "made in Procore: " + byPeople);
        JsonNode byProduct = received.stream().filter(d -> d.path("resource_name").asText().equals("Prime Contracts"))
                .findFirst().orElseThrow();
        assertEquals(ProcoreSimulator.APPLICATION_ID, byProduct.path("metadata").path("source_application_id").asText());
        JsonNode deliveries = deliveries(people, hookId, null);
        assertEquals(3, deliveries.size());
        deliveries.forEach(d -> assertEquals("delivered", d.path("status").asText(), d.toString()));
        Figures.print("[simulator-webhooks] 3 changes made through the API, 3 deliveries received with the hook's"
                + " header; the product's own write names its application, a change made in Procore none");
    }

    @Test
    void aFailingReceiverIsTriedAgainWithBackoffAndDuplicatesAndDropsHappenWhenAsked() {
        SimulatorClient people = new SimulatorClient(simulator.baseUri());
        people.company(COMPANY);
        String hookId = people.createHook(COMPANY, "primesync", url(), Map.of("Authorization", "Bearer s3cret"), "v3.0")
                .path("id").asText();
        people.createTrigger(COMPANY, hookId, "Projects", "create");
        people.createTrigger(COMPANY, hookId, "Projects", "update");
        people.control("PUT", "/_simulator/webhooks", Json.object().put("retryBaseMs", 50));

        failNext.set(2);
        String project = people.createProject(COMPANY, "Retried", "J-2");
        people.awaitDeliveries(Duration.ofSeconds(10));
        assertEquals(1, received.size(), "delivered once the receiver answers: " + received);
        JsonNode delivery = deliveries(people, hookId, null).get(0);
        assertEquals(3, delivery.path("delivery_attempts").size(), delivery.toString());
        assertEquals(project, received.get(0).path("resource_id").asText());
        assertTrue(received.get(0).has("related_resources"), "v3.0 names the related resources");

        received.clear();
        people.control("PUT", "/_simulator/webhooks", Json.object().put("duplicateShare", 1.0));
        ObjectNode rename = Json.object();
        rename.putObject("project").put("origin_id", "J-3");
        people.updateProject(COMPANY, project, rename);
        people.awaitDeliveries(Duration.ofSeconds(10));
        assertEquals(2, received.size(), "delivered twice");
        assertEquals(received.get(0).path("ulid").asText(), received.get(1).path("ulid").asText(), "the same ulid");

        received.clear();
        JsonNode settings = people.control("PUT", "/_simulator/webhooks", Json.object().put("duplicateShare", 0.0)
                .put("dropShare", 1.0));
        people.createProject(COMPANY, "Dropped", "J-4");
        people.awaitDeliveries(Duration.ofSeconds(5));
        assertEquals(List.of(), received, "a dropped delivery never arrives");
        assertEquals(1, people.webhooks().path("dropped").asInt(), settings.toString());
        assertEquals("discarded", deliveries(people, hookId, null).get(0).path("status").asText());
    }

    /**
     * Procore pauses a hook's queue on a failed delivery: later ones wait behind it and go out, in order, once it
     * succeeds; a delivery failing for the discard period is discarded with everything waiting, and enough discards
     * disable the hook, which then is sent nothing until it is made active again.
     */
    @Test
    void aFailedDeliveryPausesTheHookAndEnoughDiscardsDisableIt() throws InterruptedException {
        SimulatorClient people = new SimulatorClient(simulator.baseUri());
        people.company(COMPANY);
        String hookId = people.createHook(COMPANY, "primesync", url(), Map.of("Authorization", "Bearer s3cret"), "v2.0")
                .path("id").asText();
        people.createTrigger(COMPANY, hookId, "Projects", "create");
        people.control("PUT", "/_simulator/webhooks", Json.object().put("retryBaseMs", 150).put("maxJitterMs", 0)
                .put("discardAfterMs", 60_000).put("disableAfterDiscards", 2));

        failNext.set(2);
        String first = people.createProject(COMPANY, "First", "J-10");
        waitFor(() -> deliveries(people, hookId, "retrying").size() == 1, "the first attempt failed");
        String second = people.createProject(COMPANY, "Second", "J-11");
        assertEquals(1, deliveries(people, hookId, "enqueued").size(), "the second waits behind the failing first");
        assertEquals(1, deliveries(people, hookId, "retrying").size());
        people.awaitDeliveries(Duration.ofSeconds(10));
        assertEquals(List.of(first, second), received.stream().map(d -> d.path("resource_id").asText()).toList(),
                "the queue went on in order once the first got through");
        assertEquals(2, deliveries(people, hookId, "succeeded").size(), "succeeded: Procore's filter for delivered");

        received.clear();
        people.control("PUT", "/_simulator/webhooks", Json.object().put("retryBaseMs", 20).put("discardAfterMs", 200));
        failNext.set(1_000_000);
        people.createProject(COMPANY, "Discarded 1", "J-12");
        people.createProject(COMPANY, "Discarded 2", "J-13");
        people.awaitDeliveries(Duration.ofSeconds(10));
        assertEquals(2, deliveries(people, hookId, "discarded").size(), "the failing one and the one behind it");
        assertEquals("active", people.hook(COMPANY, hookId).path("status").asText(), "one discard does not disable");
        people.createProject(COMPANY, "Discarded 3", "J-14");
        people.awaitDeliveries(Duration.ofSeconds(10));
        assertEquals("disabled", people.hook(COMPANY, hookId).path("status").asText(), "the second discard disables it");

        failNext.set(0);
        people.createProject(COMPANY, "Never sent", "J-15");
        Thread.sleep(300);
        assertEquals(List.of(), received, "a disabled hook is sent nothing");
        assertEquals(3, deliveries(people, hookId, "discarded").size());
        assertEquals(5, deliveries(people, hookId, null).size(), "no delivery made while disabled");

        people.setHookStatus(COMPANY, hookId, "active");
        String after = people.createProject(COMPANY, "After", "J-16");
        people.awaitDeliveries(Duration.ofSeconds(10));
        assertEquals(List.of(after), received.stream().map(d -> d.path("resource_id").asText()).toList());
        Figures.print("[simulator-webhooks] a failure paused the hook's queue and released it in order; two discards"
                + " disabled the hook, which was sent nothing until made active again");
    }

    private static JsonNode deliveries(SimulatorClient people, String hookId, String status) {
        return people.get(COMPANY, "/rest/v2.0/companies/" + COMPANY + "/webhooks/hooks/" + hookId + "/deliveries"
                + (status == null ? "" : "?filter[status]=" + status)).path("data");
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "waited in vain: " + what);
            Thread.sleep(10);
        }
    }

    private static void assertThrows400(Runnable call) {
        IllegalStateException refused = Assertions.assertThrows(IllegalStateException.class, call::run);
        assertTrue(refused.getMessage().contains("400"), refused.getMessage());
    }
}
