package io.primesync.http;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Function;

/**
 * Verifies HS256 tokens signed with a shared secret: the local server's check (in AWS, an API Gateway
 * authorizer with {@link JwksTokenVerifier} does it).
 */
public final class Hs256TokenVerifier extends NimbusTokenVerifier {
    public static final String SECRET_ENV = "AUTH_JWT_SECRET";
    public static final String LOCAL_DEFAULT_SECRET = "local-dev-secret";
    /** nimbus refuses HMAC keys shorter than the hash (RFC 7518 3.2). */
    private static final int MIN_KEY_BYTES = 32;

    public Hs256TokenVerifier(byte[] secret) {
        this(secret, Clock.systemUTC());
    }

    public Hs256TokenVerifier(byte[] secret, Clock clock) {
        super(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<SecurityContext>(hmacKey(secret))),
                null, null, Set.of("sub", "exp"), clock);
    }

    /**
     * The verifier the local server uses: the secret in {@value #SECRET_ENV}, or {@value #LOCAL_DEFAULT_SECRET}
     * when that is unset and the environment says it is local ({@link Secrets#LOCAL_FLAG}). Anywhere else a
     * missing secret is a configuration error, never a known default.
     */
    public static Hs256TokenVerifier fromEnvironment(Function<String, String> env) {
        String secret = env.apply(SECRET_ENV);
        if (secret == null || secret.isEmpty()) {
            if (!Secrets.isLocal(env)) {
                throw new IllegalStateException(SECRET_ENV + " is not set");
            }
            secret = LOCAL_DEFAULT_SECRET;
        }
        return new Hs256TokenVerifier(secret.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The secret as a key nimbus accepts. A secret shorter than 32 bytes (like the local default) is padded
     * with zero bytes; HMAC pads every key shorter than SHA-256's 64-byte block with zeros anyway
     * (RFC 2104 section 2), so the MACs are exactly those of the secret itself and tokens from any other
     * HS256 tool still verify.
     */
    static byte[] hmacKey(byte[] secret) {
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("the token secret is empty");
        }
        if (secret.length >= MIN_KEY_BYTES) {
            return secret.clone();
        }
        return Arrays.copyOf(secret, MIN_KEY_BYTES);
    }
}
