package io.primesync.local.sqs;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.primesync.json.Json;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Lambda's SQS event source, as the template configures it: pollers (as many as {@code MaximumConcurrency}) receive
 * up to {@code BatchSize} messages, hand them to the function as the {@code SQSEvent} Lambda builds, and delete the
 * ones the function is done with. With {@code ReportBatchItemFailures} the function's {@code batchItemFailures} stay
 * on the queue; a function that fails keeps the whole batch. A message that stays comes back after its visibility
 * timeout, and after the queue's {@code maxReceiveCount} receives it goes to the dead-letter queue.
 */
public final class SqsEventSource implements AutoCloseable {
    /** One invocation of the function with an event; answers the response JSON, or null when the function failed. */
    public interface Invoker {
        byte[] invoke(byte[] event);
    }

    private final SqsClient client;
    private final String queueUrl;
    private final String queueArn;
    private final int batchSize;
    private final boolean reportBatchItemFailures;
    private final Invoker function;
    private final PrintStream log;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService pollers;

    public SqsEventSource(SqsClient client, String queueUrl, String queueArn, int batchSize,
            boolean reportBatchItemFailures, int concurrency, Invoker function, PrintStream log) {
        this.client = client;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.batchSize = batchSize;
        this.reportBatchItemFailures = reportBatchItemFailures;
        this.function = function;
        this.log = log;
        this.pollers = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "sqs-event-source");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < concurrency; i++) {
            pollers.execute(this::poll);
        }
    }

    private void poll() {
        while (running.get()) {
            List<Message> messages;
            try {
                messages = client.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(batchSize)
                        .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All")).messages();
            } catch (RuntimeException e) {
                if (running.get()) {
                    log.println("the local SQS event source could not receive: " + e);
                    sleep(1000);
                }
                continue;
            }
            if (!messages.isEmpty()) {
                deliver(messages);
            }
        }
    }

    private void deliver(List<Message> messages) {
        byte[] answer;
        try {
            answer = function.invoke(Json.write(event(messages)).getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            log.println("the function failed on a batch from " + queueArn + ": " + e);
            return;
        }
        if (answer == null) {
            return; // the function failed: the whole batch comes back after its visibility timeout
        }
        Set<String> failed = new HashSet<>();
        if (reportBatchItemFailures) {
            try {
                Json.read(answer).path("batchItemFailures").forEach(f -> failed.add(f.path("itemIdentifier").asText()));
            } catch (Json.MalformedJsonException e) {
                return; // not a batch response: Lambda takes the batch as failed
            }
        }
        for (Message m : messages) {
            if (!failed.contains(m.messageId())) {
                try {
                    client.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                } catch (RuntimeException e) {
                    log.println("could not delete a handled message: " + e);
                }
            }
        }
    }

    /** The event Lambda builds for a batch. */
    Map<String, Object> event(List<Message> messages) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (Message m : messages) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("messageId", m.messageId());
            r.put("receiptHandle", m.receiptHandle());
            r.put("body", m.body());
            Map<String, String> attributes = new LinkedHashMap<>();
            m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
            r.put("attributes", attributes);
            r.put("messageAttributes", Map.of());
            r.put("md5OfBody", m.md5OfBody());
            r.put("eventSource", "aws:sqs");
            r.put("eventSourceARN", queueArn);
            r.put("awsRegion", "us-east-1");
            records.add(r);
        }
        return Map.of("Records", records);
    }

    /** The same event, typed, for a function called in process. */
    public static SQSEvent typedEvent(List<Message> messages,
            String queueArn) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage r =
                    new SQSEvent.SQSMessage();
            r.setMessageId(m.messageId());
            r.setReceiptHandle(m.receiptHandle());
            r.setBody(m.body());
            Map<String, String> attributes = new LinkedHashMap<>();
            m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
            r.setAttributes(attributes);
            r.setMessageAttributes(Map.of());
            r.setMd5OfBody(m.md5OfBody());
            r.setEventSource("aws:sqs");
            r.setEventSourceArn(queueArn);
            r.setAwsRegion("us-east-1");
            records.add(r);
        }
        SQSEvent event =
                new SQSEvent();
        event.setRecords(records);
        return event;
    }

    @Override
    public void close() {
        running.set(false);
        pollers.shutdown();
        try {
            pollers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pollers.shutdownNow();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
