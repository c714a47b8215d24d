package io.primesync.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.domain.Caller;
import io.primesync.http.ApiException;
import io.primesync.http.AuthorizerContext;
import io.primesync.http.ErrorCode;
import io.primesync.http.Ids;
import io.primesync.http.Json;
import io.primesync.http.Requests;
import io.primesync.http.Responses;
import io.primesync.store.ConcurrentChangeException;
import io.primesync.store.StoreBusyException;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * What every API function does around its one use case: turn known errors into problem+json, store trouble into
 * 503 with Retry-After, anything else into a 500 that names only the request id; and log one line per request
 * (method, route, status, duration; never a header, token or body).
 */
public abstract class ApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    static final Duration STORE_RETRY_AFTER = Duration.ofSeconds(2);

    protected final AppContext app;

    protected ApiHandler(AppContext app) {
        this.app = app;
    }

    @Override
    public final APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        long start = System.nanoTime();
        APIGatewayProxyResponseEvent response;
        String requestId = event == null ? null : Requests.requestId(event);
        if (requestId == null && context != null) {
            requestId = context.getAwsRequestId();
        }
        try {
            if (event == null) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "The request is empty.");
            }
            response = handle(event);
        } catch (ApiException e) {
            response = Responses.problem(e);
        } catch (ConcurrentChangeException e) {
            response = Responses.problem(new ApiException(ErrorCode.CONFLICT,
                    "The contract changed while the request was processed. Nothing was applied; retry the request."));
        } catch (StoreBusyException e) {
            response = unavailable();
        } catch (SdkException e) {
            if (isTransient(e)) {
                response = unavailable();
            } else {
                log(requestId, "store call failed", e);
                response = Responses.unexpected(requestId);
            }
        } catch (RuntimeException e) {
            log(requestId, "unexpected failure", e);
            response = Responses.unexpected(requestId);
        }
        logRequest(event, response, requestId, start);
        return response;
    }

    protected abstract APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event);

    /** The caller as the authorizer verified it; absent or malformed means the route was not authorized: 401. */
    protected static Caller caller(APIGatewayProxyRequestEvent event) {
        return AuthorizerContext.fromContext(Requests.authorizer(event));
    }

    protected static String pathId(APIGatewayProxyRequestEvent event, Ids.Kind kind) {
        return Ids.require(kind, Requests.path(event, kind.field()));
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

    private static void logRequest(APIGatewayProxyRequestEvent event, APIGatewayProxyResponseEvent response,
            String requestId, long start) {
        ObjectNode line = Json.object();
        line.put("level", response.getStatusCode() >= 500 ? "ERROR" : "INFO");
        line.put("message", "request");
        line.put("requestId", requestId);
        line.put("method", event == null ? null : event.getHttpMethod());
        line.put("route", event == null ? null : event.getResource());
        line.put("status", response.getStatusCode());
        line.put("durationMs", (System.nanoTime() - start) / 1_000_000.0);
        System.out.println(Json.write(line));
    }

    /** Failures are logged by type and message only: an SDK message names no secret, and bodies are never logged. */
    static void log(String requestId, String what, Throwable e) {
        ObjectNode line = Json.object();
        line.put("level", "ERROR");
        line.put("message", what);
        line.put("requestId", requestId);
        line.put("error", e.getClass().getName());
        line.put("detail", String.valueOf(e.getMessage()));
        StackTraceElement[] trace = e.getStackTrace();
        if (trace.length > 0) {
            line.put("at", trace[0].toString());
        }
        System.out.println(Json.write(line));
    }
}
