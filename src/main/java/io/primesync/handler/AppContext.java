package io.primesync.handler;

import io.primesync.auth.JwksTokenVerifier;
import io.primesync.auth.Secrets;
import io.primesync.auth.TokenVerifier;
import io.primesync.auth.WebhookSecrets;
import io.primesync.config.Settings;
import io.primesync.procore.CallListener;
import io.primesync.procore.HookSetup;
import io.primesync.procore.ProcoreClient;
import io.primesync.procore.ProcoreConfig;
import io.primesync.queue.ProcoreEventQueue;
import io.primesync.queue.SqsSyncQueue;
import io.primesync.service.ContractService;
import io.primesync.service.DeliveryProcessor;
import io.primesync.service.Idempotency;
import io.primesync.service.ProcoreDeliveries;
import io.primesync.service.ProcoreRules;
import io.primesync.service.Reconciler;
import io.primesync.service.SyncService;
import io.primesync.service.SyncSweeper;
import io.primesync.service.SyncWriter;
import io.primesync.service.WebhookService;
import io.primesync.store.ContractStore;
import io.primesync.store.DynamoClients;
import io.primesync.store.IdempotencyStore;
import io.primesync.store.ProcoreFacts;
import io.primesync.store.SnapshotStore;
import io.primesync.store.SyncStore;
import io.primesync.store.Table;
import io.primesync.store.WebhookLedger;
import io.primesync.webhook.Source;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The composition root every function shares, built once per process from its configuration. Each part is made on
 * first use, so a function pays at start-up only for what it uses (the authorizer never builds a DynamoDB client).
 */
public final class AppContext {
    public static final String TABLE_NAME = "TABLE_NAME";
    public static final String JWKS_URL = "JWKS_URL";
    public static final String JWT_ISSUER = "JWT_ISSUER";
    public static final String JWT_AUDIENCE = "JWT_AUDIENCE";

    /** How long a worker holds a sync without renewing its lease: above the worker function's timeout. */
    public static final Duration SYNC_LEASE = Duration.ofMinutes(6);
    /** The product's application id in Procore: its own writes, told apart in webhook deliveries. */
    public static final String PROCORE_APPLICATION_ID = "PROCORE_APPLICATION_ID";
    /** How long a sync message waits before it is tried again after Procore did not answer (default 30). */
    public static final String SYNC_RETRY_SECONDS = "SYNC_RETRY_SECONDS";

    private static AppContext environment;

    private final Settings settings;
    /** The URL the product's Procore hooks deliver to; when set, only hooks delivering there are the product's. */
    public static final String PROCORE_HOOK_DESTINATION = "PROCORE_HOOK_DESTINATION";
    /** How often the reconciliation reads everything again, whatever the deliveries say (hours). */
    public static final String RECONCILE_FULL_PASS_HOURS = "RECONCILE_FULL_PASS_HOURS";
    /** The share of a company's remaining hourly budget one reconciliation run may spend (percent). */
    public static final String RECONCILE_BUDGET_PERCENT = "RECONCILE_BUDGET_PERCENT";
    /** The hourly limit assumed while Procore's headers have not named the hourly window. */
    public static final String PROCORE_HOURLY_LIMIT = "PROCORE_HOURLY_LIMIT";

    private final Clock clock;
    private CallListener procoreListener = ProcoreMetrics.LOG;

    private final Lazy<Table> table;
    private final Lazy<ContractStore> contractStore;
    private final Lazy<SyncStore> syncStore;
    private final Lazy<ProcoreFacts> procoreFacts;
    private final Lazy<WebhookLedger> ledger;
    private final Lazy<ProcoreClient> procore;
    private final Lazy<SqsSyncQueue> syncQueue;
    private final Lazy<ProcoreEventQueue> procoreEvents;
    private final Lazy<ProcoreRules> procoreRules;
    private final Lazy<ContractService> contracts;
    private final Lazy<Idempotency> idempotency;
    private final Lazy<SyncService> syncs;
    private final Lazy<SyncWriter> writer;
    private final Lazy<SyncSweeper> sweeper;
    private final Lazy<WebhookService> webhooks;
    private final Lazy<ProcoreDeliveries> procoreDeliveries;
    private final Lazy<DeliveryProcessor> deliveryProcessor;
    private final Lazy<Reconciler> reconciler;
    private final Lazy<TokenVerifier> tokenVerifier;
    private final Map<Source, WebhookSecrets> secrets = new EnumMap<>(Source.class);

    /**
     * @param env where configuration is read (the process environment in AWS; the local tooling's and the tests'
     *     own settings otherwise)
     * @param clientFactory builds the one DynamoDB client of the process
     */
    public AppContext(Function<String, String> env, Clock clock, Supplier<DynamoDbClient> clientFactory) {
        this(env, clock, clientFactory, SqsSyncQueue::clientFromEnvironment);
    }

    public AppContext(Function<String, String> env, Clock clock, Supplier<DynamoDbClient> clientFactory,
            Supplier<SqsClient> sqsFactory) {
        this.settings = new Settings(env);
        this.clock = clock;
        this.table = new Lazy<>(() -> new Table(clientFactory.get(), settings.required(TABLE_NAME)));
        this.contractStore = new Lazy<>(() -> new ContractStore(table.get(), clock));
        this.syncStore = new Lazy<>(() -> new SyncStore(table.get(), clock));
        this.procoreFacts = new Lazy<>(() -> new ProcoreFacts(table.get(), clock));
        this.ledger = new Lazy<>(() -> new WebhookLedger(table.get(), clock));
        this.procore = new Lazy<>(this::buildProcore);
        this.syncQueue = new Lazy<>(() -> new SqsSyncQueue(sqsFactory.get(), settings.required(SqsSyncQueue.QUEUE_URL)));
        this.procoreEvents = new Lazy<>(() -> new ProcoreEventQueue(sqsFactory.get(),
                settings.required(ProcoreEventQueue.QUEUE_URL)));
        this.procoreRules = new Lazy<>(() -> ProcoreRules.from(settings));
        this.contracts = new Lazy<>(() -> new ContractService(contractStore.get(), procoreRules.get()));
        this.idempotency = new Lazy<>(() -> new Idempotency(new IdempotencyStore(table.get(), clock)));
        this.syncs = new Lazy<>(() -> new SyncService(contractStore.get(),
                (company, project) -> procore.get().project(company, project).isPresent(), syncQueue.get(), clock,
                procoreRules.get()));
        this.writer = new Lazy<>(() -> new SyncWriter(syncStore.get(), procore.get(), clock, workerId(), SYNC_LEASE,
                Duration.ofSeconds(settings.number(SYNC_RETRY_SECONDS, 30, 0, SqsSyncQueue.MAX_VISIBILITY_SECONDS)),
                procoreRules.get()));
        this.sweeper = new Lazy<>(() -> new SyncSweeper(syncStore.get(), syncQueue.get(), clock));
        this.webhooks = new Lazy<>(() -> new WebhookService(new SnapshotStore(table.get(), clock), ledger.get(),
                clock));
        this.procoreDeliveries = new Lazy<>(() -> new ProcoreDeliveries(ledger.get(), procoreEvents.get()::send,
                followed()));
        this.deliveryProcessor = new Lazy<>(() -> new DeliveryProcessor(procoreFacts.get(), procore.get(), clock,
                followed().get(3), settings.optional(PROCORE_APPLICATION_ID), procoreRules.get()));
        this.reconciler = new Lazy<>(() -> new Reconciler(procoreFacts.get(), procore.get(), clock,
                procoreRules.get(), settings.optional(PROCORE_HOOK_DESTINATION), reconcileSettings(), followed(),
                ledger.get(), deliveryProcessor.get()));
        this.tokenVerifier = new Lazy<>(this::buildTokenVerifier);
    }

    /** The process-wide context of a deployed function. */
    public static synchronized AppContext fromEnvironment() {
        if (environment == null) {
            environment = new AppContext(System::getenv, Clock.systemUTC(), DynamoClients::fromEnvironment,
                    SqsSyncQueue::clientFromEnvironment);
        }
        return environment;
    }

    public Clock clock() {
        return clock;
    }

    public Table table() {
        return table.get();
    }

    public ContractStore contractStore() {
        return contractStore.get();
    }

    public SyncStore syncStore() {
        return syncStore.get();
    }

    public ProcoreFacts procoreFacts() {
        return procoreFacts.get();
    }

    /**
     * The Procore client: hosts and client id from the environment, the client secret from Secrets Manager. It keeps
     * the wall clock whatever the context's clock is: Procore's rate-limit resets and token expiries are real times.
     */
    public ProcoreClient procore() {
        return procore.get();
    }

    /** Adds a listener to every Procore call of this context (counting, fault injection); before the first call. */
    public synchronized AppContext listenToProcore(CallListener listener) {
        if (procore.built()) {
            throw new IllegalStateException("the Procore client is built already");
        }
        procoreListener = CallListener.both(procoreListener, listener);
        return this;
    }

    /** The sync queue (SYNC_QUEUE_URL), with its SQS client. */
    public SqsSyncQueue sqsQueue() {
        return syncQueue.get();
    }

    /** The queue of Procore's deliveries (PROCORE_EVENT_QUEUE_URL). */
    public ProcoreEventQueue procoreEvents() {
        return procoreEvents.get();
    }

    public ContractService contracts() {
        return contracts.get();
    }

    public Idempotency idempotency() {
        return idempotency.get();
    }

    public SyncService syncs() {
        return syncs.get();
    }

    public SyncWriter syncWriter() {
        return writer.get();
    }

    public SyncSweeper sweeper() {
        return sweeper.get();
    }

    public WebhookService webhooks() {
        return webhooks.get();
    }

    /** Procore's deliveries: checked, de-duplicated and queued for the Procore event worker. */
    public ProcoreDeliveries procoreDeliveries() {
        return procoreDeliveries.get();
    }

    /** A queued delivery fetched and applied; the application id tells the product's own writes apart. */
    public DeliveryProcessor deliveryProcessor() {
        return deliveryProcessor.get();
    }

    public Reconciler reconciler() {
        return reconciler.get();
    }

    /** The webhook routes' door per source address ({@link SourceGate}), as configured. */
    SourceGate webhookGate() {
        return new SourceGate(settings.number(SourceGate.RATE, SourceGate.DEFAULT_RATE, 0, 100_000),
                settings.number(SourceGate.BURST, SourceGate.DEFAULT_BURST, 1, 100_000), System::nanoTime);
    }

    /** The secrets of a source's webhooks (or, for Procore, its hooks' header), from {@code <SOURCE>_WEBHOOK_SECRET[_ARN]}. */
    public synchronized WebhookSecrets webhookSecrets(Source source) {
        return secrets.computeIfAbsent(source, s -> WebhookSecrets.from(s.secretName(), settings.env(), clock));
    }

    /**
     * Tokens are verified against the identity provider's JWKS (RS256/ES256) with issuer and audience checked.
     * Without a JWKS URL there is no way to verify a token, and start-up fails closed.
     */
    public TokenVerifier tokenVerifier() {
        return tokenVerifier.get();
    }

    private ProcoreClient buildProcore() {
        Secrets secret = Secrets.from(ProcoreConfig.CLIENT_SECRET, settings.env(), clock);
        CallListener listener;
        synchronized (this) {
            listener = procoreListener;
        }
        return new ProcoreClient(ProcoreConfig.from(settings, secret::value), Clock.systemUTC(), listener);
    }

    private TokenVerifier buildTokenVerifier() {
        String jwks = settings.required(JWKS_URL);
        try {
            return new JwksTokenVerifier(URI.create(jwks).toURL(), settings.required(JWT_ISSUER),
                    settings.required(JWT_AUDIENCE));
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException(JWKS_URL + " is not a URL", e);
        }
    }

    private Reconciler.Settings reconcileSettings() {
        return new Reconciler.Settings(Duration.ofHours(settings.number(RECONCILE_FULL_PASS_HOURS, 24, 1, 24 * 30)),
                settings.number(RECONCILE_BUDGET_PERCENT, 50, 1, 100) / 100.0,
                settings.number(PROCORE_HOURLY_LIMIT, 600, 1, 1_000_000));
    }

    private List<String> followed() {
        return HookSetup.followed(settings.env());
    }

    private String workerId() {
        String stream = settings.optional("AWS_LAMBDA_LOG_STREAM_NAME");
        return (stream == null ? "worker" : stream) + "/" + UUID.randomUUID();
    }
}
