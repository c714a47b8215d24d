package io.primesync.testing;

import io.primesync.local.Template;
import io.primesync.local.sqs.LocalQueues;
import io.primesync.queue.SqsSyncQueue;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The SQS the integration tests talk to: ElasticMQ, started once per test JVM with the template's queues, or the
 * endpoint in {@code AWS_ENDPOINT_URL_SQS} (LocalStack, a real account) when set. A test that reads its own messages
 * makes a queue of its own with {@link #newQueue}, so no test takes another's.
 */
public final class LocalSqs {
    private static LocalSqs instance;

    private final SqsClient client;

    private LocalSqs(SqsClient client) {
        this.client = client;
    }

    public static synchronized LocalSqs get() {
        if (instance == null) {
            String external = System.getenv("AWS_ENDPOINT_URL_SQS");
            if (external != null && !external.isBlank()) {
                instance = new LocalSqs(SqsSyncQueue.clientFromEnvironment());
                System.out.println("[integration] SQS endpoint from AWS_ENDPOINT_URL_SQS: " + external);
            } else {
                LocalQueues queues = LocalQueues.start(Template.load(Template.defaultPath()));
                instance = new LocalSqs(queues.client());
                System.out.println("[integration] ElasticMQ listening at " + queues.endpoint());
                Runtime.getRuntime().addShutdownHook(new Thread(queues::close, "local-sqs-stop"));
            }
        }
        return instance;
    }

    public SqsClient client() {
        return client;
    }

    /** A new queue with the sync queue's visibility timeout; answers its URL. */
    public String newQueue(String name) {
        String visibility = String.valueOf(Template.map(Template.load(Template.defaultPath())
                .resourcesOfType("AWS::SQS::Queue").get("SyncQueue"), "Properties").get("VisibilityTimeout"));
        return newQueue(name, Integer.parseInt(visibility));
    }

    /**
     * A new queue whose messages come back after {@code visibilitySeconds}: short, for tests of a worker that dies
     * and of messages given back.
     */
    public String newQueue(String name, int visibilitySeconds) {
        return client().createQueue(b -> b.queueName(name)
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilitySeconds))))
                .queueUrl();
    }
}
