package io.primesync.local;

import io.primesync.local.http.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The web page (the {@code web/} folder beside template.yaml) served at {@code /}, with the headers CloudFront's
 * response headers policy gives it in AWS: a content security policy that lets only the page's own scripts run and
 * only its own origin be called, no framing, no sniffing, no referrer. Only files inside the folder with a known
 * type are served; anything else is left to the API's routing (and its 404).
 */
public final class WebAssets {
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    private final Path root;
    private final String policy;

    /** @param signIn the origin of the sign-in provider the page may call, or null */
    WebAssets(Path root, String signIn) {
        this.root = root.toAbsolutePath().normalize();
        this.policy = signIn == null ? CONTENT_SECURITY_POLICY
                : CONTENT_SECURITY_POLICY.replace("connect-src 'self';", "connect-src 'self' " + signIn + ";");
    }

    static WebAssets beside(Path template, String signIn) {
        return new WebAssets(template.toAbsolutePath().getParent().resolve("web"), signIn);
    }

    /** The file a GET of this path serves, or null when the path is not the page's. */
    Reply find(String rawPath) {
        String path = rawPath.equals("/") ? "/index.html" : rawPath;
        if (path.contains("%") || path.contains("\\") || path.contains("/.") || !path.startsWith("/")) {
            return null;
        }
        Path file = root.resolve(path.substring(1)).normalize();
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        if (!file.startsWith(root) || type == null || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            return reply(200, type, Files.readAllBytes(file));
        } catch (IOException e) {
            return null;
        }
    }

    Reply reply(int status, String type, byte[] body) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Content-Type", List.of(type));
        headers.put("Cache-Control", List.of("no-cache"));
        headers.put("Content-Security-Policy", List.of(policy));
        headers.put("X-Content-Type-Options", List.of("nosniff"));
        headers.put("X-Frame-Options", List.of("DENY"));
        headers.put("Referrer-Policy", List.of("no-referrer"));
        return new Reply(status, headers, body);
    }
}
