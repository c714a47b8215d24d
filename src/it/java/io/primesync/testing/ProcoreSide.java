package io.primesync.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.handler.ProcoreEventHandler;
import io.primesync.handler.ReconcileHandler;
import io.primesync.handler.WebhookHandler;
import io.primesync.http.Route;
import io.primesync.json.Json;
import io.primesync.local.GatewayEvents;
import io.primesync.local.LocalSettings;
import io.primesync.local.procore.Deliveries;
import io.primesync.local.procore.SimulatorClient;
import io.primesync.procore.HookSetup;
import io.primesync.webhook.ProcoreWebhookAuth;
import io.primesync.webhook.Source;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Procore's side as people change it, and as Procore tells the product: each change is made in the simulator, as a
 * person would in Procore, and then told the way Procore tells it: a delivery of ids to /webhooks/procore with the
 * hook's header, queued, and applied by the Procore event worker, which reads what the simulator holds now.
 */
public final class ProcoreSide {
    private final String company;
    private final String tableName;
    private final TestClock clock;
    private final SimulatorClient procore;
    private final WebhookHandler webhooks;
    private final ProcoreEventHandler procoreWorker;
    private final ReconcileHandler reconciler;
    private final String procoreQueueUrl;
    /** The functions' configuration: the company's hook sends the company's secret of it. */
    private final Function<String, String> env;
    /** Change orders made in Procore by the tests, by the number a test gave them, and their Procore ids. */
    private final Map<String, String> changeOrders = new ConcurrentHashMap<>();
    /** The project each job was synced to, as in Procore: one job, one project ({@code origin_id}). */
    final Map<String, String> jobProjectIds = new ConcurrentHashMap<>();

    ProcoreSide(String company, String tableName, TestClock clock, SimulatorClient procore, WebhookHandler webhooks,
            ProcoreEventHandler procoreWorker, ReconcileHandler reconciler, String procoreQueueUrl,
            Function<String, String> env) {
        this.env = env;
        this.company = company;
        this.tableName = tableName;
        this.clock = clock;
        this.procore = procore;
        this.webhooks = webhooks;
        this.procoreWorker = procoreWorker;
        this.reconciler = reconciler;
        this.procoreQueueUrl = procoreQueueUrl;
    }

    /** Makes the project the job's synced project in Procore (its {@code origin_id}). */
    public void syncJob(String jobNumber, String projectId) {
        projectOrigin(projectId, jobNumber);
        jobProjectIds.putIfAbsent(jobNumber, projectId);
    }

    /**
     * The project a job was first synced to (by {@link Api#staged}: the test's first project for the first job, one
     * of its own for each other).
     */
    public String projectOf(String jobNumber) {
        String p = jobProjectIds.get(jobNumber);
        assertNotNull(p, "job " + jobNumber + " was not staged");
        return p;
    }

    /** Every project of the company whose origin is the job loses it. */
    public void unsyncJob(String jobNumber) {
        for (JsonNode p : procore.list(company, "/rest/v1.0/projects?company_id=" + company)) {
            if (jobNumber.equals(p.path("origin_id").asText(null))) {
                projectOrigin(p.path("id").asText(), null);
            }
        }
    }

    private void projectOrigin(String projectId, String origin) {
        ObjectNode body = Json.object();
        body.putObject("project").put("origin_id", origin);
        procore.updateProject(company, projectId, body);
        told(procoreDelivery("update", "Projects", projectId, projectId));
    }

    /** A prime contract made in the project by hand, carrying the contract's id as its origin; answers its id. */
    public String link(String contractId, String projectId) {
        ObjectNode body = Json.object();
        body.put("project_id", Long.parseLong(projectId));
        body.putObject("prime_contract").put("origin_id", contractId).put("title", "Made in Procore for " + contractId);
        String id = procore.post(company, "/rest/v1.0/prime_contract", body).path("id").asText();
        told(procoreDelivery("create", "Prime Contracts", id, projectId));
        return id;
    }

    /** The project's prime contract of the contract deleted in Procore. */
    public void unlink(String contractId, String projectId) {
        JsonNode pc = procore.primeContractOf(company, projectId, contractId);
        assertNotNull(pc, "no prime contract of " + contractId + " in project " + projectId);
        String id = pc.path("id").asText();
        procore.delete(company, "/rest/v1.0/prime_contract/" + id + "?project_id=" + projectId);
        told(procoreDelivery("delete", "Prime Contracts", id, projectId));
    }

    /**
     * A change order of the contract's prime contract in the project, made or changed to the status in Procore (the
     * prime contract made first when the project has none); {@code number} names it for the test. Answers its id.
     */
    public String pcco(String contractId, String projectId, String number, String status) {
        JsonNode pc = procore.primeContractOf(company, projectId, contractId);
        String pcId = pc == null ? link(contractId, projectId) : pc.path("id").asText();
        String key = projectId + "/" + number;
        String id = changeOrders.get(key);
        ObjectNode body = Json.object();
        ObjectNode fields = body.putObject("change_order").put("status", status);
        String path = "/rest/v1.0/projects/" + projectId + "/prime_change_orders";
        if (id == null) {
            fields.put("contract_id", Long.parseLong(pcId)).put("number", number).put("title", "Change " + number);
            id = procore.post(company, path, body).path("id").asText();
            changeOrders.put(key, id);
            told(procoreDelivery("create", HookSetup.DEFAULT_CHANGE_ORDERS, id, projectId));
        } else {
            procore.patch(company, path + "/" + id, body);
            told(procoreDelivery("update", HookSetup.DEFAULT_CHANGE_ORDERS, id, projectId));
        }
        return id;
    }

    /** The Procore id of a change order a test made (see {@link #pcco}). */
    public String changeOrderId(String projectId, String number) {
        String id = changeOrders.get(projectId + "/" + number);
        assertNotNull(id, "no change order " + number + " made in project " + projectId);
        return id;
    }

    /** A delivery as Procore makes it (v2.0: ids only) of a change a person made, with a fresh ulid. */
    public ObjectNode procoreDelivery(String eventType, String resourceName, String resourceId, String projectId) {
        return Deliveries.body("v2.0", Long.parseLong(company),
                projectId == null ? null : Long.valueOf(projectId), eventType, resourceName, Long.parseLong(resourceId),
                null, null, clock.instant());
    }

    /** Sends a delivery to the Procore route with the hook's header: the route's answer. */
    public Response procoreDeliver(JsonNode delivery) {
        return procoreDeliver(Json.write(delivery).getBytes(StandardCharsets.UTF_8),
                "Bearer " + LocalSettings.secretFor(env, Source.PROCORE, company));
    }

    /** Sends these bytes to the Procore route with this Authorization header (null: none). */
    public Response procoreDeliver(byte[] body, String authorization) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        if (authorization != null) {
            h.put(ProcoreWebhookAuth.HEADER, authorization);
        }
        GatewayEvents request = GatewayEvents.to(Route.PROCORE_WEBHOOK);
        h.forEach(request::header);
        APIGatewayProxyRequestEvent event = request.body(new String(body, StandardCharsets.UTF_8)).event();
        return Response.of(webhooks.handleRequest(event, null), tableName, event);
    }

    /**
     * The delivery accepted by the route and applied by the worker. Time passes first, as it does between what a
     * person does in Procore and the worker's read of it: the worker stamps what it read with the time it read it.
     */
    public void told(JsonNode delivery) {
        clock.advance(Duration.ofMillis(1));
        Response r = procoreDeliver(delivery);
        assertEquals(200, r.status(), r.body());
        assertEquals("accepted", r.json().path("result").asText(), r.body());
        drainProcore();
    }

    /** Lets the Procore event worker take every delivery queued for this company. */
    public int drainProcore() {
        return new SyncDrain(procoreWorker, procoreQueueUrl).drain();
    }

    /** One reconciliation run, as the schedule starts it: its answer (companies, findings by kind). */
    public JsonNode reconcile() {
        clock.advance(Duration.ofMillis(1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            reconciler.handleRequest(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Json.read(out.toByteArray());
    }
}
