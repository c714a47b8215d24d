package io.primesync.handler;

import static io.primesync.testing.Api.assertProblem;
import static io.primesync.testing.Api.reasonCodes;
import static io.primesync.testing.Api.strings;
import static io.primesync.testing.Api.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.local.SampleEvents;
import io.primesync.local.Template;
import io.primesync.testing.Api;
import io.primesync.testing.Api.Response;
import io.primesync.testing.LocalDynamo;
import io.primesync.webhook.Source;
import java.io.IOException;
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

    private final Set<String> used = new TreeSet<>();
    private AppContext app;
    private Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> routes;
    private RequestHandler<APIGatewayCustomAuthorizerEvent, Map<String, Object>> authorizer;

    @BeforeAll
    static void createTable() {
        DynamoDbClient client = LocalDynamo.get().client();
        client.createTable(Template.load(Template.defaultPath()).createTableRequest(TABLE));
        client.waiter().waitUntilTableExists(b -> b.tableName(TABLE));
    }

    @AfterAll
    static void dropTable() {
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
        assertEquals("user-7", allowed.get("principalId"));
        JsonNode policy = Json.MAPPER.valueToTree(allowed.get("policyDocument"));
        assertEquals("Allow", policy.path("Statement").get(0).path("Effect").asText());
        assertEquals("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/v1/*/*",
                policy.path("Statement").get(0).path("Resource").asText());

        JsonNode empty = ok(invoke(read("list-synced.json")));
        assertEquals(0, empty.path("items").size());
        assertTrue(empty.path("nextCursor").isNull());

        // Spectrum first knows the contract at version 1, without its painting line
        assertResult(invoke(olderSnapshot()), "applied");
        JsonNode staged = ok(invoke(read("list-staged.json")));
        assertEquals(List.of(SampleEvents.CONTRACT), texts(staged.path("items"), "contractId"));
        assertEquals(1, staged.path("items").get(0).path("erpVersion").asLong());
        JsonNode notYet = ok(invoke(read("reimport-eligibility.json")));
        assertEquals(List.of("NOT_IMPORTED", "JOB_NOT_SYNCED"), reasonCodes(notYet.path("reasons")));
        JsonNode refused = assertProblem(invoke(read("import.json")), 409, "IMPORT_NOT_ALLOWED");
        assertEquals(List.of("JOB_NOT_SYNCED"), reasonCodes(refused.path("reasons")));

        assertResult(invoke(read("webhook-procore-job-synced.json")), "applied");
        Response imported = invoke(read("import.json"));
        assertEquals(201, imported.status(), imported.body());
        assertEquals(1, imported.json().path("syncedErpVersion").asLong());
        assertEquals(List.of(SampleEvents.PROJECT), strings(imported.json().path("projectIds")));
        assertEquals("993500.00", imported.json().path("contractAmount").asText());
        assertEquals(List.of("import"), texts(ok(invoke(read("history.json"))).path("items"), "kind"));

        // version 2 adds the painting line: the sample re-import (expectedErpVersion 2) applies it
        assertResult(invoke(read("webhook-spectrum-contract-upserted.json")), "applied");
        JsonNode eligible = ok(invoke(read("reimport-eligibility.json")));
        assertTrue(eligible.path("eligible").asBoolean(), eligible.toString());
        assertEquals(2, eligible.path("erpVersion").asLong());
        assertEquals(List.of("09-900"), texts(eligible.path("preview").path("added"), "itemCode"));
        assertEquals("993500.00", eligible.path("preview").path("currentAmount").asText());
        assertEquals("1250000.00", eligible.path("preview").path("newAmount").asText());
        assertEquals(List.of(SampleEvents.CONTRACT), texts(ok(invoke(read("list-ready.json"))).path("items"), "contractId"));

        Response reimported = invoke(read("reimport.json"));
        JsonNode result = ok(reimported);
        assertNull(reimported.header("Idempotent-Replayed"));
        assertEquals(2, result.path("erpVersion").asLong());
        assertEquals(SampleEvents.PROJECT, result.path("projectId").asText());
        assertEquals("993500.00", result.path("previousAmount").asText());
        assertEquals("1250000.00", result.path("newAmount").asText());
        assertEquals(1, result.path("added").asInt());
        assertEquals("user-7", result.path("syncedBy").asText());
        Response replayed = invoke(read("reimport.json"));
        assertEquals(200, replayed.status());
        assertEquals("true", replayed.header("Idempotent-Replayed"));
        assertEquals(reimported.body(), replayed.body());
        JsonNode nothingLeft = assertProblem(invoke(withoutIdempotencyKey(read("reimport.json"))), 409, "REIMPORT_NOT_ALLOWED");
        assertEquals(List.of("NO_UNSYNCED_CHANGES"), reasonCodes(nothingLeft.path("reasons")));
        assertResult(invoke(read("webhook-spectrum-contract-upserted.json")), "duplicate");

        JsonNode synced = ok(invoke(read("list-synced.json")));
        assertEquals(2, synced.path("items").get(0).path("syncedErpVersion").asLong());
        assertEquals(0, ok(invoke(read("list-ready.json"))).path("items").size());
        assertEquals(List.of("reimport", "import"), texts(ok(invoke(read("history.json"))).path("items"), "kind"));

        // the project-side and deletion samples concern another contract and job
        for (String file : List.of("webhook-spectrum-contract-deleted.json", "webhook-procore-job-unsynced.json",
                "webhook-procore-contract-linked.json", "webhook-procore-contract-unlinked.json",
                "webhook-procore-pcco-status-changed.json")) {
            assertResult(invoke(read(file)), "applied");
        }
        assertEquals(0, ok(invoke(read("list-staged.json"))).path("items").size(), "PC-24099 has no content from Spectrum");

        Set<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(EVENTS)) {
            list.filter(p -> p.toString().endsWith(".json")).forEach(p -> files.add(p.getFileName().toString()));
        }
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
        app = new AppContext(Api.env(TABLE)::get, Clock.systemUTC(), () -> LocalDynamo.get().client());
        Template template = Template.load(Template.defaultPath());
        Map<String, Map<String, Object>> functions = template.resourcesOfType("AWS::Serverless::Function");
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
        return Class.forName(handler.split("::")[0]).getConstructor(AppContext.class).newInstance(app);
    }

    private Response invoke(ObjectNode event) {
        String route = event.path("httpMethod").asText() + " " + event.path("resource").asText();
        RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler = routes.get(route);
        assertNotNull(handler, "template.yaml maps " + route);
        APIGatewayProxyRequestEvent request = PROXY.fromJson(Json.write(event));
        return Response.of(handler.handleRequest(request, null), TABLE);
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

    /** The upsert sample one version earlier, before the painting line was added. */
    private ObjectNode olderSnapshot() throws IOException {
        ObjectNode event = read("webhook-spectrum-contract-upserted.json");
        ObjectNode body = (ObjectNode) Json.read(event.path("body").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.put("id", "spx-evt-000100");
        ObjectNode data = (ObjectNode) body.get("data");
        data.put("erpVersion", 1);
        ArrayNode lines = (ArrayNode) data.get("lineItems");
        assertEquals("09-900", lines.get(lines.size() - 1).path("itemCode").asText());
        lines.remove(lines.size() - 1);
        data.put("originalContractAmount", "993500.00");
        event.put("body", Json.write(body));
        SampleEvents.sign(event, Source.SPECTRUM, Instant.now().getEpochSecond());
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
        Api.assertResult(response, result);
        assertFalse(response.json().path("id").asText().isBlank());
    }
}
