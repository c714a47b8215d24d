package io.primesync.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.primesync.auth.AuthorizerContext;
import io.primesync.auth.Claims;
import io.primesync.domain.Caller;
import io.primesync.handler.AppContext;
import io.primesync.handler.EligibilityHandler;
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
public final class HandlerTarget implements DemoData.Target {
    private static final String CONTRACT_ROUTE = "/companies/{companyId}/erp/prime-contracts/{contractId}/";

    private final WebhookHandler webhooks;
    private final SyncHandler syncs;
    private final EligibilityHandler eligibility;
    private final Caller admin;

    public HandlerTarget(AppContext app) {
        this.webhooks = LocalSettings.handler(WebhookHandler.class, app);
        this.syncs = LocalSettings.handler(SyncHandler.class, app);
        this.eligibility = LocalSettings.handler(EligibilityHandler.class, app);
        this.admin = Claims.toCaller(SampleEvents.USER, SampleEvents.adminPermissions());
    }

    /** Loads the demo company into the context's table. */
    public static DemoData.Loaded load(AppContext app) {
        Map<String, String> secrets = new LinkedHashMap<>();
        for (Source source : Source.values()) {
            secrets.put(source.secretName(), LocalSettings.webhookSecret(source));
        }
        try {
            return DemoData.load(new HandlerTarget(app), secrets::get, null, new java.io.PrintStream(
                    java.io.OutputStream.nullOutputStream()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public DemoData.Answer webhook(Source source, byte[] body, String signature) {
        String path = "/webhooks/" + source.wire();
        APIGatewayProxyRequestEvent event = event("POST", path, path, null);
        event.setHeaders(Map.of("Content-Type", "application/json", WebhookSignature.HEADER, signature));
        event.setBody(new String(body, StandardCharsets.UTF_8));
        return answer(webhooks.handleRequest(event, null));
    }

    @Override
    public DemoData.Answer importContract(String contractId) {
        return answer(syncs.handleRequest(contractEvent("POST", "import", contractId), null));
    }

    @Override
    public DemoData.Answer eligibility(String contractId) {
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

    private static DemoData.Answer answer(APIGatewayProxyResponseEvent response) {
        return new DemoData.Answer(response.getStatusCode(), response.getBody());
    }
}
