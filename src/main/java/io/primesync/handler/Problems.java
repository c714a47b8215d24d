package io.primesync.handler;

import io.primesync.domain.ReasonCode;
import io.primesync.http.ApiException;
import io.primesync.http.ErrorCode;
import io.primesync.service.Refusal;
import java.util.List;
import java.util.Map;

/** The one place where a use case's refusal becomes an HTTP problem: its code, status and headers. */
final class Problems {
    private Problems() {}

    static ApiException of(Refusal refusal) {
        String detail = refusal.getMessage();
        if (refusal instanceof Refusal.NotAllowed notAllowed) {
            // a refusal for lack of permission is a 403, with every other reason too, so the user learns everything
            boolean permission = notAllowed.reasons().stream().anyMatch(r -> r.code() == ReasonCode.MISSING_PERMISSION);
            ErrorCode code = permission ? ErrorCode.FORBIDDEN
                    : notAllowed.operation() == Refusal.NotAllowed.Operation.IMPORT
                            ? ErrorCode.IMPORT_NOT_ALLOWED : ErrorCode.REIMPORT_NOT_ALLOWED;
            return ApiException.refused(code, detail, notAllowed.reasons());
        }
        if (refusal instanceof Refusal.Conflict conflict) {
            Map<String, String> headers = conflict.retryAfter() == null ? Map.of()
                    : Map.of("Retry-After", Long.toString(Math.max(1, conflict.retryAfter().toSeconds())));
            return new ApiException(ErrorCode.CONFLICT, detail, List.of(), List.of(), headers);
        }
        if (refusal instanceof Refusal.InvalidContract invalid) {
            return ApiException.invalid(ErrorCode.INVALID_CONTRACT, detail, invalid.violations());
        }
        ErrorCode code;
        if (refusal instanceof Refusal.NoAccess) {
            code = ErrorCode.FORBIDDEN;
        } else if (refusal instanceof Refusal.NotFound) {
            code = ErrorCode.NOT_FOUND;
        } else if (refusal instanceof Refusal.StalePreview) {
            code = ErrorCode.STALE_PREVIEW;
        } else if (refusal instanceof Refusal.KeyReused) {
            code = ErrorCode.IDEMPOTENCY_KEY_REUSED;
        } else {
            throw new IllegalStateException("unmapped refusal " + refusal.getClass().getSimpleName());
        }
        return new ApiException(code, detail);
    }
}
