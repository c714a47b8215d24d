package io.primesync.http;

import io.primesync.domain.Ids;
import io.primesync.domain.Reason;
import io.primesync.domain.Violation;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An error the client is told about: a code of the contract, a sentence for the user, and where the error
 * is a refusal or a schema failure, the reasons or violations. Thrown anywhere below a handler and turned
 * into a problem response by {@link Responses#problem(ApiException)}.
 */
public final class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final String detail;
    private final List<Reason> reasons;
    private final List<Violation> violations;
    private final Map<String, String> headers;

    public ApiException(ErrorCode code, String detail) {
        this(code, detail, List.of(), List.of(), Map.of());
    }

    public ApiException(ErrorCode code, String detail, List<Reason> reasons, List<Violation> violations,
            Map<String, String> headers) {
        // no stack trace: these are expected outcomes, thrown often, and never shown to anyone
        super(code.name() + ": " + detail, null, false, false);
        this.code = code;
        this.detail = detail;
        this.reasons = List.copyOf(reasons);
        this.violations = List.copyOf(violations);
        this.headers = Map.copyOf(headers);
    }

    /** A refusal (409 and the like) with every reason that applies. */
    public static ApiException refused(ErrorCode code, String detail, List<Reason> reasons) {
        return new ApiException(code, detail, reasons, List.of(), Map.of());
    }

    /** A request that breaks the schema or the contract rules, with one violation per broken field. */
    public static ApiException invalid(ErrorCode code, String detail, List<Violation> violations) {
        return new ApiException(code, detail, List.of(), violations, Map.of());
    }

    /** A 400 about one field. */
    public static ApiException invalidField(String field, String message) {
        return invalid(ErrorCode.VALIDATION_FAILED, field + " " + message,
                List.of(new Violation(field, message)));
    }

    /** A 400 for a path or query identifier that does not have its contract's shape. */
    public static String requireId(Ids.Kind kind, String value) {
        if (!Ids.matches(kind, value)) {
            throw invalidField(kind.field(), kind.rule());
        }
        return value;
    }

    /** A 400 for a body that is not JSON; the violation names the body, never the parser. */
    public static ApiException notJson() {
        return invalidField("body", "is not valid JSON");
    }

    /** A 401 for a user route: the token is missing or not acceptable (RFC 6750 asks for the challenge header). */
    public static ApiException unauthorized(String detail) {
        return new ApiException(ErrorCode.UNAUTHORIZED, detail, List.of(), List.of(),
                Map.of("WWW-Authenticate", "Bearer"));
    }

    /** A 503 telling the client when to come back. */
    public static ApiException unavailable(String detail, Duration retryAfter) {
        return new ApiException(ErrorCode.SERVICE_UNAVAILABLE, detail, List.of(), List.of(),
                Map.of("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds()))));
    }

    /** The same error with one more response header. */
    public ApiException withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiException(code, detail, reasons, violations, more);
    }

    public ErrorCode code() {
        return code;
    }

    public String detail() {
        return detail;
    }

    public List<Reason> reasons() {
        return reasons;
    }

    public List<Violation> violations() {
        return violations;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
