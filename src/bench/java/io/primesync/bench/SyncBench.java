package io.primesync.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.primesync.handler.AppContext;
import io.primesync.handler.SyncHandler;
import io.primesync.handler.SyncWorkerHandler;
import io.primesync.handler.WebhookHandler;
import io.primesync.json.Json;
import io.primesync.local.LocalSettings;
import io.primesync.local.SampleEvents;
import io.primesync.local.procore.SimulatorClient;
import io.primesync.local.sqs.SqsEventSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Writing to Procore: for each size, an import and then a re-import through the handlers (the request, then the
 * worker from the queue), with the Procore simulator's request log beside the ideal (one token, the list pages that
 * must be read, one sync call per 1,000 changed lines, one delete per removed line, and the status changes Procore's
 * lock on a schedule of values needs: one for an import, two for a re-import), the wall time from the request
 * to the sync applied, and the DynamoDB and SQS requests of each.
 */
final class SyncBench {
    /** One measured sync. */
    record Row(int lines, String operation, int procoreRequests, int ideal, String procoreBreakdown, int throttled,
            double millis, int dynamoRequests, int sqsRequests, int writes) {}

    private final Bench.Setup setup;

    SyncBench(Bench.Setup setup) {
        this.setup = setup;
    }

    List<Row> run(List<Integer> sizes) throws Exception {
        List<Row> rows = new ArrayList<>();
        DemoState demo = new DemoState(setup.events());
        for (int n : sizes) {
            // a fresh Procore each time: its first project is one the demo admin's token names
            setup.engine().freshProcore();
            CountingInterceptor dynamo = new CountingInterceptor();
            CountingInterceptor sqs = new CountingInterceptor();
            String table = setup.engine().createTable("sync-" + n);
            String queue = setup.engine().newQueue("sync-bench-" + n);
            try (DynamoDbClient client = setup.engine().client(dynamo);
                 SqsClient sqsClient = setup.engine().sqsClient(sqs)) {
                AppContext app = new AppContext(setup.engine().environment(table, queue)::get, Clock.systemUTC(),
                        () -> client, () -> sqsClient);
                DemoState.quietly(() -> {
                    try {
                        rows.addAll(measure(n, demo, app, dynamo, sqs));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
        }
        return rows;
    }

    private List<Row> measure(int n, DemoState demo, AppContext app, CountingInterceptor dynamo, CountingInterceptor sqs)
            throws Exception {
        String company = SampleEvents.COMPANY;
        String contract = "PC-S" + n;
        String job = "J-S" + n;
        String project = procoreProject(setup.engine(), company);
        SimulatorClient procore = new SimulatorClient(setup.engine().procore().baseUri());
        WebhookHandler webhooks = LocalSettings.handler(WebhookHandler.class, app);
        SyncHandler sync = LocalSettings.handler(SyncHandler.class, app);
        ArrayNode v1 = DemoState.lines(n, 1);
        ArrayNode v2 = DemoState.lines(n, 2);
        DemoState.syncJob(app, setup.engine().procore().baseUri(), company, job, project);
        expect(webhooks.handleRequest(demo.snapshot(company, contract, job, 1, v1), null), 200);
        List<Row> rows = new ArrayList<>();
        // an import: an empty prime contract list, an empty line list, the lines in batches of 1,000, and the one call
        // Procore's lock adds: the contract made in Draft is approved once its lines are written
        int importIdeal = 1 + 1 + 1 + (int) Math.ceil(n / 1000.0) + 1;
        rows.add(measured(n, "import", importIdeal, procore, company, dynamo, sqs,
                () -> sync.handleRequest(demo.userEvent("import.json", contract), null), app));
        expect(webhooks.handleRequest(demo.snapshot(company, contract, job, 2, v2), null), 200);
        // the line list as Procore holds it (v1), the changed and added lines in batches, one delete per removal
        int[] counts = diff(v1, v2);
        int changed = counts[0];
        int removed = counts[1];
        int v1Count = v1.size();
        // and the two calls Procore's lock adds: the approved contract to Draft for its lines, and back
        int reimportIdeal = 1 + (int) Math.max(1, Math.ceil(v1Count / 1000.0)) + (int) Math.ceil(changed / 1000.0) + removed
                + 2;
        rows.add(measured(n, "re-import", reimportIdeal, procore, company, dynamo, sqs,
                () -> sync.handleRequest(demo.userEvent("reimport.json", contract), null), app));
        return rows;
    }

    /** Lines to upsert (added or changed) and lines to remove between two versions, by item code. */
    private static int[] diff(ArrayNode from, ArrayNode to) {
        Map<String, String> before = new HashMap<>();
        from.forEach(l -> before.put(l.path("itemCode").asText(), l.toString()));
        int upserts = 0;
        for (JsonNode l : to) {
            String was = before.remove(l.path("itemCode").asText());
            if (was == null || !was.equals(l.toString())) {
                upserts++;
            }
        }
        return new int[] {upserts, before.size()};
    }

    private Row measured(int n, String operation, int ideal, SimulatorClient procore, String company,
            CountingInterceptor dynamo, CountingInterceptor sqs, Supplier<APIGatewayProxyResponseEvent> request,
            AppContext app) {
        procore.control("DELETE", "/_simulator/requests", null);
        dynamo.reset();
        sqs.reset();
        long start = System.nanoTime();
        APIGatewayProxyResponseEvent accepted = request.get();
        expect(accepted, 202);
        double millis = (drain(setup.engine(), app) - start) / 1e6;
        JsonNode log = procore.requests(company);
        StringBuilder breakdown = new StringBuilder();
        log.path("calls").fields().forEachRemaining(e -> breakdown.append(breakdown.length() == 0 ? "" : ", ")
                .append(e.getValue().path("count").asInt()).append(" ").append(e.getKey()));
        String syncId = Json.read(accepted.getBody().getBytes(StandardCharsets.UTF_8)).path("syncId").asText();
        int writes = app.contractStore().sync(company, syncIdContract(accepted), syncId).map(s -> s.linesWritten()).orElse(-1);
        String status = app.contractStore().sync(company, syncIdContract(accepted), syncId).map(s -> s.status().wire())
                .orElse("?");
        if (!status.equals("applied")) {
            throw new IllegalStateException(operation + " of " + n + " lines ended " + status);
        }
        return new Row(n, operation, log.path("total").asInt(), ideal, breakdown.toString(), log.path("throttled").asInt(),
                millis, dynamo.calls().size(), sqs.calls().size(), writes);
    }

    private static String syncIdContract(APIGatewayProxyResponseEvent accepted) {
        return Json.read(accepted.getBody().getBytes(StandardCharsets.UTF_8)).path("contractId").asText();
    }

    /** The demo company in the current simulator with a project of its own; answers the project's id. */
    static String procoreProject(LocalEngine engine, String company) {
        SimulatorClient procore = new SimulatorClient(engine.procore().baseUri());
        procore.company(company);
        procore.rateLimits(company, 1_000_000, 100_000);
        return procore.createProject(company, "Bench project " + System.nanoTime(), null);
    }

    /**
     * The worker takes the context's queue until it is empty, as Lambda's event source would; answers when (by
     * {@link System#nanoTime}) the last delivery the worker was done with ended.
     */
    static long drain(LocalEngine engine, AppContext app) {
        SyncWorkerHandler worker = LocalSettings.handler(SyncWorkerHandler.class, app);
        String url = app.sqsQueue().queueUrl();
        SqsClient sqs = engine.queues().client();
        long deadline = System.nanoTime() + 300_000_000_000L;
        long done = System.nanoTime();
        while (System.nanoTime() < deadline) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            if (messages.isEmpty()) {
                Map<QueueAttributeName, String> counts = sqs.getQueueAttributes(b -> b
                        .queueUrl(url).attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                        .attributes();
                if (counts.values().stream().allMatch("0"::equals)) {
                    return done;
                }
                continue;
            }
            for (Message m : messages) {
                SQSBatchResponse answer = worker.handleRequest(SqsEventSource.typedEvent(List.of(m), "arn:aws:sqs:bench"), null);
                if (answer.getBatchItemFailures().isEmpty()) {
                    done = System.nanoTime();
                    sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
                }
            }
        }
        throw new IllegalStateException("the sync queue did not empty");
    }

    private static void expect(APIGatewayProxyResponseEvent response, int status) {
        if (response.getStatusCode() != status) {
            throw new IllegalStateException("expected " + status + " but got " + response.getStatusCode() + ": "
                    + response.getBody());
        }
    }
}
