package io.primesync.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import io.primesync.domain.Caller;
import io.primesync.http.ApiException;
import io.primesync.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the API Gateway TOKEN authorizer hands to the integration. Its output context may only hold strings,
 * numbers and booleans, and reaches the handler as {@code requestContext.authorizer} together with the
 * {@code principalId}; so the caller travels as the user id plus the permissions as one compact JSON string.
 */
public final class AuthorizerContext {
    public static final String PRINCIPAL_ID = "principalId";
    public static final String SUB = Claims.SUB;
    public static final String PERMISSIONS = Claims.PERMISSIONS;
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    private AuthorizerContext() {}

    public static Map<String, Object> toContext(Caller caller) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put(PRINCIPAL_ID, caller.userId());
        context.put(SUB, caller.userId());
        context.put(PERMISSIONS, Json.write(Claims.toClaim(caller)));
        return context;
    }

    /**
     * @param authorizer {@code requestContext.authorizer}, or null when the route was not authorized
     * @throws ApiException UNAUTHORIZED when the context is absent or not what {@link #toContext} writes
     */
    public static Caller fromContext(Map<String, Object> authorizer) {
        if (authorizer == null || authorizer.isEmpty()) {
            throw ApiException.unauthorized("The request is not authenticated");
        }
        Object principal = authorizer.get(PRINCIPAL_ID);
        Object sub = authorizer.get(SUB);
        if (principal != null && sub != null && !principal.equals(sub)) {
            throw ApiException.unauthorized("The token has no valid subject");
        }
        Object userId = sub != null ? sub : principal;
        if (userId != null && !(userId instanceof String)) {
            throw ApiException.unauthorized("The token has no valid subject");
        }
        return Claims.toCaller((String) userId, permissions(authorizer.get(PERMISSIONS)));
    }

    private static Object permissions(Object value) {
        if (value instanceof String json) {
            try {
                return Json.MAPPER.convertValue(Json.read(json.getBytes(StandardCharsets.UTF_8)), OBJECT);
            } catch (ApiException | Json.MalformedJsonException | IllegalArgumentException e) {
                throw ApiException.unauthorized("The token has malformed permissions");
            }
        }
        // the local server may pass the parsed claim itself; Claims checks its shape either way
        return value;
    }
}
