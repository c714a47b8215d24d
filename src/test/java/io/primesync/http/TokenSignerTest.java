package io.primesync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenSignerTest {
    @Test
    void signsAnHs256TokenWithTheGivenClaims() throws Exception {
        Instant exp = Instant.parse("2030-01-01T00:00:00Z");
        Map<String, Object> permissions = Map.of("companies", Map.of("1001", Map.of("erp_integrations", "admin")));
        String token = TokenSigner.sign("local-dev-secret".getBytes(StandardCharsets.UTF_8), "user-7", permissions, exp);

        SignedJWT jwt = SignedJWT.parse(token);
        assertEquals(JWSAlgorithm.HS256, jwt.getHeader().getAlgorithm());
        assertEquals("user-7", jwt.getJWTClaimsSet().getSubject());
        assertEquals(Date.from(exp), jwt.getJWTClaimsSet().getExpirationTime());
        assertEquals(permissions, jwt.getJWTClaimsSet().getJSONObjectClaim("permissions"));
    }
}
