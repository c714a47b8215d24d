package io.primesync.procore;

import io.primesync.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where Procore is and how to talk to it. Hosts, credentials and limits are configuration, never constants: the same
 * code talks to Procore, its sandbox or the local simulator.
 *
 * @param apiBase e.g. {@code https://api.procore.com} (sandbox: {@code https://sandbox.procore.com})
 * @param loginBase e.g. {@code https://login.procore.com} (sandbox: {@code https://login-sandbox.procore.com})
 * @param pageSize {@code per_page} of list calls
 * @param pageSizes {@code per_page} of the lists that ask for another, by route ({@code GET /projects}): Procore caps
 *     pages per endpoint, and a page size at the cap saves calls
 * @param syncBatchSize records per call of a sync action (Procore documents 1,000 for sync actions in general)
 * @param maxInlineWait the longest a rate-limit or {@code Retry-After} wait is sat out inside a call; longer, and the
 *     call gives up with {@link ProcoreException.RateLimited} so the work can wait elsewhere
 */
public record ProcoreConfig(URI apiBase, URI loginBase, String clientId, Supplier<String> clientSecret,
        Duration connectTimeout, Duration requestTimeout, int pageSize, Map<String, Integer> pageSizes, int syncBatchSize,
        int maxAttempts, Duration maxInlineWait) {
    public static final String API_URL = "PROCORE_API_URL";
    public static final String LOGIN_URL = "PROCORE_LOGIN_URL";
    public static final String CLIENT_ID = "PROCORE_CLIENT_ID";
    /** The client secret, or (with {@code _ARN}) the Secrets Manager secret holding it. */
    public static final String CLIENT_SECRET = "PROCORE_CLIENT_SECRET";
    public static final String PAGE_SIZE = "PROCORE_PAGE_SIZE";
    public static final String SYNC_BATCH_SIZE = "PROCORE_SYNC_BATCH_SIZE";
    public static final String MAX_INLINE_WAIT_SECONDS = "PROCORE_MAX_INLINE_WAIT_SECONDS";
    public static final String CONNECT_TIMEOUT_MILLIS = "PROCORE_CONNECT_TIMEOUT_MILLIS";
    public static final String REQUEST_TIMEOUT_MILLIS = "PROCORE_REQUEST_TIMEOUT_MILLIS";
    /** Attempts of one repeatable call that fails (5xx, no answer), the first included. */
    public static final String MAX_ATTEMPTS = "PROCORE_MAX_ATTEMPTS";

    public ProcoreConfig {
        if (syncBatchSize < 1 || syncBatchSize > 1000) {
            throw new IllegalArgumentException(SYNC_BATCH_SIZE + " must be from 1 to 1000, not " + syncBatchSize);
        }
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException(MAX_ATTEMPTS + " must be from 1 to 10, not " + maxAttempts);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative()
                || requestTimeout.isZero()) {
            throw new IllegalArgumentException("the Procore timeouts must be positive");
        }
        if (pageSize < 1 || pageSize > 2000) {
            throw new IllegalArgumentException(PAGE_SIZE + " must be from 1 to 2000, not " + pageSize);
        }
        pageSizes = Map.copyOf(pageSizes);
        pageSizes.forEach((route, size) -> {
            if (size < 1 || size > 2000) {
                throw new IllegalArgumentException(PAGE_SIZE + " for " + route + " must be from 1 to 2000, not " + size);
            }
        });
    }

    /** A config for priming against an in-process stand-in: the defaults, a base that is no host's. */
    static ProcoreConfig forPriming(URI base, String clientId, Supplier<String> clientSecret) {
        return new ProcoreConfig(base, base, clientId, clientSecret, Duration.ofSeconds(3), Duration.ofSeconds(20), 1000,
                Map.of(), 1000, 4, Duration.ofSeconds(12));
    }

    /** {@code per_page} of one list, by its route ({@code GET /projects}). */
    public int pageSize(String route) {
        return pageSizes.getOrDefault(route, pageSize);
    }

    /** From the environment; the URLs and the client id are required, the rest has defaults. */
    public static ProcoreConfig from(Function<String, String> env, Supplier<String> clientSecret) {
        return from(new Settings(env), clientSecret);
    }

    public static ProcoreConfig from(Settings settings, Supplier<String> clientSecret) {
        Map<String, Integer> pageSizes = pageSizes(settings);
        return new ProcoreConfig(settings.url(API_URL), settings.url(LOGIN_URL), settings.required(CLIENT_ID),
                clientSecret,
                Duration.ofMillis(settings.number(CONNECT_TIMEOUT_MILLIS, 3000, 1, 60_000)),
                Duration.ofMillis(settings.number(REQUEST_TIMEOUT_MILLIS, 20_000, 1, 300_000)),
                pageSizes.getOrDefault("*", 1000),
                pageSizes,
                settings.number(SYNC_BATCH_SIZE, 1000, 1, 1000),
                settings.number(MAX_ATTEMPTS, 4, 1, 10),
                Duration.ofSeconds(settings.number(MAX_INLINE_WAIT_SECONDS, 12, 0, 900)));
    }

    /**
     * {@code PROCORE_PAGE_SIZE}: one number for every list, or a JSON object of route to number with {@code *} for the
     * others ({@code {"*": 1000, "GET /projects": 300}}).
     */
    private static Map<String, Integer> pageSizes(Settings settings) {
        String raw = settings.optional(PAGE_SIZE);
        Map<String, Integer> sizes = new HashMap<>();
        if (raw == null || !raw.strip().startsWith("{")) {
            sizes.put("*", settings.number(PAGE_SIZE, 1000, 1, 2000));
            return sizes;
        }
        settings.jsonObject(PAGE_SIZE).fields().forEachRemaining(e -> {
            if (!e.getValue().canConvertToInt() || !e.getValue().isIntegralNumber()) {
                throw new IllegalStateException(PAGE_SIZE + ": the page size of " + e.getKey() + " is not a whole number");
            }
            if (!e.getKey().equals("*") && !e.getKey().startsWith("GET /")) {
                throw new IllegalStateException(PAGE_SIZE + ": \"" + e.getKey() + "\" is neither * nor a list's route"
                        + " (GET /projects, GET /prime_contracts, GET /prime_contracts/{id}/line_items, ...)");
            }
            sizes.put(e.getKey(), e.getValue().asInt());
        });
        return sizes;
    }
}
