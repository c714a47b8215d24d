package io.primesync.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.primesync.handler.ApiHandler;
import io.primesync.handler.AppContext;
import io.primesync.handler.EligibilityHandler;
import io.primesync.handler.ListContractsHandler;
import io.primesync.handler.SyncHandler;
import io.primesync.handler.WebhookHandler;
import io.primesync.local.LocalSettings;
import io.primesync.local.SampleEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB requests and capacity units per operation, through the real handlers, for contracts of several sizes;
 * next to the ideal: the bytes that must move, in DynamoDB's units (1 WCU per KB written, 1 RCU per 4 KB read
 * strongly consistently), counting only the line items' own field values (no attribute names, no framing).
 */
final class CostBench {
    /** One operation on one contract size: what it cost and what it would ideally cost. */
    record Row(int lines, String operation, int requests, String breakdown, double rcu, double wcu,
            double idealRcu, double idealWcu, double minimumWcu, int requestLimit, String note) {}

    private final Bench.Setup setup;

    CostBench(Bench.Setup setup) {
        this.setup = setup;
    }

    List<Row> run(List<Integer> sizes) {
        List<Row> rows = new ArrayList<>();
        DemoState demo = new DemoState(setup.events());
        for (int n : sizes) {
            // a fresh Procore each time: its first project is one the demo admin's token names
            try {
                setup.engine().freshProcore();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            CountingInterceptor counter = new CountingInterceptor();
            String table = setup.engine().createTable("cost-" + n);
            try (DynamoDbClient client = setup.engine().client(counter)) {
                AppContext app = setup.engine().app(table, client);
                DemoState.quietly(() -> rows.addAll(measure(n, demo, app, counter, client, table)));
            }
        }
        return rows;
    }

    private List<Row> measure(int n, DemoState demo, AppContext app, CountingInterceptor counter, DynamoDbClient client,
            String table) {
        List<Row> rows = new ArrayList<>();
        String company = SampleEvents.COMPANY;
        String contract = "PC-L" + n;
        String job = "J-L" + n;
        WebhookHandler webhooks = LocalSettings.handler(WebhookHandler.class, app);
        SyncHandler sync = LocalSettings.handler(SyncHandler.class, app);
        EligibilityHandler eligibility = LocalSettings.handler(EligibilityHandler.class, app);
        ListContractsHandler list = LocalSettings.handler(ListContractsHandler.class, app);
        ArrayNode v1 = DemoState.lines(n, 1);
        ArrayNode v2 = DemoState.lines(n, 2);
        double b1 = fieldBytes(v1);
        double b2 = fieldBytes(v2);
        String project = SyncBench.procoreProject(setup.engine(), company);
        DemoState.syncJob(app, setup.engine().procore().baseUri(), company, job, project);
        // a few more contracts in the listing, so a page holds more than the one measured
        for (int i = 0; i < 10; i++) {
            call(webhooks, demo.snapshot(company, contract + "-x" + i, job, 1, DemoState.lines(3, 1)), 200);
        }

        counter.reset();
        call(webhooks, demo.snapshot(company, contract, job, 1, v1), 200);
        double head = headKb(client, table, company, contract);
        rows.add(row(n, "snapshot upsert, new contract (webhook)", counter, kbToRcu(head), wcu(b1) + Math.ceil(head), wcu(b1) + Math.ceil(head),
                0, "writes the line set once; reads the head"));

        counter.reset();
        call(sync, demo.userEvent("import.json", contract), 202);
        head = headKb(client, table, company, contract);
        double history = 0.3;
        rows.add(row(n, "import: the request (accepts the sync)", counter, rcu(b1 * 1024 + head * 1024),
                wcu(b1) + Math.ceil(head) + 1, Math.ceil(head) + 1, 0, "reads the contract; writes the sync and moves the head"));
        counter.reset();
        SyncBench.drain(setup.engine(), app);
        rows.add(row(n, "import: the worker (writes it to Procore)", counter, rcu(b1 * 1024) + kbToRcu(head), Math.ceil(head),
                Math.ceil(head), 0, "reads the lines it brings; lease, progress, end"));

        counter.reset();
        call(webhooks, demo.snapshot(company, contract, job, 2, v2), 200);
        head = headKb(client, table, company, contract);
        rows.add(row(n, "snapshot upsert, imported contract (webhook)", counter, rcu(b1 * 1024 + head * 1024),
                wcu(b2) + Math.ceil(head), wcu(b2) + Math.ceil(head), 0,
                "also reads the synced set, for the pending-change counts"));

        counter.reset();
        call(eligibility, demo.userEvent("reimport-eligibility.json", contract), 200);
        rows.add(row(n, "eligibility (with preview)", counter, rcu((b1 + b2) * 1024 + head * 1024) + 1, 0, 0,
                n <= 1000 ? 2 : 0, "reads head, both line sets and the job"));

        counter.reset();
        APIGatewayProxyRequestEvent reimport = demo.userEvent("reimport.json", contract);
        call(sync, reimport, 202);
        int limit = (int) Math.ceil(n / 25.0) + 10;
        rows.add(row(n, "re-import: the request (with Idempotency-Key)", counter, rcu((b1 + b2) * 1024 + head * 1024) + 1,
                wcu(b2) + Math.ceil(head) + Math.ceil(history) + 1, Math.ceil(head) + Math.ceil(history) + 1, limit,
                "evaluates (both line sets), accepts; +1 WCU each for the idempotency record"));
        counter.reset();
        SyncBench.drain(setup.engine(), app);
        rows.add(row(n, "re-import: the worker", counter, rcu(b2 * 1024) + kbToRcu(head), Math.ceil(head),
                Math.ceil(head), 0, "reads the lines it brings; lease, progress, end (the synced set moves by pointer)"));

        counter.reset();
        call(list, demo.event("list-synced.json"), 200);
        rows.add(row(n, "list page (synced, limit 25)", counter, Double.NaN, 0, 0, 2,
                "one index query and one batch read of the page's jobs"));
        return rows;
    }

    private static Row row(int n, String operation, CountingInterceptor counter, double idealRcu, double idealWcu,
            double minimumWcu, int requestLimit, String note) {
        List<CountingInterceptor.Call> calls = counter.calls();
        Map<String, Long> byOp = new TreeMap<>();
        double rcu = 0;
        double wcu = 0;
        for (CountingInterceptor.Call c : calls) {
            byOp.merge(c.operation() + (c.failed() ? " (failed)" : ""), 1L, Long::sum);
            if (c.read()) {
                rcu += c.units();
            } else {
                wcu += c.units();
            }
        }
        StringBuilder breakdown = new StringBuilder();
        byOp.forEach((op, count) -> breakdown.append(breakdown.length() == 0 ? "" : ", ").append(count).append(" ").append(op));
        return new Row(n, operation, calls.size(), breakdown.toString(), rcu, wcu, idealRcu, idealWcu, minimumWcu,
                requestLimit, note);
    }

    private static APIGatewayProxyResponseEvent call(ApiHandler handler,
            APIGatewayProxyRequestEvent event, int expected) {
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
        if (response.getStatusCode() != expected) {
            throw new IllegalStateException("expected " + expected + " but got " + response.getStatusCode() + ": " + response.getBody());
        }
        return response;
    }

    /** The line items' own bytes: the UTF-8 length of every field value, nothing else. */
    static double fieldBytes(ArrayNode lines) {
        long bytes = 0;
        for (JsonNode line : lines) {
            for (var it = line.fields(); it.hasNext(); ) {
                bytes += it.next().getValue().asText().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return bytes / 1024.0;
    }

    private static double wcu(double kb) {
        return Math.ceil(kb);
    }

    private static double rcu(double bytes) {
        return Math.ceil(bytes / 4096.0);
    }

    private static double kbToRcu(double kb) {
        return Math.ceil(kb / 4.0);
    }

    /** The contract head's size in KB, counted as DynamoDB counts an item (names plus values). */
    private static double headKb(DynamoDbClient client, String table, String company, String contract) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("COMPANY#" + company + "#CONTRACT#" + contract),
                        "sk", AttributeValue.fromS("HEAD")))).item();
        return ItemSize.of(item) / 1024.0;
    }
}
