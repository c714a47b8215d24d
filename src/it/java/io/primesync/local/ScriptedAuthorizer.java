package io.primesync.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A TOKEN authorizer whose answer the token names: allow, narrow, deny, nested, boom; anything else is refused. */
public final class ScriptedAuthorizer implements RequestHandler<APIGatewayCustomAuthorizerEvent, Map<String, Object>> {
    static final AtomicInteger CALLS = new AtomicInteger();

    @Override
    public Map<String, Object> handleRequest(APIGatewayCustomAuthorizerEvent event, Context context) {
        CALLS.incrementAndGet();
        if (!"TOKEN".equals(event.getType())) {
            throw new IllegalStateException("not a TOKEN event: " + event.getType());
        }
        String token = event.getAuthorizationToken().substring("Bearer ".length());
        String arn = event.getMethodArn();
        Map<String, Object> context2 = new LinkedHashMap<>();
        context2.put("sub", "u1");
        context2.put("n", 5);
        context2.put("b", true);
        context2.put("arn", arn);
        return switch (token.replaceAll("-\\d+$", "")) {
            case "allow" -> answer("Allow", arn.substring(0, arn.indexOf('/')) + "/v1/*/*", context2);
            case "narrow" -> answer("Allow", arn, context2);
            case "deny" -> answer("Deny", "*", context2);
            case "nested" -> {
                context2.put("permissions", Map.of("a", 1));
                yield answer("Allow", "*", context2);
            }
            case "boom" -> throw new IllegalStateException("keys unavailable");
            default -> throw new RuntimeException("Unauthorized");
        };
    }

    private static Map<String, Object> answer(String effect, String resource, Map<String, Object> context) {
        Map<String, Object> statement = Map.of("Action", "execute-api:Invoke", "Effect", effect, "Resource", resource);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("principalId", "u1");
        out.put("policyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(statement)));
        out.put("context", context);
        return out;
    }
}
