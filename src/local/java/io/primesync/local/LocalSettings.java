package io.primesync.local;

import io.primesync.handler.AppContext;
import io.primesync.webhook.Source;
import io.primesync.webhook.WebhookSignature;
import java.lang.reflect.InvocationTargetException;
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
