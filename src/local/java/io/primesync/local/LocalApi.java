package io.primesync.local;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The API of template.yaml as the local runtime serves it: the functions (handler, memory, timeout, plain
 * environment), the routes of their {@code Api} events, the TOKEN authorizer and the gateway responses. Read
 * from the deployed definition, so a route, a function or an error body cannot differ between AWS and here.
 */
final class LocalApi {
    static final String ACCOUNT_ID = "000000000000";
    static final String API_ID = "local";
    static final String REGION = "local";
    private static final String FUNCTION = "AWS::Serverless::Function";
    private static final String API = "AWS::Serverless::Api";

    /** A function: {@code Handler} split into class and method, with Globals applied. */
    record FunctionSpec(String logicalId, String handler, String handlerClass, String handlerMethod, int memoryMb,
            Duration timeout, Map<String, String> environment) {}

    /** One {@code Type: Api} event of a function: a method on a path pattern, behind the authorizer or not. */
    record Route(String functionId, String eventId, String method, String resource, List<String> segments,
            boolean authorized) {
        boolean matchesMethod(String requestMethod) {
            return method.equals("ANY") || method.equals(requestMethod);
        }

        /** Path parameters when the segments match, else null. */
        Map<String, String> bind(List<String> path) {
            Map<String, String> params = new LinkedHashMap<>();
            int i = 0;
            for (; i < segments.size(); i++) {
                String pattern = segments.get(i);
                if (pattern.startsWith("{") && pattern.endsWith("+}")) {
                    if (i >= path.size()) {
                        return null;
                    }
                    params.put(pattern.substring(1, pattern.length() - 2), String.join("/", path.subList(i, path.size())));
                    return params;
                }
                if (i >= path.size() || path.get(i).isEmpty()) {
                    return null;
                }
                if (pattern.startsWith("{") && pattern.endsWith("}")) {
                    params.put(pattern.substring(1, pattern.length() - 1), path.get(i));
                } else if (!pattern.equals(path.get(i))) {
                    return null;
                }
            }
            return i == path.size() ? params : null;
        }

        /** API Gateway prefers a literal segment to a {param}, and a {param} to a greedy {proxy+}. */
        private int rank(int i) {
            if (i >= segments.size()) {
                return 3;
            }
            String s = segments.get(i);
            return s.endsWith("+}") ? 2 : s.startsWith("{") ? 1 : 0;
        }
    }

    /** The API's TOKEN authorizer. */
    record AuthorizerSpec(String name, String functionId, String header, Pattern validation, Duration ttl) {}

    /** A gateway response of {@code GatewayResponses}: status (null = the type's own), template, headers. */
    record GatewayResponse(Integer status, String template, Map<String, String> headers) {}

    /** What a request's method and path lead to. */
    sealed interface Match permits Found, NoRoute {}

    record Found(Route route, Map<String, String> pathParameters) implements Match {}

    record NoRoute() implements Match {}


    private final String stage;
    private final Map<String, FunctionSpec> functions;
    private final List<Route> routes;
    private final AuthorizerSpec authorizer;
    private final Map<String, GatewayResponse> gatewayResponses;
    private final List<String> binaryMediaTypes;
    /** Functions deployed only where a condition holds, by logical id: the condition's name. */
    private Map<String, String> conditional = Map.of();

    private LocalApi(String stage, Map<String, FunctionSpec> functions, List<Route> routes, AuthorizerSpec authorizer,
            Map<String, GatewayResponse> gatewayResponses, List<String> binaryMediaTypes) {
        this.stage = stage;
        this.functions = functions;
        this.routes = routes;
        this.authorizer = authorizer;
        this.gatewayResponses = gatewayResponses;
        this.binaryMediaTypes = binaryMediaTypes;
    }

    static LocalApi from(Template template) {
        Map<String, Object> globals = Template.map(template.globals(), "Function");
        Map<String, FunctionSpec> functions = new LinkedHashMap<>();
        List<Route> routes = new ArrayList<>();
        Map<String, Map<String, Object>> apis = template.resourcesOfType(API);
        if (apis.size() > 1) {
            throw new IllegalStateException("template.yaml defines " + apis.size() + " APIs; the local server serves one");
        }
        Map<String, Object> api = apis.isEmpty() ? Map.of() : Template.map(apis.values().iterator().next(), "Properties");
        Map<String, Object> auth = Template.map(api.get("Auth"));
        AuthorizerSpec authorizer = authorizer(template, auth);

        for (Map.Entry<String, Map<String, Object>> f : template.unconditional(FUNCTION).entrySet()) {
            String id = f.getKey();
            Map<String, Object> props = Template.map(f.getValue(), "Properties");
            functions.put(id, function(template, id, globals, props));
            for (Map.Entry<String, Object> e : Template.map(props.get("Events")).entrySet()) {
                Map<String, Object> event = Template.map(e.getValue());
                if (!"Api".equals(event.get("Type"))) {
                    continue;
                }
                Map<String, Object> ep = Template.map(event.get("Properties"));
                String path = String.valueOf(ep.get("Path"));
                String method = String.valueOf(ep.get("Method")).toUpperCase(Locale.ROOT);
                Object routeAuthorizer = Template.map(ep.get("Auth")).get("Authorizer");
                boolean authorized;
                if ("NONE".equals(routeAuthorizer)) {
                    authorized = false;
                } else if (routeAuthorizer == null || authorizer != null && authorizer.name().equals(routeAuthorizer)) {
                    authorized = authorizer != null;
                } else {
                    throw new IllegalStateException(id + "." + e.getKey() + ": authorizer " + routeAuthorizer
                            + " is not the API's TOKEN authorizer; the local server supports that one only");
                }
                routes.add(new Route(id, e.getKey(), method, path, segments(path), authorized));
            }
        }
        if (authorizer != null && !functions.containsKey(authorizer.functionId())) {
            throw new IllegalStateException("authorizer " + authorizer.name() + " names function "
                    + authorizer.functionId() + ", which template.yaml does not define");
        }

        Map<String, GatewayResponse> responses = new LinkedHashMap<>();
        for (Map.Entry<String, Object> r : Template.map(api.get("GatewayResponses")).entrySet()) {
            Map<String, Object> spec = Template.map(r.getValue());
            Object status = spec.get("StatusCode");
            Map<String, String> headers = new LinkedHashMap<>();
            for (Map.Entry<String, Object> h : Template.map(spec.get("ResponseParameters"), "Headers").entrySet()) {
                headers.put(h.getKey(), unquote(String.valueOf(h.getValue())));
            }
            Object body = Template.map(spec.get("ResponseTemplates")).get("application/json");
            responses.put(r.getKey(), new GatewayResponse(status == null ? null : Integer.valueOf(status.toString()),
                    body == null ? null : body.toString(), headers));
        }
        List<String> binary = new ArrayList<>();
        for (Object type : Template.list(api.get("BinaryMediaTypes"))) {
            // CloudFormation writes */* as *~1*
            binary.add(String.valueOf(type).replace("~1", "/"));
        }
        String stage = resolve(template, api.get("StageName"));
        LocalApi local = new LocalApi(stage == null ? "v1" : stage, Collections.unmodifiableMap(functions),
                List.copyOf(routes), authorizer, responses, binary);
        Map<String, String> conditional = new LinkedHashMap<>();
        template.resourcesOfType(FUNCTION).forEach((id, f) -> {
            if (f.get("Condition") != null) {
                conditional.put(id, String.valueOf(f.get("Condition")));
            }
        });
        local.conditional = Collections.unmodifiableMap(conditional);
        return local;
    }

    private static FunctionSpec function(Template template, String id, Map<String, Object> globals,
            Map<String, Object> props) {
        Object handler = props.getOrDefault("Handler", globals.get("Handler"));
        if (!(handler instanceof String h) || h.isBlank()) {
            throw new IllegalStateException(id + " has no Handler");
        }
        int sep = h.indexOf("::");
        String cls = sep < 0 ? h : h.substring(0, sep);
        String method = sep < 0 ? "handleRequest" : h.substring(sep + 2);
        int memory = Integer.parseInt(String.valueOf(props.getOrDefault("MemorySize", globals.getOrDefault("MemorySize", 128))));
        int timeout = Integer.parseInt(String.valueOf(props.getOrDefault("Timeout", globals.getOrDefault("Timeout", 3))));
        Map<String, String> env = new LinkedHashMap<>();
        plainVariables(template, Template.map(globals.get("Environment"), "Variables"), env);
        plainVariables(template, Template.map(props.get("Environment"), "Variables"), env);
        return new FunctionSpec(id, h, cls, method, memory, Duration.ofSeconds(timeout), Collections.unmodifiableMap(env));
    }

    /**
     * The variables whose values are known without deploying: literals and parameters with a default.
     * References to resources (the table, secrets) are left out; the local runtime sets its own.
     */
    private static void plainVariables(Template template, Map<String, Object> vars, Map<String, String> into) {
        for (Map.Entry<String, Object> v : vars.entrySet()) {
            String value = resolve(template, v.getValue());
            if (value != null) {
                into.put(v.getKey(), value);
            } else {
                into.remove(v.getKey());
            }
        }
    }

    /** A literal, or a {@code !Ref} to a parameter with a default; null for anything only a deployment knows. */
    private static String resolve(Template template, Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        Object ref = Template.map(value).get("Ref");
        if (ref instanceof String name) {
            Object def = Template.map(template.root().get("Parameters"), name).get("Default");
            return def == null ? null : def.toString();
        }
        return null;
    }

    private static AuthorizerSpec authorizer(Template template, Map<String, Object> auth) {
        Object name = auth.get("DefaultAuthorizer");
        if (name == null || "NONE".equals(name) || "AWS_IAM".equals(name)) {
            return null;
        }
        Map<String, Object> spec = Template.map(auth.get("Authorizers"), name.toString());
        Object payload = spec.getOrDefault("FunctionPayloadType", "TOKEN");
        if (!"TOKEN".equals(payload)) {
            throw new IllegalStateException("authorizer " + name + " is a " + payload
                    + " authorizer; the local server emulates TOKEN authorizers only");
        }
        String functionId = functionId(spec.get("FunctionArn"));
        if (functionId == null) {
            throw new IllegalStateException("authorizer " + name + ": FunctionArn must reference a function of the template");
        }
        Map<String, Object> identity = Template.map(spec.get("Identity"));
        String header = String.valueOf(identity.getOrDefault("Header", "Authorization"));
        Object expression = identity.get("ValidationExpression");
        String every = resolve(template, identity.getOrDefault("ReauthorizeEvery", 300));
        int ttl = every == null ? 300 : Integer.parseInt(every);
        return new AuthorizerSpec(name.toString(), functionId, header,
                expression == null ? null : Pattern.compile(expression.toString()), Duration.ofSeconds(ttl));
    }

    /** {@code !Ref Fn}, {@code !Ref Fn.Alias}, {@code !GetAtt Fn.Arn}: the function's logical id. */
    private static String functionId(Object arn) {
        Map<String, Object> form = Template.map(arn);
        Object target = form.containsKey("Ref") ? form.get("Ref") : form.get("Fn::GetAtt");
        if (target instanceof List<?> l && !l.isEmpty()) {
            target = l.get(0);
        }
        if (!(target instanceof String s)) {
            return null;
        }
        int dot = s.indexOf('.');
        return dot < 0 ? s : s.substring(0, dot);
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("'") && value.endsWith("'") ? value.substring(1, value.length() - 1) : value;
    }

    static List<String> segments(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.isEmpty()) {
            return List.of();
        }
        return List.of(p.split("/", -1));
    }

    /** Routes a request: the path is the raw (percent-encoded) path, without or with the stage in front. */
    Match match(String method, String rawPath) {
        List<String> raw = segments(withoutStage(rawPath));
        List<String> path = new ArrayList<>();
        for (String s : raw) {
            String decoded = percentDecode(s);
            if (decoded == null) {
                return new NoRoute();
            }
            path.add(decoded);
        }
        List<Found> candidates = new ArrayList<>();
        for (Route route : routes) {
            Map<String, String> params = route.bind(path);
            if (params == null) {
                continue;
            }
            if (route.matchesMethod(method)) {
                candidates.add(new Found(route, params));
            }
        }
        if (!candidates.isEmpty()) {
            int depth = path.size() + 1;
            Comparator<Found> specific = (a, b) -> {
                for (int i = 0; i < depth; i++) {
                    int c = Integer.compare(a.route().rank(i), b.route().rank(i));
                    if (c != 0) {
                        return c;
                    }
                }
                // an exact method beats ANY
                return Boolean.compare(a.route().method().equals("ANY"), b.route().method().equals("ANY"));
            };
            candidates.sort(specific);
            return candidates.get(0);
        }
        return new NoRoute();
    }

    /**
     * The path as a function sees it: without the stage, whether or not the client put it in the URL (the
     * AWS URL has it, {@code sam local} and this server's base URI do not).
     */
    String withoutStage(String rawPath) {
        String prefix = "/" + stage;
        boolean staged = rawPath.equals(prefix) || rawPath.startsWith(prefix + "/");
        if (!staged || routes.stream().anyMatch(r -> !r.segments().isEmpty() && r.segments().get(0).equals(stage))) {
            return rawPath;
        }
        String rest = rawPath.substring(prefix.length());
        return rest.isEmpty() ? "/" : rest;
    }

    /** RFC 3986 percent-decoding ('+' stays '+'); null when the escapes are not valid UTF-8 or malformed. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    String stage() {
        return stage;
    }

    Map<String, FunctionSpec> functions() {
        return functions;
    }

    FunctionSpec function(String logicalId) {
        FunctionSpec f = functions.get(logicalId);
        if (f == null && conditional.containsKey(logicalId)) {
            throw new IllegalArgumentException(logicalId + " is deployed only where " + conditional.get(logicalId)
                    + " holds (its parameters given in AWS), not in a local run: there, serve runs the Spectrum agent"
                    + " itself against the local Spectrum");
        }
        if (f == null) {
            throw new IllegalArgumentException("template.yaml has no function " + logicalId + "; its functions are "
                    + String.join(", ", functions.keySet()));
        }
        return f;
    }

    List<Route> routes() {
        return routes;
    }

    AuthorizerSpec authorizer() {
        return authorizer;
    }

    GatewayResponse gatewayResponse(String type) {
        return gatewayResponses.get(type);
    }

    List<String> binaryMediaTypes() {
        return binaryMediaTypes;
    }
}
