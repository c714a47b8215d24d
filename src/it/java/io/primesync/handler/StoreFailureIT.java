package io.primesync.handler;

import static io.primesync.testing.Answers.assertProblem;
import static io.primesync.testing.Snapshot.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.store.DynamoClients;
import io.primesync.testing.Api;
import io.primesync.testing.LocalDynamo;
import io.primesync.testing.Response;
import io.primesync.testing.TestClock;
import io.primesync.testing.UserRoutes;
import io.primesync.webhook.Source;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What a client sees when the store fails: 503 with Retry-After when it cannot be reached, a 500 naming only the
 * request id when it answers something nobody planned for; never the cause.
 */
class StoreFailureIT {
    private static final String UNREACHABLE_TABLE = "primesync-unreachable-table";

    @Test
    void everyRouteAnswers503WithRetryAfterWhenTheStoreIsUnreachable() throws Exception {
        URI closed = closedPort();
        Supplier<DynamoDbClient> client = () -> DynamoClients.forEndpoint(closed,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        Api api = new Api(UNREACHABLE_TABLE, client, TestClock.startingNow(), "1001");

        Map<String, Callable<Response>> calls = new LinkedHashMap<>();
        calls.put("list", () -> api.user.list().send());
        calls.put("history", () -> api.user.history("K-1").send());
        calls.put("eligibility", () -> api.user.eligibility("K-1").send());
        calls.put("import", () -> api.user.importing("K-1").send());
        calls.put("reimport", () -> api.user.reimport("K-1").send());
        calls.put("reimport with key", () -> api.user.reimport("K-1").key("k-1").json("{\"expectedErpVersion\":2}").send());
        calls.put("spectrum webhook", () -> api.spectrum.deliver(Source.SPECTRUM, api.spectrum.envelope("prime_contract.upserted",
                snapshot("K-1", "J-1", 1).lump("A", "1.00").json())));
        calls.put("procore webhook", () -> api.procoreSide.procoreDeliver(api.procoreSide.procoreDelivery("update", "Projects", api.project,
                api.project)));
        // in parallel: each call spends its SDK retries (a few seconds) before giving up
        Map<String, Response> responses = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            Map<String, Future<Response>> futures = new LinkedHashMap<>();
            calls.forEach((route, call) -> futures.put(route, pool.submit(call)));
            for (Map.Entry<String, Future<Response>> f : futures.entrySet()) {
                responses.put(f.getKey(), f.getValue().get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        responses.forEach((route, response) -> {
            JsonNode problem = assertProblem(response, 503, "SERVICE_UNAVAILABLE");
            assertEquals(Long.toString(Problems.STORE_RETRY_AFTER.toSeconds()), response.header("Retry-After"), route);
            assertFalse(problem.toString().contains(closed.toString()), route);
            assertFalse(problem.toString().contains(Integer.toString(closed.getPort())), route + ": " + problem);
        });

        // checks that need no store still answer as usual
        assertProblem(api.user.list().query("limit", "0").send(), 400, "VALIDATION_FAILED");
        assertProblem(api.spectrum.delivery(Source.SPECTRUM, "{}".getBytes()).signature(null).send(), 401, "INVALID_SIGNATURE");
    }

    @Test
    void anUnplannedStoreErrorIs500NamingOnlyTheRequestId() {
        LocalDynamo dynamo = LocalDynamo.get();
        String missing = "primesync-missing-" + UUID.randomUUID();
        Api api = new Api(missing, dynamo::client, TestClock.startingNow(), LocalDynamo.newCompanyId());

        UserRoutes.Request list = api.user.list();
        APIGatewayProxyRequestEvent event = list.event();
        Response response = Response.of(api.lists.handleRequest(event, null), missing, event);
        JsonNode problem = assertProblem(response, 500, "INTERNAL");
        assertEquals("An unexpected error happened. Request id: " + event.getRequestContext().getRequestId() + ".",
                problem.path("detail").asText());

        for (Response other : List.of(api.user.eligibility("K-1").send(), api.user.history("K-1").send(), api.user.importing("K-1").send(),
                api.user.reimport("K-1").send(), api.spectrum.deliver(Source.SPECTRUM, api.spectrum.envelope("prime_contract.upserted",
                        snapshot("K-1", "J-1", 1).lump("A", "1.00").json())))) {
            JsonNode body = assertProblem(other, 500, "INTERNAL");
            assertFalse(body.toString().contains("non-existent"), body.toString());
        }
    }

    /** A local port nothing listens on. */
    private static URI closedPort() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return URI.create("http://127.0.0.1:" + port);
    }
}
