package io.primesync.http;

import java.util.Locale;

/** Every error code of the HTTP contract, with its status and the problem title a client sees. */
public enum ErrorCode {
    VALIDATION_FAILED(400, "Validation failed"),
    UNAUTHORIZED(401, "Unauthorized"),
    INVALID_SIGNATURE(401, "Invalid signature"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    REIMPORT_NOT_ALLOWED(409, "Re-import not allowed"),
    IMPORT_NOT_ALLOWED(409, "Import not allowed"),
    STALE_PREVIEW(409, "Stale preview"),
    CONFLICT(409, "Conflict"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED(422, "Idempotency key reused"),
    INVALID_CONTRACT(422, "Invalid contract"),
    SERVICE_UNAVAILABLE(503, "Service unavailable"),
    INTERNAL(500, "Internal error");

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
