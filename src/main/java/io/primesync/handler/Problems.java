package io.primesync.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.primesync.domain.ReasonCode;
import io.primesync.http.ApiException;
import io.primesync.http.ErrorCode;
import io.primesync.http.Responses;
import io.primesync.json.Json;
import io.primesync.logging.Log;
import io.primesync.procore.ProcoreException;
import io.primesync.service.Refusal;
import io.primesync.store.ConcurrentChangeException;
import io.primesync.store.StoreBusyException;
import io.primesync.webhook.MalformedEventException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one place where a failure becomes an HTTP answer: a use case's refusal its problem+json, a malformed request a
 * 400, a store or Procore that cannot answer now a 503 with Retry-After (and a log line naming the cause), anything
 * else a 500 that names only the request id. No stack trace, class or table name ever reaches a client.
 */
final class Problems {
    static final Duration STORE_RETRY_AFTER = Duration.ofSeconds(2);
    static final Duration PROCORE_RETRY_AFTER = Duration.ofSeconds(30);

    private Problems() {}

    /** The answer to a request that failed with this. */
    static APIGatewayProxyResponseEvent answer(RuntimeException failure, String requestId, Clock clock) {
        if (failure instanceof ApiException e) {
            return Responses.problem(e);
        }
        if (failure instanceof SdkException e && !isTransient(e)) {
            Log.error("store call failed", e);
            return Responses.unexpected(requestId);
        }
        ApiException problem = of(failure, clock);
        if (problem == null) {
            Log.error("unexpected failure", failure);
            return Responses.unexpected(requestId);
        }
        if (problem.code() == ErrorCode.SERVICE_UNAVAILABLE) {
            Log.warn("answered 503", failure);
        }
        return Responses.problem(problem);
    }

    /** The problem a failure is answered with; null for one that is a defect (a 500). */
    static ApiException of(RuntimeException failure, Clock clock) {
        if (failure instanceof ApiException e) {
            return e;
        } else if (failure instanceof Refusal e) {
            return of(e);
        } else if (failure instanceof MalformedEventException e) {
            return ApiException.invalid(ErrorCode.VALIDATION_FAILED, e.getMessage(), e.violations());
        } else if (failure instanceof Json.MalformedJsonException) {
            return ApiException.notJson();
        } else if (failure instanceof ConcurrentChangeException) {
            return new ApiException(ErrorCode.CONFLICT,
                    "The contract changed while the request was processed. Nothing was applied; retry the request.");
        } else if (failure instanceof StoreBusyException || failure instanceof SdkException e && isTransient(e)) {
            return ApiException.unavailable(
                    "The contract store is busy or unreachable. Nothing was half-applied; retry shortly.",
                    STORE_RETRY_AFTER);
        } else if (failure instanceof ProcoreException e) {
            return procore(e, clock);
        }
        return null;
    }

    /** A use case's refusal: its code, status and headers. */
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

    /** Only the import asks Procore before it accepts; whatever Procore answered, nothing was accepted. */
    private static ApiException procore(ProcoreException e, Clock clock) {
        if (e instanceof ProcoreException.RateLimited limited) {
            // Procore's own rate limit for the company: come back when its window opens again
            long seconds = Math.max(1, Duration.between(clock.instant(), limited.retryAt()).toSeconds() + 1);
            return ApiException.unavailable("Procore's rate limit for this company is used up for now, so the import"
                    + " could not be checked. Nothing was accepted; retry in " + seconds + " seconds.",
                    Duration.ofSeconds(seconds));
        }
        String detail = e instanceof ProcoreException.Refused
                ? e.getMessage() + " Nothing was accepted."
                : "Procore cannot be reached right now, so the import could not be checked. Nothing was accepted;"
                        + " retry shortly.";
        return ApiException.unavailable(detail, PROCORE_RETRY_AFTER);
    }

    /** Throttling, a 5xx of the service, or no answer at all: worth a retry. Anything else is a defect of ours. */
    private static boolean isTransient(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return e instanceof SdkClientException;
    }
}
