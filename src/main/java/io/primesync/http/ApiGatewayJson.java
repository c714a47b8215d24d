package io.primesync.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API Gateway's JSON events read and written with the application's one mapper, field by field, for the functions'
 * stream entry points.
 *
 * <p>Why not let the Lambda runtime do it: its POJO serializer is a second, shaded Jackson with joda-time and
 * per-event mix-ins, about 850 classes that a cold start would load and initialise before the first request,
 * next to the application's own Jackson that the request needs anyway. Reading the event as a tree and setting the
 * fields the functions use costs a few dozen classes.
 */
public final class ApiGatewayJson {
    private ApiGatewayJson() {}

    /** A REST API (payload 1.0) proxy event. */
    public static APIGatewayProxyRequestEvent readRequest(InputStream in) throws IOException {
        JsonNode e = tree(in);
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent();
        event.setResource(text(e, "resource"));
        event.setPath(text(e, "path"));
        event.setHttpMethod(text(e, "httpMethod"));
        event.setHeaders(strings(e.get("headers")));
        event.setMultiValueHeaders(stringLists(e.get("multiValueHeaders")));
        event.setQueryStringParameters(strings(e.get("queryStringParameters")));
        event.setMultiValueQueryStringParameters(stringLists(e.get("multiValueQueryStringParameters")));
        event.setPathParameters(strings(e.get("pathParameters")));
        event.setStageVariables(strings(e.get("stageVariables")));
        event.setBody(text(e, "body"));
        JsonNode base64 = e.get("isBase64Encoded");
        event.setIsBase64Encoded(base64 != null && base64.asBoolean(false));
        JsonNode c = e.get("requestContext");
        if (c != null && c.isObject()) {
            APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext();
            context.setAccountId(text(c, "accountId"));
            context.setApiId(text(c, "apiId"));
            context.setResourceId(text(c, "resourceId"));
            context.setResourcePath(text(c, "resourcePath"));
            context.setHttpMethod(text(c, "httpMethod"));
            context.setPath(text(c, "path"));
            context.setStage(text(c, "stage"));
            context.setProtocol(text(c, "protocol"));
            context.setRequestId(text(c, "requestId"));
            context.setExtendedRequestId(text(c, "extendedRequestId"));
            context.setRequestTime(text(c, "requestTime"));
            context.setDomainName(text(c, "domainName"));
            JsonNode epoch = c.get("requestTimeEpoch");
            if (epoch != null && epoch.canConvertToLong()) {
                context.setRequestTimeEpoch(epoch.asLong());
            }
            JsonNode identity = c.get("identity");
            if (identity != null && identity.isObject()) {
                APIGatewayProxyRequestEvent.RequestIdentity id = new APIGatewayProxyRequestEvent.RequestIdentity();
                id.setSourceIp(text(identity, "sourceIp"));
                id.setUserAgent(text(identity, "userAgent"));
                context.setIdentity(id);
            }
            JsonNode authorizer = c.get("authorizer");
            if (authorizer != null && authorizer.isObject()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> values = (Map<String, Object>) plain(authorizer);
                context.setAuthorizer(values);
            }
            event.setRequestContext(context);
        }
        return event;
    }

    /** A TOKEN authorizer's event. */
    public static APIGatewayCustomAuthorizerEvent readAuthorizerEvent(InputStream in) throws IOException {
        JsonNode e = tree(in);
        APIGatewayCustomAuthorizerEvent event = new APIGatewayCustomAuthorizerEvent();
        event.setType(text(e, "type"));
        event.setAuthorizationToken(text(e, "authorizationToken"));
        event.setMethodArn(text(e, "methodArn"));
        return event;
    }

    /** The proxy response as API Gateway reads it; absent fields are left out, as the runtime's serializer does. */
    public static void writeResponse(APIGatewayProxyResponseEvent response, OutputStream out) throws IOException {
        ObjectNode o = Json.object();
        if (response.getStatusCode() != null) {
            o.put("statusCode", response.getStatusCode());
        }
        if (response.getHeaders() != null) {
            ObjectNode headers = o.putObject("headers");
            response.getHeaders().forEach(headers::put);
        }
        if (response.getMultiValueHeaders() != null) {
            ObjectNode headers = o.putObject("multiValueHeaders");
            response.getMultiValueHeaders().forEach((name, values) -> {
                var array = headers.putArray(name);
                values.forEach(array::add);
            });
        }
        if (response.getBody() != null) {
            o.put("body", response.getBody());
        }
        if (response.getIsBase64Encoded() != null) {
            o.put("isBase64Encoded", response.getIsBase64Encoded());
        }
        Json.MAPPER.writeValue(out, o);
    }

    /** Any answer made of maps, lists, strings, numbers and booleans (the authorizer's policy). */
    public static void writeValue(Object value, OutputStream out) throws IOException {
        Json.MAPPER.writeValue(out, value);
    }

    private static JsonNode tree(InputStream in) throws IOException {
        JsonNode node = Json.MAPPER.readTree(in);
        if (node == null || !node.isObject()) {
            throw new IOException("the event is not a JSON object");
        }
        return node;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString();
    }

    private static Map<String, String> strings(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
        }
        return map;
    }

    private static Map<String, List<String>> stringLists(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String> values = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> values.add(v.isNull() ? null : v.asText()));
            }
            map.put(e.getKey(), values);
        }
        return map;
    }

    /** A JSON value as plain Java: Map, List, String, Integer or Long or BigDecimal, Boolean, or null. */
    private static Object plain(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), plain(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(v -> list.add(plain(v)));
            return list;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToInt() ? (Object) node.intValue() : (Object) node.longValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        return node.asText();
    }
}
