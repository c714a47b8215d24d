package io.primesync.local;

import io.primesync.handler.AppContext;
import io.primesync.webhook.Source;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;

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
