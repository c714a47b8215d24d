package io.primesync.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import io.primesync.auth.AuthorizerContext;
import io.primesync.auth.TokenVerifier;
import io.primesync.domain.Caller;
import io.primesync.http.ApiException;
import io.primesync.http.ApiGatewayJson;
import io.primesync.logging.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API's TOKEN authorizer: verifies the bearer token and hands the caller's id and permissions to the
 * functions. The policy allows every route of the stage, because API Gateway caches it per token for all routes;
 * what a caller may do with a company is decided by the functions from the permissions.
 */
public final class AuthorizerHandler extends PrimedHandler
        implements RequestHandler<APIGatewayCustomAuthorizerEvent, Map<String, Object>> {
    /** API Gateway answers 401 exactly when the authorizer fails with this message. */
    static final String UNAUTHORIZED = "Unauthorized";

    private final TokenVerifier verifier;

    /** What Lambda calls: wired from the environment. */
    public AuthorizerHandler() {
        this(AppContext.fromEnvironment());
    }

    public AuthorizerHandler(AppContext app) {
        this(app.tokenVerifier());
    }

    public AuthorizerHandler(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    /** A token that is not valid: the whole path of a refusal, short of the key set (no key id matches). */
    /** The authorizer never touches the table: nothing of the store is loaded into its snapshot. */
    @Override
    protected boolean usesStore() {
        return false;
    }

    @Override
    protected List<String> primingEvents() {
        return List.of("authorizer.json");
    }

    @Override
    boolean isExpectedRefusal(Exception e) {
        return e instanceof Refused;
    }

    /**
     * How a refusal leaves the function: API Gateway turns a function error with exactly this message into its 401.
     * An expected outcome, so it carries no stack trace; the reason is logged once, as a warning.
     */
    static final class Refused extends RuntimeException {
        Refused() {
            super(UNAUTHORIZED, null, false, false);
        }
    }

    /** What Lambda calls (see {@link ApiHandler}): the event read and the policy written with the application's mapper. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiGatewayJson.writeValue(handleRequest(ApiGatewayJson.readAuthorizerEvent(input), context), output);
    }

    @Override
    public Map<String, Object> handleRequest(APIGatewayCustomAuthorizerEvent event, Context context) {
        try (Log.Scope ignored = Log.begin(context == null ? null : context.getAwsRequestId(), null)) {
            return authorize(event);
        }
    }

    private Map<String, Object> authorize(APIGatewayCustomAuthorizerEvent event) {
        if (event == null || event.getAuthorizationToken() == null || event.getMethodArn() == null) {
            Log.warn("token rejected", "reason", "the event carries no token or method ARN");
            throw new Refused();
        }
        Caller caller;
        try {
            caller = verifier.verify(event.getAuthorizationToken());
        } catch (ApiException e) {
            if (e.code().status() >= 500) {
                // keys unreachable: the token may be fine, so this is an outage (AUTHORIZER_FAILURE, 503), not a 401
                Log.error("token keys unavailable", null);
                throw new IllegalStateException("token keys unavailable");
            }
            Log.warn("token rejected", "reason", e.detail());
            throw new Refused();
        }
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Action", "execute-api:Invoke");
        statement.put("Effect", "Allow");
        statement.put("Resource", stageWildcard(event.getMethodArn()));
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("Version", "2012-10-17");
        policy.put("Statement", List.of(statement));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("principalId", caller.userId());
        response.put("policyDocument", policy);
        Map<String, Object> context2 = new LinkedHashMap<>(AuthorizerContext.toContext(caller));
        context2.remove(AuthorizerContext.PRINCIPAL_ID);
        response.put("context", context2);
        return response;
    }

    /** arn:aws:execute-api:region:account:api/stage/METHOD/path → arn:aws:execute-api:region:account:api/stage/*&#47;* */
    static String stageWildcard(String methodArn) {
        String[] parts = methodArn.split("/", 3);
        if (parts.length < 2) {
            Log.warn("token rejected", "reason", "the method ARN has no stage");
            throw new Refused();
        }
        return parts[0] + "/" + parts[1] + "/*/*";
    }
}
