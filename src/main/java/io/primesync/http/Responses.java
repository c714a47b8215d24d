package io.primesync.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.domain.Reason;
import io.primesync.domain.Violation;
import io.primesync.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Builds every API Gateway response: JSON bodies and RFC 9457 problems, with the headers all responses share. */
public final class Responses {
    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";
    /** What a 503 tells the client when the error did not say otherwise. */
    static final String DEFAULT_RETRY_AFTER_SECONDS = "30";
    /** A request id is quoted back only when it looks like one; anything else could be a client's text. */
    private static final Pattern REQUEST_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");

    private Responses() {}

    public static APIGatewayProxyResponseEvent json(int status, Object body) {
        return json(status, body, Map.of());
    }

    public static APIGatewayProxyResponseEvent json(int status, Object body, Map<String, String> extraHeaders) {
        return response(status, JSON, Json.write(body), extraHeaders);
    }

    /**
     * A body already rendered (a stored response being replayed): a problem when the status is an error, JSON
     * otherwise, with the headers every response carries.
     */
    public static APIGatewayProxyResponseEvent rendered(int status, String body, Map<String, String> extraHeaders) {
        return response(status, status >= 400 ? PROBLEM_JSON : JSON, body, extraHeaders);
    }

    public static APIGatewayProxyResponseEvent problem(ApiException error) {
        ErrorCode code = error.code();
        ObjectNode body = Json.object();
        body.put("type", code.type());
        body.put("title", code.title());
        body.put("status", code.status());
        body.put("detail", error.detail());
        body.put("code", code.name());
        if (!error.reasons().isEmpty()) {
            ArrayNode reasons = body.putArray("reasons");
            for (Reason reason : error.reasons()) {
                ObjectNode r = reasons.addObject();
                r.put("code", reason.code().name());
                r.put("message", reason.message());
                if (reason.details() != null) {
                    r.set("details", Json.MAPPER.valueToTree(reason.details()));
                }
            }
        }
        if (!error.violations().isEmpty()) {
            ArrayNode violations = body.putArray("violations");
            for (Violation violation : error.violations()) {
                violations.addObject().put("field", violation.field()).put("message", violation.message());
            }
        }
        Map<String, String> headers = new LinkedHashMap<>(error.headers());
        if (code == ErrorCode.SERVICE_UNAVAILABLE) {
            headers.putIfAbsent("Retry-After", DEFAULT_RETRY_AFTER_SECONDS);
        }
        return response(code.status(), PROBLEM_JSON, Json.write(body), headers);
    }

    /**
     * The answer to an error nobody planned for. It says nothing about the cause (no message, class or
     * table name); the request id lets support find the cause in the logs.
     */
    public static APIGatewayProxyResponseEvent unexpected(String requestId) {
        String detail = requestId != null && REQUEST_ID.matcher(requestId).matches()
                ? "An unexpected error happened. Request id: " + requestId + "."
                : "An unexpected error happened.";
        return problem(new ApiException(ErrorCode.INTERNAL, detail));
    }

    private static APIGatewayProxyResponseEvent response(int status, String contentType, String body,
            Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        headers.putAll(extraHeaders);
        // set last: no caller can turn caching or sniffing back on
        headers.put("Cache-Control", "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(status)
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(false);
    }
}
