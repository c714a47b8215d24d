package io.primesync.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The one table and its client, with the few ways every part of the store talks to it: a consistent read, a
 * conditional write that answers true or false, a query read page by page, and batch writes and reads that retry
 * what DynamoDB left unprocessed. Every request asks for its consumed capacity, so its cost can be counted.
 */
public final class Table {
    static final int BATCH_WRITE_LIMIT = 25;
    static final int BATCH_GET_LIMIT = 100;
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

    /** The item, read consistently; empty when there is none. */
    Map<String, AttributeValue> get(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(name).key(key).consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).item();
        return item == null ? Map.of() : item;
    }

    /**
     * A record that expires (idempotency keys, webhook ids): absent when there is none or when its
     * {@code expiresAt} has passed, since DynamoDB's TTL deletes expired items only eventually.
     */
    Optional<Map<String, AttributeValue>> getLive(Map<String, AttributeValue> key, Clock clock) {
        Map<String, AttributeValue> item = get(key);
        if (item.isEmpty() || Attr.num(item, Keys.EXPIRES_AT, Long.MAX_VALUE) < clock.millis() / 1000) {
            return Optional.empty();
        }
        return Optional.of(item);
    }

    /** Applies the update when its condition holds; false when the condition failed (nothing was written). */
    boolean update(Map<String, AttributeValue> key, Update update) {
        try {
            client.updateItem(b -> {
                b.tableName(name).key(key).updateExpression(update.expression())
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
                when(update, b::conditionExpression, b::expressionAttributeNames, b::expressionAttributeValues);
            });
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Applies the update when its condition holds and answers the item as it was before (empty when there was none);
     * empty optional when the condition failed.
     */
    Optional<Map<String, AttributeValue>> updateReturningOld(Map<String, AttributeValue> key, Update update) {
        try {
            return Optional.of(client.updateItem(b -> {
                b.tableName(name).key(key).updateExpression(update.expression())
                        .returnValues(ReturnValue.ALL_OLD)
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
                when(update, b::conditionExpression, b::expressionAttributeNames, b::expressionAttributeValues);
            }).attributes());
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /** Writes the item when the condition holds (null: always); false when the condition failed. */
    boolean put(Map<String, AttributeValue> item, Condition condition) {
        try {
            client.putItem(b -> {
                b.tableName(name).item(item).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
                when(condition, b::conditionExpression, b::expressionAttributeNames, b::expressionAttributeValues);
            });
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Deletes the item when the condition holds; false when it failed. */
    boolean delete(Map<String, AttributeValue> key, Condition condition) {
        try {
            client.deleteItem(b -> {
                b.tableName(name).key(key).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
                when(condition, b::conditionExpression, b::expressionAttributeNames, b::expressionAttributeValues);
            });
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Sets a condition (and the names and values of the expressions) on any request builder: they share the three
     * setters but no type.
     */
    private static void when(Condition condition, Consumer<String> expression, Consumer<Map<String, String>> names,
            Consumer<Map<String, AttributeValue>> values) {
        if (condition == null) {
            return;
        }
        if (condition.condition() != null) {
            expression.accept(condition.condition());
        }
        if (!condition.names().isEmpty()) {
            names.accept(condition.names());
        }
        if (!condition.values().isEmpty()) {
            values.accept(condition.values());
        }
    }

    /** One page of a query. */
    QueryResponse queryPage(QueryRequest.Builder query) {
        return client.query(query.tableName(name).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build());
    }

    /** Every item a query finds, page after page. */
    void queryAll(QueryRequest.Builder query, Consumer<Map<String, AttributeValue>> each) {
        queryWhile(query, item -> {
            each.accept(item);
            return true;
        });
    }

    /**
     * The items a query finds, page after page, each handed to {@code more} until it answers false or the pages end:
     * the one paging loop of the store. A start key set on the query is where it starts.
     */
    void queryWhile(QueryRequest.Builder query, Predicate<Map<String, AttributeValue>> more) {
        QueryRequest first = query.build();
        Map<String, AttributeValue> start = first.hasExclusiveStartKey() ? first.exclusiveStartKey() : null;
        do {
            QueryResponse page = queryPage(query.exclusiveStartKey(start));
            for (Map<String, AttributeValue> item : page.items()) {
                if (!more.test(item)) {
                    return;
                }
            }
            start = lastKey(page);
        } while (start != null);
    }

    /** Where the next page starts, or null after the last one. */
    static Map<String, AttributeValue> lastKey(QueryResponse page) {
        return page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    }

    /** The items of up to 100 keys, read consistently; keys without an item are left out. */
    List<Map<String, AttributeValue>> getAll(List<Map<String, AttributeValue>> keys, String projection) {
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        List<Map<String, AttributeValue>> pending = keys;
        for (int round = 0; !pending.isEmpty(); round++) {
            if (round == MAX_UNPROCESSED_ROUNDS) {
                throw new StoreBusyException("DynamoDB left " + pending.size() + " reads unprocessed");
            }
            if (round > 0) {
                pause(round);
            }
            KeysAndAttributes.Builder request = KeysAndAttributes.builder().keys(pending).consistentRead(true);
            if (projection != null) {
                request.projectionExpression(projection);
            }
            KeysAndAttributes batch = request.build();
            BatchGetItemResponse response = client.batchGetItem(b -> b.requestItems(Map.of(name, batch))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
            found.addAll(response.responses().getOrDefault(name, List.of()));
            KeysAndAttributes unprocessed = response.hasUnprocessedKeys() ? response.unprocessedKeys().get(name) : null;
            pending = unprocessed == null ? List.of() : unprocessed.keys();
        }
        return found;
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
        for (int from = 0; from < writes.size(); from += BATCH_WRITE_LIMIT) {
            List<WriteRequest> batch = writes.subList(from, Math.min(writes.size(), from + BATCH_WRITE_LIMIT));
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
            throw new StoreBusyException("interrupted while retrying unprocessed requests");
        }
    }
}
