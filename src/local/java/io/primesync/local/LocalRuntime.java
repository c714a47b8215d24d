package io.primesync.local;

import io.primesync.handler.AppContext;
import io.primesync.local.auth.LocalIdentity;
import io.primesync.webhook.Source;
import io.primesync.store.DynamoClients;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What {@code serve} and {@code invoke} share: the local engine on a data directory (or in memory), the table
 * created from template.yaml, the local identity provider, and the functions built the way a cold start builds them,
 * with the local environment and a client for the local engine.
 */
final class LocalRuntime implements AutoCloseable {
    static final String TABLE_NAME = "primesync-local";
    private final LocalApi api;
    private final Dynalite engine;
    private final DynamoDbClient client;
    private final LocalIdentity identity;

    private LocalRuntime(LocalApi api, Dynalite engine, DynamoDbClient client, LocalIdentity identity) {
        this.api = api;
        this.engine = engine;
        this.client = client;
        this.identity = identity;
    }

    /**
     * @param dataDir where the data lives across restarts, or null for memory only
     */
    static LocalRuntime start(Path templateFile, Path engineDir, Path dataDir) throws IOException {
        Template template = Template.load(templateFile);
        LocalApi api = LocalApi.from(template);
        if (dataDir != null && inUse(dataDir)) {
            throw new IOException("The data directory " + dataDir.toAbsolutePath() + " is in use by another process (is "
                    + "`serve` running on it?); stop that process, or pass --in-memory or another --data-dir.");
        }
        Dynalite engine = Dynalite.start(engineDir, dataDir, 0);
        DynamoDbClient client = DynamoClients.forEndpoint(engine.endpoint(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        LocalIdentity identity = null;
        try {
            template.ensureTable(client, TABLE_NAME);
            identity = LocalIdentity.start();
        } catch (IOException | RuntimeException e) {
            client.close();
            engine.close();
            throw e;
        }
        return new LocalRuntime(api, engine, client, identity);
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

    LocalApi api() {
        return api;
    }

    Dynalite engine() {
        return engine;
    }

    LocalIdentity identity() {
        return identity;
    }

    /** The wiring a function builds, on the local table: for loading data without a server. */
    AppContext app() {
        return new AppContext(localSettings()::get, Clock.systemUTC(), () -> client);
    }

    /** A function of the template, ready to invoke. */
    LambdaFunction function(String logicalId) {
        return new LambdaFunction(api.function(logicalId), this::newHandler);
    }

    /**
     * The environment a function sees: the machine's, then the template's literal values for the function, then the
     * local settings (the local table, the local webhook secrets, the local identity provider).
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
        for (Source source : Source.values()) {
            local.put(source.secretName(), LocalSettings.webhookSecret(source));
        }
        local.putAll(identity.authorizerEnvironment());
        return local;
    }

    /** A handler instance as a cold start builds it, with its parts talking to the local engine. */
    private Object newHandler(Class<?> handlerClass, LambdaFunction function) throws ReflectiveOperationException {
        AppContext app = new AppContext(environment(api.function(function.logicalId()), this), Clock.systemUTC(),
                () -> client);
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

    @Override
    public void close() {
        identity.close();
        client.close();
        engine.close();
    }
}
