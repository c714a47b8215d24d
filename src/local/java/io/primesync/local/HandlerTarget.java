package io.primesync.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.primesync.auth.Claims;
import io.primesync.domain.Caller;
import io.primesync.handler.AppContext;
import io.primesync.handler.EligibilityHandler;
import io.primesync.handler.ListContractsHandler;
import io.primesync.handler.SyncHandler;
import io.primesync.handler.SyncWorkerHandler;
import io.primesync.handler.WebhookHandler;
import io.primesync.http.Route;
import io.primesync.queue.SyncMessage;
import io.primesync.service.Reconciler;
import io.primesync.webhook.Source;
import io.primesync.webhook.WebhookSignature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The demo loaded through the handlers themselves, without a server: proxy events as API Gateway would make them,
 * the demo admin as the authorizer would pass it on. For the tests and benchmarks that need the demo company in a
 * table of their own.
 */
public final class HandlerTarget implements DemoLoader.Target {
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
     * Loads the demo company into the context's table from a Spectrum of its own (in memory) through the agent, and its
     * Procore side into the simulator at {@code procore}. Each import is written by the worker's handler at once, as
     * the queue's consumer would.
     */
    public static DemoLoader.Loaded load(AppContext app, URI procore) {
        Map<String, String> secrets = new LinkedHashMap<>();
        for (Source source : Source.values()) {
            secrets.put(source.secretName(), LocalSettings.webhookSecret(source));
        }
        try (DemoSpectrum spectrum = DemoSpectrum.inMemory()) {
            return DemoLoader.load(new HandlerTarget(app), procore, secrets::get, null, spectrum, new PrintStream(
                    OutputStream.nullOutputStream()));
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public DemoLoader.Answer webhook(Source source, byte[] body, String signature) {
        APIGatewayProxyRequestEvent event = GatewayEvents.to(source == Source.SPECTRUM ? Route.SPECTRUM_WEBHOOK
                : Route.PROCORE_WEBHOOK).header("Content-Type", "application/json")
                .header(WebhookSignature.HEADER, signature).body(new String(body, StandardCharsets.UTF_8)).event();
        return answer(webhooks.handleRequest(event, null));
    }

    @Override
    public DemoLoader.Answer importContract(String contractId) {
        DemoLoader.Answer accepted = answer(syncs.handleRequest(admin(Route.IMPORT, contractId), null));
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
        event.setRecords(List.of(message));
        worker.handleRequest(event, null);
    }

    @Override
    public DemoLoader.Answer sync(String contractId, String syncId) {
        return answer(lists.handleRequest(admin(Route.SYNC, contractId, syncId), null));
    }

    @Override
    public DemoLoader.Answer list(String status) {
        return answer(lists.handleRequest(GatewayEvents.to(Route.LIST).pathValues(DemoData.COMPANY)
                .query("status", status).query("limit", "100").as(admin).event(), null));
    }

    /** No server for a hook to deliver to: the product reads Procore's side by reconciling. */
    @Override
    public URI procoreHookUrl() {
        return null;
    }

    @Override
    public void procoreChanged() {
        reconciler.reconcile(DemoData.COMPANY);
    }

    @Override
    public DemoLoader.Answer eligibility(String contractId) {
        return answer(eligibility.handleRequest(admin(Route.ELIGIBILITY, contractId), null));
    }

    /** A request of the demo admin to a route about one of the demo's contracts. */
    private APIGatewayProxyRequestEvent admin(Route route, String... contractAndMore) {
        String[] values = new String[contractAndMore.length + 1];
        values[0] = DemoData.COMPANY;
        System.arraycopy(contractAndMore, 0, values, 1, contractAndMore.length);
        return GatewayEvents.to(route).pathValues(values).as(admin).event();
    }

    private static DemoLoader.Answer answer(APIGatewayProxyResponseEvent response) {
        return new DemoLoader.Answer(response.getStatusCode(), response.getBody());
    }
}
