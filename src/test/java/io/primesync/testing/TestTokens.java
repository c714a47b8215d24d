package io.primesync.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.primesync.auth.JwksTokenVerifier;
import io.primesync.auth.TokenVerifier;
import io.primesync.local.auth.LocalIdentity;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/** Tokens as the local identity provider signs them, and the deployed verifier that checks them, for tests. */
public final class TestTokens {
    private static final LocalIdentity SIGNER = LocalIdentity.signer();
    private static RSAKey otherKey;

    private TestTokens() {}

    /** A token of the local provider. */
    public static String sign(String subject, Map<String, ?> permissions, Instant expires) {
        return SIGNER.sign(subject, permissions, expires);
    }

    /** A token with the right issuer and audience, signed by a key the provider never published. */
    public static synchronized String signWithOtherKey(String subject, Map<String, ?> permissions, Instant expires) {
        try {
            if (otherKey == null) {
                otherKey = new RSAKeyGenerator(2048).keyID("primesync-local-1").generate();
            }
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(otherKey.getKeyID()).build(),
                    new JWTClaimsSet.Builder().issuer(LocalIdentity.ISSUER).audience(LocalIdentity.AUDIENCE)
                            .subject(subject).expirationTime(Date.from(expires)).claim("permissions", permissions).build());
            jwt.sign(new RSASSASigner(otherKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The deployed verifier, with the local provider's keys in memory instead of behind a URL. */
    public static TokenVerifier verifier(Clock clock) {
        return new JwksTokenVerifier(new ImmutableJWKSet<SecurityContext>(SIGNER.publicKeys()),
                JwksTokenVerifier.ALGORITHMS, LocalIdentity.ISSUER, LocalIdentity.AUDIENCE, clock);
    }

    public static TokenVerifier verifier() {
        return verifier(Clock.systemUTC());
    }
}
