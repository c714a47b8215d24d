package io.primesync.auth;

import io.primesync.http.ApiException;
import io.primesync.logging.Log;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/**
 * One set of shared secrets (e.g. a webhook source's), from wherever the environment says:
 * <ol>
 *   <li>{@code <NAME>_ARN}: a Secrets Manager secret (the way in AWS), re-read every {@link #TTL} so a
 *       rotation is picked up without a redeploy;</li>
 *   <li>{@code <NAME>}: the secret(s) themselves (local runs set this).</li>
 * </ol>
 * A value may hold several secrets separated by newlines or commas, so the old and the new one are both
 * accepted during a rotation. With neither there is no secret and no default, and {@link #current()} fails closed
 * with a 503: a webhook is never accepted unsigned and the sender retries later.
 */
public final class Secrets {
    public static final String ARN_SUFFIX = "_ARN";
    public static final Duration TTL = Duration.ofMinutes(5);
    static final Duration RETRY_AFTER = Duration.ofSeconds(30);
    private static final Pattern SEPARATORS = Pattern.compile("[\\r\\n,]+");

    private final String name;
    private final String secretId;
    private final List<byte[]> fixed;
    private final Function<String, String> lookup;
    private final Clock clock;
    private List<byte[]> cached;
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
     * @param name the variable holding the secret(s), e.g. {@code SPECTRUM_WEBHOOK_SECRET}; its Secrets Manager
     *     id is in {@code name + "_ARN"}
     * @param lookup a Secrets Manager id to the secret's string value
     */
    public Secrets(String name, Function<String, String> env, Function<String, String> lookup, Clock clock) {
        this.name = name;
        this.lookup = lookup;
        this.clock = clock;
        String arn = env.apply(name + ARN_SUFFIX);
        String direct = env.apply(name);
        if (present(arn)) {
            this.secretId = arn.strip();
            this.fixed = List.of();
        } else if (present(direct)) {
            this.secretId = null;
            this.fixed = split(direct);
        } else {
            this.secretId = null;
            this.fixed = List.of();
        }
    }

    /**
     * The secrets to accept now, at least one.
     *
     * @throws ApiException SERVICE_UNAVAILABLE when none is configured or Secrets Manager cannot be read
     */
    public synchronized List<byte[]> current() {
        if (secretId == null) {
            if (fixed.isEmpty()) {
                Log.error("no secret configured", null, "variable", name);
                throw unavailable();
            }
            return copies(fixed);
        }
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(cachedUntil)) {
            List<byte[]> loaded;
            try {
                String value = lookup.apply(secretId);
                loaded = value == null ? List.of() : split(value);
            } catch (RuntimeException e) {
                Log.error("secret unreadable", e, "variable", name + ARN_SUFFIX);
                throw unavailable();
            }
            if (loaded.isEmpty()) {
                Log.error("secret empty", null, "variable", name + ARN_SUFFIX);
                throw unavailable();
            }
            cached = loaded;
            cachedUntil = now.plus(TTL);
        }
        return copies(cached);
    }

    static List<byte[]> split(String value) {
        List<byte[]> secrets = new ArrayList<>();
        for (String part : SEPARATORS.split(value)) {
            String secret = part.strip();
            if (!secret.isEmpty()) {
                secrets.add(secret.getBytes(StandardCharsets.UTF_8));
            }
        }
        return List.copyOf(secrets);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static List<byte[]> copies(List<byte[]> secrets) {
        List<byte[]> out = new ArrayList<>(secrets.size());
        for (byte[] secret : secrets) {
            out.add(secret.clone());
        }
        return out;
    }

    private static ApiException unavailable() {
        return ApiException.unavailable("Signatures cannot be checked right now; try again later", RETRY_AFTER);
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
