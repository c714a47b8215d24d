package io.primesync.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.auth.AuthorizerContext;
import io.primesync.domain.Caller;
import io.primesync.http.ApiGatewayJson;
import io.primesync.http.Route;
import io.primesync.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.UUID;

/**
 * The one builder of the event API Gateway (a REST API, Lambda proxy integration, payload 1.0) hands a function: the
 * local server, the sample events, the tests and the benchmarks all make their events here. Every field is present,
 * null where API Gateway sends null, so a handler that forgets that {@code queryStringParameters} is null without a
 * query fails here as in AWS. {@link #event()} reads the JSON back through the product's own reader
 * ({@link ApiGatewayJson}), as a deployed function reads what Lambda hands it.
 */
public final class GatewayEvents {
    public static final String STAGE = "v1";
    public static final String ACCOUNT_ID = "123456789012";
    public static final String API_ID = "a1b2c3d4e5";
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private String method;
    private final String resource;
    private String path;
    private final Map<String, String> pathParameters = new LinkedHashMap<>();
    private final Map<String, List<String>> query = new LinkedHashMap<>();
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private String body;
    private boolean base64;
    private Map<String, Object> authorizer;
    private String stage = STAGE;
    private String requestId = UUID.randomUUID().toString();
    private String extendedRequestId;
    private String sourceIp = "127.0.0.1";
    private String domainName = API_ID + ".execute-api.us-east-1.amazonaws.com";
    private Instant received = Instant.now();

    private final Route route;

    private GatewayEvents(String method, String resource, Route route) {
        this.method = method;
        this.resource = resource;
        this.route = route;
    }

    /** A request to a route of the contract; its path is the route's with the path parameters filled in. */
    public static GatewayEvents to(Route route) {
        return new GatewayEvents(route.method(), route.template(), route);
    }

    /** A request API Gateway matched to this resource (a route of the template, or one the local server found). */
    public static GatewayEvents request(String method, String resource) {
        return new GatewayEvents(method, resource, Route.of(method, resource).orElse(null));
    }

    /** Another method than the route's, as a client may send. */
    public GatewayEvents method(String value) {
        method = value;
        return this;
    }

    public GatewayEvents pathParameter(String name, String value) {
        pathParameters.put(name, value);
        return this;
    }

    /** The route's path parameters, in the order its template names them. */
    public GatewayEvents pathValues(String... values) {
        List<String> names = route == null ? List.of() : route.parameters();
        if (names.size() != values.length) {
            throw new IllegalArgumentException(resource + " takes " + names + ", not " + values.length + " values");
        }
        for (int i = 0; i < values.length; i++) {
            pathParameters.put(names.get(i), values[i]);
        }
        return this;
    }

    /** As the token authorizer passes this caller on. */
    public GatewayEvents as(Caller caller) {
        return authorizer(AuthorizerContext.toContext(caller));
    }

    /** The path as the client sent it (without the stage), when it is not the resource with its parameters. */
    public GatewayEvents path(String value) {
        path = value;
        return this;
    }

    /** A query parameter, every value of a repeated name in order (the single-value map keeps the last). */
    public GatewayEvents query(String name, String... values) {
        query.put(name, new ArrayList<>(List.of(values)));
        return this;
    }

    public GatewayEvents header(String name, String... values) {
        headers.put(name, new ArrayList<>(List.of(values)));
        return this;
    }

    public GatewayEvents withoutHeader(String name) {
        headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
        return this;
    }

    /** A text body, passed as is. */
    public GatewayEvents body(String text) {
        body = text;
        base64 = false;
        return this;
    }

    /** A body API Gateway passes base64-encoded (binary, or not UTF-8 text). */
    public GatewayEvents base64Body(byte[] bytes) {
        body = bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
        base64 = bytes != null;
        return this;
    }

    /** What the authorizer passed on (its context), or null on a route without one. */
    public GatewayEvents authorizer(Map<String, Object> context) {
        authorizer = context == null ? null : new LinkedHashMap<>(context);
        return this;
    }

    public GatewayEvents stage(String value) {
        stage = value;
        return this;
    }

    public GatewayEvents requestId(String value) {
        requestId = value;
        return this;
    }

    public GatewayEvents extendedRequestId(String value) {
        extendedRequestId = value;
        return this;
    }

    public GatewayEvents sourceIp(String value) {
        sourceIp = value;
        return this;
    }

    public GatewayEvents domainName(String value) {
        domainName = value;
        return this;
    }

    public GatewayEvents received(Instant value) {
        received = value;
        return this;
    }

    public String method() {
        return method;
    }

    public String resource() {
        return resource;
    }

    /** The path without the stage: the one given, or the resource with its parameters filled in. */
    public String path() {
        if (path != null) {
            return path;
        }
        String filled = resource;
        for (Map.Entry<String, String> p : pathParameters.entrySet()) {
            filled = filled.replace("{" + p.getKey() + "}", p.getValue());
        }
        return filled;
    }

    /** The first value of a header (names compared without case), or null. */
    public String header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().isEmpty() ? null : e.getValue().get(0)).findFirst().orElse(null);
    }

    /** The event as API Gateway writes it. */
    public ObjectNode json() {
        ObjectNode e = Json.object();
        e.put("resource", resource);
        e.put("path", path());
        e.put("httpMethod", method);
        if (headers.isEmpty()) {
            e.putNull("headers");
            e.putNull("multiValueHeaders");
        } else {
            ObjectNode single = e.putObject("headers");
            ObjectNode multi = e.putObject("multiValueHeaders");
            headers.forEach((name, values) -> {
                single.put(name, values.isEmpty() ? "" : values.get(values.size() - 1));
                ArrayNode all = multi.putArray(name);
                values.forEach(all::add);
            });
        }
        if (query.isEmpty()) {
            e.putNull("queryStringParameters");
            e.putNull("multiValueQueryStringParameters");
        } else {
            ObjectNode single = e.putObject("queryStringParameters");
            ObjectNode multi = e.putObject("multiValueQueryStringParameters");
            query.forEach((name, values) -> {
                single.put(name, values.isEmpty() ? "" : values.get(values.size() - 1));
                ArrayNode all = multi.putArray(name);
                values.forEach(all::add);
            });
        }
        if (pathParameters.isEmpty()) {
            e.putNull("pathParameters");
        } else {
            ObjectNode p = e.putObject("pathParameters");
            pathParameters.forEach(p::put);
        }
        e.putNull("stageVariables");
        e.set("requestContext", context());
        e.put("body", body);
        e.put("isBase64Encoded", base64);
        return e;
    }

    private ObjectNode context() {
        ObjectNode ctx = Json.object();
        ctx.put("resourceId", Integer.toHexString(resource.hashCode()));
        ctx.put("resourcePath", resource);
        ctx.put("httpMethod", method);
        ctx.put("extendedRequestId", extendedRequestId == null ? requestId : extendedRequestId);
        ctx.put("requestTime", REQUEST_TIME.format(received));
        ctx.put("path", "/" + stage + path());
        ctx.put("accountId", ACCOUNT_ID);
        ctx.put("protocol", "HTTP/1.1");
        ctx.put("stage", stage);
        ctx.put("domainPrefix", domainName.split("\\.")[0]);
        ctx.put("requestTimeEpoch", received.toEpochMilli());
        ctx.put("requestId", requestId);
        ObjectNode identity = ctx.putObject("identity");
        for (String key : List.of("cognitoIdentityPoolId", "accountId", "cognitoIdentityId", "caller", "apiKey",
                "principalOrgId")) {
            identity.putNull(key);
        }
        identity.put("sourceIp", sourceIp);
        for (String key : List.of("cognitoAuthenticationType", "cognitoAuthenticationProvider", "userArn")) {
            identity.putNull(key);
        }
        identity.put("userAgent", header("User-Agent"));
        identity.putNull("user");
        identity.putNull("accessKey");
        ctx.put("domainName", domainName);
        ctx.put("apiId", API_ID);
        if (authorizer != null) {
            ctx.set("authorizer", Json.MAPPER.valueToTree(authorizer));
        }
        return ctx;
    }

    /** The event as a deployed function reads it: the JSON above, through the product's own reader. */
    public APIGatewayProxyRequestEvent event() {
        try {
            return ApiGatewayJson.readRequest(new ByteArrayInputStream(Json.write(json()).getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
