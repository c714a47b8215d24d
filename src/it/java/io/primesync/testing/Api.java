package io.primesync.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.domain.Caller;
import io.primesync.domain.Level;
import io.primesync.handler.AppContext;
import io.primesync.handler.EligibilityHandler;
import io.primesync.handler.ListContractsHandler;
import io.primesync.handler.SyncHandler;
import io.primesync.handler.SyncWorkerHandler;
import io.primesync.handler.ProcoreEventHandler;
import io.primesync.handler.ReconcileHandler;
import io.primesync.queue.ProcoreEventQueue;
import io.primesync.procore.HookSetup;
import io.primesync.webhook.ProcoreWebhookAuth;
import io.primesync.local.procore.SimulatorClient;
import io.primesync.queue.SqsSyncQueue;
import io.primesync.handler.WebhookHandler;
import io.primesync.auth.AuthorizerContext;
import io.primesync.json.Json;
import io.primesync.local.LocalSettings;
import io.primesync.webhook.Envelope;
import io.primesync.webhook.Source;
import io.primesync.webhook.WebhookSignature;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The API as a client sees it, in process: API Gateway proxy events built the way API Gateway (and
 * {@link io.primesync.local.SampleEvents}) builds them, fed to the real handler classes, and signed webhooks to
 * seed data. One instance works in one company; every response is checked for leaked internals on the way out.
 */
public final class Api {
    public static final String LIST = "/companies/{companyId}/erp/prime-contracts";
    public static final String HISTORY = LIST + "/{contractId}/history";
    public static final String ELIGIBILITY = LIST + "/{contractId}/reimport-eligibility";
    public static final String IMPORT = LIST + "/{contractId}/import";
    public static final String REIMPORT = LIST + "/{contractId}/reimport";
    public static final String SYNC = LIST + "/{contractId}/syncs/{syncId}";
    public static final String SPECTRUM = "/webhooks/spectrum";
    public static final String PROCORE = "/webhooks/procore";

    public static final String USER = "user-1";

    public final TestClock clock;
    public final AppContext app;
    public final String company;
    public final String tableName;
    public final ListContractsHandler lists;
    public final EligibilityHandler eligibilities;
    public final SyncHandler syncs;
    public final WebhookHandler webhooks;
    public final SyncWorkerHandler worker;
    /** Takes Procore's deliveries from their queue and applies what Procore says now. */
    public final ProcoreEventHandler procoreWorker;
    public final ReconcileHandler reconciler;
    /** The company's two Procore projects, made in the simulator: the job's, and another. */
    public final String project;
    public final String otherProject;
    public final SimulatorClient procore;
    public final String queueUrl;
    public final String procoreQueueUrl;
    /** Change orders made in Procore by the tests, by the number a test gave them, and their Procore ids. */
    private final Map<String, String> changeOrders = new java.util.concurrent.ConcurrentHashMap<>();
    /** The project each job was synced to, as in Procore: one job, one project ({@code origin_id}). */
    private final Map<String, String> jobProjectIds = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicReference<Instant> lastOccurredAt = new AtomicReference<>();

    public Api(String tableName, Supplier<DynamoDbClient> client, TestClock clock, String company) {
        this(tableName, client, clock, company, Map.of());
    }

    /** @param extraEnv configuration on top of the tests' (e.g. Procore timeouts) */
    public Api(String tableName, Supplier<DynamoDbClient> client, TestClock clock, String company,
            Map<String, String> extraEnv) {
        this.clock = clock;
        this.tableName = tableName;
        this.company = company;
        LocalProcore procore = LocalProcore.get();
        this.procore = procore.client();
        procore.company(company, true);
        this.project = this.procore.createProject(company, "Project of company " + company, null);
        this.otherProject = this.procore.createProject(company, "Second project of company " + company, null);
        LocalSqs sqs = LocalSqs.get();
        this.queueUrl = sqs.newQueue("sync-" + company);
        Map<String, String> env = new LinkedHashMap<>(env(tableName));
        env.putAll(procore.env());
        env.put(SqsSyncQueue.QUEUE_URL, queueUrl);
        this.procoreQueueUrl = sqs.newQueue("procore-events-" + company);
        env.put(ProcoreEventQueue.QUEUE_URL, procoreQueueUrl);
        env.putAll(extraEnv);
        this.app = new AppContext(env::get, clock, client, sqs::client);
        this.lists = LocalSettings.handler(ListContractsHandler.class, app);
        this.eligibilities = LocalSettings.handler(EligibilityHandler.class, app);
        this.syncs = LocalSettings.handler(SyncHandler.class, app);
        this.webhooks = LocalSettings.handler(WebhookHandler.class, app);
        this.worker = LocalSettings.handler(SyncWorkerHandler.class, app);
        this.procoreWorker = LocalSettings.handler(ProcoreEventHandler.class, app);
        this.reconciler = LocalSettings.handler(ReconcileHandler.class, app);
    }

    /** A fresh company on the shared local table, with a clock standing at the real time. */
    public static Api onLocalDynamo() {
        LocalDynamo dynamo = LocalDynamo.get();
        return new Api(dynamo.tableName(), dynamo::client, TestClock.startingNow(), LocalDynamo.newCompanyId());
    }

    /** The same table and clock, another company: for tests about what one company must not see of another. */
    public Api otherCompany() {
        LocalDynamo dynamo = LocalDynamo.get();
        return new Api(tableName, dynamo::client, clock, LocalDynamo.newCompanyId());
    }

    /** A function's configuration in tests: the table and the local webhook secrets. */
    public static Map<String, String> env(String tableName) {
        Map<String, String> env = new LinkedHashMap<>(LocalSettings.WEBHOOK_SECRETS);
        env.put(AppContext.TABLE_NAME, tableName);
        return env;
    }

    /** Moves the clock on a minute, so the next sync sorts after the last one. */
    public Instant later() {
        return clock.advance(Duration.ofMinutes(1));
    }

    // ------------------------------------------------------------------ callers

    /** Admin on this company's ERP Integrations and on the Prime Contracts of both test projects. */
    public Caller admin() {
        return caller(Level.ADMIN, Level.ADMIN);
    }

    /** The caller with these levels on the company and on every project of the test. */
    public Caller caller(Level companyLevel, Level projectLevel) {
        return caller(USER, company, companyLevel, projectLevel, projects().toArray(String[]::new));
    }

    /** {@link #project}, {@link #otherProject} and the project of every job staged since. */
    public List<String> projects() {
        java.util.Set<String> all = new java.util.LinkedHashSet<>(List.of(project, otherProject));
        all.addAll(jobProjectIds.values());
        return List.copyOf(all);
    }

    /**
     * The project a job was first synced to (by {@link #staged}: {@link #project} for the first job, one of its own
     * for each other).
     */
    public String projectOf(String jobNumber) {
        String p = jobProjectIds.get(jobNumber);
        assertNotNull(p, "job " + jobNumber + " was not staged");
        return p;
    }

    public static Caller caller(String userId, String companyId, Level companyLevel, Level projectLevel,
            String... projectIds) {
        Map<String, Map<String, Level>> projects = new LinkedHashMap<>();
        for (String projectId : projectIds) {
            projects.put(projectId, Map.of(Caller.PRIME_CONTRACTS, projectLevel));
        }
        return new Caller(userId, Map.of(companyId, Map.of(Caller.ERP_INTEGRATIONS, companyLevel)), projects);
    }

    // ------------------------------------------------------------------ user routes

    public Request list() {
        return new Request("GET", LIST, company, null);
    }

    public Request history(String contractId) {
        return new Request("GET", HISTORY, company, contractId);
    }

    public Request eligibility(String contractId) {
        return new Request("GET", ELIGIBILITY, company, contractId);
    }

    public Request importing(String contractId) {
        return new Request("POST", IMPORT, company, contractId);
    }

    public Request reimport(String contractId) {
        return new Request("POST", REIMPORT, company, contractId);
    }

    public Request sync(String contractId, String syncId) {
        return new Request("GET", SYNC, company, contractId).path("syncId", syncId);
    }

    /** An API Gateway REST proxy event for a user route, authorized as the admin of the company unless told otherwise. */
    public final class Request {
        private String method;
        private final String resource;
        private final Map<String, String> pathParameters = new LinkedHashMap<>();
        private final Map<String, String> query = new LinkedHashMap<>();
        private final Map<String, List<String>> multiQuery = new LinkedHashMap<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Map<String, Object> authorizer;
        private String body;
        private boolean base64;

        Request(String method, String resource, String companyId, String contractId) {
            this.method = method;
            this.resource = resource;
            pathParameters.put("companyId", companyId);
            if (contractId != null) {
                pathParameters.put("contractId", contractId);
            }
            headers.put("Accept", "application/json");
            as(admin());
        }

        /** Another method than the route's, as a client may send. */
        public Request method(String value) {
            method = value;
            return this;
        }

        public Request as(Caller caller) {
            authorizer = new LinkedHashMap<>(AuthorizerContext.toContext(caller));
            return this;
        }

        /** As API Gateway passes the authorizer's answer: its context plus the principal id. */
        public Request authorizer(Map<String, Object> context) {
            authorizer = context == null ? null : new LinkedHashMap<>(context);
            return this;
        }

        public Request company(String companyId) {
            pathParameters.put("companyId", companyId);
            return this;
        }

        public Request path(String name, String value) {
            pathParameters.put(name, value);
            return this;
        }

        public Request contract(String contractId) {
            pathParameters.put("contractId", contractId);
            return this;
        }

        public Request query(String name, String value) {
            query.put(name, value);
            multiQuery.put(name, List.of(value));
            return this;
        }

        public Request queryValues(String name, String... values) {
            query.put(name, values[values.length - 1]);
            multiQuery.put(name, List.of(values));
            return this;
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Request key(String idempotencyKey) {
            return header("Idempotency-Key", idempotencyKey);
        }

        /** A JSON body, sent as application/json. */
        public Request json(String json) {
            headers.put("Content-Type", "application/json");
            body = json;
            return this;
        }

        /** A body as is, with whatever Content-Type the test sets (or none). */
        public Request rawBody(String text) {
            body = text;
            return this;
        }

        public Request base64Body(byte[] bytes) {
            body = Base64.getEncoder().encodeToString(bytes);
            base64 = true;
            return this;
        }

        public String resource() {
            return resource;
        }

        public String method() {
            return method;
        }

        public String path() {
            String path = resource;
            for (Map.Entry<String, String> p : pathParameters.entrySet()) {
                path = path.replace("{" + p.getKey() + "}", p.getValue());
            }
            return path;
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }

        public Request withoutHeader(String name) {
            headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
            return this;
        }

        public APIGatewayProxyRequestEvent event() {
            return proxyEvent(method, resource, path(), pathParameters, query, multiQuery, headers, body, base64,
                    authorizer);
        }

        public Response send() {
            return Api.this.send(this);
        }

        /** Sends the request to this handler, whatever route it is for. */
        public Response sendTo(RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler) {
            APIGatewayProxyRequestEvent event = event();
            return Response.of(handler.handleRequest(event, null), tableName, event);
        }
    }

    /** Sends a user request to the handler template.yaml maps its route to. */
    public Response send(Request request) {
        APIGatewayProxyRequestEvent event = request.event();
        APIGatewayProxyResponseEvent response = switch (request.resource()) {
            case LIST, HISTORY, SYNC -> lists.handleRequest(event, null);
            case ELIGIBILITY -> eligibilities.handleRequest(event, null);
            case IMPORT, REIMPORT -> syncs.handleRequest(event, null);
            default -> throw new IllegalArgumentException(request.resource());
        };
        return Response.of(response, tableName, event);
    }

    public static APIGatewayProxyRequestEvent proxyEvent(String method, String resource, String path,
            Map<String, String> pathParameters, Map<String, String> query, Map<String, List<String>> multiQuery,
            Map<String, String> headers, String body, boolean base64, Map<String, Object> authorizer) {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent();
        event.setResource(resource);
        event.setPath(path);
        event.setHttpMethod(method);
        event.setPathParameters(pathParameters == null || pathParameters.isEmpty() ? null : new LinkedHashMap<>(pathParameters));
        event.setQueryStringParameters(query == null || query.isEmpty() ? null : new LinkedHashMap<>(query));
        event.setMultiValueQueryStringParameters(multiQuery == null || multiQuery.isEmpty() ? null : new LinkedHashMap<>(multiQuery));
        Map<String, String> h = new LinkedHashMap<>(headers);
        Map<String, List<String>> mh = new LinkedHashMap<>();
        h.forEach((k, v) -> mh.put(k, List.of(v)));
        event.setHeaders(h);
        event.setMultiValueHeaders(mh);
        event.setBody(body);
        event.setIsBase64Encoded(base64);
        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        context.setResourcePath(resource);
        context.setHttpMethod(method);
        context.setPath("/v1" + path);
        context.setStage("v1");
        context.setRequestId(UUID.randomUUID().toString());
        context.setAccountId("123456789012");
        context.setApiId("a1b2c3d4e5");
        context.setAuthorizer(authorizer);
        event.setRequestContext(context);
        return event;
    }

    // ------------------------------------------------------------------ webhooks

    /** A webhook delivery: by default a signed application/json POST of the body, signed now. */
    public final class Delivery {
        private final Source source;
        private byte[] body;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private boolean base64;
        private boolean signed = true;
        private Long signedAt;
        private byte[] secret;

        Delivery(Source source, byte[] body) {
            this.source = source;
            this.body = body;
            headers.put("Content-Type", "application/json");
        }

        public Delivery contentType(String value) {
            if (value == null) {
                headers.remove("Content-Type");
            } else {
                headers.put("Content-Type", value);
            }
            return this;
        }

        /** Replaces the signature header with this value (null: no header). */
        public Delivery signature(String value) {
            signed = false;
            if (value == null) {
                headers.remove(WebhookSignature.HEADER);
            } else {
                headers.put(WebhookSignature.HEADER, value);
            }
            return this;
        }

        public Delivery signedAt(long epochSeconds) {
            signedAt = epochSeconds;
            return this;
        }

        public Delivery signedWith(String otherSecret) {
            secret = otherSecret.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** Signs the body as it is now, then sends this other body under that signature. */
        public Delivery tamperedTo(byte[] other) {
            headers.put(WebhookSignature.HEADER, signatureFor(body));
            signed = false;
            body = other;
            return this;
        }

        public Delivery base64() {
            base64 = true;
            return this;
        }

        public Delivery header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        private String signatureFor(byte[] bytes) {
            byte[] key = secret != null ? secret : LocalSettings.WEBHOOK_SECRETS.get(source.secretName()).getBytes(StandardCharsets.UTF_8);
            long t = signedAt != null ? signedAt : clock.instant().getEpochSecond();
            return WebhookSignature.sign(key, t, bytes);
        }

        public APIGatewayProxyRequestEvent event() {
            Map<String, String> h = new LinkedHashMap<>(headers);
            if (signed) {
                h.put(WebhookSignature.HEADER, signatureFor(body));
            }
            String path = source == Source.SPECTRUM ? SPECTRUM : PROCORE;
            String text = base64 ? Base64.getEncoder().encodeToString(body) : new String(body, StandardCharsets.UTF_8);
            return proxyEvent("POST", path, path, null, null, null, h, text, base64, null);
        }

        public Response send() {
            APIGatewayProxyRequestEvent event = event();
            return Response.of(webhooks.handleRequest(event, null), tableName, event);
        }
    }

    public Delivery delivery(Source source, byte[] body) {
        return new Delivery(source, body);
    }

    public Delivery delivery(Source source, JsonNode envelope) {
        return new Delivery(source, Json.write(envelope).getBytes(StandardCharsets.UTF_8));
    }

    public Response deliver(Source source, JsonNode envelope) {
        return delivery(source, envelope).send();
    }

    public static String newEventId() {
        return "evt-" + UUID.randomUUID();
    }

    /**
     * An event of this company with a fresh id. Each event occurs a millisecond after the previous one and after
     * any sync made now, as events do when a person acts on them one after the other.
     */
    public ObjectNode envelope(String type, JsonNode data) {
        return envelope(newEventId(), type, nextOccurredAt(), data);
    }

    public Instant nextOccurredAt() {
        Instant floor = clock.instant().plusMillis(1);
        return lastOccurredAt.updateAndGet(last -> last == null || last.isBefore(floor) ? floor : last.plusMillis(1));
    }

    public ObjectNode envelope(String id, String type, Instant occurredAt, JsonNode data) {
        return Envelope.json(id, type, company, occurredAt.toString(), data);
    }

    public static void assertApplied(Response response) {
        assertResult(response, "applied");
    }

    public static void assertResult(Response response, String result) {
        assertEquals(200, response.status(), response.body());
        assertEquals("application/json", response.header("Content-Type"));
        assertEquals(result, response.json().path("result").asText(), response.body());
        assertFalse(response.json().path("id").asText().isEmpty(), response.body());
    }

    public void upsert(Snapshot snapshot) {
        assertApplied(deliver(Source.SPECTRUM, envelope("prime_contract.upserted", snapshot.json())));
    }

    public void delete(String contractId, long erpVersion) {
        assertApplied(deliver(Source.SPECTRUM, envelope("prime_contract.deleted",
                Json.object().put("contractId", contractId).put("erpVersion", erpVersion))));
    }

    // ------------------------------------------------------------------ Procore's side, as people change it

    /*
     * Each change is made in the simulator, as a person would in Procore, and then told to the product the way
     * Procore tells it: a delivery of ids to /webhooks/procore with the hook's header, queued, and applied by the
     * Procore event worker, which reads what the simulator holds now.
     */

    /** Makes the project the job's synced project in Procore (its {@code origin_id}). */
    public void syncJob(String jobNumber, String projectId) {
        projectOrigin(projectId, jobNumber);
        jobProjectIds.putIfAbsent(jobNumber, projectId);
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
        procore.patch(company, "/rest/v1.0/projects/" + projectId + "?company_id=" + company, body);
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
        ObjectNode fields = body.putObject("prime_change_order").put("status", status);
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
        return io.primesync.local.procore.Deliveries.body("v2.0", Long.parseLong(company),
                projectId == null ? null : Long.valueOf(projectId), eventType, resourceName, Long.parseLong(resourceId),
                null, null, clock.instant());
    }

    /** Sends a delivery to the Procore route with the hook's header: the route's answer. */
    public Response procoreDeliver(JsonNode delivery) {
        return procoreDeliver(Json.write(delivery).getBytes(StandardCharsets.UTF_8),
                "Bearer " + LocalSettings.WEBHOOK_SECRETS.get(Source.PROCORE.secretName()));
    }

    /** Sends these bytes to the Procore route with this Authorization header (null: none). */
    public Response procoreDeliver(byte[] body, String authorization) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        if (authorization != null) {
            h.put(ProcoreWebhookAuth.HEADER, authorization);
        }
        APIGatewayProxyRequestEvent event = proxyEvent("POST", PROCORE, PROCORE, null, null, null, h,
                new String(body, StandardCharsets.UTF_8), false, null);
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
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            reconciler.handleRequest(new java.io.ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), out, null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Json.read(out.toByteArray());
    }

    /**
     * A contract ready to import: its snapshot stored and its job synced to a project of its own in Procore (the
     * first job to {@link #project}; see {@link #projectOf}).
     */
    public void staged(Snapshot snapshot) {
        upsert(snapshot);
        String job = snapshot.jobNumber();
        String projectId;
        synchronized (jobProjectIds) {
            projectId = jobProjectIds.get(job);
            if (projectId == null) {
                projectId = jobProjectIds.isEmpty() ? project : procore.createProject(company, "Project of job " + job, null);
            }
        }
        syncJob(job, projectId);
    }

    /**
     * Stores the snapshot, syncs its job to {@link #project}, imports it and lets the worker write it to Procore;
     * returns the sync as it ended (applied).
     */
    public JsonNode imported(Snapshot snapshot) {
        staged(snapshot);
        return applied(snapshot.contractId(), importing(snapshot.contractId()).send());
    }

    /** Re-imports, lets the worker write it, and returns the sync as it ended (applied). */
    public JsonNode reimported(String contractId) {
        return applied(contractId, reimport(contractId).send());
    }

    /** An import's or re-import's 202, written by the worker to the end: the sync as it ended, applied. */
    public JsonNode applied(String contractId, Response accepted) {
        JsonNode sync = written(contractId, accepted);
        assertEquals("applied", sync.path("status").asText(), sync.toString());
        return sync;
    }

    /** An import's or re-import's 202, written by the worker to the end (applied or failed). */
    public JsonNode written(String contractId, Response accepted) {
        assertEquals(202, accepted.status(), accepted.body());
        String syncId = accepted.json().path("syncId").asText();
        assertEquals("/v1" + sync(contractId, syncId).path(), accepted.header("Location"), "the stage and the sync route");
        drain();
        Response ended = sync(contractId, syncId).send();
        assertEquals(200, ended.status(), ended.body());
        return ended.json();
    }

    /** Lets the worker take every message of this company's queue, until it is empty; answers the deliveries. */
    public int drain() {
        return new SyncDrain(worker, queueUrl).drain();
    }

    /** The line items Procore holds for the contract, in whichever project of the test, read as a Procore client would. */
    public JsonNode procoreLines(String contractId) {
        for (String p : projects()) {
            JsonNode pc = procore.primeContractOf(company, p, contractId);
            if (pc != null) {
                return procore.lineItems(company, p, pc.path("id").asText());
            }
        }
        throw new AssertionError("no Procore prime contract of " + contractId + " in the test's projects");
    }

    /** The contract as the synced or staged listing shows it, or null when it is not listed there. */
    public JsonNode listed(String contractId, String status) {
        Response response = list().query("status", status).query("limit", "100").send();
        assertEquals(200, response.status(), response.body());
        for (JsonNode item : response.json().path("items")) {
            if (item.path("contractId").asText().equals(contractId)) {
                return item;
            }
        }
        return null;
    }

    public JsonNode historyItems(String contractId) {
        Response response = history(contractId).query("limit", "100").send();
        assertEquals(200, response.status(), response.body());
        return response.json().path("items");
    }

    // ------------------------------------------------------------------ snapshots

    public static Snapshot snapshot(String contractId, String jobNumber, long erpVersion) {
        return new Snapshot(contractId, jobNumber, erpVersion);
    }

    /** A Spectrum snapshot as the webhook carries it; the contract amount is the sum of the lines unless set. */
    public static final class Snapshot {
        private final String contractId;
        private final String jobNumber;
        private final long erpVersion;
        private String title;
        private String status = "approved";
        private String amount;
        private final ArrayNode lines = Json.MAPPER.createArrayNode();

        Snapshot(String contractId, String jobNumber, long erpVersion) {
            this.contractId = contractId;
            this.jobNumber = jobNumber;
            this.erpVersion = erpVersion;
            this.title = "Prime contract " + contractId;
        }

        public Snapshot title(String value) {
            title = value;
            return this;
        }

        public Snapshot status(String value) {
            status = value;
            return this;
        }

        public Snapshot amount(String value) {
            amount = value;
            return this;
        }

        public Snapshot lump(String itemCode, String amount) {
            return lump(itemCode, "Work " + itemCode, amount);
        }

        public Snapshot lump(String itemCode, String description, String amount) {
            lines.addObject().put("itemCode", itemCode).put("description", description).put("amount", amount);
            return this;
        }

        public Snapshot unit(String itemCode, String description, String quantity, String unitOfMeasure,
                String unitPrice, String amount) {
            lines.addObject().put("itemCode", itemCode).put("description", description).put("amount", amount)
                    .put("quantity", quantity).put("unitOfMeasure", unitOfMeasure).put("unitPrice", unitPrice);
            return this;
        }

        public String contractId() {
            return contractId;
        }

        public String jobNumber() {
            return jobNumber;
        }

        public String total() {
            if (amount != null) {
                return amount;
            }
            BigDecimal sum = new BigDecimal("0.00");
            for (JsonNode line : lines) {
                sum = sum.add(new BigDecimal(line.get("amount").asText()));
            }
            return sum.toPlainString();
        }

        public ObjectNode json() {
            ObjectNode data = Json.object();
            data.put("contractId", contractId);
            data.put("jobNumber", jobNumber);
            data.put("title", title);
            data.put("status", status);
            data.put("erpVersion", erpVersion);
            data.put("originalContractAmount", total());
            data.set("lineItems", lines.deepCopy());
            return data;
        }
    }

    // ------------------------------------------------------------------ responses

    /** A handler's answer, checked on the way out for anything a client must never see. */
    public record Response(int status, Map<String, String> headers, String body) {
        /** The answer to {@code request}, which must also be what openapi.json says of it. */
        public static Response of(APIGatewayProxyResponseEvent event, String tableName, APIGatewayProxyRequestEvent request) {
            Response response = of(event, tableName);
            OpenApi.get().check(request.getHttpMethod(), request.getResource(), response.status(),
                    response.header("Content-Type"), response.body());
            return response;
        }

        public static Response of(APIGatewayProxyResponseEvent event, String tableName) {
            assertNotNull(event, "a handler answered null");
            Map<String, String> headers = event.getHeaders() == null ? Map.of() : event.getHeaders();
            Response response = new Response(event.getStatusCode(), headers, event.getBody());
            response.assertNothingLeaks(tableName);
            return response;
        }

        public JsonNode json() {
            return Json.read(body.getBytes(StandardCharsets.UTF_8));
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }

        /** No stack trace, class or package name, SDK text, engine address or table name in any body. */
        public void assertNothingLeaks(String tableName) {
            assertNotNull(body, "every response has a body");
            String lower = body.toLowerCase(Locale.ROOT);
            for (String leak : List.of("exception", "io.primesync", "java.", "software.amazon", "jackson", "nimbus",
                    "\tat ", "\\tat ", "dynamo", "127.0.0.1", "localhost", "stacktrace", "caused by")) {
                assertFalse(lower.contains(leak), () -> "the body leaks '" + leak + "': " + body);
            }
            if (tableName != null) {
                assertFalse(body.contains(tableName), () -> "the body names the table: " + body);
            }
        }
    }

    /**
     * Asserts an RFC 9457 problem of the contract: status, content type, type, title, status, detail and code.
     * Returns the body for further checks (reasons, violations).
     */
    public static JsonNode assertProblem(Response response, int status, String code) {
        assertEquals(status, response.status(), response.body());
        assertEquals("application/problem+json", response.header("Content-Type"), response.body());
        JsonNode body = response.json();
        assertEquals("https://primesync.io/problems/" + code.toLowerCase(Locale.ROOT).replace('_', '-'),
                body.path("type").asText(), response.body());
        assertTrue(body.path("title").isTextual() && !body.path("title").asText().isBlank(), response.body());
        assertEquals(status, body.path("status").asInt(), response.body());
        assertTrue(body.path("detail").isTextual() && !body.path("detail").asText().isBlank(), response.body());
        assertEquals(code, body.path("code").asText(), response.body());
        return body;
    }

    /** The codes of a problem's or a summary's reasons, in order. */
    public static List<String> reasonCodes(JsonNode reasons) {
        List<String> codes = new ArrayList<>();
        for (JsonNode reason : reasons) {
            codes.add(reason.path("code").asText());
            assertFalse(reason.path("message").asText().isBlank(), "every reason has a message: " + reason);
        }
        return codes;
    }

    /** The fields of a problem's violations, in order. */
    public static List<String> violationFields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        for (JsonNode violation : problem.path("violations")) {
            fields.add(violation.path("field").asText());
            assertFalse(violation.path("message").asText().isBlank(), "every violation has a message: " + violation);
        }
        return fields;
    }

    /** The elements of a JSON array of strings. */
    public static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : array) {
            out.add(item.asText());
        }
        return out;
    }

    public static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : array) {
            out.add(item.path(field).asText());
        }
        return out;
    }
}
