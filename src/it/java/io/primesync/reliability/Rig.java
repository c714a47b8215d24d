package io.primesync.reliability;

import io.primesync.local.LocalSettings;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.domain.Caller;
import io.primesync.domain.ContractSnapshot;
import io.primesync.domain.Level;
import io.primesync.domain.LineItem;
import io.primesync.handler.AppContext;
import io.primesync.handler.EligibilityHandler;
import io.primesync.handler.ListContractsHandler;
import io.primesync.handler.SyncHandler;
import io.primesync.handler.WebhookHandler;
import io.primesync.auth.AuthorizerContext;
import io.primesync.json.Json;
import io.primesync.testing.LocalDynamo;
import io.primesync.testing.LocalProcore;
import io.primesync.testing.LocalSqs;
import io.primesync.testing.SyncDrain;
import io.primesync.handler.SyncWorkerHandler;
import io.primesync.queue.SqsSyncQueue;
import io.primesync.webhook.Envelope;
import io.primesync.webhook.Source;
import io.primesync.webhook.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The handlers of one process, wired as a deployed function wires them (one context, one DynamoDB client), and
 * the API Gateway events a client's requests turn into.
 */
final class Rig {
    static final String LIST = "/companies/{companyId}/erp/prime-contracts";
    static final String ELIGIBILITY = "/companies/{companyId}/erp/prime-contracts/{contractId}/reimport-eligibility";
    static final String HISTORY = "/companies/{companyId}/erp/prime-contracts/{contractId}/history";
    static final String IMPORT = "/companies/{companyId}/erp/prime-contracts/{contractId}/import";
    static final String REIMPORT = "/companies/{companyId}/erp/prime-contracts/{contractId}/reimport";
    static final String SYNC = "/companies/{companyId}/erp/prime-contracts/{contractId}/syncs/{syncId}";
    /** What no response body may contain: a Java package path of ours, the JDK's or the SDK's. */
    static final Pattern CLASS_NAME = Pattern.compile("\\b(java|javax|jdk|sun|io\\.primesync|software\\.amazon|com\\.fasterxml|com\\.nimbusds)\\.");
    static final Pattern STACK_FRAME = Pattern.compile("\\bat [A-Za-z_$][\\w$.]*\\([\\w$]*\\.java:[0-9]+\\)|Exception:|\\tat ");

    final AppContext app;
    final SyncHandler sync;
    final EligibilityHandler eligibility;
    final ListContractsHandler list;
    final WebhookHandler webhook;
    final SyncWorkerHandler worker;
    /** The rig's own sync queue (messages come back a second after a worker fails them) and its consumer. */
    final SyncDrain queue;
    /** The rig's queue of Procore's deliveries and the Procore event worker that takes from it. */
    final SyncDrain procoreEvents;

    Rig(DynamoDbClient client) {
        this(client, Clock.systemUTC());
    }

    Rig(DynamoDbClient client, Clock clock) {
        this(client, clock, LocalDynamo.get().tableName());
    }

    Rig(DynamoDbClient client, Clock clock, String table) {
        String queueUrl = LocalSqs.get().newQueue("rig-" + java.util.UUID.randomUUID(), 1);
        Map<String, String> env = env(table);
        env.put(SqsSyncQueue.QUEUE_URL, queueUrl);
        String procoreQueueUrl = LocalSqs.get().newQueue("rig-procore-" + java.util.UUID.randomUUID(), 1);
        env.put(io.primesync.queue.ProcoreEventQueue.QUEUE_URL, procoreQueueUrl);
        this.app = new AppContext(env::get, clock, () -> client, LocalSqs.get()::client);
        this.sync = LocalSettings.handler(SyncHandler.class, app);
        this.eligibility = LocalSettings.handler(EligibilityHandler.class, app);
        this.list = LocalSettings.handler(ListContractsHandler.class, app);
        this.webhook = LocalSettings.handler(WebhookHandler.class, app);
        this.worker = LocalSettings.handler(SyncWorkerHandler.class, app);
        this.queue = new SyncDrain(worker, queueUrl);
        this.procoreEvents = new SyncDrain(LocalSettings.handler(io.primesync.handler.ProcoreEventHandler.class, app),
                procoreQueueUrl);
    }

    static Map<String, String> env(String table) {
        Map<String, String> env = new HashMap<>();
        env.put(AppContext.TABLE_NAME, table);
        env.putAll(LocalSettings.WEBHOOK_SECRETS);
        env.putAll(LocalProcore.get().env());
        return env;
    }

    /** The company in the Procore simulator (with limits no test reaches) and {@code count} projects of it. */
    static String[] procoreProjects(String companyId, int count) {
        LocalProcore procore = LocalProcore.get();
        procore.company(companyId, true);
        String[] ids = new String[count];
        for (int i = 0; i < count; i++) {
            ids[i] = procore.client().createProject(companyId, "Project " + (i + 1) + " of " + companyId, null);
        }
        return ids;
    }

    /** Admin on the company's ERP Integrations and on each project's Prime Contracts. */
    static Caller admin(String userId, String companyId, String... projectIds) {
        Map<String, Map<String, Level>> projects = new LinkedHashMap<>();
        for (String projectId : projectIds) {
            projects.put(projectId, Map.of(Caller.PRIME_CONTRACTS, Level.ADMIN));
        }
        return new Caller(userId, Map.of(companyId, Map.of(Caller.ERP_INTEGRATIONS, Level.ADMIN)), projects);
    }

    // ---------------------------------------------------------------- requests

    static APIGatewayProxyRequestEvent user(Caller caller, String method, String resource, String companyId,
            String contractId, String suffix) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("companyId", companyId);
        String path = "/companies/" + companyId + "/erp/prime-contracts";
        if (contractId != null) {
            params.put("contractId", contractId);
            path += "/" + contractId + suffix;
        }
        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withRequestId("req-" + Long.toHexString(System.nanoTime()))
                .withResourcePath(resource)
                .withHttpMethod(method)
                .withStage("v1");
        if (caller != null) {
            context.setAuthorizer(new HashMap<>(AuthorizerContext.toContext(caller)));
        }
        Map<String, String> headers = new HashMap<>();
        headers.put("Accept", "application/json");
        return new APIGatewayProxyRequestEvent()
                .withResource(resource)
                .withPath(path)
                .withHttpMethod(method)
                .withHeaders(headers)
                .withPathParameters(params)
                .withRequestContext(context)
                .withIsBase64Encoded(false);
    }

    static APIGatewayProxyRequestEvent reimport(Caller caller, String companyId, String contractId, String key) {
        APIGatewayProxyRequestEvent event = user(caller, "POST", REIMPORT, companyId, contractId, "/reimport");
        if (key != null) {
            event.getHeaders().put("Idempotency-Key", key);
        }
        return event;
    }

    static APIGatewayProxyRequestEvent importContract(Caller caller, String companyId, String contractId) {
        return user(caller, "POST", IMPORT, companyId, contractId, "/import");
    }

    static APIGatewayProxyRequestEvent syncStatus(Caller caller, String companyId, String contractId, String syncId) {
        APIGatewayProxyRequestEvent event = user(caller, "GET", SYNC, companyId, contractId, "/syncs/" + syncId);
        event.getPathParameters().put("syncId", syncId);
        return event;
    }

    static APIGatewayProxyRequestEvent eligibility(Caller caller, String companyId, String contractId) {
        return user(caller, "GET", ELIGIBILITY, companyId, contractId, "/reimport-eligibility");
    }

    static APIGatewayProxyRequestEvent history(Caller caller, String companyId, String contractId) {
        APIGatewayProxyRequestEvent event = user(caller, "GET", HISTORY, companyId, contractId, "/history");
        event.setQueryStringParameters(Map.of("limit", "100"));
        return event;
    }

    static APIGatewayProxyRequestEvent list(Caller caller, String companyId, boolean synced) {
        APIGatewayProxyRequestEvent event = user(caller, "GET", LIST, companyId, null, "");
        event.setQueryStringParameters(Map.of("status", synced ? "synced" : "staged", "limit", "100"));
        return event;
    }

    /** A webhook delivery of this envelope, signed now with the source's local secret. */
    static APIGatewayProxyRequestEvent webhook(Source source, String body, long nowEpochSeconds) {
        String path = "/webhooks/" + source.wire();
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put(WebhookSignature.HEADER, WebhookSignature.sign(
                LocalSettings.WEBHOOK_SECRETS.get(source.secretName()).getBytes(StandardCharsets.UTF_8), nowEpochSeconds, body.getBytes(StandardCharsets.UTF_8)));
        return new APIGatewayProxyRequestEvent()
                .withResource(path)
                .withPath(path)
                .withHttpMethod("POST")
                .withHeaders(headers)
                .withBody(body)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId("wh-" + Long.toHexString(System.nanoTime())).withResourcePath(path))
                .withIsBase64Encoded(false);
    }

    // ---------------------------------------------------------------- webhook bodies

    static ObjectNode envelope(String id, String type, String companyId, String occurredAt, ObjectNode data) {
        return Envelope.json(id, type, companyId, occurredAt, data);
    }

    static ObjectNode snapshotData(ContractSnapshot s) {
        ObjectNode data = Json.object();
        data.put("contractId", s.contractId());
        data.put("jobNumber", s.jobNumber());
        data.put("title", s.title());
        data.put("status", s.status().wire());
        data.put("erpVersion", s.erpVersion());
        data.put("originalContractAmount", s.originalContractAmount().toPlainString());
        if (s.retainagePercent() != null) {
            data.put("retainagePercent", s.retainagePercent().toPlainString());
        }
        ArrayNode lines = data.putArray("lineItems");
        for (LineItem line : s.lineItems()) {
            ObjectNode o = lines.addObject();
            o.put("itemCode", line.itemCode());
            o.put("description", line.description());
            o.put("amount", line.amount().toPlainString());
            if (line.quantity() != null) {
                o.put("quantity", line.quantity().toPlainString());
                o.put("unitOfMeasure", line.unitOfMeasure());
                o.put("unitPrice", line.unitPrice().toPlainString());
            }
        }
        return data;
    }

    // ---------------------------------------------------------------- responses

    static JsonNode json(APIGatewayProxyResponseEvent response) {
        return Json.read(response.getBody().getBytes(StandardCharsets.UTF_8));
    }

    static String header(APIGatewayProxyResponseEvent response, String name) {
        if (response.getHeaders() == null) {
            return null;
        }
        for (Map.Entry<String, String> e : response.getHeaders().entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Reason codes of a refusal or of an eligibility answer. */
    static List<String> reasonCodes(JsonNode body) {
        List<String> codes = new java.util.ArrayList<>();
        body.path("reasons").forEach(r -> codes.add(r.path("code").asText()));
        return codes;
    }

    /**
     * What a 503 must look like: problem+json, code SERVICE_UNAVAILABLE, a Retry-After of whole seconds.
     * Returns a description of what is wrong, or null.
     */
    static String badUnavailable(APIGatewayProxyResponseEvent response) {
        if (response.getStatusCode() != 503) {
            return "status " + response.getStatusCode();
        }
        if (!"application/problem+json".equals(header(response, "Content-Type"))) {
            return "content type " + header(response, "Content-Type");
        }
        String retryAfter = header(response, "Retry-After");
        if (retryAfter == null || !retryAfter.matches("[1-9][0-9]*")) {
            return "Retry-After " + retryAfter;
        }
        JsonNode body = json(response);
        if (!"SERVICE_UNAVAILABLE".equals(body.path("code").asText()) || body.path("status").asInt() != 503) {
            return "body " + response.getBody();
        }
        return null;
    }

    /**
     * What a response body must never hold: a stack frame, a Java class name, or the table name. Text that the
     * request itself carried (an identifier echoed back in a 404) does not count.
     */
    static String leak(String body, String requestText) {
        if (body == null) {
            return null;
        }
        var m = CLASS_NAME.matcher(body);
        while (m.find()) {
            if (requestText == null || !echoed(body, requestText, m.start())) {
                return "class name near: " + body.substring(m.start(), Math.min(body.length(), m.end() + 30));
            }
        }
        var frame = STACK_FRAME.matcher(body);
        if (frame.find() && (requestText == null || !requestText.contains(frame.group()))) {
            return "stack trace near: " + body.substring(frame.start(), Math.min(body.length(), frame.end() + 30));
        }
        String table = LocalDynamo.get().tableName();
        if (body.contains(table) && (requestText == null || !requestText.contains(table))) {
            return "table name";
        }
        return null;
    }

    /** Whether the identifier-like run of characters around {@code at} appears verbatim in the request. */
    private static boolean echoed(String body, String requestText, int at) {
        int start = at;
        while (start > 0 && isIdChar(body.charAt(start - 1))) {
            start--;
        }
        int end = at;
        while (end < body.length() && isIdChar(body.charAt(end))) {
            end++;
        }
        return requestText.contains(body.substring(start, end));
    }

    private static boolean isIdChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == '$';
    }
}
