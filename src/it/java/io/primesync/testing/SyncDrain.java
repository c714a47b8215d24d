package io.primesync.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.primesync.local.sqs.SqsEventSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A test's own queue (of syncs, or of Procore's deliveries) and the worker that takes from it, as Lambda's SQS event source does (one message per
 * batch; the message deleted unless reported as a batch item failure), but at the test's pace: {@link #drain} runs
 * until the queue is empty.
 */
public final class SyncDrain {
    private int maxReceiveCount;
    private final RequestHandler<SQSEvent, SQSBatchResponse> worker;
    private final String queueUrl;
    private final String queueArn;

    public SyncDrain(RequestHandler<SQSEvent, SQSBatchResponse> worker, String queueUrl) {
        this.worker = worker;
        this.queueUrl = queueUrl;
        this.maxReceiveCount = 0;
        this.queueArn = "arn:aws:sqs:us-east-1:000000000000:" + queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
    }

    /** The most times one message was received (what a dead-letter queue's maxReceiveCount counts). */
    public int maxReceiveCount() {
        return maxReceiveCount;
    }

    /** Every message until none is left, visible or not (waiting out those given back). Answers the deliveries. */
    public int drain() {
        return drain(Duration.ofSeconds(120));
    }

    public int drain(Duration patience) {
        int deliveries = 0;
        long deadline = System.nanoTime() + patience.toNanos();
        SqsClient sqs = LocalSqs.get().client();
        while (true) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (messages.isEmpty()) {
                Map<String, String> counts = counts();
                if (counts.values().stream().allMatch("0"::equals)) {
                    return deliveries;
                }
                assertTrue(System.nanoTime() < deadline, "the queue did not empty: " + counts);
                sleep(100);
                continue;
            }
            for (Message m : messages) {
                deliveries++;
                maxReceiveCount = Math.max(maxReceiveCount, Integer.parseInt(m.attributes()
                        .getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1")));
                if (deliver(m)) {
                    sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                }
            }
        }
    }

    /** One delivery of one message; whether the worker is done with it. A worker that throws is not. */
    public boolean deliver(Message m) {
        try {
            SQSBatchResponse answer = worker.handleRequest(SqsEventSource.typedEvent(List.of(m), queueArn), null);
            return answer.getBatchItemFailures().isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The queue's visible, in-flight and delayed messages. */
    public Map<String, String> counts() {
        Map<QueueAttributeName, String> attributes = LocalSqs.get().client().getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        Map<String, String> out = new TreeMap<>();
        attributes.forEach((k, v) -> out.put(k.toString(), v));
        return out;
    }

    public String queueUrl() {
        return queueUrl;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
