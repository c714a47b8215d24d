package io.primesync.handler;

import static io.primesync.testing.Answers.assertProblem;
import static io.primesync.testing.Answers.reasonCodes;
import static io.primesync.testing.Answers.strings;
import static io.primesync.testing.Answers.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.http.Route;
import io.primesync.json.Json;
import io.primesync.local.DemoData;
import io.primesync.local.HandlerTarget;
import io.primesync.local.LocalSettings;
import io.primesync.local.SampleEvents;
import io.primesync.local.Template;
import io.primesync.local.procore.ProcoreSimulator;
import io.primesync.local.procore.SimulatorClient;
import io.primesync.queue.ProcoreEventQueue;
import io.primesync.queue.SqsSyncQueue;
import io.primesync.queue.SyncMessage;
import io.primesync.testing.Answers;
import io.primesync.testing.Api;
import io.primesync.testing.LocalDynamo;
import io.primesync.testing.LocalSqs;
import io.primesync.testing.Response;
import io.primesync.testing.TestTokens;
import io.primesync.webhook.Source;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The files in events/ (what {@code sam local invoke -e} takes) fed through the handler that template.yaml maps
 * each one to, in the order they make sense on a fresh company. The samples name company 1001, so this test works
 * in a table of its own.
 */
class SampleEventsIT {
    private static final Path EVENTS = Template.defaultPath().getParent().resolve("events");
    private static final String TABLE = "primesync-samples-" + Long.toHexString(System.nanoTime());
    /** The serializers the Lambda Java runtime itself uses for these event types. */
    private static final PojoSerializer<APIGatewayProxyRequestEvent> PROXY = LambdaEventSerializers.serializerFor(
            APIGatewayProxyRequestEvent.class, SampleEventsIT.class.getClassLoader());
    private static final PojoSerializer<APIGatewayCustomAuthorizerEvent> AUTHORIZER = LambdaEventSerializers.serializerFor(
            APIGatewayCustomAuthorizerEvent.class, SampleEventsIT.class.getClassLoader());

    private static ProcoreSimulator simulator;
    private static String queueUrl;
    private static String procoreQueueUrl;
    private final Set<String> used = new TreeSet<>();
    private AppContext app;
    private SyncWorkerHandler worker;
    private SweeperHandler sweeper;
    private ProcoreEventHandler procoreWorker;
    private ReconcileHandler reconciler;
    private Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> routes;
    private RequestHandler<APIGatewayCustomAuthorizerEvent, Map<String, Object>> authorizer;

    @BeforeAll
    static void createTable() throws IOException {
        // the demo's Procore ids are those a fresh Procore hands out
        simulator = ProcoreSimulator.start(0, null, Clock.systemUTC());
        queueUrl = LocalSqs.get().newQueue("samples-" + Long.toHexString(System.nanoTime()));
        procoreQueueUrl = LocalSqs.get().newQueue("samples-procore-" + Long.toHexString(System.nanoTime()));
        DynamoDbClient client = LocalDynamo.get().client();
        client.createTable(Template.load(Template.defaultPath()).createTableRequest(TABLE));
        client.waiter().waitUntilTableExists(b -> b.tableName(TABLE));
    }

    @AfterAll
    static void dropTable() {
        simulator.close();
        try {
            LocalDynamo.get().client().deleteTable(b -> b.tableName(TABLE));
        } catch (RuntimeException ignored) {
            // an in-memory engine forgets it anyway
        }
    }

    @Test
    void everySampleEventGetsItsAnswerThroughTheFunctionTheTemplateMapsItTo() throws Exception {
        wire();

        // the authorizer lets the sample token in, with the caller the user samples carry
        Map<String, Object> allowed = authorize(read("authorizer.json"));
        assertEquals(SampleEvents.USER, allowed.get("principalId"));
        JsonNode policy = Json.MAPPER.valueToTree(allowed.get("policyDocument"));
        assertEquals("Allow", policy.path("Statement").get(0).path("Effect").asText());
        assertEquals("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/v1/*/*",
                policy.path("Statement").get(0).path("Resource").asText());

        JsonNode empty = ok(invoke(read("list-synced.json")));
        assertEquals(0, empty.path("items").size());

        // the samples are aimed at the demo company as serve --demo loads it
        HandlerTarget.load(app, simulator.baseUri());
        JsonNode synced = ok(invoke(read("list-synced.json")));
        // listed by contract id: the demo's, by job
        assertEquals(List.of(DemoData.READY, DemoData.UNAPPROVED, DemoData.NO_JOB, DemoData.TWO_PROJECTS,
                DemoData.IN_SYNC, DemoData.APPROVED_CO, DemoData.DELETED, DemoData.LARGE, DemoData.READY_2,
                DemoData.LOCKED, DemoData.EDITED, DemoData.NOT_VISIBLE),
                texts(synced.path("items"), "contractId"));
        assertEquals(List.of(DemoData.STAGED), texts(ok(invoke(read("list-staged.json"))).path("items"), "contractId"));
        assertEquals(List.of(DemoData.READY, DemoData.LARGE, DemoData.READY_2, DemoData.EDITED),
                texts(ok(invoke(read("list-ready.json"))).path("items"), "contractId"));

        JsonNode eligible = ok(invoke(read("reimport-eligibility.json")));
        assertTrue(eligible.path("eligible").asBoolean(), eligible.toString());
        assertEquals(DemoData.V2, eligible.path("erpVersion").asLong());
        assertEquals(List.of("09-900"), texts(eligible.path("preview").path("added"), "itemCode"));
        assertEquals(List.of("03-300"), texts(eligible.path("preview").path("changed"), "itemCode"));
        assertEquals(List.of("05-100"), texts(eligible.path("preview").path("removed"), "itemCode"));
        assertEquals(List.of("import"), texts(ok(invoke(read("history.json"))).path("items"), "kind"));

        Response imported = invoke(read("import.json"));
        assertEquals(202, imported.status(), imported.body());
        assertEquals(DemoData.STAGED, imported.json().path("contractId").asText());
        assertEquals("pending", imported.json().path("status").asText());
        assertEquals(DemoData.contract(DemoData.STAGED).projectId(), imported.json().path("projectId").asText());
        String importId = imported.json().path("syncId").asText();
        assertEquals(imported.header("Location"), "/v1" + Route.SYNC.path(DemoData.COMPANY, DemoData.STAGED, importId));

        // the sync samples name a sync no demo has; aimed at the import, they show it and write it to Procore
        assertProblem(invoke(read("sync.json")), 404, "NOT_FOUND");
        assertEquals("pending", ok(invoke(aimedAt(read("sync.json"), DemoData.STAGED, importId))).path("status").asText());
        assertEquals(0, work(read("sync-worker.json"), worker).path("batchItemFailures").size(), "an unknown sync is let go");
        assertEquals(0, work(aimedAt(read("sync-worker.json"), DemoData.STAGED, importId), worker).path("batchItemFailures").size());
        JsonNode importDone = ok(invoke(aimedAt(read("sync.json"), DemoData.STAGED, importId)));
        assertEquals("applied", importDone.path("status").asText(), importDone.toString());
        JsonNode pc = procoreSide().primeContractOf(DemoData.COMPANY, DemoData.contract(DemoData.STAGED).projectId(),
                DemoData.STAGED);
        assertNotNull(pc, "the import made the prime contract in Procore");
        assertEquals(DemoData.lines(DemoData.STAGED, DemoData.contract(DemoData.STAGED).erpVersion()).size(),
                procoreSide().lineItems(DemoData.COMPANY, DemoData.contract(DemoData.STAGED).projectId(),
                        pc.path("id").asText()).size());

        Response reimported = invoke(read("reimport.json"));
        assertEquals(202, reimported.status(), reimported.body());
        JsonNode result = reimported.json();
        assertNull(reimported.header("Idempotent-Replayed"));
        assertEquals("pending", result.path("status").asText());
        assertEquals(DemoData.V2, result.path("erpVersion").asLong());
        assertEquals(DemoData.contract(DemoData.READY).projectId(), result.path("projectId").asText());
        assertEquals(DemoData.amount(DemoData.READY, DemoData.V1), result.path("previousAmount").asText());
        assertEquals(DemoData.amount(DemoData.READY, DemoData.V2), result.path("newAmount").asText());
        assertEquals(SampleEvents.USER, result.path("requestedBy").asText());
        Response replayed = invoke(read("reimport.json"));
        assertEquals(202, replayed.status());
        assertEquals("true", replayed.header("Idempotent-Replayed"));
        assertEquals(reimported.body(), replayed.body());
        JsonNode busy = assertProblem(invoke(withoutIdempotencyKey(read("reimport.json"))), 409, "REIMPORT_NOT_ALLOWED");
        assertEquals(List.of("SYNC_IN_PROGRESS"), reasonCodes(busy.path("reasons")));

        // the sweeper leaves a sync alone while its own message may still be on the way
        JsonNode swept = work(read("sweeper.json"), sweeper);
        assertEquals(1, swept.path("unfinished").asInt(), swept.toString());
        assertEquals(0, swept.path("queued").asInt(), swept.toString());

        String reimportId = result.path("syncId").asText();
        assertEquals(0, work(aimedAt(read("sync-worker.json"), DemoData.READY, reimportId), worker).path("batchItemFailures").size());
        assertEquals("applied", ok(invoke(aimedAt(read("sync.json"), DemoData.READY, reimportId))).path("status").asText());
        JsonNode nothingLeft = assertProblem(invoke(withoutIdempotencyKey(read("reimport.json"))), 409, "REIMPORT_NOT_ALLOWED");
        assertEquals(List.of("NO_UNSYNCED_CHANGES"), reasonCodes(nothingLeft.path("reasons")));
        assertEquals(List.of(DemoData.LARGE, DemoData.READY_2, DemoData.EDITED),
                texts(ok(invoke(read("list-ready.json"))).path("items"), "contractId"));
        JsonNode history = ok(invoke(read("history.json"))).path("items");
        assertEquals(List.of("reimport", "import"), texts(history, "kind"));
        assertEquals(List.of("applied", "applied"), texts(history, "status"));
        assertEquals(0, work(read("sweeper.json"), sweeper).path("unfinished").asInt(), "nothing is left unfinished");

        // the webhook samples bring a contract the demo does not have, then take it away again
        assertResult(invoke(read("webhook-spectrum-contract-upserted.json")), "applied");
        assertResult(invoke(read("webhook-spectrum-contract-upserted.json")), "duplicate");
        assertEquals(List.of(SampleEvents.NEW_CONTRACT),
                texts(ok(invoke(read("list-staged.json"))).path("items"), "contractId"), "the staged one was imported");
        assertResult(invoke(read("webhook-spectrum-contract-deleted.json")), "applied");

        // Procore's delivery of a change to the demo's approved change order: taken at once, once
        JsonNode approvedCo = ok(invoke(aimedAt(read("reimport-eligibility.json"), DemoData.APPROVED_CO)));
        assertEquals(List.of("APPROVED_CHANGE_ORDERS"), reasonCodes(approvedCo.path("reasons")));
        assertEquals(List.of(SampleEvents.DEMO_CHANGE_ORDER_ID),
                strings(approvedCo.path("reasons").get(0).path("details").path("pccoIds")));
        assertResult(invoke(read("webhook-procore-delivery.json")), "accepted");
        assertResult(invoke(read("webhook-procore-delivery.json")), "duplicate");
        // the change it tells of, made in Procore (voided), read by the Procore event worker from its sample
        ObjectNode voided = Json.object();
        voided.putObject("change_order").put("status", "void");
        procoreSide().patch(DemoData.COMPANY, "/rest/v1.0/projects/" + DemoData.contract(DemoData.APPROVED_CO).projectId()
                + "/prime_change_orders/" + SampleEvents.DEMO_CHANGE_ORDER_ID, voided);
        assertEquals(0, work(read("procore-event.json"), procoreWorker).path("batchItemFailures").size());
        JsonNode unblocked = ok(invoke(aimedAt(read("reimport-eligibility.json"), DemoData.APPROVED_CO)));
        assertTrue(unblocked.path("eligible").asBoolean(), unblocked.toString());
        // and the reconciliation reads the company's Procore side again
        JsonNode reconciled = work(read("reconcile.json"), reconciler);
        assertEquals(1, reconciled.path("companies").asInt(), reconciled.toString());
        assertEquals(0, reconciled.path("postponed").asInt(), reconciled.toString());

        Set<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(EVENTS)) {
            list.filter(p -> p.toString().endsWith(".json")).forEach(p -> files.add(p.getFileName().toString()));
        }
        // the Spectrum agent's function is fed its sample by AgentFunctionIT (against a Spectrum and its own table)
        files.remove("spectrum-agent.json");
        assertEquals(files, used, "every sample was fed through its function");
    }

    @Test
    void theAuthorizerTurnsEachUserSamplesTokenIntoTheContextTheSampleCarries() throws Exception {
        wire();
        try (Stream<Path> list = Files.list(EVENTS)) {
            for (Path file : list.filter(p -> p.toString().endsWith(".json")).toList()) {
                ObjectNode event = read(file.getFileName().toString());
                if (!event.has("httpMethod") || event.path("resource").asText().startsWith("/webhooks/")) {
                    continue;
                }
                ObjectNode token = Json.object();
                token.put("type", "TOKEN");
                token.put("authorizationToken", event.path("headers").path("Authorization").asText());
                token.put("methodArn", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/v1/"
                        + event.path("httpMethod").asText() + event.path("path").asText());
                Map<String, Object> out = authorize(token);
                JsonNode carried = event.path("requestContext").path("authorizer");
                assertEquals(carried.path("principalId").asText(), out.get("principalId"), file.toString());
                @SuppressWarnings("unchecked")
                Map<String, Object> context = (Map<String, Object>) out.get("context");
                assertEquals(carried.path("sub").asText(), context.get("sub"), file.toString());
                assertEquals(carried.path("permissions").asText(), context.get("permissions"), file.toString());
            }
        }
    }

    // ------------------------------------------------------------------ the template as a router

    @SuppressWarnings("unchecked")
    private void wire() throws ReflectiveOperationException {
        Map<String, String> env = new LinkedHashMap<>(Api.env(TABLE));
        env.putAll(simulator.clientEnvironment());
        env.put(SqsSyncQueue.QUEUE_URL, queueUrl);
        env.put(ProcoreEventQueue.QUEUE_URL, procoreQueueUrl);
        env.putAll(DemoData.SETTINGS);
        app = new AppContext(env::get, Clock.systemUTC(), () -> LocalDynamo.get().client(), LocalSqs.get()::client);
        worker = LocalSettings.handler(SyncWorkerHandler.class, app);
        sweeper = LocalSettings.handler(SweeperHandler.class, app);
        procoreWorker = LocalSettings.handler(ProcoreEventHandler.class, app);
        reconciler = LocalSettings.handler(ReconcileHandler.class, app);
        Template template = Template.load(Template.defaultPath());
        Map<String, Map<String, Object>> functions = template.unconditional("AWS::Serverless::Function");
        routes = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> f : functions.entrySet()) {
            Object handler = null;
            for (Object e : Template.map(f.getValue(), "Properties", "Events").values()) {
                Map<String, Object> event = Template.map(e);
                if (!"Api".equals(event.get("Type"))) {
                    continue;
                }
                if (handler == null) {
                    handler = instantiate(f.getValue());
                }
                Map<String, Object> props = Template.map(event, "Properties");
                routes.put(String.valueOf(props.get("Method")).toUpperCase() + " " + props.get("Path"),
                        (RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>) handler);
            }
        }
        Map<String, Object> api = Template.map(template.resourcesOfType("AWS::Serverless::Api").values().iterator().next());
        Map<String, Object> auth = Template.map(api, "Properties", "Auth");
        Object arn = Template.map(auth, "Authorizers", (String) auth.get("DefaultAuthorizer")).get("FunctionArn");
        String function = String.valueOf(Template.map(arn).get("Ref")).split("\\.", 2)[0];
        authorizer = (RequestHandler<APIGatewayCustomAuthorizerEvent, Map<String, Object>>) instantiate(functions.get(function));
    }

    private Object instantiate(Map<String, Object> function) throws ReflectiveOperationException {
        String handler = (String) Template.map(function, "Properties").get("Handler");
        Class<?> type = Class.forName(handler.split("::")[0]);
        return type == AuthorizerHandler.class ? new AuthorizerHandler(TestTokens.verifier())
                : LocalSettings.handler(type, app);
    }

    private Response invoke(ObjectNode event) {
        String route = event.path("httpMethod").asText() + " " + event.path("resource").asText();
        RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler = routes.get(route);
        assertNotNull(handler, "template.yaml maps " + route);
        APIGatewayProxyRequestEvent request = PROXY.fromJson(Json.write(event));
        return Response.of(handler.handleRequest(request, null), TABLE, request);
    }

    /** A sample of a function that is not behind the API, through that function's own stream handler. */
    private JsonNode work(ObjectNode event, RequestStreamHandler function)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        function.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(
                StandardCharsets.UTF_8)), out, null);
        return Json.read(out.toByteArray());
    }

    private SimulatorClient procoreSide() {
        return new SimulatorClient(simulator.baseUri());
    }

    /** A contract route sample, aimed at another contract. */
    private static ObjectNode aimedAt(ObjectNode event, String contractId) {
        String from = "/" + event.path("pathParameters").path("contractId").asText() + "/";
        event.put("path", event.path("path").asText().replace(from, "/" + contractId + "/"));
        ((ObjectNode) event.get("requestContext")).put("path",
                event.path("requestContext").path("path").asText().replace(from, "/" + contractId + "/"));
        ((ObjectNode) event.get("pathParameters")).put("contractId", contractId);
        return event;
    }

    /** The sync route or worker sample, aimed at another contract's sync. */
    private static ObjectNode aimedAt(ObjectNode event, String contractId, String syncId) {
        if (event.has("Records")) {
            ObjectNode record = (ObjectNode) event.get("Records").get(0);
            record.put("body", new SyncMessage(DemoData.COMPANY, contractId, syncId, 1).json());
            return event;
        }
        String path = Route.SYNC.path(DemoData.COMPANY, contractId, syncId);
        event.put("path", path);
        ((ObjectNode) event.get("requestContext")).put("path", "/v1" + path);
        ((ObjectNode) event.get("pathParameters")).put("contractId", contractId).put("syncId", syncId);
        return event;
    }

    private Map<String, Object> authorize(ObjectNode event) {
        return authorizer.handleRequest(AUTHORIZER.fromJson(Json.write(event)), null);
    }

    /** A sample as a file holds it; webhooks re-signed now, as their sender would sign them. */
    private ObjectNode read(String name) throws IOException {
        used.add(name);
        ObjectNode event = (ObjectNode) Json.read(Files.readAllBytes(EVENTS.resolve(name)));
        String resource = event.path("resource").asText("");
        if (resource.startsWith("/webhooks/")) {
            SampleEvents.sign(event, resource.endsWith("/procore") ? Source.PROCORE : Source.SPECTRUM,
                    Instant.now().getEpochSecond());
        }
        return event;
    }

    private static ObjectNode withoutIdempotencyKey(ObjectNode event) {
        ((ObjectNode) event.get("headers")).remove("Idempotency-Key");
        ((ObjectNode) event.get("multiValueHeaders")).remove("Idempotency-Key");
        return event;
    }

    private static JsonNode ok(Response response) {
        assertEquals(200, response.status(), response.body());
        assertEquals("application/json", response.header("Content-Type"));
        return response.json();
    }

    private static void assertResult(Response response, String result) {
        Answers.assertResult(response, result);
        assertFalse(response.json().path("id").asText().isBlank());
    }
}
