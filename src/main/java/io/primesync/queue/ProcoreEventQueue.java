package io.primesync.queue;

import io.primesync.webhook.ProcoreDelivery;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The queue of Procore's deliveries, accepted by the webhook route and applied by the Procore event worker. */
public final class ProcoreEventQueue {
    public static final String QUEUE_URL = "PROCORE_EVENT_QUEUE_URL";

    private final SqsClient client;
    private final String queueUrl;

    public ProcoreEventQueue(SqsClient client, String queueUrl) {
        this.client = client;
        this.queueUrl = queueUrl;
    }

    public void send(ProcoreDelivery delivery) {
        client.sendMessage(b -> b.queueUrl(queueUrl).messageBody(delivery.json()));
    }

    /** SQS's longest delay of a message. */
    public static final int MAX_DELAY_SECONDS = 900;

    /**
     * Sends the delivery again, to be seen after this many seconds (at most {@value #MAX_DELAY_SECONDS}): a wait that
     * is nobody's failure, so it must not count toward the dead-letter queue's receives as a message given back does.
     */
    public void sendLater(ProcoreDelivery delivery, long seconds) {
        int delay = (int) Math.max(0, Math.min(MAX_DELAY_SECONDS, seconds));
        client.sendMessage(b -> b.queueUrl(queueUrl).messageBody(delivery.json()).delaySeconds(delay));
    }

    /** Gives a received message back to the queue, to be seen again after this many seconds. */
    public void retryAfter(String receiptHandle, long seconds) {
        int visibility = (int) Math.max(0, Math.min(SqsSyncQueue.MAX_VISIBILITY_SECONDS, seconds));
        client.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(receiptHandle)
                .visibilityTimeout(visibility));
    }

    public String queueUrl() {
        return queueUrl;
    }
}
