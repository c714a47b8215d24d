package io.primesync.local;

import io.primesync.local.http.Reply;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The answers API Gateway gives by itself, before or instead of a function: the {@code GatewayResponses} of
 * template.yaml where it customises them (the same problem+json bodies as in AWS), API Gateway's defaults
 * where it does not.
 */
final class GatewayResponses {
    static final String UNAUTHORIZED = "UNAUTHORIZED";
    static final String ACCESS_DENIED = "ACCESS_DENIED";
    static final String MISSING_AUTHENTICATION_TOKEN = "MISSING_AUTHENTICATION_TOKEN";
    static final String REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE";
    static final String AUTHORIZER_FAILURE = "AUTHORIZER_FAILURE";
    static final String AUTHORIZER_CONFIGURATION_ERROR = "AUTHORIZER_CONFIGURATION_ERROR";
    static final String THROTTLED = "THROTTLED";
    /** A function that failed, timed out or answered something that is not a proxy response. */
    static final String INTEGRATION_FAILURE = "INTEGRATION_FAILURE";

    private static final Map<String, String> ERROR_TYPES = Map.of(
            UNAUTHORIZED, "UnauthorizedException",
            ACCESS_DENIED, "AccessDeniedException",
            MISSING_AUTHENTICATION_TOKEN, "MissingAuthenticationTokenException",
            REQUEST_TOO_LARGE, "RequestTooLargeException",
            AUTHORIZER_FAILURE, "AuthorizerFailureException",
            AUTHORIZER_CONFIGURATION_ERROR, "AuthorizerConfigurationException",
            INTEGRATION_FAILURE, "InternalServerErrorException",
            THROTTLED, "TooManyRequestsException");

    private final LocalApi api;

    GatewayResponses(LocalApi api) {
        this.api = api;
    }

    /**
     * @param type the gateway response type
     * @param defaultStatus the status API Gateway gives this type when the template does not set one
     * @param message API Gateway's own message, for {@code $context.error.message}
     */
    Reply render(String type, int defaultStatus, String message, String requestId) {
        LocalApi.GatewayResponse response = api.gatewayResponse(type);
        if (response == null) {
            // an uncustomised type inherits DEFAULT_4XX / DEFAULT_5XX, keeping its own status
            response = api.gatewayResponse(defaultStatus >= 500 ? "DEFAULT_5XX" : "DEFAULT_4XX");
        }
        int status = response != null && response.status() != null ? response.status() : defaultStatus;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("x-amzn-RequestId", requestId);
        headers.put("x-amzn-ErrorType", ERROR_TYPES.getOrDefault(type, "Exception"));
        String body;
        if (response != null && response.template() != null) {
            body = response.template()
                    .replace("$context.error.messageString", LocalJson.string(message))
                    .replace("$context.error.message", message)
                    .replace("$context.error.responseType", type)
                    .replace("$context.requestId", requestId);
            headers.putAll(response.headers());
        } else {
            body = LocalJson.string(Map.of("message", message));
            if (response != null) {
                headers.putAll(response.headers());
            }
        }
        return Reply.of(status, headers, body);
    }

    /** The stage's throttle of the route ({@link Throttles}) refused the request. */
    Reply throttled(String requestId) {
        return render(THROTTLED, 429, "Too Many Requests", requestId);
    }

    Reply unauthorized(String requestId) {
        return render(UNAUTHORIZED, 401, "Unauthorized", requestId);
    }

    Reply accessDenied(String requestId) {
        return render(ACCESS_DENIED, 403, "User is not authorized to access this resource with an explicit deny",
                requestId);
    }

    Reply notFound(String requestId) {
        return render(MISSING_AUTHENTICATION_TOKEN, 403, "Missing Authentication Token", requestId);
    }

    Reply tooLarge(String requestId) {
        return render(REQUEST_TOO_LARGE, 413, "Request Too Long", requestId);
    }

    Reply integrationFailure(String requestId) {
        return render(INTEGRATION_FAILURE, 502, "Internal server error", requestId);
    }

    /**
     * An answer that comes from in front of API Gateway (CloudFront refusing a request line or headers too long, a
     * request that is not HTTP), which template.yaml cannot customise: problem+json all the same.
     */
    Reply problem(int status, String code, String title, String detail, String requestId) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "https://primesync.io/problems/" + code.toLowerCase(Locale.ROOT).replace('_', '-'));
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("code", code);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/problem+json");
        headers.put("x-amzn-RequestId", requestId);
        return Reply.of(status, headers, LocalJson.string(problem));
    }
}
