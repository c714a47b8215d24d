package io.primesync.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.primesync.domain.Caller;
import io.primesync.domain.Level;
import io.primesync.http.ApiException;
import io.primesync.http.ErrorCode;
import java.net.URL;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JwksTokenVerifierTest {
    static final Instant NOW = Instant.parse("2026-11-29T14:00:00Z");
    static final String ISSUER = "https://login.example.com/";
    static final String AUDIENCE = "primesync-api";
    static RSAKey rsa;
    static RSAKey otherRsa;
    static ECKey ec;
    static JwksTokenVerifier verifier;

    @BeforeAll
    static void keys() throws JOSEException {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        otherRsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        JWKSource<SecurityContext> published =
                new ImmutableJWKSet<>(new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())));
        verifier = new JwksTokenVerifier(published, JwksTokenVerifier.ALGORITHMS, ISSUER, AUDIENCE,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .subject("user-7")
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .expirationTime(Date.from(NOW.plusSeconds(600)))
                .claim("permissions", Map.of("companies", Map.of("1001", Map.of("erp_integrations", "read_only"))));
    }

    private static String bearer(JWSAlgorithm alg, String kid, JWSSigner signer, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims);
        jwt.sign(signer);
        return "Bearer " + jwt.serialize();
    }

    private static void assertRefused(String header, String detail) {
        ApiException e = assertThrows(ApiException.class, () -> verifier.verify(header));
        assertEquals(ErrorCode.UNAUTHORIZED, e.code());
        assertEquals(detail, e.detail());
    }

    @Test
    void acceptsRs256() throws JOSEException {
        Caller caller = verifier.verify(bearer(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa), claims().build()));
        assertEquals("user-7", caller.userId());
        assertEquals(Level.READ_ONLY, caller.companyLevel("1001", Caller.ERP_INTEGRATIONS));
    }

    @Test
    void acceptsEs256() throws JOSEException {
        Caller caller = verifier.verify(bearer(JWSAlgorithm.ES256, "ec-1", new ECDSASigner(ec), claims().build()));
        assertEquals("user-7", caller.userId());
    }

    @Test
    void acceptsATokenWithSeveralAudiencesIncludingOurs() throws JOSEException {
        JWTClaimsSet both = claims().audience(List.of("other-api", AUDIENCE)).build();
        assertEquals("user-7", verifier.verify(bearer(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa), both)).userId());
    }

    @Test
    void wrongIssuer() throws JOSEException {
        JWTClaimsSet claims = claims().issuer("https://evil.example.com/").build();
        assertRefused(bearer(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa), claims), "The token is not valid");
    }

    @Test
    void missingIssuer() throws JOSEException {
        JWTClaimsSet claims = claims().issuer(null).build();
        assertRefused(bearer(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa), claims), "The token is not valid");
    }

    @Test
    void wrongAudience() throws JOSEException {
        JWTClaimsSet claims = claims().audience("another-api").build();
        assertRefused(bearer(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa), claims), "The token is not valid");
    }

    @Test
    void missingAudience() throws JOSEException {
        JWTClaimsSet claims = claims().audience((String) null).build();
        assertRefused(bearer(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa), claims), "The token is not valid");
    }

    @Test
    void expired() throws JOSEException {
        JWTClaimsSet claims = claims().expirationTime(Date.from(NOW.minusSeconds(120))).build();
        assertRefused(bearer(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa), claims), "The token has expired");
    }

    @Test
    void signedByAKeyThatIsNotPublished() throws JOSEException {
        assertRefused(bearer(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(otherRsa), claims().build()),
                "The token is not valid");
        assertRefused(bearer(JWSAlgorithm.RS256, "unknown-kid", new RSASSASigner(otherRsa), claims().build()),
                "The token is not valid");
    }

    @Test
    void hmacSignedWithThePublicKeyIsRefused() throws JOSEException {
        // the classic confusion: HS256 "signed" with the public key an attacker can download
        byte[] publicKey = Arrays.copyOf(rsa.toPublicKey().getEncoded(), 64);
        assertRefused(bearer(JWSAlgorithm.HS256, "rsa-1", new MACSigner(publicKey), claims().build()),
                "The token is not valid");
    }

    @Test
    void onlyTheConfiguredAlgorithmsAreAccepted() throws JOSEException {
        JwksTokenVerifier rsOnly = new JwksTokenVerifier(
                new ImmutableJWKSet<>(new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK()))),
                Set.of(JWSAlgorithm.RS256), ISSUER, AUDIENCE, Clock.fixed(NOW, ZoneOffset.UTC));
        String es = bearer(JWSAlgorithm.ES256, "ec-1", new ECDSASigner(ec), claims().build());
        ApiException e = assertThrows(ApiException.class, () -> rsOnly.verify(es));
        assertEquals(ErrorCode.UNAUTHORIZED, e.code());
        String ps = bearer(JWSAlgorithm.PS256, "rsa-1", new RSASSASigner(rsa), claims().build());
        assertRefused(ps, "The token is not valid");
    }

    @Test
    void keysThatCannotBeLoadedAreA503NotA401() throws JOSEException {
        JWKSource<SecurityContext> down = (selector, context) -> {
            throw new KeySourceException("connection refused");
        };
        JwksTokenVerifier unreachable = new JwksTokenVerifier(down, JwksTokenVerifier.ALGORITHMS, ISSUER, AUDIENCE,
                Clock.fixed(NOW, ZoneOffset.UTC));
        String token = bearer(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa), claims().build());
        ApiException e = assertThrows(ApiException.class, () -> unreachable.verify(token));
        assertEquals(ErrorCode.SERVICE_UNAVAILABLE, e.code());
        assertEquals("5", e.headers().get("Retry-After"));
    }

    @Test
    void anUnreachableJwksUrlIsA503() throws Exception {
        // nothing listens on port 1 of the loopback: the fetch fails at once, and only when a token arrives
        JwksTokenVerifier unreachable = new JwksTokenVerifier(new URL("http://127.0.0.1:1/.well-known/jwks.json"),
                ISSUER, AUDIENCE);
        String token = bearer(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa),
                claims().expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
        ApiException e = assertThrows(ApiException.class, () -> unreachable.verify(token));
        assertEquals(ErrorCode.SERVICE_UNAVAILABLE, e.code());
    }

    @Test
    void issuerAndAudienceAreRequired() {
        JWKSource<SecurityContext> none = new ImmutableJWKSet<>(new JWKSet());
        Clock clock = Clock.systemUTC();
        assertThrows(IllegalArgumentException.class,
                () -> new JwksTokenVerifier(none, JwksTokenVerifier.ALGORITHMS, "", AUDIENCE, clock));
        assertThrows(IllegalArgumentException.class,
                () -> new JwksTokenVerifier(none, JwksTokenVerifier.ALGORITHMS, ISSUER, null, clock));
    }
}
