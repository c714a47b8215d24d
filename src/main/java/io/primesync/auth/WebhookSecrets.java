package io.primesync.auth;

import io.primesync.logging.Log;
import java.time.Clock;
import java.util.function.Function;

/**
 * A webhook source's secrets by company ({@link CompanyKeys}), read from Secrets Manager in AWS or from the
 * environment in local runs, and re-read as {@link Secrets} says. A secret for any company is a local convenience:
 * wherever the product is deployed (the value comes from Secrets Manager, or the function runs in Lambda) it is
 * refused, loudly, and the route answers 503 until each company has its own; a value that cannot be read is refused
 * the same way. Nothing is ever accepted with a secret that was not meant for its company.
 */
public final class WebhookSecrets {
    /** Lambda's own variable, set in every function it runs ({@code AWS_Lambda_java17}, ...). */
    static final String EXECUTION_ENV = "AWS_EXECUTION_ENV";

    private final Secrets secrets;
    private final boolean deployed;
    private String parsedFrom;
    private CompanyKeys parsed;

    public WebhookSecrets(Secrets secrets, Function<String, String> env) {
        this.secrets = secrets;
        String execution = env.apply(EXECUTION_ENV);
        this.deployed = secrets.managed() || execution != null && execution.startsWith("AWS_Lambda");
    }

    public static WebhookSecrets from(String name, Function<String, String> env, Clock clock) {
        return new WebhookSecrets(Secrets.from(name, env, clock), env);
    }

    /**
     * The secrets now.
     *
     * @throws io.primesync.http.ApiException SERVICE_UNAVAILABLE when they cannot be read, cannot be understood, or
     *     hold a secret for any company where the product is deployed (each logged with what to fix)
     */
    public synchronized CompanyKeys keys() {
        String value = secrets.value();
        if (value.equals(parsedFrom)) {
            return parsed;
        }
        CompanyKeys keys;
        try {
            keys = CompanyKeys.parse(value);
        } catch (IllegalArgumentException e) {
            Log.error("webhook secrets refused", null, "variable", secrets.variable(), "problem", e.getMessage());
            throw Secrets.unavailable();
        }
        if (deployed && keys.hasAnyCompany()) {
            Log.error("webhook secrets refused", null, "variable", secrets.variable(), "problem",
                    "a secret for any company is for local runs only; give each company its own, as JSON"
                            + " {\"<companyId>\": [\"<secret>\"]}");
            throw Secrets.unavailable();
        }
        parsedFrom = value;
        parsed = keys;
        return keys;
    }
}
