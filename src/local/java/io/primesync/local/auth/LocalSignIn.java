package io.primesync.local.auth;

import io.primesync.local.http.Forms;
import io.primesync.local.http.LocalHttp;
import io.primesync.local.http.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local identity provider's OpenID Connect side, for the web page: discovery, an authorization endpoint where a
 * person picks one of the demo's users, and a token endpoint that trades the code for a token once, and only for the
 * PKCE verifier of the challenge the code was issued for (RFC 7636, S256 only), the redirect URI and the client it was
 * issued to. What the page does against it is what it does against the provider configured in AWS. Its discovery
 * document names the issuer its tokens carry (the one the API checks), not the loopback address it is found at; the
 * page only uses the endpoints it names, and leaves checking the token to the API.
 */
final class LocalSignIn {
    static final String DISCOVERY_PATH = "/.well-known/openid-configuration";
    static final String AUTHORIZE_PATH = "/authorize";
    static final String TOKEN_PATH = "/token";
    private static final Duration CODE_LIFETIME = Duration.ofMinutes(2);
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Grant(LocalIdentity.User user, String challenge, String redirectUri, String clientId,
            String nonce, Instant expires) {}

    private final LocalIdentity identity;
    private final String clientId;
    private final List<String> redirectUris;
    private final Map<String, LocalIdentity.User> users = new LinkedHashMap<>();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();

    LocalSignIn(LocalIdentity identity, String clientId, List<String> redirectUris, List<LocalIdentity.User> users) {
        this.identity = identity;
        this.clientId = clientId;
        this.redirectUris = List.copyOf(redirectUris);
        users.forEach(u -> this.users.put(u.id(), u));
    }

    /** The answer to a request for one of the sign-in's paths, or null for another path. */
    Reply handle(LocalHttp.Request request) {
        return switch (request.rawPath()) {
            case DISCOVERY_PATH -> request.method().equals("GET") ? discovery() : methodNotAllowed();
            case AUTHORIZE_PATH -> switch (request.method()) {
                case "GET" -> authorizePage(Forms.decode(request.rawQuery()));
                case "POST" -> authorize(Forms.decode(body(request)));
                default -> methodNotAllowed();
            };
            case TOKEN_PATH -> request.method().equals("POST") ? token(Forms.decode(body(request))) : methodNotAllowed();
            default -> null;
        };
    }

    private Reply discovery() {
        String base = identity.baseUri();
        return json(200, "{\"issuer\":\"" + LocalIdentity.ISSUER + "\",\"authorization_endpoint\":\"" + base
                + AUTHORIZE_PATH + "\",\"token_endpoint\":\"" + base + TOKEN_PATH + "\",\"jwks_uri\":\""
                + identity.jwksUrl() + "\",\"response_types_supported\":[\"code\"],"
                + "\"code_challenge_methods_supported\":[\"S256\"],\"grant_types_supported\":[\"authorization_code\"],"
                + "\"token_endpoint_auth_methods_supported\":[\"none\"]}");
    }

    /** What is wrong with an authorization request, or null when it can go on. */
    private String invalid(Map<String, String> q) {
        if (!"code".equals(q.get("response_type"))) {
            return "response_type must be code";
        }
        if (!clientId.equals(q.get("client_id"))) {
            return "unknown client_id";
        }
        String redirect = q.get("redirect_uri");
        // registered redirect URIs match exactly (RFC 9700), and none has a fragment
        if (redirect == null || !redirectUris.contains(redirect)) {
            return "redirect_uri is not one of the client's";
        }
        if (!"S256".equals(q.get("code_challenge_method")) || q.getOrDefault("code_challenge", "").length() < 43) {
            return "a PKCE code_challenge with code_challenge_method S256 is required";
        }
        return null;
    }

    private Reply authorizePage(Map<String, String> q) {
        String problem = invalid(q);
        if (problem != null) {
            return Reply.of(400, Map.of("Content-Type", "text/plain; charset=utf-8"), "Invalid sign-in request: " + problem);
        }
        StringBuilder html = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>Local identity provider</title></head><body style=\"font-family: system-ui, sans-serif;"
                + " max-width: 36rem; margin: 2rem auto; padding: 0 1rem\"><h1>Sign in</h1>"
                + "<p>The local identity provider (for local runs only) signs you in as one of the demo's users.</p>"
                + "<form method=\"post\" action=\"" + AUTHORIZE_PATH + "\"><fieldset><legend>User</legend>");
        boolean first = true;
        for (LocalIdentity.User u : users.values()) {
            html.append("<p><input type=\"radio\" name=\"user\" id=\"idp-").append(escape(u.id())).append("\" value=\"")
                    .append(escape(u.id())).append('"').append(first ? " checked" : "").append("><label for=\"idp-")
                    .append(escape(u.id())).append("\"><strong>").append(escape(u.subject())).append("</strong>: ")
                    .append(escape(u.description())).append("</label></p>");
            first = false;
        }
        html.append("</fieldset>");
        for (String field : List.of("response_type", "client_id", "redirect_uri", "state", "nonce", "code_challenge",
                "code_challenge_method", "scope")) {
            html.append("<input type=\"hidden\" name=\"").append(field).append("\" value=\"")
                    .append(escape(q.getOrDefault(field, ""))).append("\">");
        }
        html.append("<button type=\"submit\" id=\"idp-continue\">Continue</button></form></body></html>");
        return Reply.of(200, Map.of("Content-Type", "text/html; charset=utf-8", "Cache-Control", "no-store",
                "X-Frame-Options", "DENY"), html.toString());
    }

    private Reply authorize(Map<String, String> q) {
        String problem = invalid(q);
        LocalIdentity.User user = users.get(q.get("user"));
        if (problem != null || user == null) {
            return Reply.of(400, Map.of("Content-Type", "text/plain; charset=utf-8"),
                    "Invalid sign-in request: " + (problem != null ? problem : "choose a user"));
        }
        Instant now = Instant.now();
        codes.values().removeIf(g -> g.expires().isBefore(now));
        String code = random(32);
        String nonce = q.get("nonce");
        codes.put(code, new Grant(user, q.get("code_challenge"), q.get("redirect_uri"), q.get("client_id"),
                nonce == null || nonce.isEmpty() ? null : nonce, now.plus(CODE_LIFETIME)));
        String redirect = q.get("redirect_uri");
        String location = redirect + (redirect.contains("?") ? "&" : "?") + "code=" + code
                + (q.containsKey("state") ? "&state=" + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8) : "");
        return Reply.of(302, Map.of("Location", location, "Cache-Control", "no-store"), "");
    }

    private Reply token(Map<String, String> q) {
        if (!"authorization_code".equals(q.get("grant_type"))) {
            return tokenError("unsupported_grant_type", "grant_type must be authorization_code");
        }
        // a code is good once: taken out before anything is checked
        Grant grant = codes.remove(q.getOrDefault("code", ""));
        if (grant == null || grant.expires().isBefore(Instant.now())) {
            return tokenError("invalid_grant", "the code is unknown, used or expired");
        }
        if (!grant.clientId().equals(q.get("client_id")) || !grant.redirectUri().equals(q.get("redirect_uri"))) {
            return tokenError("invalid_grant", "the code was issued to another client or redirect_uri");
        }
        String verifier = q.getOrDefault("code_verifier", "");
        if (verifier.length() < 43 || !grant.challenge().equals(s256(verifier))) {
            return tokenError("invalid_grant", "the code_verifier does not match the code_challenge");
        }
        Instant expires = Instant.now().plus(TOKEN_LIFETIME);
        String token = identity.sign(grant.user(), expires);
        // the ID token carries the nonce of the sign-in it answers, which the page checks
        String idToken = identity.signIdToken(grant.user(), expires, grant.nonce());
        return json(200, "{\"access_token\":\"" + token + "\",\"id_token\":\"" + idToken + "\",\"token_type\":\"Bearer\","
                + "\"expires_in\":" + TOKEN_LIFETIME.toSeconds() + "}");
    }

    private static Reply tokenError(String error, String description) {
        return json(400, "{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}");
    }

    /** JSON, readable from the page's origin (the discovery document and the token endpoint are called by it). */
    private static Reply json(int status, String body) {
        return Reply.of(status, Map.of("Content-Type", "application/json", "Cache-Control", "no-store",
                "Access-Control-Allow-Origin", "*"), body);
    }

    private static Reply methodNotAllowed() {
        return Reply.of(405, Map.of("Content-Type", "text/plain"), "method not allowed");
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String body(LocalHttp.Request request) {
        return new String(request.body(), StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
