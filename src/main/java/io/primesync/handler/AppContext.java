package io.primesync.handler;

import io.primesync.auth.JwksTokenVerifier;
import io.primesync.auth.Secrets;
import io.primesync.auth.TokenVerifier;
import io.primesync.procore.ProcoreClient;
import io.primesync.procore.ProcoreConfig;
import io.primesync.queue.SqsSyncQueue;
import io.primesync.service.ContractService;
import io.primesync.service.SyncService;
import io.primesync.service.SyncSweeper;
import io.primesync.service.SyncWriter;
import io.primesync.service.Idempotency;
import io.primesync.service.WebhookService;
import io.primesync.store.ContractStore;
import io.primesync.store.DynamoClients;
import io.primesync.store.IdempotencyStore;
import io.primesync.store.Table;
import io.primesync.store.WebhookLedger;
import io.primesync.webhook.Source;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The wiring every function shares, built once per process from its configuration. Each part is made on first use,
 * so a function pays at start-up only for what it uses (the authorizer never builds a DynamoDB client).
 */
public final class AppContext {
    public static final String TABLE_NAME = "TABLE_NAME";
    public static final String JWKS_URL = "JWKS_URL";
    public static final String JWT_ISSUER = "JWT_ISSUER";
    public static final String JWT_AUDIENCE = "JWT_AUDIENCE";

    /** How long a worker holds a sync without renewing its lease: above the worker function's timeout. */
    public static final java.time.Duration SYNC_LEASE = java.time.Duration.ofMinutes(6);
    /** The product's application id in Procore: its own writes, told apart in webhook deliveries. */
    public static final String PROCORE_APPLICATION_ID = "PROCORE_APPLICATION_ID";
    /** How long a sync message waits before it is tried again after Procore did not answer (default 30). */
    public static final String SYNC_RETRY_SECONDS = "SYNC_RETRY_SECONDS";

    private static AppContext environment;

    private final Function<String, String> env;
    private final Clock clock;
    private final Supplier<DynamoDbClient> clientFactory;

    private Table table;
    private ContractStore contractStore;
    private ContractService contracts;
    private Idempotency idempotency;
    private WebhookService webhooks;
    private io.primesync.service.ProcoreDeliveries procoreDeliveries;
    private io.primesync.queue.ProcoreEventQueue procoreEvents;
    private io.primesync.service.ProjectSide projectSide;
    private TokenVerifier tokenVerifier;
    private ProcoreClient procore;
    private io.primesync.procore.CallListener procoreListener = ProcoreMetrics.LOG;
    private SqsSyncQueue queue;
    private SyncService syncs;
    private SyncWriter writer;
    private SyncSweeper sweeper;
    private final Supplier<SqsClient> sqsFactory;
    private final Map<Source, Secrets> secrets = new EnumMap<>(Source.class);

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
        this.env = env;
        this.clock = clock;
        this.clientFactory = clientFactory;
        this.sqsFactory = sqsFactory;
    }

    /** The process-wide context of a deployed function. */
    public static synchronized AppContext fromEnvironment() {
        if (environment == null) {
            environment = new AppContext(System::getenv, Clock.systemUTC(), DynamoClients::fromEnvironment,
                    SqsSyncQueue::clientFromEnvironment);
        }
        return environment;
    }

    /**
     * The Procore client: hosts and client id from the environment, the client secret from Secrets Manager. It keeps
     * the wall clock whatever the context's clock is: Procore's rate-limit resets and token expiries are real times.
     */
    public synchronized ProcoreClient procore() {
        if (procore == null) {
            Secrets secret = Secrets.from(ProcoreConfig.CLIENT_SECRET, env, clock);
            procore = new ProcoreClient(ProcoreConfig.from(env, () -> new String(secret.current().get(0),
                    java.nio.charset.StandardCharsets.UTF_8)), Clock.systemUTC(), procoreListener);
        }
        return procore;
    }

    /** Adds a listener to every Procore call of this context (counting, fault injection); before the first call. */
    public synchronized AppContext listenToProcore(io.primesync.procore.CallListener listener) {
        if (procore != null) {
            throw new IllegalStateException("the Procore client is built already");
        }
        procoreListener = io.primesync.procore.CallListener.both(procoreListener, listener);
        return this;
    }

    /** The sync queue (SYNC_QUEUE_URL), with its SQS client. */
    public synchronized SqsSyncQueue sqsQueue() {
        if (queue == null) {
            queue = new SqsSyncQueue(sqsFactory.get(), required(SqsSyncQueue.QUEUE_URL));
        }
        return queue;
    }

    public synchronized SyncService syncs() {
        if (syncs == null) {
            ProcoreClient client = procore();
            syncs = new SyncService(contractStore(), (company, project) -> client.project(company, project).isPresent(),
                    sqsQueue(), clock);
        }
        return syncs;
    }

    public synchronized SyncWriter syncWriter() {
        if (writer == null) {
            String worker = Optional.ofNullable(env.apply("AWS_LAMBDA_LOG_STREAM_NAME")).orElse("worker")
                    + "/" + java.util.UUID.randomUUID();
            writer = new SyncWriter(contractStore(), procore(), clock, worker, SYNC_LEASE,
                    java.time.Duration.ofSeconds(number(SYNC_RETRY_SECONDS, 30)));
        }
        return writer;
    }

    public synchronized SyncSweeper sweeper() {
        if (sweeper == null) {
            sweeper = new SyncSweeper(contractStore(), sqsQueue(), clock);
        }
        return sweeper;
    }

    public Clock clock() {
        return clock;
    }

    public synchronized Table table() {
        if (table == null) {
            table = new Table(clientFactory.get(), required(TABLE_NAME));
        }
        return table;
    }

    public synchronized ContractStore contractStore() {
        if (contractStore == null) {
            contractStore = new ContractStore(table(), clock);
        }
        return contractStore;
    }

    public synchronized ContractService contracts() {
        if (contracts == null) {
            contracts = new ContractService(contractStore(), clock);
        }
        return contracts;
    }

    public synchronized Idempotency idempotency() {
        if (idempotency == null) {
            idempotency = new Idempotency(new IdempotencyStore(table(), clock));
        }
        return idempotency;
    }

    public synchronized WebhookService webhooks() {
        if (webhooks == null) {
            webhooks = new WebhookService(contractStore(), new WebhookLedger(table(), clock));
        }
        return webhooks;
    }

    /** Procore's deliveries: checked, de-duplicated and queued for the Procore event worker. */
    public synchronized io.primesync.service.ProcoreDeliveries procoreDeliveries() {
        if (procoreDeliveries == null) {
            io.primesync.queue.ProcoreEventQueue events = procoreEvents();
            procoreDeliveries = new io.primesync.service.ProcoreDeliveries(new WebhookLedger(table(), clock),
                    events::send, io.primesync.procore.HookSetup.followed(env));
        }
        return procoreDeliveries;
    }

    /** The queue of Procore's deliveries (PROCORE_EVENT_QUEUE_URL). */
    public synchronized io.primesync.queue.ProcoreEventQueue procoreEvents() {
        if (procoreEvents == null) {
            procoreEvents = new io.primesync.queue.ProcoreEventQueue(sqsFactory.get(),
                    required(io.primesync.queue.ProcoreEventQueue.QUEUE_URL));
        }
        return procoreEvents;
    }

    /** Procore's side fetched and applied; the application id tells the product's own writes apart. */
    public synchronized io.primesync.service.ProjectSide projectSide() {
        if (projectSide == null) {
            List<String> followed = io.primesync.procore.HookSetup.followed(env);
            projectSide = new io.primesync.service.ProjectSide(contractStore(), procore(), clock, followed.get(3),
                    env.apply(PROCORE_APPLICATION_ID));
        }
        return projectSide;
    }

    /** The secrets of a source's webhooks (or, for Procore, its hooks' header), from {@code <SOURCE>_WEBHOOK_SECRET[_ARN]}. */
    public synchronized Secrets webhookSecrets(Source source) {
        return secrets.computeIfAbsent(source, s -> Secrets.from(s.secretName(), env, clock));
    }

    /**
     * Tokens are verified against the identity provider's JWKS (RS256/ES256) with issuer and audience checked.
     * Without a JWKS URL there is no way to verify a token, and start-up fails closed.
     */
    public synchronized TokenVerifier tokenVerifier() {
        if (tokenVerifier == null) {
            String jwks = required(JWKS_URL);
            try {
                tokenVerifier = new JwksTokenVerifier(URI.create(jwks).toURL(), required(JWT_ISSUER), required(JWT_AUDIENCE));
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IllegalStateException(JWKS_URL + " is not a URL", e);
            }
        }
        return tokenVerifier;
    }

    private int number(String name, int otherwise) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n < 0 || n > io.primesync.queue.SqsSyncQueue.MAX_VISIBILITY_SECONDS) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a whole number of seconds from 0 to "
                    + io.primesync.queue.SqsSyncQueue.MAX_VISIBILITY_SECONDS + ", not " + value);
        }
    }

    private String required(String name) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set");
        }
        return value;
    }
}
