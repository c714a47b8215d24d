package io.primesync.local;

import io.primesync.handler.AppContext;
import io.primesync.handler.AuthorizerHandler;
import io.primesync.handler.EligibilityHandler;
import io.primesync.handler.ListContractsHandler;
import io.primesync.handler.SweeperHandler;
import io.primesync.handler.SyncHandler;
import io.primesync.handler.SyncWorkerHandler;
import io.primesync.handler.WebhookHandler;
import io.primesync.handler.ProcoreEventHandler;
import io.primesync.handler.ReconcileHandler;
import io.primesync.webhook.Source;
import io.primesync.webhook.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/** What a local run (serve, invoke, the tests) sets where AWS has its own configuration. */
public final class LocalSettings {
    /** The webhook secrets of local runs; in AWS there is no default, only Secrets Manager. */
    public static final Map<String, String> WEBHOOK_SECRETS = Map.of(
            Source.SPECTRUM.secretName(), "local-spectrum-secret",
            Source.PROCORE.secretName(), "local-procore-secret");

    /** How a local run builds each handler: its second constructor, with the parts a cold start would make. */
    private static final Map<Class<?>, Function<AppContext, Object>> HANDLERS = Map.of(
            ListContractsHandler.class, app -> new ListContractsHandler(app.contracts()),
            EligibilityHandler.class, app -> new EligibilityHandler(app.contracts()),
            SyncHandler.class, app -> new SyncHandler(app.syncs(), app.idempotency()),
            SyncWorkerHandler.class, app -> new SyncWorkerHandler(app.syncWriter(), app.sqsQueue(), app.clock()),
            SweeperHandler.class, app -> new SweeperHandler(app.sweeper()),
            WebhookHandler.class, app -> new WebhookHandler(app.webhooks(), app::procoreDeliveries, app::webhookSecrets,
                    app.clock()),
            ProcoreEventHandler.class, app -> new ProcoreEventHandler(app.projectSide(), app.procoreEvents(), app.clock()),
            ReconcileHandler.class, app -> new ReconcileHandler(app.projectSide(), app.contractStore().procoreFacts()),
            AuthorizerHandler.class, app -> new AuthorizerHandler(app.tokenVerifier()));

    private LocalSettings() {}

    /** The local secret of a source: the variable when the machine sets it, else the local default. */
    public static String webhookSecret(Source source) {
        String set = System.getenv(source.secretName());
        return set != null && !set.isBlank() ? set : WEBHOOK_SECRETS.get(source.secretName());
    }

    /** A signature made now with the secret the webhook function of {@code env} checks for the source. */
    public static String signature(Function<String, String> env, Source source, byte[] body) {
        byte[] secret = firstSecret(env, source.secretName());
        return WebhookSignature.sign(secret, Instant.now().getEpochSecond(), body);
    }

    /** The first of the secrets a variable holds (several, separated by newlines or commas, during a rotation). */
    private static byte[] firstSecret(Function<String, String> env, String name) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set");
        }
        return value.strip().split("[\\r\\n,]+")[0].strip().getBytes(StandardCharsets.UTF_8);
    }

    /** The handler of a function, wired from the context; null for a class the product does not have. */
    public static <T> T handler(Class<T> handlerClass, AppContext app) {
        Function<AppContext, Object> factory = HANDLERS.get(handlerClass);
        return factory == null ? null : handlerClass.cast(factory.apply(app));
    }
}
