package io.primesync.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** The one table and its client, with the batch write loop every writer shares. */
public final class Table {
    static final int BATCH_LIMIT = 25;
    private static final int MAX_UNPROCESSED_ROUNDS = 8;

    private final DynamoDbClient client;
    private final String name;

    public Table(DynamoDbClient client, String name) {
        this.client = client;
        this.name = name;
    }

    public DynamoDbClient client() {
        return client;
    }

    public String name() {
        return name;
    }

    /**
     * A record that expires (idempotency keys, webhook ids): read consistently, and absent when there is none or
     * when its {@code expiresAt} has passed, since DynamoDB's TTL deletes expired items only eventually.
     */
    Optional<Map<String, AttributeValue>> getLive(Map<String, AttributeValue> key, Clock clock) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(name)
                .key(key)
                .consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).item();
        if (item == null || item.isEmpty() || Attr.num(item, Keys.EXPIRES_AT, Long.MAX_VALUE) < clock.millis() / 1000) {
            return Optional.empty();
        }
        return Optional.of(item);
    }

    void putAll(List<Map<String, AttributeValue>> items) {
        List<WriteRequest> writes = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> item : items) {
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        writeAll(writes);
    }

    void deleteAll(List<Map<String, AttributeValue>> keys) {
        List<WriteRequest> writes = new ArrayList<>(keys.size());
        for (Map<String, AttributeValue> key : keys) {
            writes.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build());
        }
        writeAll(writes);
    }

    /** Unprocessed items (throttling) are retried with a growing pause; the SDK already retries whole calls. */
    private void writeAll(List<WriteRequest> writes) {
        for (int from = 0; from < writes.size(); from += BATCH_LIMIT) {
            List<WriteRequest> batch = writes.subList(from, Math.min(writes.size(), from + BATCH_LIMIT));
            for (int round = 0; !batch.isEmpty(); round++) {
                if (round == MAX_UNPROCESSED_ROUNDS) {
                    throw new StoreBusyException("DynamoDB left " + batch.size() + " writes unprocessed");
                }
                if (round > 0) {
                    pause(round);
                }
                List<WriteRequest> pending = List.copyOf(batch);
                BatchWriteItemResponse response = client.batchWriteItem(b -> b
                        .requestItems(Map.of(name, pending))
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
                batch = response.hasUnprocessedItems()
                        ? response.unprocessedItems().getOrDefault(name, List.of())
                        : List.of();
            }
        }
    }

    private static void pause(int round) {
        try {
            Thread.sleep(Math.min(1000L, 25L << round));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreBusyException("interrupted while retrying unprocessed writes");
        }
    }
}
