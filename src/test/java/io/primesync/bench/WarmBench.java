package io.primesync.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.primesync.handler.ApiHandler;
import io.primesync.handler.AppContext;
import io.primesync.handler.AuthorizerHandler;
import io.primesync.handler.EligibilityHandler;
import io.primesync.handler.ListContractsHandler;
import io.primesync.handler.SyncHandler;
import io.primesync.handler.WebhookHandler;
import io.primesync.local.SampleEvents;
import io.primesync.local.runtime.DemoState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Warm latency per route: the handlers of one warm container (built once, as Lambda keeps them), called in
 * process with API Gateway events, against the demo company on the local engine. The local server's HTTP layer
 * is not in these figures (it was not on main when they were taken).
 */
final class WarmBench {
    /** One route's latencies in milliseconds. */
    record Route(String name, String expected, List<Double> millis) {}

    private static final int WARM_UP = 100;

    private final Bench.Setup setup;

    WarmBench(Bench.Setup setup) {
        this.setup = setup;
    }

    List<Route> run(int requests) {
        String table = setup.engine().createTable("warm");
        DemoState demo = new DemoState(setup.events());
        List<Route> routes = new ArrayList<>();
        try (DynamoDbClient client = setup.engine().client()) {
            AppContext app = setup.engine().app(table, client);
            DemoState.quietly(() -> {
                demo.seed(app, 12);
                ListContractsHandler list = new ListContractsHandler(app);
                EligibilityHandler eligibility = new EligibilityHandler(app);
                SyncHandler sync = new SyncHandler(app);
                WebhookHandler webhooks = new WebhookHandler(app);
                AuthorizerHandler authorizer = new AuthorizerHandler(app);
                String company = SampleEvents.COMPANY;

                routes.add(time("GET list (synced)", "200", requests, i -> demo.event("list-synced.json"), list));
                routes.add(time("GET list (staged, limit 50)", "200", requests, i -> demo.event("list-staged.json"), list));
                routes.add(time("GET list (ready=true)", "200", requests, i -> demo.event("list-ready.json"), list));
                routes.add(time("GET history", "200", requests, i -> demo.event("history.json"), list));
                routes.add(time("GET reimport-eligibility", "200", requests, i -> demo.event("reimport-eligibility.json"), eligibility));

                // imports: a staged contract per request, prepared before the clock starts
                int total = requests + WARM_UP;
                for (int i = 0; i < total; i++) {
                    expect(200, webhooks.handleRequest(demo.snapshot(company, "PC-W" + i, SampleEvents.JOB, 1, DemoState.lines(20, 1)), null));
                }
                routes.add(time("POST import", "201", requests, i -> demo.userEvent("import.json", "PC-W" + i), sync));

                // re-imports: each one after a new ERP version of the same contract (the webhook is not timed)
                Map<Integer, Long> versions = new HashMap<>();
                routes.add(time("POST reimport (Idempotency-Key)", "200", requests, i -> {
                    long version = 10 + i;
                    versions.put(i, version);
                    expect(200, webhooks.handleRequest(demo.snapshot(company, "PC-W0", SampleEvents.JOB, version,
                            DemoState.lines(20, version)), null));
                    APIGatewayProxyRequestEvent e = demo.userEvent("reimport.json", "PC-W0");
                    String key = UUID.randomUUID().toString();
                    e.getHeaders().put("Idempotency-Key", key);
                    e.getMultiValueHeaders().put("Idempotency-Key", List.of(key));
                    e.setBody("{\"expectedErpVersion\":" + version + "}");
                    return e;
                }, sync));

                routes.add(time("POST /webhooks/spectrum (snapshot, 20 lines)", "200", requests,
                        i -> demo.snapshot(company, "PC-W1", SampleEvents.JOB, 1000 + i, DemoState.lines(20, i % 2 + 1)), webhooks));
                routes.add(time("POST /webhooks/procore (job.synced)", "200", requests,
                        i -> demo.jobSynced(company, "J-W" + i, SampleEvents.PROJECT), webhooks));

                APIGatewayCustomAuthorizerEvent token = new APIGatewayCustomAuthorizerEvent();
                token.setType("TOKEN");
                token.setAuthorizationToken("Bearer " + SampleEvents.adminToken());
                token.setMethodArn("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/v1/GET/companies/1001/erp/prime-contracts");
                List<Double> millis = new ArrayList<>();
                for (int i = 0; i < WARM_UP + requests; i++) {
                    long start = System.nanoTime();
                    Map<String, Object> policy = authorizer.handleRequest(token, null);
                    long end = System.nanoTime();
                    if (policy.get("principalId") == null) {
                        throw new IllegalStateException("the authorizer refused the sample token");
                    }
                    if (i >= WARM_UP) {
                        millis.add((end - start) / 1e6);
                    }
                }
                routes.add(new Route("authorizer (TOKEN, HS256)", "Allow", millis));
            });
        }
        return routes;
    }

    private static Route time(String name, String expected, int requests, IntFunction<APIGatewayProxyRequestEvent> events,
            ApiHandler handler) {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < WARM_UP + requests; i++) {
            APIGatewayProxyRequestEvent event = events.apply(i);
            long start = System.nanoTime();
            APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
            long end = System.nanoTime();
            if (!String.valueOf(response.getStatusCode()).equals(expected)) {
                throw new IllegalStateException(name + ": expected " + expected + " but got " + response.getStatusCode()
                        + " " + response.getBody());
            }
            if (i >= WARM_UP) {
                millis.add((end - start) / 1e6);
            }
        }
        return new Route(name, expected, millis);
    }

    private static void expect(int status, APIGatewayProxyResponseEvent response) {
        if (response.getStatusCode() != status) {
            throw new IllegalStateException("expected " + status + " but got " + response.getStatusCode() + " " + response.getBody());
        }
    }
}
