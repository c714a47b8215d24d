package io.primesync.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.auth.AuthorizerContext;
import io.primesync.auth.Claims;
import io.primesync.http.Route;
import io.primesync.json.Json;
import io.primesync.local.auth.LocalIdentity;
import io.primesync.local.procore.Deliveries;
import io.primesync.procore.HookSetup;
import io.primesync.queue.SyncMessage;
import io.primesync.webhook.Envelope;
import io.primesync.webhook.ProcoreDelivery;
import io.primesync.webhook.ProcoreWebhookAuth;
import io.primesync.webhook.Source;
import io.primesync.webhook.WebhookSignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the sample events in events/ (API Gateway REST proxy events as API Gateway sends them, one per route
 * and per webhook type) and re-signs webhook samples. They are aimed at the demo company, so each works against
 * {@code serve --demo}'s data as it stands. Tokens are signed by the local identity provider; the authorizer output
 * in each sample is exactly what AuthorizerHandler makes of that token.
 */
public final class SampleEvents {
    public static final String COMPANY = DemoData.COMPANY;
    public static final String CONTRACT = DemoData.READY;
    /** A contract the demo does not have, for the webhook samples that add or change one. */
    public static final String NEW_CONTRACT = "1.24-110.OWNER";
    public static final String NEW_JOB = "24-110";
    public static final String USER = "demo-admin";
    /**
     * The sync the sync route and worker samples name. Sync ids are handed out when a sync is accepted, so no demo
     * sync has this one: put the {@code syncId} of an accepted import or re-import in its place.
     */
    public static final String SAMPLE_SYNC_ID = "5a3c9e10-0d5f-4b7e-8c21-6f4d2b9a7e31";
    /** Far enough ahead for samples; the tokens are signed with the local key, which AWS never trusts. */
    static final Instant TOKEN_EXPIRY = Instant.parse("2036-01-01T00:00:00Z");

    private SampleEvents() {}

    /** The demo admin's: admin of the company and of every demo project. */
    public static Map<String, Object> adminPermissions() {
        Map<String, Object> projects = new LinkedHashMap<>();
        for (String project : DemoData.projectIds()) {
            projects.put(project, Map.of("prime_contracts", "admin"));
        }
        return Map.of(Claims.COMPANIES, Map.of(COMPANY, Map.of("erp_integrations", "admin")), Claims.PROJECTS, projects);
    }

    public static String adminToken() {
        return LocalIdentity.signer().sign(USER, adminPermissions(), TOKEN_EXPIRY);
    }

    public static void writeAll(Path dir, long nowEpochSeconds) throws IOException {
        Files.createDirectories(dir);
        write(dir, "list-synced.json", user(Route.LIST, COMPANY).json());
        write(dir, "list-staged.json", user(Route.LIST, COMPANY).query("status", "staged").query("limit", "50").json());
        write(dir, "list-ready.json", user(Route.LIST, COMPANY).query("ready", "true").json());
        write(dir, "reimport-eligibility.json", user(Route.ELIGIBILITY, COMPANY, CONTRACT).json());
        write(dir, "history.json", user(Route.HISTORY, COMPANY, CONTRACT).query("limit", "10").json());
        write(dir, "import.json", user(Route.IMPORT, COMPANY, DemoData.STAGED).json());
        write(dir, "reimport.json", user(Route.REIMPORT, COMPANY, CONTRACT)
                .header("Idempotency-Key", "0b6f1a52-3c1e-4d0e-9a57-6b0f0d3c2a11")
                .header("Content-Type", "application/json")
                .body("{\"expectedErpVersion\":" + DemoData.contract(CONTRACT).erpVersion() + "}").json());
        write(dir, "sync.json", user(Route.SYNC, COMPANY, CONTRACT, SAMPLE_SYNC_ID).json());
        write(dir, "sync-worker.json", syncWorker(COMPANY, CONTRACT, SAMPLE_SYNC_ID));
        write(dir, "sweeper.json", scheduled("SweepSchedule"));

        String occurred = "2026-11-29T14:05:00Z";
        write(dir, "webhook-spectrum-contract-upserted.json", webhook(Source.SPECTRUM, envelope("spx-evt-000101",
                "prime_contract.upserted", occurred, snapshot()), nowEpochSeconds));
        ObjectNode deleted = Json.object().put("contractId", NEW_CONTRACT).put("erpVersion", 2);
        write(dir, "webhook-spectrum-contract-deleted.json", webhook(Source.SPECTRUM, envelope("spx-evt-000102",
                "prime_contract.deleted", occurred, deleted), nowEpochSeconds));
        // Procore's delivery of a change to the demo's approved change order, and the queue's record of it
        ObjectNode delivery = procoreDelivery();
        write(dir, "webhook-procore-delivery.json", webhook(Source.PROCORE, delivery, nowEpochSeconds));
        write(dir, "procore-event.json", sqsEvent(ProcoreDelivery.parse(delivery).json(),
                "primesync-WebhookFunction", "primesync-ProcoreEventQueue"));
        write(dir, "reconcile.json", scheduled("ReconcileSchedule"));
        // the Spectrum agent's function, in a stack given its VPC parameters only (serve runs the agent itself)
        write(dir, "spectrum-agent.json", scheduled("SpectrumAgentSchedule"));

        ObjectNode authorizer = Json.object();
        authorizer.put("type", "TOKEN");
        authorizer.put("authorizationToken", "Bearer " + adminToken());
        authorizer.put("methodArn", "arn:aws:execute-api:us-east-1:" + GatewayEvents.ACCOUNT_ID + ":"
                + GatewayEvents.API_ID + "/" + GatewayEvents.STAGE + "/GET" + Route.LIST.path(COMPANY));
        write(dir, "authorizer.json", authorizer);
    }

    /**
     * A webhook sample signed anew, now, with the local secret of its source, so that it passes the five-minute
     * window again ({@code Main sign FILE}).
     */
    public static String resigned(Path file) throws IOException {
        byte[] signed = Invoke.resign(Files.readAllBytes(file), SampleEvents::localSecret);
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.read(signed)) + "\n";
    }

    /** The webhook secrets of a local run: the variable when set, else the local default. */
    static String localSecret(String name) {
        for (Source source : Source.values()) {
            if (source.secretName().equals(name)) {
                return LocalSettings.webhookSecret(source);
            }
        }
        return System.getenv(name);
    }

    /**
     * Signs the event's body in place (headers and multiValueHeaders) with the source's local secret; for Procore's
     * route, puts the header Procore's hook sends instead (its deliveries are not signed).
     */
    public static void sign(ObjectNode event, Source source, long nowEpochSeconds) {
        if (source == Source.PROCORE) {
            String header = "Bearer " + LocalSettings.secretFor(SampleEvents::localSecret, Source.PROCORE, COMPANY);
            ((ObjectNode) event.with("headers")).put(ProcoreWebhookAuth.HEADER, header);
            ((ObjectNode) event.with("multiValueHeaders")).putArray(ProcoreWebhookAuth.HEADER).add(header);
            return;
        }
        byte[] body = event.path("body").asText("").getBytes(StandardCharsets.UTF_8);
        String secret = LocalSettings.secretFor(SampleEvents::localSecret, source, COMPANY);
        String signature = WebhookSignature.sign(secret.getBytes(StandardCharsets.UTF_8), nowEpochSeconds, body);
        ((ObjectNode) event.with("headers")).put(WebhookSignature.HEADER, signature);
        ((ObjectNode) event.with("multiValueHeaders")).putArray(WebhookSignature.HEADER).add(signature);
    }

    private static ObjectNode snapshot() {
        ObjectNode data = Json.object();
        data.put("contractId", NEW_CONTRACT);
        data.put("jobNumber", NEW_JOB);
        data.put("title", "Eastside Fire Station No. 4");
        data.put("status", "approved");
        data.put("erpVersion", 1);
        data.put("originalContractAmount", "1250000.00");
        data.put("retainagePercent", "10.00");
        ArrayNode lines = data.putArray("lineItems");
        lines.addObject().put("itemCode", "01-100").put("description", "General conditions").put("amount", "185000.00");
        lines.addObject().put("itemCode", "03-300").put("description", "Cast-in-place concrete").put("amount", "412500.00")
                .put("quantity", "1500").put("unitOfMeasure", "CY").put("unitPrice", "275.00");
        lines.addObject().put("itemCode", "05-120").put("description", "Structural steel").put("amount", "396000.00");
        lines.addObject().put("itemCode", "09-900").put("description", "Painting and coatings").put("amount", "256500.00");
        return data;
    }

    private static ObjectNode envelope(String id, String type, String occurredAt, ObjectNode data) {
        return Envelope.json(id, type, COMPANY, occurredAt, data);
    }

    /** The Procore id the demo's change order gets from a fresh Procore simulator (its first change order). */
    public static final String DEMO_CHANGE_ORDER_ID = "9001";
    /**
     * The change order package it is in (its {@code legacy_package_id}): what Procore's deliveries about it name, under
     * {@code Change Order Packages}; a package's id is not a change order's.
     */
    public static final String DEMO_CHANGE_ORDER_PACKAGE_ID = "8001";

    /** Procore's v2.0 delivery of an update of the demo's approved change order (its package's id), with a fixed ulid. */
    static ObjectNode procoreDelivery() {
        ObjectNode delivery = Deliveries.body("v2.0", Long.parseLong(COMPANY),
                Long.valueOf(DemoData.contract(DemoData.APPROVED_CO).projectId()), "update",
                HookSetup.DEFAULT_CHANGE_ORDERS, Long.parseLong(DEMO_CHANGE_ORDER_PACKAGE_ID), null, null,
                Instant.parse("2026-11-29T14:06:00Z"));
        delivery.put("id", 6001);
        delivery.put("ulid", "01JDX4Z6W3R8K2M5N7P9Q1S3T5");
        return delivery;
    }

    private static ObjectNode webhook(Source source, ObjectNode envelope, long now) {
        ObjectNode event = sample(source == Source.SPECTRUM ? Route.SPECTRUM_WEBHOOK : Route.PROCORE_WEBHOOK)
                .header("Content-Type", "application/json").body(Json.write(envelope)).json();
        sign(event, source, now);
        return event;
    }

    /**
     * A user route's event as API Gateway passes it on, from a fixed request of the demo admin (a curl from a
     * documentation address), with what the authorizer makes of the admin's token.
     */
    private static GatewayEvents user(Route route, String... pathValues) {
        GatewayEvents event = sample(route, pathValues).header("Authorization", "Bearer " + adminToken());
        Map<String, Object> context = new LinkedHashMap<>();
        AuthorizerContext.toContext(Claims.toCaller(USER, adminPermissions()))
                .forEach((k, v) -> context.put(k, String.valueOf(v)));
        context.put("integrationLatency", 0);
        return event.authorizer(context);
    }

    /** A request made at a fixed time from a fixed address, so the samples stay the same from one run to the next. */
    private static GatewayEvents sample(Route route, String... pathValues) {
        GatewayEvents event = GatewayEvents.to(route)
                .header("Accept", "application/json")
                .header("Host", GatewayEvents.API_ID + ".execute-api.us-east-1.amazonaws.com")
                .header("User-Agent", "curl/8.5.0")
                .header("X-Forwarded-For", "203.0.113.10")
                .header("X-Forwarded-Port", "443")
                .header("X-Forwarded-Proto", "https")
                .requestId("c6af9ac6-7b61-11e6-9a41-93e8deadbeef")
                .extendedRequestId("XyZ1aGx2oAMF3Jw=")
                .received(Instant.parse("2026-11-29T14:05:00Z"))
                .sourceIp("203.0.113.10");
        List<String> names = route.parameters();
        for (int i = 0; i < names.size(); i++) {
            event.pathParameter(names.get(i), pathValues[i]);
        }
        return event;
    }

    /** A batch of one sync message, as Lambda's SQS event source hands it to {@code SyncWorkerFunction}. */
    public static ObjectNode syncWorker(String companyId, String contractId, String syncId) {
        return sqsEvent(new SyncMessage(companyId, contractId, syncId, 1).json(),
                "primesync-SyncFunction", "primesync-SyncQueue");
    }

    /** One SQS record as Lambda's event source hands it to a function. */
    static ObjectNode sqsEvent(String body, String sender, String queue) {
        ObjectNode event = Json.object();
        ObjectNode r = event.putArray("Records").addObject();
        r.put("messageId", "7d2b5c1e-3a4f-4e6b-9c8d-0f1e2d3c4b5a");
        r.put("receiptHandle", "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a");
        r.put("body", body);
        ObjectNode attributes = r.putObject("attributes");
        attributes.put("ApproximateReceiveCount", "1");
        attributes.put("SentTimestamp", "1795961100000");
        attributes.put("SenderId", "AROAEXAMPLE:" + sender);
        attributes.put("ApproximateFirstReceiveTimestamp", "1795961100050");
        r.putObject("messageAttributes");
        r.put("md5OfBody", md5(body));
        r.put("eventSource", "aws:sqs");
        r.put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:" + queue);
        r.put("awsRegion", "us-east-1");
        return event;
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An EventBridge scheduled event, as the sweeper's schedule rule delivers it. */
    static ObjectNode scheduled(String rule) {
        ObjectNode event = Json.object();
        event.put("version", "0");
        event.put("id", "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa");
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", "123456789012");
        event.put("time", "2026-11-29T14:10:00Z");
        event.put("region", "us-east-1");
        event.putArray("resources").add("arn:aws:events:us-east-1:123456789012:rule/primesync-" + rule);
        event.putObject("detail");
        return event;
    }

    private static void write(Path dir, String name, JsonNode event) throws IOException {
        Files.writeString(dir.resolve(name), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(event) + "\n");
    }
}
