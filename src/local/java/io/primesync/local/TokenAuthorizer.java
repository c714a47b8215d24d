package io.primesync.local;

import io.primesync.local.http.Reply;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * API Gateway's TOKEN Lambda authorizer, as AWS runs it in front of every route that does not opt out:
 * <ul>
 * <li>no token, or one that fails the {@code ValidationExpression}: 401, and the authorizer is not called;
 * <li>the authorizer fails with the message {@code Unauthorized}: 401; with anything else: 500;
 * <li>its result must be {@code principalId} + {@code policyDocument} (+ a flat {@code context}), else 500;
 * <li>the policy is evaluated against the method ARN: an explicit Deny or no Allow is 403;
 * <li>the result is cached per token for {@code ReauthorizeEvery} seconds and the cached policy is evaluated
 *     against the next request's method ARN, so a policy that allows only the first route called denies the
 *     others for five minutes, exactly as it would in AWS;
 * <li>the handler sees the context with every value turned into a string, plus {@code principalId} and
 *     {@code integrationLatency}.
 * </ul>
 */
final class TokenAuthorizer {
    /** What a request gets from the authorizer. */
    sealed interface Outcome permits Allowed, Refused {}

    /** @param context {@code requestContext.authorizer} for the handler */
    record Allowed(Map<String, Object> context) implements Outcome {}

    record Refused(Reply reply, String why) implements Outcome {}

    private record Decision(String principalId, List<Statement> statements, Map<String, Object> context,
            long latencyMillis, long expiresAtMillis) {}

    private record Statement(boolean allow, List<Pattern> resources) {}

    private final LocalApi.AuthorizerSpec spec;
    private final LambdaFunction function;
    private final GatewayResponses responses;
    private final PrintStream log;
    private final Map<String, Decision> cache = new ConcurrentHashMap<>();

    TokenAuthorizer(LocalApi.AuthorizerSpec spec, LambdaFunction function, GatewayResponses responses, PrintStream log) {
        this.spec = spec;
        this.function = function;
        this.responses = responses;
        this.log = log;
    }

    String header() {
        return spec.header();
    }

    /**
     * @param token the identity header's value, or null
     * @param methodArn {@code arn:aws:execute-api:region:account:api/stage/METHOD/path}
     */
    Outcome authorize(String token, String methodArn, String requestId) {
        if (token == null || token.isBlank()
                || spec.validation() != null && !spec.validation().matcher(token).matches()) {
            return new Refused(responses.unauthorized(requestId), "no token, or not in the form the API accepts");
        }
        long now = System.currentTimeMillis();
        Decision decision = cache.get(token);
        if (decision == null || decision.expiresAtMillis() <= now) {
            cache.remove(token);
            Object result = call(token, methodArn, requestId);
            if (result instanceof Refused refused) {
                return refused;
            }
            decision = (Decision) result;
            if (!spec.ttl().isZero()) {
                cache.put(token, decision);
            }
        }
        Boolean effect = evaluate(decision.statements(), methodArn);
        if (!Boolean.TRUE.equals(effect)) {
            return new Refused(responses.accessDenied(requestId),
                    (effect == null ? "the policy does not allow " : "the policy denies ") + methodArn);
        }
        Map<String, Object> context = new LinkedHashMap<>(decision.context());
        context.put("principalId", decision.principalId());
        context.put("integrationLatency", decision.latencyMillis());
        return new Allowed(context);
    }

    /** A Decision, or a Refused. */
    private Object call(String token, String methodArn, String requestId) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "TOKEN");
        event.put("authorizationToken", token);
        event.put("methodArn", methodArn);
        String invocationId = UUID.randomUUID().toString();
        long start = System.nanoTime();
        LambdaFunction.Result result = function.invoke(LocalJson.bytes(event), new LocalContext(invocationId, function, log));
        long latency = (System.nanoTime() - start) / 1_000_000;
        if (result.failed()) {
            String message = result.errorMessage();
            if ("Unauthorized".equals(message)) {
                return new Refused(responses.unauthorized(requestId), "the authorizer refused the token");
            }
            log.println(function.logicalId() + " failed: " + result.text());
            return new Refused(responses.render(GatewayResponses.AUTHORIZER_FAILURE, 500, "Internal server error",
                    requestId), "the authorizer failed");
        }
        try {
            return decision(result.json(), latency);
        } catch (IllegalArgumentException e) {
            log.println(function.logicalId() + " returned a result API Gateway rejects: " + e.getMessage());
            return new Refused(responses.render(GatewayResponses.AUTHORIZER_CONFIGURATION_ERROR, 500,
                    "Internal server error", requestId), "the authorizer's result is not valid");
        }
    }

    private Decision decision(byte[] json, long latency) {
        Map<String, Object> out = LocalJson.readMap(json);
        if (!(out.get("principalId") instanceof String principal) || principal.isEmpty()) {
            throw new IllegalArgumentException("principalId must be a non-empty string");
        }
        Map<String, Object> policy = Template.map(out.get("policyDocument"));
        if (policy.isEmpty()) {
            throw new IllegalArgumentException("policyDocument is missing");
        }
        List<Statement> statements = new ArrayList<>();
        Object raw = policy.get("Statement");
        for (Object s : raw instanceof List<?> ? Template.list(raw) : List.of(raw == null ? Map.of() : raw)) {
            Map<String, Object> st = Template.map(s);
            Object effect = st.get("Effect");
            if (!"Allow".equals(effect) && !"Deny".equals(effect)) {
                throw new IllegalArgumentException("a statement's Effect must be Allow or Deny, not " + effect);
            }
            if (!covers(strings(st.get("Action")), List.of("execute-api:Invoke"))) {
                continue;
            }
            List<Pattern> resources = new ArrayList<>();
            for (String r : strings(st.get("Resource"))) {
                resources.add(glob(r));
            }
            statements.add(new Statement("Allow".equals(effect), resources));
        }
        Map<String, Object> context = new LinkedHashMap<>();
        for (Map.Entry<String, Object> c : Template.map(out.get("context")).entrySet()) {
            Object v = c.getValue();
            if (v instanceof Map || v instanceof List) {
                throw new IllegalArgumentException("context." + c.getKey() + " is an object or array; only strings, "
                        + "numbers and booleans are allowed");
            }
            // REST APIs hand every context value to the integration as a string
            context.put(c.getKey(), v == null ? null : v.toString());
        }
        return new Decision(principal, statements, context, latency, System.currentTimeMillis() + spec.ttl().toMillis());
    }

    /** TRUE when allowed, FALSE on an explicit Deny, null when no statement covers the ARN. */
    private static Boolean evaluate(List<Statement> statements, String methodArn) {
        Boolean effect = null;
        for (Statement s : statements) {
            boolean matches = s.resources().stream().anyMatch(p -> p.matcher(methodArn).matches());
            if (matches && !s.allow()) {
                return Boolean.FALSE;
            }
            if (matches) {
                effect = Boolean.TRUE;
            }
        }
        return effect;
    }

    private static boolean covers(List<String> actions, List<String> wanted) {
        for (String a : actions) {
            for (String w : wanted) {
                if (glob(a).matcher(w).matches()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> strings(Object value) {
        if (value instanceof String s) {
            return List.of(s);
        }
        List<String> out = new ArrayList<>();
        for (Object o : Template.list(value)) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    /** IAM wildcards: {@code *} any run of characters, {@code ?} one character. */
    static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
