package io.primesync.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.domain.Caller;
import io.primesync.domain.Level;
import io.primesync.handler.AppContext;
import io.primesync.handler.EligibilityHandler;
import io.primesync.handler.ListContractsHandler;
import io.primesync.handler.ProcoreEventHandler;
import io.primesync.handler.ReconcileHandler;
import io.primesync.handler.SourceGate;
import io.primesync.handler.SyncHandler;
import io.primesync.handler.SyncWorkerHandler;
import io.primesync.handler.WebhookHandler;
import io.primesync.local.LocalSettings;
import io.primesync.local.procore.SimulatorClient;
import io.primesync.queue.ProcoreEventQueue;
import io.primesync.queue.SqsSyncQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The product as its users and the two systems around it see it, in process, for one company: {@link #user} speaks
 * the user routes, {@link #spectrum} is the ERP's agent sending signed snapshots, {@link #procoreSide} is people in
 * Procore and Procore's webhook; the events are made as API Gateway makes them and fed to the real handler classes.
 * Every answer is checked for leaked internals, and against openapi.json, on the way out. What is left here are the
 * scenarios that take several of them (a contract staged, imported, re-imported and written by the worker).
 */
public final class Api {
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
    public final UserRoutes user;
    public final SpectrumSide spectrum;
    public final ProcoreSide procoreSide;

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
        this.user = new UserRoutes(company, tableName, this::admin, lists, eligibilities, syncs);
        this.spectrum = new SpectrumSide(company, tableName, clock, webhooks, env::get);
        this.procoreSide = new ProcoreSide(company, tableName, clock, this.procore, webhooks, procoreWorker,
                reconciler, procoreQueueUrl, env::get);
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
        // the tests send thousands of webhooks from one address in one process, as no single sender would; the door
        // per address has tests of its own (SourceGateTest, WebhookGateTest, FrontDoorIT)
        env.put(SourceGate.RATE, "0");
        env.put(AppContext.TABLE_NAME, tableName);
        return env;
    }

    /** Moves the clock on a minute, so the next sync sorts after the last one. */
    public Instant later() {
        return clock.advance(Duration.ofMinutes(1));
    }

    // ------------------------------------------------------------------ callers

    /** Admin on this company's ERP Integrations and on the Prime Contracts of every project of the test. */
    public Caller admin() {
        return caller(Level.ADMIN, Level.ADMIN);
    }

    /** The caller with these levels on the company and on every project of the test. */
    public Caller caller(Level companyLevel, Level projectLevel) {
        return caller(USER, company, companyLevel, projectLevel, projects().toArray(String[]::new));
    }

    /** {@link #project}, {@link #otherProject} and the project of every job staged since. */
    public List<String> projects() {
        Set<String> all = new LinkedHashSet<>(List.of(project, otherProject));
        all.addAll(procoreSide.jobProjectIds.values());
        return List.copyOf(all);
    }

    public static Caller caller(String userId, String companyId, Level companyLevel, Level projectLevel,
            String... projectIds) {
        Map<String, Map<String, Level>> projects = new LinkedHashMap<>();
        for (String projectId : projectIds) {
            projects.put(projectId, Map.of(Caller.PRIME_CONTRACTS, projectLevel));
        }
        return new Caller(userId, Map.of(companyId, Map.of(Caller.ERP_INTEGRATIONS, companyLevel)), projects);
    }

    // ------------------------------------------------------------------ scenarios

    /**
     * A contract ready to import: its snapshot stored and its job synced to a project of its own in Procore (the
     * first job to {@link #project}; see {@link ProcoreSide#projectOf}).
     */
    public void staged(Snapshot snapshot) {
        spectrum.upsert(snapshot);
        String job = snapshot.jobNumber();
        String projectId;
        Map<String, String> jobs = procoreSide.jobProjectIds;
        synchronized (jobs) {
            projectId = jobs.get(job);
            if (projectId == null) {
                projectId = jobs.isEmpty() ? project : procore.createProject(company, "Project of job " + job, null);
            }
        }
        procoreSide.syncJob(job, projectId);
    }

    /**
     * Stores the snapshot, syncs its job to {@link #project}, imports it and lets the worker write it to Procore;
     * returns the sync as it ended (applied).
     */
    public JsonNode imported(Snapshot snapshot) {
        staged(snapshot);
        return applied(snapshot.contractId(), user.importing(snapshot.contractId()).send());
    }

    /** Re-imports, lets the worker write it, and returns the sync as it ended (applied). */
    public JsonNode reimported(String contractId) {
        return applied(contractId, user.reimport(contractId).send());
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
        assertEquals("/v1" + user.sync(contractId, syncId).path(), accepted.header("Location"),
                "the stage and the sync route");
        drain();
        Response ended = user.sync(contractId, syncId).send();
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
        Response response = user.list().query("status", status).query("limit", "100").send();
        assertEquals(200, response.status(), response.body());
        for (JsonNode item : response.json().path("items")) {
            if (item.path("contractId").asText().equals(contractId)) {
                return item;
            }
        }
        return null;
    }

    public JsonNode historyItems(String contractId) {
        Response response = user.history(contractId).query("limit", "100").send();
        assertEquals(200, response.status(), response.body());
        return response.json().path("items");
    }
}
