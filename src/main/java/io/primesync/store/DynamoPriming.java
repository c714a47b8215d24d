package io.primesync.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The store's path of a function, exercised before a SnapStart snapshot without DynamoDB: a client of its own, built
 * as the product builds its client, whose HTTP is a stand-in in process answering every operation as an empty table
 * answers it (no item, no page, every write taken), except what a run asks for by {@code answers}. The SDK's request
 * marshalling, signing, pipeline and response parsing run for each operation the function's code uses; nothing is
 * written anywhere, and the client is dropped after the run.
 */
public final class DynamoPriming {
    private static final String TABLE = "priming";

    private DynamoPriming() {}

    /**
     * A store over the stand-in.
     *
     * @param items the item a {@code GetItem} of a key answers (by its {@code pk}), or null for none
     */
    public static Table table(Function<String, ObjectNode> items) {
        DynamoDbClient client = DynamoDbClient.builder()
                .httpClient(new StandIn(items))
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://dynamodb.priming.invalid"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")))
                .build();
        return new Table(client, TABLE);
    }

    /**
     * Every kind of request the store makes, once, on a table over the stand-in: a read, a conditional put, an update
     * with a condition that answers the old item, a delete, a query, a batch read and a batch write. The SDK's request
     * and response classes of each operation are loaded and used; the stand-in keeps nothing.
     */
    public static void exercise(Table table) {
        Map<String, AttributeValue> key = Keys.key("PRIMING", "PRIMING");
        table.get(key);
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put(Attributes.COMPANY_ID, Attr.s("0"));
        item.put(Keys.EXPIRES_AT, Attr.n(0));
        Condition absent = new Condition();
        absent.when(absent.absent(Keys.PK));
        table.put(item, absent);
        Update update = new Update().set(Attributes.CHECKED_AT, Attr.n(1)).increment(Attributes.FULL_AT, 1);
        update.when(update.name(Attributes.COMPANY_ID) + " = " + update.value(Attr.s("0")));
        table.update(key, update);
        table.updateReturningOld(key, new Update().remove(Attributes.FULL_CURSOR));
        table.delete(key, null);
        table.queryAll(QueryRequest.builder().keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", Attr.s("PRIMING"))).consistentRead(true), found -> { });
        table.getAll(List.of(key), null);
        table.putAll(List.of(item));
        table.deleteAll(List.of(key));
    }

    /** The reconciliation's marks as a {@code GetItem} answers them, for a run that reads what changed since. */
    public static ObjectNode reconcileMarks(String companyId, Clock clock) {
        ObjectNode item = Json.object();
        item.putObject(Keys.PK).put("S", Keys.reconcile(companyId));
        item.putObject(Keys.SK).put("S", Keys.RECONCILE);
        item.putObject(Attributes.COMPANY_ID).put("S", companyId);
        long hourAgo = clock.millis() - 3_600_000;
        item.putObject(Attributes.CHECKED_AT).put("N", Long.toString(hourAgo));
        item.putObject(Attributes.FULL_AT).put("N", Long.toString(hourAgo));
        item.putObject(Attributes.FULL_STARTED_AT).put("N", "0");
        return item;
    }

    /** The pk of a reconciliation's marks item, for {@code items}. */
    public static String reconcileKey(String companyId) {
        return Keys.reconcile(companyId);
    }

    /** DynamoDB's answers to each operation, in process. */
    private static final class StandIn implements SdkHttpClient {
        private final Function<String, ObjectNode> items;

        StandIn(Function<String, ObjectNode> items) {
            this.items = items;
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
            String operation = target.substring(target.indexOf('.') + 1);
            JsonNode body;
            try {
                body = request.contentStreamProvider().isPresent()
                        ? Json.read(request.contentStreamProvider().get().newStream().readAllBytes()) : Json.object();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] answer = answer(operation, body).getBytes(StandardCharsets.UTF_8);
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpResponse.builder().statusCode(200)
                                    .putHeader("Content-Type", "application/x-amz-json-1.0")
                                    .putHeader("Content-Length", Integer.toString(answer.length)).build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer))).build();
                }

                @Override
                public void abort() {
                }
            };
        }

        private String answer(String operation, JsonNode body) {
            return switch (operation) {
                case "GetItem" -> {
                    ObjectNode item = items == null ? null
                            : items.apply(body.path("Key").path(Keys.PK).path("S").asText());
                    yield item == null ? "{}" : Json.write(Json.object().set("Item", item));
                }
                case "Query", "Scan" -> "{\"Count\":0,\"ScannedCount\":0,\"Items\":[]}";
                case "BatchGetItem" -> "{\"Responses\":{},\"UnprocessedKeys\":{}}";
                case "BatchWriteItem" -> "{\"UnprocessedItems\":{}}";
                default -> "{}";
            };
        }

        @Override
        public void close() {
        }
    }
}
