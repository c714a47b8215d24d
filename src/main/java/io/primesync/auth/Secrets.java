package io.primesync.auth;

import io.primesync.http.ApiException;
import io.primesync.logging.Log;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/**
 * One secret's value, from wherever the environment says:
 * <ol>
 *   <li>{@code <NAME>_ARN}: a Secrets Manager secret (the way in AWS), re-read every {@link #TTL} so a
 *       rotation is picked up without a redeploy;</li>
 *   <li>{@code <NAME>}: the value itself (local runs set this).</li>
 * </ol>
 * With neither there is no value and no default, and {@link #value()} fails closed with a 503: nothing is ever
 * accepted unchecked, and the caller retries later. What the value holds (one client secret, or a webhook source's
 * secrets by company) is for the caller to read ({@link WebhookSecrets}).
 */
public final class Secrets {
    public static final String ARN_SUFFIX = "_ARN";
    public static final Duration TTL = Duration.ofMinutes(5);
    static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private final String name;
    private final String secretId;
    private final String fixed;
    private final Function<String, String> lookup;
    private final Clock clock;
    private String cached;
    private Instant cachedUntil;

    /** Reads the process environment; the Secrets Manager client is built on first use, if ever. */
    public static Secrets fromEnvironment(String name) {
        return from(name, System::getenv, Clock.systemUTC());
    }

    /** Reads the given configuration, with Secrets Manager behind any {@code _ARN} it names. */
    public static Secrets from(String name, Function<String, String> env, Clock clock) {
        return new Secrets(name, env, AwsLookup::secretString, clock);
    }

    /**
     * @param name the variable holding the value, e.g. {@code SPECTRUM_WEBHOOK_SECRET}; its Secrets Manager
     *     id is in {@code name + "_ARN"}
     * @param lookup a Secrets Manager id to the secret's string value
     */
    public Secrets(String name, Function<String, String> env, Function<String, String> lookup, Clock clock) {
        this.name = name;
        this.lookup = lookup;
        this.clock = clock;
        String arn = env.apply(name + ARN_SUFFIX);
        String direct = env.apply(name);
        this.secretId = present(arn) ? arn.strip() : null;
        this.fixed = secretId == null && present(direct) ? direct.strip() : null;
    }

    /** Whether the value comes from Secrets Manager (as in AWS) rather than from the environment itself. */
    public boolean managed() {
        return secretId != null;
    }

    /** The variable that configures it, as a message to an operator names it. */
    public String variable() {
        return managed() ? name + ARN_SUFFIX : name;
    }

    /**
     * The value now, stripped and never empty.
     *
     * @throws ApiException SERVICE_UNAVAILABLE when none is configured or Secrets Manager cannot be read
     */
    public synchronized String value() {
        if (secretId == null) {
            if (fixed == null) {
                Log.error("no secret configured", null, "variable", name);
                throw unavailable();
            }
            return fixed;
        }
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(cachedUntil)) {
            String loaded;
            try {
                loaded = lookup.apply(secretId);
            } catch (RuntimeException e) {
                Log.error("secret unreadable", e, "variable", name + ARN_SUFFIX);
                throw unavailable();
            }
            if (!present(loaded)) {
                Log.error("secret empty", null, "variable", name + ARN_SUFFIX);
                throw unavailable();
            }
            cached = loaded.strip();
            cachedUntil = now.plus(TTL);
        }
        return cached;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    static ApiException unavailable() {
        return ApiException.unavailable("Credentials cannot be checked right now; try again later", RETRY_AFTER);
    }

    /** The Secrets Manager client, built once per container and only when a secret is configured by ARN. */
    private static final class AwsLookup {
        private static SecretsManagerClient client;

        static synchronized String secretString(String secretId) {
            if (client == null) {
                String region = System.getenv("AWS_REGION");
                if (region == null || region.isBlank()) {
                    throw new IllegalStateException("AWS_REGION is not set");
                }
                client = SecretsManagerClient.builder()
                        .region(Region.of(region))
                        .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                        .httpClient(UrlConnectionHttpClient.create())
                        .build();
            }
            return client.getSecretValue(GetSecretValueRequest.builder().secretId(secretId).build()).secretString();
        }
    }
}
