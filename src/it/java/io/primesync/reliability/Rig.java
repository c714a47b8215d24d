package io.primesync.reliability;

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
import io.primesync.handler.ProcoreEventHandler;
import io.primesync.handler.SourceGate;
import io.primesync.handler.SyncHandler;
import io.primesync.handler.SyncWorkerHandler;
import io.primesync.handler.WebhookHandler;
import io.primesync.http.Route;
import io.primesync.json.Json;
import io.primesync.local.GatewayEvents;
import io.primesync.local.LocalSettings;
import io.primesync.queue.ProcoreEventQueue;
import io.primesync.queue.SqsSyncQueue;
import io.primesync.testing.LocalDynamo;
import io.primesync.testing.LocalProcore;
import io.primesync.testing.LocalSqs;
import io.primesync.testing.SyncDrain;
import io.primesync.webhook.Envelope;
import io.primesync.webhook.Source;
import io.primesync.webhook.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The handlers of one process, wired as a deployed function wires them (one context, one DynamoDB client), and
 * the API Gateway events a client's requests turn into.
 */
final class Rig {
    static final String LIST = Route.LIST.template();
    static final String ELIGIBILITY = Route.ELIGIBILITY.template();
    static final String HISTORY = Route.HISTORY.template();
    static final String IMPORT = Route.IMPORT.template();
    static final String REIMPORT = Route.REIMPORT.template();
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
        String queueUrl = LocalSqs.get().newQueue("rig-" + UUID.randomUUID(), 1);
        Map<String, String> env = env(table);
        env.put(SqsSyncQueue.QUEUE_URL, queueUrl);
        String procoreQueueUrl = LocalSqs.get().newQueue("rig-procore-" + UUID.randomUUID(), 1);
        env.put(ProcoreEventQueue.QUEUE_URL, procoreQueueUrl);
        this.app = new AppContext(env::get, clock, () -> client, LocalSqs.get()::client);
        this.sync = LocalSettings.handler(SyncHandler.class, app);
        this.eligibility = LocalSettings.handler(EligibilityHandler.class, app);
        this.list = LocalSettings.handler(ListContractsHandler.class, app);
        this.webhook = LocalSettings.handler(WebhookHandler.class, app);
        this.worker = LocalSettings.handler(SyncWorkerHandler.class, app);
        this.queue = new SyncDrain(worker, queueUrl);
        this.procoreEvents = new SyncDrain(LocalSettings.handler(ProcoreEventHandler.class, app),
                procoreQueueUrl);
    }

    static Map<String, String> env(String table) {
        Map<String, String> env = new HashMap<>();
        env.put(AppContext.TABLE_NAME, table);
        env.putAll(LocalSettings.WEBHOOK_SECRETS);
        // a flood from one address in one process: the door per address has tests of its own
        env.put(SourceGate.RATE, "0");
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

    /** A user's request to a route of one of the company's contracts (or, without one, to the list). */
    static GatewayEvents user(Caller caller, Route route, String companyId, String... more) {
        String[] values = new String[more.length + 1];
        values[0] = companyId;
        System.arraycopy(more, 0, values, 1, more.length);
        GatewayEvents event = GatewayEvents.to(route).pathValues(values).header("Accept", "application/json");
        return caller == null ? event : event.as(caller);
    }

    static APIGatewayProxyRequestEvent reimport(Caller caller, String companyId, String contractId, String key) {
        GatewayEvents event = user(caller, Route.REIMPORT, companyId, contractId);
        return (key == null ? event : event.header("Idempotency-Key", key)).event();
    }

    static APIGatewayProxyRequestEvent importContract(Caller caller, String companyId, String contractId) {
        return user(caller, Route.IMPORT, companyId, contractId).event();
    }

    static APIGatewayProxyRequestEvent syncStatus(Caller caller, String companyId, String contractId, String syncId) {
        return user(caller, Route.SYNC, companyId, contractId, syncId).event();
    }

    static APIGatewayProxyRequestEvent eligibility(Caller caller, String companyId, String contractId) {
        return user(caller, Route.ELIGIBILITY, companyId, contractId).event();
    }

    static APIGatewayProxyRequestEvent history(Caller caller, String companyId, String contractId) {
        return user(caller, Route.HISTORY, companyId, contractId).query("limit", "100").event();
    }

    static APIGatewayProxyRequestEvent list(Caller caller, String companyId, boolean synced) {
        return user(caller, Route.LIST, companyId).query("status", synced ? "synced" : "staged")
                .query("limit", "100").event();
    }

    /** A webhook delivery of this envelope, signed now with the source's local secret. */
    static APIGatewayProxyRequestEvent webhook(Source source, String body, long nowEpochSeconds) {
        return GatewayEvents.to(source == Source.SPECTRUM ? Route.SPECTRUM_WEBHOOK : Route.PROCORE_WEBHOOK)
                .header("Content-Type", "application/json")
                .header(WebhookSignature.HEADER, WebhookSignature.sign(LocalSettings.WEBHOOK_SECRETS
                        .get(source.secretName()).getBytes(StandardCharsets.UTF_8), nowEpochSeconds,
                        body.getBytes(StandardCharsets.UTF_8)))
                .body(body).event();
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
        List<String> codes = new ArrayList<>();
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
