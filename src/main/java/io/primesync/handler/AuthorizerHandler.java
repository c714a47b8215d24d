package io.primesync.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import io.primesync.domain.Caller;
import io.primesync.http.ApiException;
import io.primesync.http.ApiGatewayJson;
import io.primesync.http.AuthorizerContext;
import io.primesync.http.TokenVerifier;
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
public final class AuthorizerHandler implements RequestHandler<APIGatewayCustomAuthorizerEvent, Map<String, Object>>,
        RequestStreamHandler {
    /** Held so the SnapStart hook stays registered for the life of the function. */
    private Priming priming;
    /** API Gateway answers 401 exactly when the authorizer fails with this message. */
    static final String UNAUTHORIZED = "Unauthorized";

    private final TokenVerifier verifier;

    /** What Lambda calls: wired from the environment, and primed before a SnapStart snapshot ({@link Priming}). */
    public AuthorizerHandler() {
        this(AppContext.fromEnvironment());
        priming = Priming.register(this::handleRequest, "{\"type\":\"TOKEN\",\"authorizationToken\":\"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwcmltaW5nIn0.c2lnbmF0dXJl\",\"methodArn\":\"arn:aws:execute-api:us-east-1:000000000000:priming/v1/GET/priming\"}");
    }

    public AuthorizerHandler(AppContext app) {
        this.verifier = app.tokenVerifier();
    }

    /** What Lambda calls (see {@link ApiHandler}): the event read and the policy written with the application's mapper. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiGatewayJson.writeValue(handleRequest(ApiGatewayJson.readAuthorizerEvent(input), context), output);
    }

    @Override
    public Map<String, Object> handleRequest(APIGatewayCustomAuthorizerEvent event, Context context) {
        if (event == null || event.getAuthorizationToken() == null || event.getMethodArn() == null) {
            throw new RuntimeException(UNAUTHORIZED);
        }
        Caller caller;
        try {
            caller = verifier.verify(event.getAuthorizationToken());
        } catch (ApiException e) {
            if (e.code().status() >= 500) {
                // keys unreachable: the token may be fine, so this is an outage (AUTHORIZER_FAILURE, 503), not a 401
                throw new IllegalStateException("token keys unavailable");
            }
            throw new RuntimeException(UNAUTHORIZED);
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
            throw new RuntimeException(UNAUTHORIZED);
        }
        return parts[0] + "/" + parts[1] + "/*/*";
    }
}
