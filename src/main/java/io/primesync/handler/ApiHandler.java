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
import io.primesync.logging.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;

/**
 * What every API function does around its one use case: whatever it fails with is answered as {@link Problems}
 * says, and one log line per request (method, route, status, duration, user; never a header, token or body).
 */
public abstract class ApiHandler extends PrimedHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
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
        try {
            if (event == null) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "The request is empty.");
            }
            return handle(event);
        } catch (RuntimeException e) {
            return Problems.answer(e, event == null ? null : Requests.requestId(event), Clock.systemUTC());
        }
    }

    protected abstract APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event);

    /** The caller as the authorizer verified it; absent or malformed means the route was not authorized: 401. */
    protected static Caller caller(APIGatewayProxyRequestEvent event) {
        Caller caller = AuthorizerContext.fromContext(Requests.authorizer(event));
        Log.with("userId", caller.userId());
        return caller;
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
}
