package io.primesync.local;

import io.primesync.auth.CompanyKeys;
import io.primesync.handler.AppContext;
import io.primesync.webhook.Source;
import io.primesync.webhook.WebhookParser;
import io.primesync.webhook.WebhookSignature;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/** What a local run (serve, invoke, the tests) sets where AWS has its own configuration. */
public final class LocalSettings {
    /**
     * The webhook secrets of local runs: one for any company, so the demo and the tests need no set-up. Deployed,
     * each company has its own (WebhookSecrets refuses any other kind).
     */
    public static final Map<String, String> WEBHOOK_SECRETS = Map.of(
            Source.SPECTRUM.secretName(), "local-spectrum-secret",
            Source.PROCORE.secretName(), "local-procore-secret");

    private LocalSettings() {}

    /** The local secret(s) of a source: the variable when the machine sets it, else the local default. */
    public static String webhookSecret(Source source) {
        String set = System.getenv(source.secretName());
        return set != null && !set.isBlank() ? set : WEBHOOK_SECRETS.get(source.secretName());
    }

    /**
     * The secret a sender for the company uses now, of those a source's variable holds (its value in {@code env},
     * else the local default): the company's newest, else one for any company.
     *
     * @throws IllegalArgumentException when the value cannot be read or holds none for the company
     */
    public static String secretFor(Function<String, String> env, Source source, String companyId) {
        String configured = env.apply(source.secretName());
        String value = configured == null || configured.isBlank() ? WEBHOOK_SECRETS.get(source.secretName()) : configured;
        CompanyKeys keys;
        try {
            keys = CompanyKeys.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source.secretName() + " cannot be read: " + e.getMessage());
        }
        return keys.newest(companyId).orElseThrow(() -> new IllegalArgumentException(source.secretName()
                + " holds no secret for company " + companyId + " (add \"" + companyId + "\": [\"...\"])"));
    }

    /** A signature made now with the secret the webhook function of {@code env} checks for the body's company. */
    public static String signature(Function<String, String> env, Source source, byte[] body) {
        String company = WebhookParser.companyId(body);
        byte[] secret = secretFor(env, source, company == null ? "" : company).getBytes(StandardCharsets.UTF_8);
        return WebhookSignature.sign(secret, Instant.now().getEpochSecond(), body);
    }

    /**
     * The handler of a function, wired from the context as a cold start wires it from the environment (each handler
     * has a constructor that takes the context); null for a class that is not one of the product's handlers.
     */
    public static <T> T handler(Class<T> handlerClass, AppContext app) {
        if (!handlerClass.getPackageName().equals(AppContext.class.getPackageName())) {
            return null;
        }
        try {
            return handlerClass.getConstructor(AppContext.class).newInstance(app);
        } catch (NoSuchMethodException e) {
            return null;
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + handlerClass.getName(), e);
        }
    }
}
