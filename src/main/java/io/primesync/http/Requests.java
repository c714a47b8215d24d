package io.primesync.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an API Gateway (REST) proxy event. Every field of the event may be null: API Gateway, sam local and
 * the local server each leave different ones out.
 */
public final class Requests {
    private static final byte[] EMPTY = new byte[0];

    private Requests() {}

    /**
     * A header's value, by case-insensitive name, from both {@code headers} and {@code multiValueHeaders};
     * null when absent. A header given twice with different values is refused rather than guessed at.
     */
    public static String header(APIGatewayProxyRequestEvent event, String name) {
        Set<String> values = new LinkedHashSet<>();
        if (event != null) {
            collect(event.getHeaders(), name, true, values);
            collectMulti(event.getMultiValueHeaders(), name, true, values);
        }
        return single(values, name, "header");
    }

    /** The raw body bytes, decoded from base64 when API Gateway says so; empty when there is no body. */
    public static byte[] body(APIGatewayProxyRequestEvent event) {
        String body = event == null ? null : event.getBody();
        if (body == null) {
            return EMPTY;
        }
        if (Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            try {
                return Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidField("body", "is marked base64 but is not valid base64");
            }
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A query parameter's value (names are case-sensitive); null when absent. The same value given twice
     * is fine, two different values are a 400.
     */
    public static String query(APIGatewayProxyRequestEvent event, String name) {
        return single(queryValues(event, name), name, "query parameter");
    }

    /** Every distinct value of a query parameter, in order; empty when absent. */
    public static List<String> queryValues(APIGatewayProxyRequestEvent event, String name) {
        Set<String> values = new LinkedHashSet<>();
        if (event != null) {
            collect(event.getQueryStringParameters(), name, false, values);
            collectMulti(event.getMultiValueQueryStringParameters(), name, false, values);
        }
        return new ArrayList<>(values);
    }

    public static String path(APIGatewayProxyRequestEvent event, String name) {
        Map<String, String> params = event == null ? null : event.getPathParameters();
        return params == null ? null : params.get(name);
    }

    /** API Gateway's request id, or null (e.g. an event file without a request context). */
    /** The caller's address as API Gateway saw it; null when the event has none. */
    public static String sourceIp(APIGatewayProxyRequestEvent event) {
        var context = event.getRequestContext();
        return context == null || context.getIdentity() == null ? null : context.getIdentity().getSourceIp();
    }

    public static String requestId(APIGatewayProxyRequestEvent event) {
        APIGatewayProxyRequestEvent.ProxyRequestContext context = event == null ? null : event.getRequestContext();
        return context == null ? null : context.getRequestId();
    }

    /** What the authorizer passed on ({@code requestContext.authorizer}), or null. */
    public static Map<String, Object> authorizer(APIGatewayProxyRequestEvent event) {
        APIGatewayProxyRequestEvent.ProxyRequestContext context = event == null ? null : event.getRequestContext();
        return context == null ? null : context.getAuthorizer();
    }

    /** application/json, with or without parameters such as charset, in any letter case. */
    public static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json");
    }

    private static void collect(Map<String, String> map, String name, boolean ignoreCase, Set<String> into) {
        if (map == null) {
            return;
        }
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (e.getValue() != null && nameMatches(e.getKey(), name, ignoreCase)) {
                into.add(e.getValue());
            }
        }
    }

    private static void collectMulti(Map<String, List<String>> map, String name, boolean ignoreCase,
            Set<String> into) {
        if (map == null) {
            return;
        }
        for (Map.Entry<String, List<String>> e : map.entrySet()) {
            if (e.getValue() != null && nameMatches(e.getKey(), name, ignoreCase)) {
                for (String value : e.getValue()) {
                    if (value != null) {
                        into.add(value);
                    }
                }
            }
        }
    }

    private static boolean nameMatches(String key, String name, boolean ignoreCase) {
        return key != null && (ignoreCase ? key.equalsIgnoreCase(name) : key.equals(name));
    }

    private static String single(Iterable<String> values, String name, String what) {
        String found = null;
        for (String value : values) {
            if (found != null) {
                throw ApiException.invalidField(name, "was given more than once with different values; give the "
                        + what + " once");
            }
            found = value;
        }
        return found;
    }
}
