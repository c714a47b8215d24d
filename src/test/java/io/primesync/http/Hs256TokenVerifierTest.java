package io.primesync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.primesync.domain.Caller;
import io.primesync.domain.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class Hs256TokenVerifierTest {
    static final Instant NOW = Instant.parse("2026-11-29T14:00:00Z");
    static final byte[] SECRET = "local-dev-secret".getBytes(StandardCharsets.UTF_8);
    static final Map<String, Object> PERMISSIONS = Map.of(
            "companies", Map.of("1001", Map.of("erp_integrations", "admin")),
            "projects", Map.of("2002", Map.of("prime_contracts", "standard")));

    private final Hs256TokenVerifier verifier = new Hs256TokenVerifier(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static String token(Instant exp) {
        return TokenSigner.sign(SECRET, "user-7", PERMISSIONS, exp);
    }

    private void assertRefused(String header, String detail) {
        ApiException e = assertThrows(ApiException.class, () -> verifier.verify(header));
        assertEquals(ErrorCode.UNAUTHORIZED, e.code());
        assertEquals(detail, e.detail());
        assertEquals("Bearer", e.headers().get("WWW-Authenticate"));
    }

    private static String signed(JWSAlgorithm alg, byte[] secret, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
        // zero-padded to 64 bytes, which leaves the MAC unchanged for SHA-256, -384 and -512 alike
        jwt.sign(new MACSigner(Arrays.copyOf(secret, 64)));
        return jwt.serialize();
    }

    private static JWTClaimsSet.Builder validClaims() {
        return new JWTClaimsSet.Builder().subject("user-7").expirationTime(Date.from(NOW.plusSeconds(600)))
                .claim("permissions", PERMISSIONS);
    }

    @Test
    void acceptsAValidToken() {
        Caller caller = verifier.verify(bearer(token(NOW.plusSeconds(3600))));
        assertEquals("user-7", caller.userId());
        assertEquals(Level.ADMIN, caller.companyLevel("1001", Caller.ERP_INTEGRATIONS));
        assertEquals(Level.STANDARD, caller.projectLevel("2002", Caller.PRIME_CONTRACTS));
        assertEquals(Level.NONE, caller.companyLevel("1002", Caller.ERP_INTEGRATIONS));
    }

    @Test
    void schemeIsCaseInsensitiveAndSpacesAreTolerated() {
        String token = token(NOW.plusSeconds(3600));
        assertEquals("user-7", verifier.verify("bearer " + token).userId());
        assertEquals("user-7", verifier.verify("  BEARER   " + token + "  ").userId());
    }

    @Test
    void missingHeader() {
        assertRefused(null, "The Authorization header is missing");
        assertRefused("", "The Authorization header is missing");
        assertRefused("   ", "The Authorization header is missing");
    }

    @Test
    void notBearer() {
        assertRefused("Basic dXNlcjpwYXNz", "The Authorization header must be a Bearer token");
        assertRefused(token(NOW.plusSeconds(3600)), "The Authorization header must be a Bearer token");
        assertRefused("Bearer", "The Authorization header must be a Bearer token");
    }

    @Test
    void malformedToken() {
        assertRefused("Bearer ", "The Authorization header must be a Bearer token");
        assertRefused("Bearer abc.def", "The token is not valid");
        assertRefused("Bearer abc.def.ghi", "The token is not valid");
        assertRefused("Bearer " + "a".repeat(9000), "The token is not valid");
    }

    @Test
    void expiredToken() {
        assertRefused(bearer(token(NOW.minusSeconds(61))), "The token has expired");
        assertRefused(bearer(token(NOW.minusSeconds(3600))), "The token has expired");
    }

    @Test
    void sixtySecondsOfClockSkewAreAllowed() {
        assertEquals("user-7", verifier.verify(bearer(token(NOW.minusSeconds(59)))).userId());
    }

    @Test
    void tokenSignedWithAnotherSecret() {
        String other = TokenSigner.sign("another-secret".getBytes(StandardCharsets.UTF_8), "user-7", PERMISSIONS,
                NOW.plusSeconds(3600));
        assertRefused(bearer(other), "The token is not valid");
    }

    @Test
    void tamperedClaims() {
        String[] parts = token(NOW.plusSeconds(3600)).split("\\.");
        String claims = Base64URL.encode("{\"sub\":\"admin\",\"exp\":9999999999}").toString();
        assertRefused(bearer(parts[0] + "." + claims + "." + parts[2]), "The token is not valid");
    }

    @Test
    void algNoneIsRefused() {
        String unsecured = new PlainJWT(validClaims().build()).serialize();
        assertRefused(bearer(unsecured), "The token is not valid");
        // the same by hand, with a signature part for parsers that want one
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}").toString();
        String payload = Base64URL.encode("{\"sub\":\"user-7\",\"exp\":" + NOW.plusSeconds(600).getEpochSecond() + "}")
                .toString();
        assertRefused(bearer(header + "." + payload + "."), "The token is not valid");
        assertRefused(bearer(header + "." + payload + ".c2ln"), "The token is not valid");
    }

    @Test
    void anotherHmacAlgorithmWithTheSameSecretIsRefused() throws Exception {
        assertRefused(bearer(signed(JWSAlgorithm.HS512, SECRET, validClaims().build())), "The token is not valid");
        assertRefused(bearer(signed(JWSAlgorithm.HS384, SECRET, validClaims().build())), "The token is not valid");
    }

    @Test
    void missingSub() throws Exception {
        JWTClaimsSet noSub = new JWTClaimsSet.Builder().expirationTime(Date.from(NOW.plusSeconds(600)))
                .claim("permissions", PERMISSIONS).build();
        assertRefused(bearer(signed(JWSAlgorithm.HS256, SECRET, noSub)), "The token is not valid");
    }

    @Test
    void blankSub() throws Exception {
        assertRefused(bearer(signed(JWSAlgorithm.HS256, SECRET, validClaims().subject(" ").build())),
                "The token has no valid subject");
    }

    @Test
    void missingExp() throws Exception {
        JWTClaimsSet noExp = new JWTClaimsSet.Builder().subject("user-7").claim("permissions", PERMISSIONS).build();
        assertRefused(bearer(signed(JWSAlgorithm.HS256, SECRET, noExp)), "The token is not valid");
    }

    @Test
    void notYetValid() throws Exception {
        JWTClaimsSet future = validClaims().notBeforeTime(Date.from(NOW.plusSeconds(300))).build();
        assertRefused(bearer(signed(JWSAlgorithm.HS256, SECRET, future)), "The token is not valid");
    }

    @Test
    void malformedPermissions() throws Exception {
        assertRefused(bearer(signed(JWSAlgorithm.HS256, SECRET, validClaims().claim("permissions", "admin").build())),
                "The token has malformed permissions");
        JWTClaimsSet listOfCompanies = validClaims()
                .claim("permissions", Map.of("companies", List.of("1001"))).build();
        assertRefused(bearer(signed(JWSAlgorithm.HS256, SECRET, listOfCompanies)),
                "The token has malformed permissions");
    }

    @Test
    void tokenWithoutPermissionsGrantsNothing() {
        String token = TokenSigner.sign(SECRET, "user-8", null, NOW.plusSeconds(60));
        Caller caller = verifier.verify(bearer(token));
        assertEquals("user-8", caller.userId());
        assertEquals(Map.of(), caller.companies());
        assertEquals(Map.of(), caller.projects());
    }

    /** The padding of short secrets must not change the MAC: a token from any HS256 tool must verify. */
    @Test
    void shortSecretVerifiesTokensSignedWithTheRawSecret() throws Exception {
        String header = Base64URL.encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}").toString();
        String payload = Base64URL.encode("{\"sub\":\"user-9\",\"exp\":" + NOW.plusSeconds(600).getEpochSecond() + "}")
                .toString();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        String signature = Base64URL.encode(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)))
                .toString();
        assertEquals("user-9", verifier.verify(bearer(header + "." + payload + "." + signature)).userId());
    }

    @Test
    void longSecretsWork() {
        byte[] longSecret = "a-long-secret-of-more-than-thirty-two-bytes-for-production".getBytes(StandardCharsets.UTF_8);
        Hs256TokenVerifier v = new Hs256TokenVerifier(longSecret, Clock.fixed(NOW, ZoneOffset.UTC));
        assertEquals("u", v.verify(bearer(TokenSigner.sign(longSecret, "u", Map.of(), NOW.plusSeconds(60)))).userId());
    }

    @Test
    void emptySecretIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> new Hs256TokenVerifier(new byte[0]));
    }

    @Test
    void fromEnvironment() {
        Map<String, String> configured = Map.of("AUTH_JWT_SECRET", "configured-secret");
        Hs256TokenVerifier v = Hs256TokenVerifier.fromEnvironment(configured::get);
        String token = TokenSigner.sign("configured-secret".getBytes(StandardCharsets.UTF_8), "u", Map.of(),
                Instant.now().plusSeconds(60));
        assertEquals("u", v.verify(bearer(token)).userId());

        Map<String, String> local = Map.of("PRIMESYNC_LOCAL", "true");
        String localToken = TokenSigner.sign(SECRET, "u", Map.of(), Instant.now().plusSeconds(60));
        assertEquals("u", Hs256TokenVerifier.fromEnvironment(local::get).verify(bearer(localToken)).userId());

        assertThrows(IllegalStateException.class, () -> Hs256TokenVerifier.fromEnvironment(Map.<String, String>of()::get));
    }
}
