package io.primesync.handler;

import io.primesync.auth.JwksTokenVerifier;
import io.primesync.auth.Secrets;
import io.primesync.auth.TokenVerifier;
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
 * The wiring every function shares, built once per process from its configuration. Each part is made on first use,
 * so a function pays at start-up only for what it uses (the authorizer never builds a DynamoDB client).
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
    private ContractStore contractStore;
    private ContractService contracts;
    private Idempotency idempotency;
    private WebhookService webhooks;
    private TokenVerifier tokenVerifier;
    private final Map<Source, Secrets> secrets = new EnumMap<>(Source.class);

    /**
     * @param env where configuration is read (the process environment in AWS; the local tooling's and the tests'
     *     own settings otherwise)
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

    public synchronized Table table() {
        if (table == null) {
            table = new Table(clientFactory.get(), required(TABLE_NAME));
        }
        return table;
    }

    public synchronized ContractStore contractStore() {
        if (contractStore == null) {
            contractStore = new ContractStore(table(), clock);
        }
        return contractStore;
    }

    public synchronized ContractService contracts() {
        if (contracts == null) {
            contracts = new ContractService(contractStore(), clock);
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
            webhooks = new WebhookService(contractStore(), new WebhookLedger(table(), clock));
        }
        return webhooks;
    }

    /** The secrets a source's webhooks are signed with, from {@code <SOURCE>_WEBHOOK_SECRET[_ARN]}. */
    public synchronized Secrets webhookSecrets(Source source) {
        return secrets.computeIfAbsent(source, s -> Secrets.from(s.secretName(), env, clock));
    }

    /**
     * Tokens are verified against the identity provider's JWKS (RS256/ES256) with issuer and audience checked.
     * Without a JWKS URL there is no way to verify a token, and start-up fails closed.
     */
    public synchronized TokenVerifier tokenVerifier() {
        if (tokenVerifier == null) {
            String jwks = required(JWKS_URL);
            try {
                tokenVerifier = new JwksTokenVerifier(URI.create(jwks).toURL(), required(JWT_ISSUER), required(JWT_AUDIENCE));
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IllegalStateException(JWKS_URL + " is not a URL", e);
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
