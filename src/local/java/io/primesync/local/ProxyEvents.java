package io.primesync.local;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the event API Gateway (REST API, Lambda proxy integration, payload version 1.0) hands a function.
 * Every field is present, null where API Gateway sends null: a handler that forgets that
 * {@code queryStringParameters} is null without a query, or that header names arrive in the client's case,
 * fails here as in AWS.
 */
final class ProxyEvents {
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** One HTTP request as the local server received it. */
    record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body,
            String sourceIp, String host, int port, String requestId, Instant received) {}

    private final LocalApi api;

    ProxyEvents(LocalApi api) {
        this.api = api;
    }

    /** The event for a matched route; {@code authorizer} is null on a route without one. */
    Map<String, Object> event(Request request, LocalApi.Route route, Map<String, String> pathParameters,
            Map<String, Object> authorizer) {
        String path = api.withoutStage(request.rawPath());
        Map<String, List<String>> multiHeaders = headers(request);
        Map<String, String> headers = lastValues(multiHeaders);
        Map<String, List<String>> multiQuery = query(request.rawQuery());
        String userAgent = headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("User-Agent"))
                .map(Map.Entry::getValue).findFirst().orElse(null);

        Map<String, Object> identity = new LinkedHashMap<>();
        for (String key : List.of("cognitoIdentityPoolId", "accountId", "cognitoIdentityId", "caller", "apiKey",
                "principalOrgId")) {
            identity.put(key, null);
        }
        identity.put("sourceIp", request.sourceIp());
        for (String key : List.of("cognitoAuthenticationType", "cognitoAuthenticationProvider", "userArn")) {
            identity.put(key, null);
        }
        identity.put("userAgent", userAgent);
        identity.put("user", null);
        identity.put("accessKey", null);

        Map<String, Object> context = new LinkedHashMap<>();
        context.put("resourceId", Integer.toHexString(route.resource().hashCode()));
        context.put("resourcePath", route.resource());
        context.put("httpMethod", request.method());
        context.put("extendedRequestId", request.requestId());
        context.put("requestTime", REQUEST_TIME.format(request.received()));
        context.put("path", "/" + api.stage() + path);
        context.put("accountId", LocalApi.ACCOUNT_ID);
        context.put("protocol", "HTTP/1.1");
        context.put("stage", api.stage());
        context.put("domainPrefix", request.host());
        context.put("requestTimeEpoch", request.received().toEpochMilli());
        context.put("requestId", request.requestId());
        context.put("identity", identity);
        context.put("domainName", request.host());
        context.put("apiId", LocalApi.API_ID);
        if (authorizer != null) {
            context.put("authorizer", authorizer);
        }

        Map<String, Object> event = new LinkedHashMap<>();
        event.put("resource", route.resource());
        event.put("path", path);
        event.put("httpMethod", request.method());
        event.put("headers", headers.isEmpty() ? null : headers);
        event.put("multiValueHeaders", multiHeaders.isEmpty() ? null : multiHeaders);
        event.put("queryStringParameters", multiQuery.isEmpty() ? null : lastValues(multiQuery));
        event.put("multiValueQueryStringParameters", multiQuery.isEmpty() ? null : multiQuery);
        event.put("pathParameters", pathParameters.isEmpty() ? null : pathParameters);
        event.put("stageVariables", null);
        event.put("requestContext", context);
        putBody(event, request.body(), headers);
        return event;
    }

    /** The method ARN a TOKEN authorizer is asked about: the stage, the method and the path as called. */
    String methodArn(Request request) {
        return "arn:aws:execute-api:" + LocalApi.REGION + ":" + LocalApi.ACCOUNT_ID + ":" + LocalApi.API_ID + "/"
                + api.stage() + "/" + request.method() + api.withoutStage(request.rawPath());
    }

    /**
     * Text for UTF-8 text content types; base64 with {@code isBase64Encoded} otherwise and for the template's
     * {@code BinaryMediaTypes}. (A REST API without BinaryMediaTypes would pass a binary body as mangled text;
     * base64 keeps the bytes, which is what a webhook signature is computed over.)
     */
    private void putBody(Map<String, Object> event, byte[] body, Map<String, String> headers) {
        if (body == null || body.length == 0) {
            event.put("body", null);
            event.put("isBase64Encoded", false);
            return;
        }
        String contentType = headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("Content-Type"))
                .map(Map.Entry::getValue).findFirst().orElse("");
        String text = isBinary(contentType) || !isText(contentType) ? null : utf8(body);
        if (text != null) {
            event.put("body", text);
            event.put("isBase64Encoded", false);
        } else {
            event.put("body", Base64.getEncoder().encodeToString(body));
            event.put("isBase64Encoded", true);
        }
    }

    private boolean isBinary(String contentType) {
        String type = mediaType(contentType);
        for (String binary : api.binaryMediaTypes()) {
            if (TokenAuthorizer.glob(binary.toLowerCase(Locale.ROOT)).matcher(type).matches()) {
                return true;
            }
        }
        return false;
    }

    static boolean isText(String contentType) {
        String type = mediaType(contentType);
        String lower = contentType.toLowerCase(Locale.ROOT);
        int charset = lower.indexOf("charset=");
        if (charset >= 0) {
            String name = lower.substring(charset + 8).split(";")[0].strip().replace("\"", "");
            if (!name.equals("utf-8") && !name.equals("utf8") && !name.equals("us-ascii")) {
                return false;
            }
        }
        return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json")
                || type.equals("application/xml") || type.endsWith("+xml") || type.equals("application/javascript")
                || type.equals("application/x-www-form-urlencoded") || type.equals("application/graphql");
    }

    private static String mediaType(String contentType) {
        return contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * The client's headers plus the ones API Gateway adds. Header names are given in the usual capitalisation
     * ({@code Content-Type}, {@code X-Webhook-Signature}); API Gateway passes the client's own case, which
     * varies by client (HTTP/2 clients send lower case), so handlers must look names up case-insensitively.
     */
    private static Map<String, List<String>> headers(Request request) {
        Map<String, List<String>> out = new TreeMap<>();
        request.headers().forEach((name, values) -> out.put(canonical(name), new ArrayList<>(values)));
        out.put("X-Forwarded-For", List.of(request.sourceIp()));
        out.put("X-Forwarded-Port", List.of(Integer.toString(request.port())));
        out.put("X-Forwarded-Proto", List.of("http"));
        out.put("X-Amzn-Trace-Id", List.of("Root=1-" + Long.toHexString(request.received().getEpochSecond()) + "-"
                + request.requestId().replace("-", "").substring(0, 24)));
        return new LinkedHashMap<>(out);
    }

    static String canonical(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return out.toString();
    }

    private static Map<String, String> lastValues(Map<String, List<String>> multi) {
        Map<String, String> out = new LinkedHashMap<>();
        multi.forEach((k, v) -> {
            if (!v.isEmpty()) {
                out.put(k, v.get(v.size() - 1));
            }
        });
        return out;
    }

    /** The query string, percent-decoded, every value of a repeated name kept in order. */
    static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            String decodedName = LocalApi.percentDecode(name);
            String decodedValue = LocalApi.percentDecode(value);
            out.computeIfAbsent(decodedName == null ? name : decodedName, k -> new ArrayList<>())
                    .add(decodedValue == null ? value : decodedValue);
        }
        return out;
    }
}
