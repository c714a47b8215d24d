package io.primesync.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.primesync.auth.AuthorizerContext;
import io.primesync.auth.Claims;
import io.primesync.domain.Caller;
import io.primesync.handler.AppContext;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.primesync.handler.EligibilityHandler;
import io.primesync.handler.ListContractsHandler;
import io.primesync.handler.SyncWorkerHandler;
import io.primesync.queue.SyncMessage;
import io.primesync.service.Reconciler;
import io.primesync.handler.SyncHandler;
import io.primesync.handler.WebhookHandler;
import io.primesync.webhook.Source;
import io.primesync.webhook.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The demo loaded through the handlers themselves, without a server: proxy events as API Gateway would make them,
 * the demo admin as the authorizer would pass it on. For the tests and benchmarks that need the demo company in a
 * table of their own.
 */
public final class HandlerTarget implements DemoLoader.Target {
    private static final String CONTRACT_ROUTE = "/companies/{companyId}/erp/prime-contracts/{contractId}/";

    private final WebhookHandler webhooks;
    private final SyncHandler syncs;
    private final EligibilityHandler eligibility;
    private final ListContractsHandler lists;
    private final SyncWorkerHandler worker;
    private final Caller admin;
    private final Reconciler reconciler;

    public HandlerTarget(AppContext app) {
        this.webhooks = LocalSettings.handler(WebhookHandler.class, app);
        this.syncs = LocalSettings.handler(SyncHandler.class, app);
        this.eligibility = LocalSettings.handler(EligibilityHandler.class, app);
        this.lists = LocalSettings.handler(ListContractsHandler.class, app);
        this.worker = LocalSettings.handler(SyncWorkerHandler.class, app);
        this.admin = Claims.toCaller(SampleEvents.USER, SampleEvents.adminPermissions());
        this.reconciler = app.reconciler();
    }

    /**
     * Loads the demo company into the context's table, and its Procore side into the simulator at {@code procore}.
     * Each import is written by the worker's handler at once, as the queue's consumer would.
     */
    public static DemoLoader.Loaded load(AppContext app, java.net.URI procore) {
        Map<String, String> secrets = new LinkedHashMap<>();
        for (Source source : Source.values()) {
            secrets.put(source.secretName(), LocalSettings.webhookSecret(source));
        }
        try {
            return DemoLoader.load(new HandlerTarget(app), procore, secrets::get, null, new java.io.PrintStream(
                    java.io.OutputStream.nullOutputStream()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public DemoLoader.Answer webhook(Source source, byte[] body, String signature) {
        String path = "/webhooks/" + source.wire();
        APIGatewayProxyRequestEvent event = event("POST", path, path, null);
        event.setHeaders(Map.of("Content-Type", "application/json", WebhookSignature.HEADER, signature));
        event.setBody(new String(body, StandardCharsets.UTF_8));
        return answer(webhooks.handleRequest(event, null));
    }

    @Override
    public DemoLoader.Answer importContract(String contractId) {
        DemoLoader.Answer accepted = answer(syncs.handleRequest(contractEvent("POST", "import", contractId), null));
        if (accepted.status() == 202) {
            write(contractId, accepted);
        }
        return accepted;
    }

    /** What the queue's consumer does with the sync's message: the worker writes it to Procore now. */
    private void write(String contractId, DemoLoader.Answer accepted) {
        String syncId = LocalJson.readMap(accepted.body().getBytes(StandardCharsets.UTF_8)).get("syncId").toString();
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(UUID.randomUUID().toString());
        message.setReceiptHandle("in-process");
        message.setBody(new SyncMessage(DemoData.COMPANY, contractId, syncId, 1).json());
        SQSEvent event = new SQSEvent();
        event.setRecords(java.util.List.of(message));
        worker.handleRequest(event, null);
    }

    @Override
    public DemoLoader.Answer sync(String contractId, String syncId) {
        String path = "/companies/" + DemoData.COMPANY + "/erp/prime-contracts/" + contractId + "/syncs/" + syncId;
        APIGatewayProxyRequestEvent event = event("GET", CONTRACT_ROUTE + "syncs/{syncId}", path,
                Map.of("companyId", DemoData.COMPANY, "contractId", contractId, "syncId", syncId));
        event.getRequestContext().setAuthorizer(new LinkedHashMap<>(AuthorizerContext.toContext(admin)));
        return answer(lists.handleRequest(event, null));
    }

    @Override
    public DemoLoader.Answer list(String status) {
        String path = "/companies/" + DemoData.COMPANY + "/erp/prime-contracts";
        APIGatewayProxyRequestEvent event = event("GET", "/companies/{companyId}/erp/prime-contracts", path,
                Map.of("companyId", DemoData.COMPANY));
        event.setQueryStringParameters(Map.of("status", status, "limit", "100"));
        event.getRequestContext().setAuthorizer(new LinkedHashMap<>(AuthorizerContext.toContext(admin)));
        return answer(lists.handleRequest(event, null));
    }

    /** No server for a hook to deliver to: the product reads Procore's side by reconciling. */
    @Override
    public java.net.URI procoreHookUrl() {
        return null;
    }

    @Override
    public void procoreChanged() {
        reconciler.reconcile(DemoData.COMPANY);
    }

    @Override
    public DemoLoader.Answer eligibility(String contractId) {
        return answer(eligibility.handleRequest(contractEvent("GET", "reimport-eligibility", contractId), null));
    }

    private APIGatewayProxyRequestEvent contractEvent(String method, String action, String contractId) {
        String path = "/companies/" + DemoData.COMPANY + "/erp/prime-contracts/" + contractId + "/" + action;
        APIGatewayProxyRequestEvent event = event(method, CONTRACT_ROUTE + action, path,
                Map.of("companyId", DemoData.COMPANY, "contractId", contractId));
        event.getRequestContext().setAuthorizer(new LinkedHashMap<>(AuthorizerContext.toContext(admin)));
        return event;
    }

    private static APIGatewayProxyRequestEvent event(String method, String resource, String path,
            Map<String, String> pathParameters) {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod(method).withResource(resource).withPath(path).withPathParameters(pathParameters);
        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        context.setRequestId(UUID.randomUUID().toString());
        event.setRequestContext(context);
        return event;
    }

    private static DemoLoader.Answer answer(APIGatewayProxyResponseEvent response) {
        return new DemoLoader.Answer(response.getStatusCode(), response.getBody());
    }
}
