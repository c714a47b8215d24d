package io.primesync.local.procore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.local.http.Forms;
import io.primesync.local.http.LocalHttp;
import io.primesync.local.http.Reply;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Procore's login service: the client credentials grant of {@code POST /oauth/token} (a form, or JSON), bearer tokens
 * that expire after 1.5 hours with no refresh token, and which client each token was given to.
 */
final class SimOAuth {
    static final long TOKEN_SECONDS = 5400;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    /** token → when it expires */
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    /** token → the application id its client acts as (absent for the people's client) */
    private final Map<String, String> tokenApplications = new ConcurrentHashMap<>();

    SimOAuth(Clock clock) {
        this.clock = clock;
    }

    /** The answer of the token endpoint. */
    Reply token(LocalHttp.Request r) {
        Map<String, String> form = new LinkedHashMap<>();
        String contentType = r.header("Content-Type");
        if (contentType != null && contentType.startsWith("application/json")) {
            try {
                Json.read(r.body()).fields().forEachRemaining(e -> form.put(e.getKey(), e.getValue().asText()));
            } catch (Json.MalformedJsonException e) {
                return Reply.json(400, "{\"error\":\"invalid_request\"}");
            }
        } else {
            form.putAll(Forms.decode(new String(r.body(), StandardCharsets.UTF_8)));
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return Reply.json(400, "{\"error\":\"unsupported_grant_type\"}");
        }
        boolean product = ProcoreSimulator.CLIENT_ID.equals(form.get("client_id"))
                && ProcoreSimulator.CLIENT_SECRET.equals(form.get("client_secret"));
        boolean people = ProcoreSimulator.USER_CLIENT_ID.equals(form.get("client_id"))
                && ProcoreSimulator.USER_CLIENT_SECRET.equals(form.get("client_secret"));
        if (!product && !people) {
            return Reply.json(401, "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}");
        }
        byte[] raw = new byte[24];
        RANDOM.nextBytes(raw);
        String token = HexFormat.of().formatHex(raw);
        Instant now = clock.instant();
        tokens.put(token, now.plusSeconds(TOKEN_SECONDS));
        if (product) {
            tokenApplications.put(token, ProcoreSimulator.APPLICATION_ID);
        }
        ObjectNode o = Json.object();
        o.put("access_token", token);
        o.put("token_type", "bearer");
        o.put("expires_in", TOKEN_SECONDS);
        o.put("created_at", now.getEpochSecond());
        return SimReplies.json(200, o);
    }

    /** The token of an {@code Authorization: Bearer} header, or null when the header is not one. */
    static String bearer(String authorization) {
        return authorization == null || !authorization.startsWith("Bearer ") ? null : authorization.substring(7).strip();
    }

    boolean valid(String token) {
        Instant expires = tokens.get(token);
        return expires != null && clock.instant().isBefore(expires);
    }

    /** The application a token's client acts as, or null for the people working in Procore. */
    String applicationOf(String token) {
        return tokenApplications.get(token);
    }

    /** The token expired early (or was revoked): it stays invalid. */
    void revoke(String token) {
        tokens.remove(token);
    }

    /** Every token expires at once (the control surface's). */
    void expireAll() {
        tokens.clear();
    }

    /** What the API answers a call whose token is missing, unknown or expired. */
    static Reply invalidToken() {
        return Reply.json(401, "{\"error\":\"invalid_token\",\"error_description\":\"The access token is invalid or has expired\"}");
    }
}
