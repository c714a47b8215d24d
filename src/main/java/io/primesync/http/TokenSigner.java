package io.primesync.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/** Signs HS256 user tokens for the local server, the command line and tests; never used by a deployed function. */
public final class TokenSigner {
    private TokenSigner() {}

    public static String sign(byte[] secret, String sub, Map<String, ?> permissions, Instant exp) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(sub).expirationTime(Date.from(exp));
        if (permissions != null) {
            claims.claim(Claims.PERMISSIONS, permissions);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(new MACSigner(Hs256TokenVerifier.hmacKey(secret)));
        } catch (JOSEException e) {
            throw new IllegalStateException("the token cannot be signed", e);
        }
        return jwt.serialize();
    }
}
