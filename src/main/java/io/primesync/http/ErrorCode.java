package io.primesync.http;

import java.util.Locale;

/**
 * Every problem code a client can receive, with its status and title. The codes API Gateway answers by itself
 * (template.yaml's GatewayResponses) are here too, with the same titles, so a client sees one vocabulary whoever
 * answered; a test holds the two to it.
 */
public enum ErrorCode {
    BAD_REQUEST(400, "Bad Request"),
    VALIDATION_FAILED(400, "Validation Failed"),
    UNAUTHORIZED(401, "Unauthorized"),
    INVALID_SIGNATURE(401, "Invalid Signature"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not Found"),
    REIMPORT_NOT_ALLOWED(409, "Re-import Not Allowed"),
    IMPORT_NOT_ALLOWED(409, "Import Not Allowed"),
    STALE_PREVIEW(409, "Stale Preview"),
    CONFLICT(409, "Conflict"),
    PAYLOAD_TOO_LARGE(413, "Payload Too Large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported Media Type"),
    IDEMPOTENCY_KEY_REUSED(422, "Idempotency Key Reused"),
    INVALID_CONTRACT(422, "Invalid Contract"),
    TOO_MANY_REQUESTS(429, "Too Many Requests"),
    INTERNAL(500, "Internal Server Error"),
    SERVICE_UNAVAILABLE(503, "Service Unavailable"),
    GATEWAY_TIMEOUT(504, "Gateway Timeout");

    private static final String TYPE_BASE = "https://primesync.io/problems/";

    private final int status;
    private final String title;
    private final String type;

    ErrorCode(int status, String title) {
        this.status = status;
        this.title = title;
        this.type = TYPE_BASE + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The problem type URI, e.g. {@code https://primesync.io/problems/validation-failed}. */
    public String type() {
        return type;
    }
}
