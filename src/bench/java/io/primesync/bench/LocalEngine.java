package io.primesync.bench;

import io.primesync.handler.AppContext;
import io.primesync.local.Dynalite;
import io.primesync.local.LocalSettings;
import io.primesync.local.Template;
import io.primesync.store.DynamoClients;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The local DynamoDB engine for measuring runs: in memory, tables made from template.yaml on demand. */
public final class LocalEngine implements AutoCloseable {
    private final Dynalite engine;
    private final Template template;
    private final DynamoDbClient admin;

    public LocalEngine(Path buildDir, Template template) throws IOException {
        this.engine = Dynalite.start(buildDir.resolve("dynalite"), null, 0);
        this.template = template;
        this.admin = client();
    }

    public URI endpoint() {
        return engine.endpoint();
    }

    public DynamoDbClient client(ExecutionInterceptor... interceptors) {
        return DynamoClients.forEndpoint(engine.endpoint(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")), interceptors);
    }

    /** A new, empty table with the template's keys and indexes. */
    public String createTable(String name) {
        admin.createTable(template.createTableRequest(name));
        admin.waiter().waitUntilTableExists(b -> b.tableName(name));
        return name;
    }

    /** The wiring a function would build for this table, on the given client. */
    public AppContext app(String table, DynamoDbClient client) {
        Map<String, String> env = new java.util.HashMap<>(LocalSettings.WEBHOOK_SECRETS);
        env.put(AppContext.TABLE_NAME, table);
        return new AppContext(env::get, Clock.systemUTC(), () -> client);
    }

    @Override
    public void close() {
        admin.close();
        engine.close();
    }
}
