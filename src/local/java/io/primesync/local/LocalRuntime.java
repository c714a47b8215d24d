package io.primesync.local;

import io.primesync.handler.AppContext;
import io.primesync.local.auth.LocalIdentity;
import io.primesync.local.procore.ProcoreSimulator;
import io.primesync.local.sqs.LocalQueues;
import io.primesync.procore.ProcoreConfig;
import io.primesync.queue.ProcoreEventQueue;
import io.primesync.queue.SqsSyncQueue;
import io.primesync.store.DynamoClients;
import io.primesync.webhook.Source;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What {@code serve} and {@code invoke} share: the local engines (dynalite on a data directory or in memory, with
 * the table of template.yaml; ElasticMQ with its queues), the Procore simulator, the local identity provider, and the
 * functions built the way a cold start builds them, with the local environment and clients for the local engines.
 */
final class LocalRuntime implements AutoCloseable {
    static final String TABLE_NAME = "primesync-local";
    static final String SYNC_QUEUE = "SyncQueue";
    static final String PROCORE_EVENT_QUEUE = "ProcoreEventQueue";

    private final Template template;
    private final LocalApi api;
    private final Dynalite engine;
    private final DynamoDbClient client;
    private final LocalQueues queues;
    private final ProcoreSimulator procore;
    private Map<String, String> externalProcore;
    private final LocalIdentity identity;

    private LocalRuntime(Template template, LocalApi api, Dynalite engine, DynamoDbClient client, LocalQueues queues,
            ProcoreSimulator procore, LocalIdentity identity) {
        this.template = template;
        this.api = api;
        this.engine = engine;
        this.client = client;
        this.queues = queues;
        this.procore = procore;
        this.identity = identity;
    }

    /**
     * @param dataDir where the data lives across restarts, or null for memory only (the simulator's state is kept
     *     beside it)
     * @param procorePort the simulator's port, 0 for a free one
     */
    static LocalRuntime start(Path templateFile, Path engineDir, Path dataDir, int procorePort) throws IOException {
        Template template = Template.load(templateFile);
        LocalApi api = LocalApi.from(template);
        if (dataDir != null && inUse(dataDir)) {
            throw new IOException("The data directory " + dataDir.toAbsolutePath() + " is in use by another process (is "
                    + "`serve` running on it?); stop that process, or pass --in-memory or another --data-dir.");
        }
        Dynalite engine = Dynalite.start(engineDir, dataDir, 0);
        DynamoDbClient client = DynamoClients.forEndpoint(engine.endpoint(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        LocalQueues queues = null;
        ProcoreSimulator procore = null;
        LocalIdentity identity = null;
        Map<String, String> external = externalProcore(System::getenv);
        try {
            template.ensureTable(client, TABLE_NAME);
            queues = LocalQueues.start(template);
            if (external == null) {
                try {
                    procore = ProcoreSimulator.start(procorePort, dataDir == null ? null : procoreStateFile(dataDir),
                            Clock.systemUTC());
                } catch (BindException taken) {
                    throw new BindException("The Procore simulator's port " + procorePort + " is in use;"
                            + " pass --procore-port N (it is the API's port + 1 unless given)");
                }
            }
            identity = LocalIdentity.start();
        } catch (IOException | RuntimeException e) {
            closeQuietly(identity, procore, queues);
            client.close();
            engine.close();
            throw e;
        }
        LocalRuntime runtime = new LocalRuntime(template, api, engine, client, queues, procore, identity);
        runtime.externalProcore = external;
        return runtime;
    }

    /**
     * Procore itself (its sandbox, say) instead of the simulator, when {@code PROCORE_API_URL} is set: then the login
     * URL, the client id and the client secret must be set too. Null when it is not set.
     */
    static Map<String, String> externalProcore(Function<String, String> env) throws IOException {
        String api = env.apply(ProcoreConfig.API_URL);
        if (api == null || api.isBlank()) {
            return null;
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String name : List.of(ProcoreConfig.API_URL, ProcoreConfig.LOGIN_URL, ProcoreConfig.CLIENT_ID,
                ProcoreConfig.CLIENT_SECRET)) {
            String value = env.apply(name);
            if (value == null || value.isBlank()) {
                throw new IOException(ProcoreConfig.API_URL + " is set, so Procore is " + api + " rather than the local"
                        + " simulator; set " + name + " too (the login URL, the client id and the client secret of your"
                        + " service account), or unset " + ProcoreConfig.API_URL + " to use the simulator.");
            }
            settings.put(name, value.strip());
        }
        return settings;
    }

    /** Procore's API as the functions reach it: the simulator's, or the one configured. */
    URI procoreUri() {
        return procore != null ? procore.baseUri() : URI.create(externalProcore.get(ProcoreConfig.API_URL));
    }

    /** The simulator's state lives beside the contract store's, so the two are kept or dropped together. */
    static Path procoreStateFile(Path dataDir) {
        Path absolute = dataDir.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + "-procore.json");
    }

    /** The local Spectrum's database and its agent's state live beside the contract store's too. */
    static Path spectrumDir(Path dataDir) {
        Path absolute = dataDir.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + "-spectrum");
    }

    /**
     * Whether another engine holds the data directory's store. The engine only opens its store on the first
     * request and then dies of the held lock, so the lock (LevelDB's LOCK file, an fcntl lock like Java's) is
     * tried here, before anything starts.
     */
    private static boolean inUse(Path dataDir) throws IOException {
        Path lock = dataDir.resolve("LOCK");
        if (!Files.exists(lock)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE);
             FileLock held = channel.tryLock()) {
            return held == null;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    Template template() {
        return template;
    }

    LocalApi api() {
        return api;
    }

    Dynalite engine() {
        return engine;
    }

    LocalQueues queues() {
        return queues;
    }

    ProcoreSimulator procore() {
        return procore;
    }

    LocalIdentity identity() {
        return identity;
    }

    /** The wiring a function builds, on the local engines: for loading data without a server. */
    AppContext app() {
        return new AppContext(localSettings()::get, Clock.systemUTC(), () -> client,
                () -> LocalQueues.client(queues.endpoint()));
    }

    /** A function of the template, ready to invoke. */
    LambdaFunction function(String logicalId) {
        return new LambdaFunction(api.function(logicalId), this::newHandler);
    }

    /**
     * The environment a function sees: the machine's, then the template's literal values for the function, then the
     * local settings (the local table and queue, the Procore simulator, the local webhook secrets, the local identity
     * provider).
     */
    static Function<String, String> environment(LocalApi.FunctionSpec function, LocalRuntime runtime) {
        Map<String, String> overlay = new HashMap<>(function.environment());
        overlay.putAll(runtime.localSettings());
        overlay.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
        overlay.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        return name -> overlay.containsKey(name) ? overlay.get(name) : System.getenv(name);
    }

    /** The settings a local run gives every function, on top of the template's. */
    Map<String, String> localSettings() {
        Map<String, String> local = new LinkedHashMap<>();
        local.put(AppContext.TABLE_NAME, TABLE_NAME);
        if (queues.has(SYNC_QUEUE)) {
            local.put(SqsSyncQueue.QUEUE_URL, queues.url(SYNC_QUEUE));
        }
        if (queues.has(PROCORE_EVENT_QUEUE)) {
            local.put(ProcoreEventQueue.QUEUE_URL, queues.url(PROCORE_EVENT_QUEUE));
        }
        for (Source source : Source.values()) {
            local.put(source.secretName(), LocalSettings.webhookSecret(source));
        }
        local.putAll(procore != null ? procore.clientEnvironment() : externalProcore);
        local.putAll(identity.authorizerEnvironment());
        // the demo company's choices, unless the machine makes its own
        DemoData.SETTINGS.forEach((name, value) -> {
            if (System.getenv(name) == null) {
                local.put(name, value);
            }
        });
        return local;
    }

    /** What a function in a JVM of its own needs besides: where the local engines are. */
    Map<String, String> endpoints() {
        return Map.of("AWS_ENDPOINT_URL_DYNAMODB", engine.endpoint().toString(),
                "AWS_ENDPOINT_URL_SQS", queues.endpoint().toString());
    }

    /** A handler instance as a cold start builds it, with its parts talking to the local engines. */
    private Object newHandler(Class<?> handlerClass, LambdaFunction function) throws ReflectiveOperationException {
        AppContext app = new AppContext(environment(api.function(function.logicalId()), this), Clock.systemUTC(),
                () -> client, () -> LocalQueues.client(queues.endpoint()));
        Object handler = LocalSettings.handler(handlerClass, app);
        if (handler != null) {
            return handler;
        }
        // a handler the product does not have (a test's): its environment through a constructor, if it takes one
        Function<String, String> env = environment(api.function(function.logicalId()), this);
        try {
            return handlerClass.getConstructor(Function.class).newInstance(env);
        } catch (NoSuchMethodException e) {
            return handlerClass.getConstructor().newInstance();
        }
    }

    private static void closeQuietly(AutoCloseable... parts) {
        for (AutoCloseable part : parts) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception ignored) {
                    // closing what started, after a failure to start the rest
                }
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(identity, procore, queues);
        client.close();
        engine.close();
    }
}
