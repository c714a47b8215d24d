package io.primesync.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import io.primesync.domain.Caller;
import io.primesync.http.ApiException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Set;

/** The part both verifiers share: Bearer parsing, nimbus' signature and claims checks, and the mapping of failures. */
abstract class NimbusTokenVerifier implements TokenVerifier {
    static final int MAX_CLOCK_SKEW_SECONDS = 60;
    /** Far above any real token; stops a huge header from reaching the parser. */
    static final int MAX_TOKEN_LENGTH = 8192;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /**
     * @param keys selects the verification key; it also fixes the accepted algorithms, so a token signed
     *     with any other one, or unsigned ({@code alg: none}), is refused
     * @param acceptedAudience null to accept any audience
     * @param exactMatch claims that must have exactly these values (e.g. the issuer), or null
     */
    NimbusTokenVerifier(JWSKeySelector<SecurityContext> keys, Set<String> acceptedAudience, JWTClaimsSet exactMatch,
            Set<String> requiredClaims, Clock clock) {
        DefaultJWTClaimsVerifier<SecurityContext> claims =
                new DefaultJWTClaimsVerifier<>(acceptedAudience, exactMatch, requiredClaims, null) {
                    @Override
                    protected Date currentTime() {
                        return Date.from(clock.instant());
                    }
                };
        claims.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
        processor.setJWSKeySelector(keys);
        processor.setJWTClaimsSetVerifier(claims);
    }

    @Override
    public Caller verify(String authorizationHeaderValue) {
        String token = bearerToken(authorizationHeaderValue);
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ExpiredJWTException e) {
            throw ApiException.unauthorized("The token has expired");
        } catch (KeySourceException e) {
            // the key set could not be fetched: the token may well be good, so do not call it bad
            throw ApiException.unavailable("Sign-in keys cannot be loaded right now; try again shortly",
                    Duration.ofSeconds(5));
        } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
            throw ApiException.unauthorized("The token is not valid");
        }
        return Claims.toCaller(claims);
    }

    static String bearerToken(String header) {
        if (header == null || header.isBlank()) {
            throw ApiException.unauthorized("The Authorization header is missing");
        }
        String value = header.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
            throw ApiException.unauthorized("The Authorization header must be a Bearer token");
        }
        String token = value.substring(space + 1).strip();
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw ApiException.unauthorized("The token is not valid");
        }
        return token;
    }
}
