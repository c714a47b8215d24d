package io.primesync.local.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.primesync.local.http.LocalHttp;
import io.primesync.local.http.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * The local identity provider: it signs RS256 tokens with a key that exists only for local runs, and publishes the
 * public half as a JWKS on loopback. The deployed authorizer verifies local tokens exactly as it verifies the real
 * provider's in AWS (JWKS URL, issuer, audience); no other way of checking a token exists in the product. The key
 * is fixed so that the tokens in events/ stay valid; AWS never trusts it, since there the JWKS URL is the real
 * provider's. With {@link #allowSignIn} it is also an OpenID Connect provider for the web page (see
 * {@link LocalSignIn}), so the page's sign-in for AWS runs locally too.
 */
public final class LocalIdentity implements AutoCloseable {
    public static final String ISSUER = "https://identity.primesync.local/";
    public static final String AUDIENCE = "primesync-local";
    static final String JWKS_PATH = "/.well-known/jwks.json";
    private static final String KEY_RESOURCE = "/local/identity-signing-key.json";

    private final RSAKey key;
    private LocalHttp http;
    private int port;
    private volatile LocalSignIn signIn;

    private LocalIdentity(RSAKey key) {
        this.key = key;
    }

    /** The signer alone, without publishing its keys (writing sample events). */
    public static LocalIdentity signer() {
        try (InputStream in = LocalIdentity.class.getResourceAsStream(KEY_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(KEY_RESOURCE + " is missing from the class path");
            }
            return new LocalIdentity(RSAKey.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("the local signing key cannot be read", e);
        }
    }

    /** The signer, with its public key set published on a free loopback port. */
    public static LocalIdentity start() throws IOException {
        LocalIdentity identity = signer();
        String jwks = new JWKSet(identity.key.toPublicJWK()).toString();
        identity.http = LocalHttp.create("local-identity", request -> {
                    if (JWKS_PATH.equals(request.rawPath())) {
                        return Reply.of(200, Map.of("Content-Type", "application/json"), jwks);
                    }
                    LocalSignIn current = identity.signIn;
                    Reply reply = current == null ? null : current.handle(request);
                    return reply != null ? reply
                            : Reply.of(404, Map.of("Content-Type", "application/json"), "{\"error\":\"not_found\"}");
                },
                (status, method, target, why) -> Reply.of(status, Map.of("Content-Type", "text/plain"), why),
                LocalHttp.Limits.defaults(), 2);
        identity.port = identity.http.listen(0);
        return identity;
    }

    /** {@code http://127.0.0.1:PORT}: where the keys, and the sign-in when allowed, are served. */
    public String baseUri() {
        return http == null ? null : "http://127.0.0.1:" + port;
    }

    /**
     * Lets these users sign in through the OpenID Connect endpoints (authorization code with PKCE), for a client
     * {@code clientId} whose registered redirect URIs are {@code redirectUris}.
     */
    public void allowSignIn(String clientId, List<String> redirectUris, List<User> users) {
        this.signIn = new LocalSignIn(this, clientId, redirectUris, users);
    }

    /** A user the local provider can sign in: what goes into the token, and a line saying who it is. */
    public record User(String id, String subject, String description, Map<String, ?> permissions) {}

    /** The public half of the key: what the JWKS serves. */
    public JWKSet publicKeys() {
        return new JWKSet(key.toPublicJWK());
    }

    /** Where the public keys are; null for a signer that does not publish them. */
    public String jwksUrl() {
        return http == null ? null : "http://127.0.0.1:" + port + JWKS_PATH;
    }

    /** The configuration the authorizer function reads. */
    public Map<String, String> authorizerEnvironment() {
        return Map.of("JWKS_URL", jwksUrl(), "JWT_ISSUER", ISSUER, "JWT_AUDIENCE", AUDIENCE);
    }

    /** A bearer token for one of the users the provider knows, valid until {@code expires}. */
    public String sign(User user, Instant expires) {
        return sign(user.subject(), user.permissions(), expires);
    }

    /** A bearer token for a user with the given {@code permissions} claim, valid until {@code expires}. */
    public String sign(String subject, Map<String, ?> permissions, Instant expires) {
        return sign(subject, permissions, expires, null);
    }

    /** An ID token of the sign-in: the user's token carrying the {@code nonce} the page sent (none when null). */
    public String signIdToken(User user, Instant expires, String nonce) {
        return sign(user.subject(), user.permissions(), expires, nonce);
    }

    private String sign(String subject, Map<String, ?> permissions, Instant expires, String nonce) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(subject)
                .issueTime(new Date(Math.min(System.currentTimeMillis(), expires.toEpochMilli()) / 1000 * 1000))
                .expirationTime(Date.from(expires))
                .claim("permissions", permissions)
                .claim("nonce", nonce)
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("the local token cannot be signed", e);
        }
        return jwt.serialize();
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
    }
}
