package io.primesync.bench;

import io.primesync.handler.AppContext;
import io.primesync.local.Dynalite;
import io.primesync.local.DemoData;
import io.primesync.local.LocalSettings;
import io.primesync.local.Template;
import io.primesync.local.procore.ProcoreSimulator;
import io.primesync.local.sqs.LocalQueues;
import io.primesync.queue.ProcoreEventQueue;
import io.primesync.queue.SqsSyncQueue;
import io.primesync.store.DynamoClients;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The local engines for measuring runs: DynamoDB in memory (tables made from template.yaml on demand), SQS with the
 * template's queues, and the Procore simulator (a fresh one on demand, since the demo's Procore ids are those a fresh
 * Procore hands out).
 */
public final class LocalEngine implements AutoCloseable {
    private final Dynalite engine;
    private final Template template;
    private final DynamoDbClient admin;
    private final LocalQueues queues;
    private ProcoreSimulator procore;

    public LocalEngine(Path buildDir, Template template) throws IOException {
        this.engine = Dynalite.start(buildDir.resolve("dynalite"), null, 0);
        this.template = template;
        this.admin = client();
        this.queues = LocalQueues.start(template);
        this.procore = ProcoreSimulator.start(0, null, Clock.systemUTC());
    }

    /** A new, empty Procore simulator in place of the last one. */
    public synchronized ProcoreSimulator freshProcore() throws IOException {
        procore.close();
        procore = ProcoreSimulator.start(0, null, Clock.systemUTC());
        return procore;
    }

    public synchronized ProcoreSimulator procore() {
        return procore;
    }

    public LocalQueues queues() {
        return queues;
    }

    /** An SQS client of the local engine, e.g. with an interceptor that counts requests. */
    public SqsClient sqsClient(ExecutionInterceptor... interceptors) {
        return SqsClient.builder().endpointOverride(queues.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(c -> Arrays.stream(interceptors).forEach(c::addExecutionInterceptor))
                .build();
    }

    /** A queue of its own, so a measurement reads only its own messages. */
    public String newQueue(String name) {
        return queues.client().createQueue(b -> b.queueName(name)).queueUrl();
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

    /** The wiring a function would build for this table, on the given client, the current simulator and a queue. */
    public AppContext app(String table, DynamoDbClient client) {
        return app(table, client, newQueue("sync-" + table));
    }

    public AppContext app(String table, DynamoDbClient client, String queueUrl) {
        return new AppContext(environment(table, queueUrl)::get, Clock.systemUTC(), () -> client, queues::client);
    }

    /** A function's configuration for this table and queue, talking to the current simulator. */
    public Map<String, String> environment(String table, String queueUrl) {
        Map<String, String> env = new LinkedHashMap<>(LocalSettings.WEBHOOK_SECRETS);
        env.put(AppContext.TABLE_NAME, table);
        env.putAll(procore().clientEnvironment());
        env.put(SqsSyncQueue.QUEUE_URL, queueUrl);
        // where the webhook function would queue Procore's deliveries (the cold starts hand events directly)
        env.put(ProcoreEventQueue.QUEUE_URL, queueUrl);
        env.putAll(DemoData.SETTINGS);
        return env;
    }

    @Override
    public void close() {
        admin.close();
        engine.close();
        queues.close();
        procore.close();
    }
}
