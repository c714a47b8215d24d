package io.primesync.testing;

import io.primesync.local.Template;
import io.primesync.local.sqs.LocalQueues;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The SQS the integration tests talk to: ElasticMQ, started once per test JVM with the template's queues. A test
 * that reads its own messages makes a queue of its own with {@link #newQueue}, so no test takes another's.
 */
public final class LocalSqs {
    private static LocalSqs instance;

    private final LocalQueues queues;

    private LocalSqs(LocalQueues queues) {
        this.queues = queues;
    }

    public static synchronized LocalSqs get() {
        if (instance == null) {
            instance = new LocalSqs(LocalQueues.start(Template.load(Template.defaultPath())));
            System.out.println("[integration] ElasticMQ listening at " + instance.queues.endpoint());
            Runtime.getRuntime().addShutdownHook(new Thread(instance.queues::close, "local-sqs-stop"));
        }
        return instance;
    }

    public LocalQueues queues() {
        return queues;
    }

    public SqsClient client() {
        return queues.client();
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
