package io.primesync.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.primesync.auth.AuthorizerContext;
import io.primesync.domain.Caller;
import io.primesync.domain.Ids;
import io.primesync.http.ApiException;
import io.primesync.http.ApiGatewayJson;
import io.primesync.http.ErrorCode;
import io.primesync.http.Requests;
import io.primesync.http.Responses;
import io.primesync.json.Json;
import io.primesync.logging.Log;
import io.primesync.service.Refusal;
import io.primesync.store.ConcurrentChangeException;
import io.primesync.store.StoreBusyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What every API function does around its one use case: a use case's refusal becomes its problem+json, store
 * trouble a 503 with Retry-After, anything else a 500 that names only the request id; and one log line per request
 * (method, route, status, duration; never a header, token or body).
 */
public abstract class ApiHandler extends PrimedHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    static final Duration STORE_RETRY_AFTER = Duration.ofSeconds(2);

    /**
     * The entry point Lambda calls: the Java runtime prefers this (InputStream, OutputStream, Context) overload of
     * {@code handleRequest} to the event one, so the event is read with the application's mapper
     * ({@link ApiGatewayJson}) and the runtime never builds its own serializer. Tests call the event overload
     * directly; both do the same.
     */
    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiGatewayJson.writeResponse(handleRequest(ApiGatewayJson.readRequest(input), context), output);
    }

    @Override
    public final APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        long start = System.nanoTime();
        try (Log.Scope ignored = Log.begin(context == null ? null : context.getAwsRequestId(),
                event == null ? null : Requests.requestId(event))) {
            APIGatewayProxyResponseEvent response = respond(event);
            Log.line(response.getStatusCode() >= 500 ? "ERROR" : "INFO", "request",
                    "method", event == null ? null : event.getHttpMethod(),
                    "route", event == null ? null : event.getResource(),
                    "status", response.getStatusCode(),
                    "durationMs", (System.nanoTime() - start) / 1_000_000.0);
            return response;
        }
    }

    private APIGatewayProxyResponseEvent respond(APIGatewayProxyRequestEvent event) {
        String requestId = event == null ? null : Requests.requestId(event);
        try {
            if (event == null) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "The request is empty.");
            }
            return handle(event);
        } catch (ApiException e) {
            return Responses.problem(e);
        } catch (Refusal e) {
            return Responses.problem(Problems.of(e));
        } catch (Json.MalformedJsonException e) {
            return Responses.problem(ApiException.notJson());
        } catch (ConcurrentChangeException e) {
            return Responses.problem(new ApiException(ErrorCode.CONFLICT,
                    "The contract changed while the request was processed. Nothing was applied; retry the request."));
        } catch (StoreBusyException e) {
            return unavailable();
        } catch (io.primesync.procore.ProcoreException e) {
            // only the import asks Procore before it accepts; nothing was accepted
            Log.warn("Procore could not be asked", "error", e.getClass().getSimpleName());
            if (e instanceof io.primesync.procore.ProcoreException.RateLimited limited) {
                // Procore's own rate limit for the company: come back when its window opens again
                long seconds = Math.max(1, Duration.between(java.time.Instant.now(), limited.retryAt()).toSeconds() + 1);
                return Responses.problem(ApiException.unavailable("Procore's rate limit for this company is used up"
                        + " for now, so the import could not be checked. Nothing was accepted; retry in " + seconds
                        + " seconds.", Duration.ofSeconds(seconds)));
            }
            String detail = e instanceof io.primesync.procore.ProcoreException.Refused
                    ? e.getMessage() + " Nothing was accepted."
                    : "Procore cannot be reached right now, so the import could not be checked. Nothing was accepted;"
                            + " retry shortly.";
            return Responses.problem(ApiException.unavailable(detail, Duration.ofSeconds(30)));
        } catch (SdkException e) {
            if (isTransient(e)) {
                Log.warn("store unavailable", "error", e.getClass().getName());
                return unavailable();
            }
            Log.error("store call failed", e);
            return Responses.unexpected(requestId);
        } catch (RuntimeException e) {
            Log.error("unexpected failure", e);
            return Responses.unexpected(requestId);
        }
    }

    protected abstract APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event);

    /** The caller as the authorizer verified it; absent or malformed means the route was not authorized: 401. */
    protected static Caller caller(APIGatewayProxyRequestEvent event) {
        return AuthorizerContext.fromContext(Requests.authorizer(event));
    }

    /** A path identifier, checked against its pattern; the log carries it from here on. */
    protected static String pathId(APIGatewayProxyRequestEvent event, Ids.Kind kind) {
        String value = ApiException.requireId(kind, Requests.path(event, kind.field()));
        if (kind == Ids.Kind.COMPANY_ID || kind == Ids.Kind.CONTRACT_ID) {
            Log.with(kind.field(), value);
        }
        return value;
    }

    protected static ApiException notFound() {
        return new ApiException(ErrorCode.NOT_FOUND, "No route matches this method and path.");
    }

    private static APIGatewayProxyResponseEvent unavailable() {
        return Responses.problem(ApiException.unavailable(
                "The contract store is busy or unreachable. Nothing was half-applied; retry shortly.", STORE_RETRY_AFTER));
    }

    /** Throttling, a 5xx of the service, or no answer at all: worth a retry. Anything else is a defect of ours. */
    private static boolean isTransient(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return e instanceof SdkClientException;
    }
}
