package io.primesync.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URL;
import java.time.Clock;
import java.util.Set;

/**
 * Verifies RS256 or ES256 tokens against the identity provider's published keys (JWKS), with the issuer
 * and audience the deployment names. The key set is fetched lazily, cached and refreshed by nimbus, and
 * re-fetched (rate limited) when a token names a key it has not seen, so key rotation needs no redeploy.
 */
public final class JwksTokenVerifier extends NimbusTokenVerifier {
    public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    public JwksTokenVerifier(URL jwksUrl, String issuer, String audience) {
        this(JWKSourceBuilder.<SecurityContext>create(jwksUrl).retrying(true).build(), ALGORITHMS, issuer, audience,
                Clock.systemUTC());
    }

    /** With any key source (tests pass an in-memory key set) and the accepted algorithms. */
    public JwksTokenVerifier(JWKSource<SecurityContext> keys, Set<JWSAlgorithm> algorithms, String issuer,
            String audience, Clock clock) {
        super(new JWSVerificationKeySelector<>(algorithms, keys),
                Set.of(requireText(audience, "audience")),
                new JWTClaimsSet.Builder().issuer(requireText(issuer, "issuer")).build(),
                Set.of("sub", "exp", "iss", "aud"),
                clock);
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the token " + what + " is required");
        }
        return value;
    }
}
