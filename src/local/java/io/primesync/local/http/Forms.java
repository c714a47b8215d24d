package io.primesync.local.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code application/x-www-form-urlencoded} text (a form body, or a query string read as one: '+' is a space), for
 * the local services that are not API Gateway (whose own query decoding is {@code ProxyEvents}').
 */
public final class Forms {
    private Forms() {}

    /** Name to value; a repeated name keeps its last value, and a pair with a broken escape is left out. */
    public static Map<String, String> decode(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.put(name, value);
            } catch (IllegalArgumentException e) {
                // a broken escape: the parameter is not there
            }
        }
        return out;
    }
}
