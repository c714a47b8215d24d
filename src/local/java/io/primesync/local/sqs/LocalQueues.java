package io.primesync.local.sqs;

import io.primesync.json.Json;
import io.primesync.local.Template;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The local SQS engine (ElasticMQ, in process, on a free loopback port) with the queues of template.yaml, each named
 * by its logical id and given the template's visibility timeout, retention and redrive policy (its dead-letter queue
 * after the template's {@code maxReceiveCount}).
 */
public final class LocalQueues implements AutoCloseable {
    private final SQSRestServer server;
    private final URI endpoint;
    private final SqsClient client;
    private final Map<String, String> urls = new LinkedHashMap<>();

    private LocalQueues(SQSRestServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
        this.client = client(endpoint);
    }

    /** Starts the engine and creates the template's queues. */
    public static LocalQueues start(Template template) {
        // the engine's actor system would otherwise print its own start-up lines on standard output
        System.setProperty("pekko.loglevel", "WARNING");
        System.setProperty("pekko.stdout-loglevel", "OFF");
        System.setProperty("pekko.log-dead-letters", "off");
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
                .withAWSRegion("us-east-1").withAWSAccountId("000000000000").start();
        int port = server.waitUntilStarted().localAddress().getPort();
        LocalQueues queues = new LocalQueues(server, URI.create("http://127.0.0.1:" + port));
        try {
            queues.createFromTemplate(template);
        } catch (RuntimeException e) {
            queues.close();
            throw e;
        }
        return queues;
    }

    public static SqsClient client(URI endpoint) {
        return SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(30)).build())
                .build();
    }

    public URI endpoint() {
        return endpoint;
    }

    public SqsClient client() {
        return client;
    }

    /** The URL of a queue of the template, by its logical id. */
    public String url(String logicalId) {
        String url = urls.get(logicalId);
        if (url == null) {
            throw new IllegalArgumentException("template.yaml has no queue " + logicalId);
        }
        return url;
    }

    public boolean has(String logicalId) {
        return urls.containsKey(logicalId);
    }

    public String arn(String logicalId) {
        return "arn:aws:sqs:us-east-1:000000000000:" + logicalId;
    }

    private void createFromTemplate(Template template) {
        Map<String, Map<String, Object>> queues = template.resourcesOfType("AWS::SQS::Queue");
        // the dead-letter queues first, since a redrive policy names its target
        for (Map.Entry<String, Map<String, Object>> q : queues.entrySet()) {
            Map<String, String> attributes = new LinkedHashMap<>();
            Map<String, Object> props = Template.map(q.getValue(), "Properties");
            copy(props, "VisibilityTimeout", attributes, QueueAttributeName.VISIBILITY_TIMEOUT);
            copy(props, "MessageRetentionPeriod", attributes, QueueAttributeName.MESSAGE_RETENTION_PERIOD);
            copy(props, "DelaySeconds", attributes, QueueAttributeName.DELAY_SECONDS);
            String url = client.createQueue(b -> b.queueName(q.getKey()).attributesWithStrings(attributes)).queueUrl();
            urls.put(q.getKey(), url);
        }
        for (Map.Entry<String, Map<String, Object>> q : queues.entrySet()) {
            Map<String, Object> redrive = Template.map(q.getValue(), "Properties", "RedrivePolicy");
            if (redrive.isEmpty()) {
                continue;
            }
            Object target = Template.map(redrive.get("deadLetterTargetArn")).get("Fn::GetAtt");
            String dlq = target instanceof List<?> l ? String.valueOf(l.get(0)) : String.valueOf(target).split("\\.")[0];
            Map<String, Object> policy = Map.of("deadLetterTargetArn", arn(dlq),
                    "maxReceiveCount", Integer.parseInt(String.valueOf(redrive.get("maxReceiveCount"))));
            client.setQueueAttributes(b -> b.queueUrl(url(q.getKey()))
                    .attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, Json.write(policy))));
        }
    }

    private static void copy(Map<String, Object> props, String name, Map<String, String> into, QueueAttributeName attribute) {
        Object value = props.get(name);
        if (value != null) {
            into.put(attribute.toString(), String.valueOf(value));
        }
    }

    @Override
    public void close() {
        client.close();
        server.stopAndWait();
    }
}
