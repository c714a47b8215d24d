package io.primesync.local;

import io.primesync.handler.AppContext;
import io.primesync.store.DynamoClients;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/**
 * What {@code serve} and {@code invoke} share: the local engine on a data directory (or in memory), the table
 * created from template.yaml, and the functions built the way a cold start builds them, with the local
 * environment and a client for the local engine.
 */
final class LocalRuntime implements AutoCloseable {
    static final String TABLE_NAME = "primesync-local";
    static final String LOCAL_FLAG = "PRIMESYNC_LOCAL";

    private final LocalApi api;
    private final Dynalite engine;
    private final DynamoDbClient client;
    private final PrintStream log;

    private LocalRuntime(LocalApi api, Dynalite engine, DynamoDbClient client, PrintStream log) {
        this.api = api;
        this.engine = engine;
        this.client = client;
        this.log = log;
    }

    /**
     * @param dataDir where the data lives across restarts, or null for memory only
     * @param log where functions log (Lambda's CloudWatch stream)
     */
    static LocalRuntime start(Path templateFile, Path engineDir, Path dataDir, PrintStream log) throws IOException {
        Template template = Template.load(templateFile);
        LocalApi api = LocalApi.from(template);
        Dynalite engine;
        try {
            engine = Dynalite.start(engineDir, dataDir, 0);
        } catch (IOException e) {
            if (dataDir != null && String.valueOf(e.getMessage()).contains("LOCK")) {
                throw new IOException("The data directory " + dataDir + " is in use by another process (is `serve` "
                        + "running on it?); stop that process, or pass --in-memory or another --data-dir.", e);
            }
            throw e;
        }
        DynamoDbClient client = DynamoClients.forEndpoint(engine.endpoint(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        try {
            try {
                client.createTable(template.createTableRequest(TABLE_NAME));
            } catch (ResourceInUseException existing) {
                // a restart on the same data directory: the table and its data are already there
            }
            client.waiter().waitUntilTableExists(b -> b.tableName(TABLE_NAME));
        } catch (RuntimeException e) {
            client.close();
            engine.close();
            throw e;
        }
        return new LocalRuntime(api, engine, client, log);
    }

    LocalApi api() {
        return api;
    }

    Dynalite engine() {
        return engine;
    }

    PrintStream log() {
        return log;
    }

    /** A function of the template, ready to invoke. */
    LambdaFunction function(String logicalId) {
        return new LambdaFunction(api.function(logicalId), this::newHandler);
    }

    /**
     * The environment a function sees: the machine's, then the template's literal values for the function,
     * then the local settings (the local table, and PRIMESYNC_LOCAL, which turns on local-only defaults such as
     * the HS256 token secret and the webhook secrets).
     */
    static Function<String, String> environment(LocalApi.FunctionSpec function) {
        Map<String, String> overlay = new HashMap<>(function.environment());
        overlay.putAll(localSettings());
        overlay.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
        overlay.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        return name -> overlay.containsKey(name) ? overlay.get(name) : System.getenv(name);
    }

    static Map<String, String> localSettings() {
        Map<String, String> local = new LinkedHashMap<>();
        local.put("TABLE_NAME", TABLE_NAME);
        local.put(LOCAL_FLAG, "true");
        return local;
    }

    /**
     * A handler instance as a cold start builds it, through its {@code (AppContext)} constructor so that it
     * talks to the local engine; a handler without one gets its no-argument constructor.
     */
    private Object newHandler(Class<?> handlerClass, LambdaFunction function) throws ReflectiveOperationException {
        try {
            return handlerClass.getConstructor(AppContext.class)
                    .newInstance(new AppContext(environment(api.function(function.logicalId())), Clock.systemUTC(),
                            () -> client));
        } catch (NoSuchMethodException e) {
            return handlerClass.getConstructor().newInstance();
        }
    }

    @Override
    public void close() {
        client.close();
        engine.close();
    }
}
