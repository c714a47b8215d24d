package io.primesync.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.local.http.Reply;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The local server's side of the event API Gateway hands a function: a real HTTP request, matched to a route of the
 * template, made into the event by {@link GatewayEvents} with what API Gateway adds (its forwarding headers, the
 * stage, the body as text or base64 by the template's binary media types); and the function's proxy response read
 * back as API Gateway reads it.
 */
final class ProxyEvents {
    /** One HTTP request as the local server received it. */
    record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body,
            String sourceIp, String host, int port, String requestId, Instant received) {}

    private final LocalApi api;

    ProxyEvents(LocalApi api) {
        this.api = api;
    }

    /** The event for a matched route; {@code authorizer} is null on a route without one. */
    ObjectNode event(Request request, LocalApi.Route route, Map<String, String> pathParameters,
            Map<String, Object> authorizer) {
        GatewayEvents event = GatewayEvents.request(request.method(), route.resource())
                .path(api.withoutStage(request.rawPath()))
                .stage(api.stage())
                .requestId(request.requestId())
                .received(request.received())
                .sourceIp(request.sourceIp())
                .domainName(request.host())
                .authorizer(authorizer);
        Map<String, List<String>> headers = headers(request);
        headers.forEach((name, values) -> event.header(name, values.toArray(String[]::new)));
        query(request.rawQuery()).forEach((name, values) -> event.query(name, values.toArray(String[]::new)));
        pathParameters.forEach(event::pathParameter);
        byte[] body = request.body();
        if (body != null && body.length > 0) {
            String text = isBinary(event.header("Content-Type")) || !isText(contentType(headers)) ? null : utf8(body);
            if (text != null) {
                event.body(text);
            } else {
                event.base64Body(body);
            }
        }
        return event.json();
    }

    /** The method ARN a TOKEN authorizer is asked about: the stage, the method and the path as called. */
    String methodArn(Request request) {
        return "arn:aws:execute-api:" + LocalApi.REGION + ":" + LocalApi.ACCOUNT_ID + ":" + LocalApi.API_ID + "/"
                + api.stage() + "/" + request.method() + api.withoutStage(request.rawPath());
    }

    /**
     * Whether a body goes as text: UTF-8 text content types do; anything else, and the template's
     * {@code BinaryMediaTypes}, go base64 with {@code isBase64Encoded}. (A REST API without BinaryMediaTypes would
     * pass a binary body as mangled text; base64 keeps the bytes, which is what a webhook signature is computed over.)
     */
    private static String contentType(Map<String, List<String>> headers) {
        return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("Content-Type"))
                .map(h -> h.getValue().isEmpty() ? "" : h.getValue().get(0)).findFirst().orElse("");
    }

    private boolean isBinary(String contentType) {
        String type = mediaType(contentType == null ? "" : contentType);
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

    /**
     * API Gateway's reading of a proxy response: an object with an integer {@code statusCode} and optional
     * {@code headers}, {@code multiValueHeaders}, {@code body} (a string) and {@code isBase64Encoded}; anything
     * else is a malformed response and a 502.
     */
    static Reply reply(byte[] json, String requestId) {
        Map<String, Object> response = LocalJson.readMap(json);
        for (String key : response.keySet()) {
            if (!List.of("statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded", "cookies")
                    .contains(key)) {
                throw new IllegalArgumentException("unexpected field " + key);
            }
        }
        if (!(response.get("statusCode") instanceof Integer status) || status < 100 || status > 599) {
            throw new IllegalArgumentException("statusCode must be an integer status, not " + response.get("statusCode"));
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, Object> h : Template.map(response.get("multiValueHeaders")).entrySet()) {
            for (Object v : Template.list(h.getValue())) {
                headers.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(String.valueOf(v));
            }
        }
        for (Map.Entry<String, Object> h : Template.map(response.get("headers")).entrySet()) {
            List<String> values = headers.computeIfAbsent(h.getKey(), k -> new ArrayList<>());
            String value = String.valueOf(h.getValue());
            if (!values.contains(value)) {
                values.add(value);
            }
        }
        headers.putIfAbsent("Content-Type", List.of("application/json"));
        headers.put("x-amzn-RequestId", List.of(requestId));
        Object body = response.get("body");
        if (body != null && !(body instanceof String)) {
            throw new IllegalArgumentException("body must be a string");
        }
        byte[] bytes;
        if (body == null) {
            bytes = new byte[0];
        } else if (Boolean.TRUE.equals(response.get("isBase64Encoded"))) {
            bytes = Base64.getDecoder().decode((String) body);
        } else {
            bytes = ((String) body).getBytes(StandardCharsets.UTF_8);
        }
        return new Reply(status, headers, bytes);
    }
}
