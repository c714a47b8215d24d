package io.primesync.testing;

import io.primesync.local.Dynalite;
import io.primesync.local.Template;
import io.primesync.store.DynamoClients;
import io.primesync.store.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB the integration tests talk to: dynalite, installed and started once per test JVM on a free
 * port, in memory, or the endpoint in {@code AWS_ENDPOINT_URL_DYNAMODB} (LocalStack, a real account) when set.
 * The table is created from template.yaml. Tests isolate themselves by company id, never by order.
 */
public final class LocalDynamo {
    private static LocalDynamo instance;
    private static final AtomicLong COMPANY = new AtomicLong(ThreadLocalRandom.current().nextLong(1_000_000L, 9_000_000L) * 1000);

    private final Dynalite engine;
    private final URI endpoint;
    private final AwsCredentialsProvider credentials;
    private final String tableName;
    private final DynamoDbClient client;

    private LocalDynamo(Dynalite engine, URI endpoint, AwsCredentialsProvider credentials, String tableName) {
        this.engine = engine;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.tableName = tableName;
        this.client = DynamoClients.forEndpoint(endpoint, credentials);
    }

    public static synchronized LocalDynamo get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "local-dynamo-stop"));
        }
        return instance;
    }

    private static LocalDynamo start() {
        try {
            String external = System.getenv("AWS_ENDPOINT_URL_DYNAMODB");
            LocalDynamo dynamo;
            if (external != null && !external.isBlank()) {
                dynamo = new LocalDynamo(null, URI.create(external), DefaultCredentialsProvider.builder().build(),
                        "primesync-test-" + Long.toHexString(System.nanoTime()));
                System.out.println("[integration] DynamoDB endpoint from AWS_ENDPOINT_URL_DYNAMODB: " + external);
            } else {
                Dynalite engine = Dynalite.start(buildDir().resolve("dynalite"), null, 0);
                dynamo = new LocalDynamo(engine, engine.endpoint(),
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")), "primesync-test");
                System.out.println("[integration] dynalite " + Dynalite.VERSION + " listening at " + engine.endpoint()
                        + " (in memory, --createTableMs 0)");
            }
            dynamo.createTable();
            return dynamo;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void createTable() {
        Template.load(Template.defaultPath()).ensureTable(client, tableName);
        System.out.println("[integration] table " + tableName + " created from template.yaml");
    }

    public static Path buildDir() {
        return Path.of(System.getProperty("primesync.buildDir", "target"));
    }

    /** A company id no other test uses, so tests never see each other's data. */
    public static String newCompanyId() {
        return Long.toString(COMPANY.incrementAndGet());
    }

    public DynamoDbClient client() {
        return client;
    }

    public String tableName() {
        return tableName;
    }

    public Table table() {
        return new Table(client, tableName);
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client of its own, e.g. with interceptors that count or fail calls. */
    public DynamoDbClient newClient(ExecutionInterceptor... interceptors) {
        return DynamoClients.forEndpoint(endpoint, credentials, interceptors);
    }

    private void stop() {
        client.close();
        if (engine != null) {
            engine.close();
        }
    }
}
