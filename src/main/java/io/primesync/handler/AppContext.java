package io.primesync.handler;

import io.primesync.http.Hs256TokenVerifier;
import io.primesync.http.JwksTokenVerifier;
import io.primesync.http.Secrets;
import io.primesync.http.TokenVerifier;
import io.primesync.service.ContractService;
import io.primesync.service.Idempotency;
import io.primesync.service.WebhookService;
import io.primesync.store.ContractStore;
import io.primesync.store.DynamoClients;
import io.primesync.store.IdempotencyStore;
import io.primesync.store.Table;
import io.primesync.store.WebhookLedger;
import io.primesync.webhook.Source;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The wiring every function shares, built once per process from its configuration. Each part is made on first
 * use, so a function pays at start-up only for what it uses (the authorizer never builds a DynamoDB client).
 */
public final class AppContext {
    public static final String TABLE_NAME = "TABLE_NAME";
    public static final String JWKS_URL = "JWKS_URL";
    public static final String JWT_ISSUER = "JWT_ISSUER";
    public static final String JWT_AUDIENCE = "JWT_AUDIENCE";

    private static AppContext environment;

    private final Function<String, String> env;
    private final Clock clock;
    private final Supplier<DynamoDbClient> clientFactory;

    private Table table;
    private ContractService contracts;
    private Idempotency idempotency;
    private WebhookService webhooks;
    private TokenVerifier tokenVerifier;
    private final Map<Source, Secrets> secrets = new EnumMap<>(Source.class);

    /**
     * @param env where configuration is read (the process environment in AWS; an overlay of it locally)
     * @param clientFactory builds the one DynamoDB client of the process
     */
    public AppContext(Function<String, String> env, Clock clock, Supplier<DynamoDbClient> clientFactory) {
        this.env = env;
        this.clock = clock;
        this.clientFactory = clientFactory;
    }

    /** The process-wide context of a deployed function. */
    public static synchronized AppContext fromEnvironment() {
        if (environment == null) {
            environment = new AppContext(System::getenv, Clock.systemUTC(), DynamoClients::fromEnvironment);
        }
        return environment;
    }

    public Clock clock() {
        return clock;
    }

    public String env(String name) {
        return env.apply(name);
    }

    public synchronized Table table() {
        if (table == null) {
            String name = env.apply(TABLE_NAME);
            if (name == null || name.isBlank()) {
                throw new IllegalStateException(TABLE_NAME + " is not set");
            }
            table = new Table(clientFactory.get(), name);
        }
        return table;
    }

    public synchronized ContractService contracts() {
        if (contracts == null) {
            contracts = new ContractService(new ContractStore(table(), clock), clock);
        }
        return contracts;
    }

    public synchronized Idempotency idempotency() {
        if (idempotency == null) {
            idempotency = new Idempotency(new IdempotencyStore(table(), clock));
        }
        return idempotency;
    }

    public synchronized WebhookService webhooks() {
        if (webhooks == null) {
            webhooks = new WebhookService(new ContractStore(table(), clock), new WebhookLedger(table(), clock));
        }
        return webhooks;
    }

    public synchronized Secrets webhookSecrets(Source source) {
        return secrets.computeIfAbsent(source, s -> Secrets.from(s.secretName(), s.localSecret(), env, clock));
    }

    /**
     * In AWS, tokens are verified against the identity provider's JWKS (RS256/ES256) with issuer and audience
     * checked. Only a local run (PRIMESYNC_LOCAL=true) accepts HS256 tokens signed with AUTH_JWT_SECRET. Anything
     * else fails closed at start-up.
     */
    public synchronized TokenVerifier tokenVerifier() {
        if (tokenVerifier == null) {
            String jwks = env.apply(JWKS_URL);
            if (jwks != null && !jwks.isBlank()) {
                try {
                    tokenVerifier = new JwksTokenVerifier(URI.create(jwks).toURL(),
                            required(JWT_ISSUER), required(JWT_AUDIENCE));
                } catch (MalformedURLException | IllegalArgumentException e) {
                    throw new IllegalStateException(JWKS_URL + " is not a URL", e);
                }
            } else if (Secrets.isLocal(env)) {
                tokenVerifier = Hs256TokenVerifier.fromEnvironment(env);
            } else {
                throw new IllegalStateException(JWKS_URL + " is not set; refusing to verify tokens without keys");
            }
        }
        return tokenVerifier;
    }

    private String required(String name) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set");
        }
        return value;
    }
}
