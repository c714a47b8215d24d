package io.primesync.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.primesync.http.ErrorCode;
import io.primesync.http.Route;
import io.primesync.local.Template;
import io.primesync.local.WebAssets;
import io.primesync.logging.Metrics;
import io.primesync.webhook.Source;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** template.yaml read as data: functions, routes, authorization, permissions, the table and the globals as deployed. */
class TemplateTest {
    /** The handler that serves each route of the HTTP contract ({@link Route}, docs/http-api.md): every route, once. */
    private static final Map<Route, Class<?>> HANDLERS = Map.of(
            Route.LIST, ListContractsHandler.class,
            Route.ELIGIBILITY, EligibilityHandler.class,
            Route.IMPORT, SyncHandler.class,
            Route.REIMPORT, SyncHandler.class,
            Route.HISTORY, ListContractsHandler.class,
            Route.SYNC, ListContractsHandler.class,
            Route.SPECTRUM_WEBHOOK, WebhookHandler.class,
            Route.PROCORE_WEBHOOK, WebhookHandler.class);
    /** The same, by the name the template's events give a route ({@code GET /companies/...}). */
    private static final Map<String, Class<?>> ROUTES = byKey();
    private static final Set<String> WEBHOOKS = Arrays.stream(Route.values()).filter(Route::webhook).map(Route::key)
            .collect(Collectors.toSet());

    private static Map<String, Class<?>> byKey() {
        assertEquals(Set.of(Route.values()), HANDLERS.keySet(), "every route has its handler");
        Map<String, Class<?>> byKey = new TreeMap<>();
        HANDLERS.forEach((route, handler) -> byKey.put(route.key(), handler));
        return byKey;
    }
    private static final Set<String> READ_ONLY_FUNCTIONS = Set.of("ListContractsFunction", "EligibilityFunction");
    private static final Set<String> WRITE_ACTIONS = Set.of("dynamodb:PutItem", "dynamodb:UpdateItem",
            "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:TransactWriteItems", "dynamodb:PartiQLInsert",
            "dynamodb:PartiQLUpdate", "dynamodb:PartiQLDelete", "dynamodb:DeleteTable", "dynamodb:CreateTable",
            "dynamodb:UpdateTable");

    private final Template template = Template.load(Template.defaultPath());
    /** CloudFront's managed policies: CachingDisabled, and AllViewerExceptHostHeader (made for API Gateway origins). */
    private static final String CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
    private static final String ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
    /** The product's functions, in every deployment (the Spectrum agent's, conditional, has its own test). */
    private final Map<String, Map<String, Object>> functions = template.unconditional("AWS::Serverless::Function");

    @Test
    void theAlarmsAndTheDashboardWatchMetricsTheCodeEmits() {
        Map<String, Map<String, Object>> alarms = template.resourcesOfType("AWS::CloudWatch::Alarm");
        assertTrue(alarms.size() >= 8, alarms.keySet().toString());
        int ours = 0;
        for (Map.Entry<String, Map<String, Object>> alarm : alarms.entrySet()) {
            Map<String, Object> props = Template.map(alarm.getValue(), "Properties");
            List<Map<String, Object>> metrics = new ArrayList<>();
            if (props.containsKey("MetricName")) {
                metrics.add(props);
            }
            for (Object m : Template.list(props.get("Metrics"))) {
                Map<String, Object> stat = Template.map(m, "MetricStat");
                if (!stat.isEmpty()) {
                    metrics.add(Template.map(stat, "Metric"));
                }
            }
            assertFalse(metrics.isEmpty(), alarm.getKey() + " watches a metric");
            assertTrue(props.containsKey("AlarmActions"), alarm.getKey() + " notifies the topic when there is one");
            for (Map<String, Object> m : metrics) {
                if (!Metrics.NAMESPACE.equals(m.get("Namespace"))) {
                    continue;
                }
                ours++;
                Metrics.Metric emitted = metric(String.valueOf(m.get("MetricName")), alarm.getKey());
                Map<String, String> dims = new TreeMap<>();
                for (Object d : Template.list(m.get("Dimensions"))) {
                    dims.put(String.valueOf(Template.map(d).get("Name")), String.valueOf(Template.map(d).get("Value")));
                }
                assertEquals(Metrics.NAMESPACE, dims.get(Metrics.SERVICE),
                        alarm.getKey() + " watches the metric under the service");
                Set<String> allowed = new TreeSet<>(emitted.dimensions());
                allowed.add(Metrics.SERVICE);
                assertTrue(dims.keySet().size() == 1 || dims.keySet().equals(allowed),
                        alarm.getKey() + ": a dimension set the code emits, not " + dims.keySet());
                if (dims.containsKey("Outcome")) {
                    assertEquals(dims.get("Outcome"), ProcoreMetrics.outcome(Integer.parseInt(dims.get("Outcome"))),
                            alarm.getKey() + ": an outcome the code names so");
                }
            }
        }
        assertTrue(ours >= 3, "the product's own metrics are watched: " + ours);

        Object body = Template.map(template.resourcesOfType("AWS::CloudWatch::Dashboard").values().iterator().next(),
                "Properties").get("DashboardBody");
        String text = body instanceof Map<?, ?> sub ? String.valueOf(sub.get("Fn::Sub")) : String.valueOf(body);
        Matcher named = Pattern.compile(
                "\\[\"PrimeSync\", \"([A-Za-z]+)\"|\"\\.\", \"([A-Za-z]+)\"|MetricName=\\\\\"([A-Za-z]+)\\\\\"").matcher(text);
        Set<String> shown = new TreeSet<>();
        while (named.find()) {
            shown.add(named.group(1) != null ? named.group(1) : named.group(2) != null ? named.group(2) : named.group(3));
        }
        assertTrue(shown.size() >= 8, "the dashboard shows the product's metrics: " + shown);
        shown.forEach(name -> metric(name, "the dashboard"));
    }

    private static Metrics.Metric metric(String name, String where) {
        for (Metrics.Metric m : Metrics.Metric.values()) {
            if (m.metricName().equals(name)) {
                return m;
            }
        }
        throw new AssertionError(where + " names " + name + ", a metric the code does not emit");
    }

    @Test
    void everyFunctionsDescriptionFitsLambdasLimit() {
        // Lambda refuses a function whose description is over 256 characters: the stack would not deploy
        // every function, the conditional ones (the Spectrum agent's) included
        for (Map.Entry<String, Object> f : template.resources().entrySet()) {
            if (!"AWS::Serverless::Function".equals(Template.map(f.getValue()).get("Type"))) {
                continue;
            }
            Object description = Template.map(Template.map(f.getValue()), "Properties").get("Description");
            assertTrue(description == null || description.toString().strip().length() <= 256,
                    f.getKey() + "'s description has " + String.valueOf(description).strip().length() + " characters");
        }
    }

    @Test
    void theGatewayResponsesSpeakTheSameProblemsAsTheFunctions() {
        Map<String, Object> api = Template.map(template.resourcesOfType("AWS::Serverless::Api").values().iterator().next(),
                "Properties", "GatewayResponses");
        Pattern field = Pattern.compile("\"(type|title|code)\":\"([^\"]*)\"");
        assertFalse(api.isEmpty());
        for (Map.Entry<String, Object> response : api.entrySet()) {
            String body = String.valueOf(Template.map(response.getValue(), "ResponseTemplates").get("application/json"));
            Map<String, String> fields = new TreeMap<>();
            Matcher m = field.matcher(body);
            while (m.find()) {
                fields.put(m.group(1), m.group(2));
            }
            ErrorCode code = ErrorCode.valueOf(fields.get("code"));
            assertEquals(code.title(), fields.get("title"), response.getKey() + " and ErrorCode." + code + " agree on the title");
            assertEquals(code.type(), fields.get("type"), response.getKey() + " and ErrorCode." + code + " agree on the type");
            Object status = Template.map(response.getValue()).get("StatusCode");
            if (status != null) {
                assertEquals(code.status(), Integer.parseInt(status.toString()), response.getKey() + "'s status");
            }
        }
    }

    @Test
    void everyHandlerIsAClassOfTheJarImplementingTheRightInterfaceWithBothConstructors() throws Exception {
        String authorizer = authorizerFunction();
        Set<String> apiFunctions = new TreeSet<>();
        apiEventsByRoute().values().forEach(events -> events.forEach(e -> apiFunctions.add(e.function)));
        Map<String, String> eventTypes = new TreeMap<>();
        for (Map.Entry<String, Map<String, Object>> f : functions.entrySet()) {
            for (Object e : Template.map(f.getValue(), "Properties", "Events").values()) {
                eventTypes.put(f.getKey(), String.valueOf(Template.map(e).get("Type")));
            }
        }
        assertEquals(9, functions.size(), functions.keySet().toString());
        for (Map.Entry<String, Map<String, Object>> f : functions.entrySet()) {
            String name = f.getKey();
            String handler = (String) Template.map(f.getValue(), "Properties").get("Handler");
            assertNotNull(handler, name + " has a Handler");
            String[] parts = handler.split("::");
            assertEquals(2, parts.length, name + ": Handler is class::method, not " + handler);
            Class<?> type = Class.forName(parts[0]);
            assertFalse(type.getName().startsWith("io.primesync.local."), name + ": the local package is not in the jar");
            String location = type.getProtectionDomain().getCodeSource().getLocation().toString();
            assertTrue(location.endsWith("/classes/"), name + ": " + type + " is main code, found in " + location);
            assertTrue(Modifier.isPublic(type.getModifiers()) && !Modifier.isAbstract(type.getModifiers()), handler);
            // Lambda calls the stream method of every function: the handlers read and write with the app's mapper
            assertTrue(RequestStreamHandler.class.isAssignableFrom(type),
                    name + " is a stream handler");

            String trigger = eventTypes.get(name);
            Type[] io = requestHandlerTypes(type);
            if ("Schedule".equals(trigger)) {
                assertEquals(null, io, name + ": a scheduled function takes the event as a stream only");
            } else {
                assertNotNull(io, name + ": " + type.getSimpleName() + " implements RequestHandler");
                Class<?> input;
                if (name.equals(authorizer)) {
                    input = APIGatewayCustomAuthorizerEvent.class;
                } else if ("SQS".equals(trigger)) {
                    input = SQSEvent.class;
                    assertEquals(SQSBatchResponse.class, io[1], name);
                } else {
                    assertTrue(apiFunctions.contains(name), name + " is neither an API function nor the authorizer");
                    input = APIGatewayProxyRequestEvent.class;
                    assertEquals(APIGatewayProxyResponseEvent.class, io[1], name);
                }
                assertEquals(input, io[0], name + ": the event type the function receives");
                Method method = type.getMethod(parts[1], input, Context.class);
                assertTrue(Modifier.isPublic(method.getModifiers()), handler);
            }

            // what Lambda calls, and one that takes the dependencies (for tests and the local tooling)
            Constructor<?> noArg = type.getConstructor();
            assertTrue(Modifier.isPublic(noArg.getModifiers()), handler);
            assertTrue(Arrays.stream(type.getConstructors()).anyMatch(c -> c.getParameterCount() > 0),
                    handler + " has a constructor that takes its dependencies");
        }
    }

    @Test
    void everyRouteOfTheContractIsMappedExactlyOnceToItsHandler() throws Exception {
        Map<String, List<ApiEvent>> routes = apiEventsByRoute();
        assertEquals(new TreeMap<>(ROUTES).keySet(), new TreeMap<>(routes).keySet(),
                "the template's routes are those of docs/http-api.md");
        for (Map.Entry<String, List<ApiEvent>> route : routes.entrySet()) {
            assertEquals(1, route.getValue().size(), route.getKey() + " is mapped " + route.getValue().size() + " times");
            ApiEvent event = route.getValue().get(0);
            String handler = (String) Template.map(functions.get(event.function), "Properties").get("Handler");
            assertEquals(ROUTES.get(route.getKey()).getName() + "::handleRequest", handler, route.getKey());
            assertEquals(Map.of("Ref", apiLogicalId()), event.properties.get("RestApiId"), route.getKey() + " belongs to the API");
        }
    }

    @Test
    void webhooksAreOpenAndUserRoutesGoThroughTheTokenAuthorizer() {
        Map<String, Object> auth = Template.map(apiResource(), "Properties", "Auth");
        String defaultAuthorizer = (String) auth.get("DefaultAuthorizer");
        assertNotNull(defaultAuthorizer, "the API has a default authorizer");
        Map<String, Object> definition = Template.map(auth, "Authorizers", defaultAuthorizer);
        assertEquals("TOKEN", definition.get("FunctionPayloadType"));
        assertEquals("Authorization", Template.map(definition, "Identity").get("Header"));
        assertTrue(functions.containsKey(authorizerFunction()));

        for (Map.Entry<String, List<ApiEvent>> route : apiEventsByRoute().entrySet()) {
            Object authorizer = Template.map(route.getValue().get(0).properties, "Auth").get("Authorizer");
            if (WEBHOOKS.contains(route.getKey())) {
                assertEquals("NONE", authorizer, route.getKey() + " is signed, not authorized by a token");
            } else {
                assertTrue(authorizer == null || authorizer.equals(defaultAuthorizer),
                        route.getKey() + " uses the default authorizer, not " + authorizer);
            }
        }
    }

    @Test
    void policiesGrantOnlyWhatEachFunctionNeeds() {
        for (Map.Entry<String, Map<String, Object>> f : functions.entrySet()) {
            List<String> actions = new ArrayList<>();
            for (Object policy : Template.list(Template.map(f.getValue(), "Properties").get("Policies"))) {
                assertTrue(policy instanceof Map<?, ?> && ((Map<?, ?>) policy).containsKey("Statement"),
                        f.getKey() + ": only inline statements, no managed or template policy: " + policy);
                for (Object s : Template.list(((Map<?, ?>) policy).get("Statement"))) {
                    Map<String, Object> statement = Template.map(s);
                    assertEquals("Allow", statement.get("Effect"), f.getKey());
                    List<Object> stmtActions = asList(statement.get("Action"));
                    List<Object> resources = asList(statement.get("Resource"));
                    assertFalse(stmtActions.isEmpty(), f.getKey() + " names its actions");
                    assertFalse(resources.isEmpty(), f.getKey() + " names its resources");
                    for (Object action : stmtActions) {
                        assertTrue(action instanceof String && !((String) action).contains("*"),
                                f.getKey() + ": no wildcard action: " + action);
                        actions.add((String) action);
                    }
                    for (Object resource : resources) {
                        assertFalse("*".equals(resource) || (resource instanceof String r && r.endsWith(":*")),
                                f.getKey() + ": no wildcard resource: " + resource);
                    }
                }
            }
            if (READ_ONLY_FUNCTIONS.contains(f.getKey())) {
                assertFalse(actions.isEmpty(), f.getKey() + " reads the table");
                for (String action : actions) {
                    assertFalse(WRITE_ACTIONS.contains(action), f.getKey() + " only reads, yet may " + action);
                }
            }
            if (f.getKey().equals(authorizerFunction())) {
                assertTrue(actions.stream().noneMatch(a -> a.startsWith("dynamodb:")), "the authorizer never touches the table");
            }
        }
        assertTrue(READ_ONLY_FUNCTIONS.stream().allMatch(functions::containsKey), "the read-only functions exist");
    }

    @Test
    void secretsReachTheFunctionsOnlyAsSecretsManagerArns() {
        // a secret in a plain variable would be readable in the console, and a webhook secret there could be one for
        // any company; the template names each by its ARN, which WebhookSecrets holds to one secret per company
        Map<String, Object> globals = Template.map(template.globals(), "Function", "Environment", "Variables");
        List<String> plain = new ArrayList<>();
        List<String> byArn = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> f : functions.entrySet()) {
            Map<String, Object> vars = new LinkedHashMap<>(globals);
            vars.putAll(Template.map(f.getValue(), "Properties", "Environment", "Variables"));
            for (String name : vars.keySet()) {
                if (name.contains("SECRET") && !name.endsWith("_ARN")) {
                    plain.add(f.getKey() + " " + name);
                } else if (name.endsWith("WEBHOOK_SECRET_ARN")) {
                    byArn.add(name);
                }
            }
        }
        assertEquals(List.of(), plain);
        assertEquals(Set.of(Source.SPECTRUM.secretName() + "_ARN", Source.PROCORE.secretName() + "_ARN"), Set.copyOf(byArn));
    }

    @Test
    void theTableIsOnDemandWithTtlPitrAndRetained() {
        String id = template.tableLogicalId();
        Map<String, Object> table = Template.map(template.resources().get(id));
        assertEquals("Retain", table.get("DeletionPolicy"));
        assertEquals("Retain", table.get("UpdateReplacePolicy"));
        Map<String, Object> props = Template.map(table, "Properties");
        assertEquals("PAY_PER_REQUEST", props.get("BillingMode"));
        assertEquals("expiresAt", Template.map(props, "TimeToLiveSpecification").get("AttributeName"));
        assertEquals(Boolean.TRUE, Template.map(props, "TimeToLiveSpecification").get("Enabled"));
        assertEquals(Boolean.TRUE, Template.map(props, "PointInTimeRecoverySpecification").get("PointInTimeRecoveryEnabled"));
        assertEquals("expiresAt", template.ttlAttribute());
        assertEquals(Map.of("Ref", id), Template.map(template.globals(), "Function", "Environment", "Variables").get("TABLE_NAME"));
    }

    @Test
    void theWebPageIsAPrivateBucketBehindCloudFrontWhichCarriesTheApiOnTheSameOrigin() {
        Map<String, Object> block = Template.map(template.resources().get("WebBucket"), "Properties",
                "PublicAccessBlockConfiguration");
        for (String setting : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
            assertEquals(Boolean.TRUE, block.get(setting), setting);
        }
        Map<String, Object> config = Template.map(template.resources().get("WebDistribution"), "Properties",
                "DistributionConfig");
        Map<String, Map<String, Object>> origins = new TreeMap<>();
        for (Object o : Template.list(config.get("Origins"))) {
            origins.put((String) Template.map(o).get("Id"), Template.map(o));
        }
        assertNotNull(origins.get("page").get("OriginAccessControlId"), "the bucket is read through origin access control");
        assertEquals(Map.of("Fn::Sub", "/${StageName}"), origins.get("api").get("OriginPath"));
        assertEquals("https-only", Template.map(origins.get("api"), "CustomOriginConfig").get("OriginProtocolPolicy"));

        Map<String, Map<String, Object>> behaviors = new TreeMap<>();
        for (Object b : Template.list(config.get("CacheBehaviors"))) {
            behaviors.put((String) Template.map(b).get("PathPattern"), Template.map(b));
        }
        Map<String, Object> api = behaviors.get("/companies/*");
        assertEquals("api", api.get("TargetOriginId"));
        assertEquals(CACHING_DISABLED, api.get("CachePolicyId"), "no answer of the API is cached");
        assertEquals(ALL_VIEWER_EXCEPT_HOST, api.get("OriginRequestPolicyId"),
                "Authorization and Idempotency-Key reach the API, Host stays its own");
        assertTrue(Template.list(api.get("AllowedMethods")).contains("POST"));
        for (String route : ROUTES.keySet()) {
            String path = route.substring(route.indexOf(' ') + 1);
            if (!path.startsWith("/webhooks/")) {
                assertTrue(path.startsWith("/companies/"), "every route the page calls is under /companies/*: " + route);
            }
        }
        Map<String, Object> webConfig = behaviors.get("/config.json");
        assertEquals("viewer-request", Template.map(Template.list(webConfig.get("FunctionAssociations")).get(0))
                .get("EventType"));
        List<Object> all = new ArrayList<>(behaviors.values());
        all.add(config.get("DefaultCacheBehavior"));
        for (Object b : all) {
            assertFalse("allow-all".equals(Template.map(b).get("ViewerProtocolPolicy")), "HTTPS only: " + b);
        }

        // the deployed page has the local server's content security policy, plus the sign-in provider
        Object csp = Template.map(template.resources().get("WebHeadersPolicy"), "Properties",
                "ResponseHeadersPolicyConfig", "SecurityHeadersConfig", "ContentSecurityPolicy").get("ContentSecurityPolicy");
        List<Object> policy = Template.list(Template.map(csp).get("Fn::Sub"));
        assertEquals(WebAssets.CONTENT_SECURITY_POLICY
                .replace("connect-src 'self';", "connect-src 'self' ${SignIn};"), policy.get(0));
        assertEquals(Set.of("SignIn"), Template.map(policy.get(1)).keySet());
        List<Object> names = List.of(
                Template.map(template.resources().get("WebOriginAccessControl"), "Properties", "OriginAccessControlConfig").get("Name"),
                Template.map(template.resources().get("WebConfigFunction"), "Properties").get("Name"),
                Template.map(template.resources().get("WebHeadersPolicy"), "Properties", "ResponseHeadersPolicyConfig").get("Name"));
        for (Object name : names) {
            // not the stack's name, which may be 128 long: its id's last part, a 36-character UUID, within CloudFront's 64
            List<Object> sub = Template.list(Template.map(name).get("Fn::Sub"));
            assertTrue(((String) sub.get(0)).replace("${StackUuid}", "x".repeat(36)).length() <= 64, name::toString);
            assertEquals(Map.of("Fn::Select", List.of(2, Map.of("Fn::Split", List.of("/", Map.of("Ref", "AWS::StackId"))))),
                    Template.map(sub.get(1)).get("StackUuid"), name::toString);
        }
    }

    @Test
    void theWebConfigFunctionsParametersCannotBreakOutOfItsJson() {
        List<Object> sub = Template.list(Template.map(template.resources().get("WebConfigFunction"), "Properties",
                "FunctionCode").get("Fn::Sub"));
        String code = (String) sub.get(0);
        assertEquals(Set.of("Issuer"), Template.map(sub.get(1)).keySet());
        Matcher literal = Pattern.compile("var OIDC = '([^']*)';").matcher(code);
        assertTrue(literal.find(), code);
        Matcher var = Pattern.compile("\\$\\{([A-Za-z]+)}").matcher(literal.group(1));
        Set<String> parameters = new TreeSet<>();
        while (var.find()) {
            parameters.add(var.group(1).equals("Issuer") ? "WebSignInIssuer" : var.group(1));
        }
        parameters.add("JwtIssuer");
        assertEquals(Set.of("JwtIssuer", "WebSignInIssuer", "WebClientId", "WebSignInScope", "WebTokenUse"), parameters);
        for (String p : parameters) {
            Map<String, Object> parameter = Template.map(template.root().get("Parameters"), p);
            String pattern = (String) parameter.get("AllowedPattern");
            if (pattern == null) {
                assertNotNull(parameter.get("AllowedValues"), p + " is constrained");
                continue;
            }
            for (String bad : List.of("\"", "'", "\\", "<", "\n")) {
                for (String hostile : List.of("a" + bad + "b", "https://login.example.com/" + bad)) {
                    assertFalse(hostile.matches(pattern), p + " refuses " + hostile);
                }
            }
        }
        String origins = (String) Template.map(template.root().get("Parameters"), "WebSignInOrigins").get("AllowedPattern");
        assertFalse("https: ; script-src *".matches(origins), "no directive can be added to the policy");
    }

    @Test
    void globalsTraceSnapStartPublishAndLogJson() {
        Map<String, Object> function = Template.map(template.globals(), "Function");
        assertEquals("Active", function.get("Tracing"));
        assertEquals("PublishedVersions", Template.map(function, "SnapStart").get("ApplyOn"));
        assertTrue(function.get("AutoPublishAlias") instanceof String alias && !alias.isBlank(), "AutoPublishAlias is set");
        assertEquals("JSON", Template.map(function, "LoggingConfig").get("LogFormat"));
        for (Map.Entry<String, Map<String, Object>> f : functions.entrySet()) {
            Map<String, Object> props = Template.map(f.getValue(), "Properties");
            for (String overridden : List.of("Tracing", "SnapStart", "AutoPublishAlias")) {
                assertFalse(props.containsKey(overridden), f.getKey() + " does not override the global " + overridden);
            }
            // SAM merges maps of Globals: a function adds its own log group (kept for a while) and nothing else
            Map<String, Object> logging = Template.map(props, "LoggingConfig");
            assertEquals(Set.of("LogGroup"), logging.keySet(), f.getKey() + " adds only its log group");
            String group = String.valueOf(Template.map(logging.get("LogGroup")).get("Ref"));
            Map<String, Object> logGroup = Template.map(template.resources().get(group));
            assertEquals("AWS::Logs::LogGroup", logGroup.get("Type"), f.getKey());
            assertEquals(Map.of("Ref", "LogRetentionDays"), Template.map(logGroup, "Properties").get("RetentionInDays"),
                    f.getKey() + "'s log is kept LogRetentionDays, not forever");
        }
    }

    @Test
    void everyFunctionIsBuiltByTheMakefileIntoTheOneLambdaJar() throws Exception {
        Path makefile = Template.defaultPath().resolveSibling("Makefile");
        String make = Files.readString(makefile);
        Matcher list = Pattern.compile("(?m)^FUNCTIONS = (.+)$").matcher(make);
        assertTrue(list.find(), "the Makefile lists the functions it builds");
        List<String> built = List.of(list.group(1).trim().split("\\s+"));
        assertEquals(new TreeSet<>(functions.keySet()), new TreeSet<>(built),
                "sam build finds a build-<Function> target for every function, and only those");
        for (Map.Entry<String, Map<String, Object>> f : functions.entrySet()) {
            assertEquals("makefile", Template.map(f.getValue(), "Metadata").get("BuildMethod"), f.getKey());
        }
        assertTrue(make.contains("-DskipTests"), "a deployment build does not run the test suite");
        assertTrue(make.contains("-lambda.jar"), "it ships the shaded jar of runtime dependencies");
    }

    @Test
    void theSpectrumAgentInAwsIsOffUnlessItsParametersAreGivenAndIsItsOwnArtifact() throws Exception {
        Map<String, Map<String, Object>> all = template.resourcesOfType("AWS::Serverless::Function");
        Map<String, Object> agent = all.get("SpectrumAgentFunction");
        assertNotNull(agent, "the agent's function is in the template");
        assertEquals(Set.of("SpectrumAgentFunction"), Set.copyOf(new TreeSet<>(all.keySet()) {
            {
                removeAll(functions.keySet());
            }
        }), "the one conditional function");
        assertEquals("HasSpectrumAgent", agent.get("Condition"));
        String condition = Template.map(template.root(), "Conditions").get("HasSpectrumAgent").toString();
        for (String parameter : List.of("SpectrumAgentSubnetIds", "SpectrumAgentSecurityGroupIds",
                "SpectrumAgentSecretArn", "SpectrumAgentCompanies")) {
            assertTrue(condition.contains(parameter), "the condition needs " + parameter + ": " + condition);
            assertEquals("", String.valueOf(Template.map(template.root(), "Parameters", parameter).get("Default")),
                    parameter + " is empty unless given: the agent is off by default");
        }
        for (Map.Entry<String, Object> r : template.resources().entrySet()) {
            if (r.getKey().startsWith("SpectrumAgent")) {
                assertEquals("HasSpectrumAgent", Template.map(r.getValue()).get("Condition"), r.getKey());
            }
        }
        Map<String, Object> props = Template.map(agent, "Properties");
        assertEquals(1, Integer.parseInt(String.valueOf(props.get("ReservedConcurrentExecutions"))),
                "never two rounds at once");
        assertEquals(Map.of("Ref", "SpectrumAgentSubnetIds"), Template.map(props, "VpcConfig").get("SubnetIds"));
        Map<String, Object> vars = Template.map(props, "Environment", "Variables");
        assertEquals(Map.of("Ref", "SpectrumAgentSecretArn"), vars.get("SPECTRUM_CONNECTION_SECRET_ARN"),
                "the connection secret by its ARN only");
        assertTrue(vars.keySet().stream().noneMatch(n -> n.contains("SECRET") && !n.endsWith("_ARN")), vars.toString());
        assertTrue(String.valueOf(vars.get("PRODUCT_WEBHOOK_URL")).contains("/webhooks/spectrum"), vars.toString());
        for (Object policy : Template.list(props.get("Policies"))) {
            for (Object st : Template.list(Template.map(policy).get("Statement"))) {
                for (Object action : asList(Template.map(st).get("Action"))) {
                    assertTrue(List.of("dynamodb:Scan", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem",
                            "secretsmanager:GetSecretValue").contains(action), "the agent may only " + action);
                }
                for (Object resource : asList(Template.map(st).get("Resource"))) {
                    assertTrue(resource.equals(Map.of("Fn::GetAtt", "SpectrumAgentTable.Arn"))
                            || resource.equals(Map.of("Ref", "SpectrumAgentSecretArn")), "its own table and secret: "
                            + resource);
                }
            }
        }
        // its handler is the agent's, not the product's, built into its own artifact
        String handler = String.valueOf(props.get("Handler"));
        Class<?> type = Class.forName(handler.split("::")[0]);
        assertTrue(type.getName().startsWith("io.primesync.agent.lambda."), handler);
        assertTrue(RequestStreamHandler.class.isAssignableFrom(type), handler);
        assertTrue(Modifier.isPublic(type.getConstructor().getModifiers()), handler);
        String make = Files.readString(Template.defaultPath().resolveSibling("Makefile"));
        assertTrue(make.contains("build-SpectrumAgentFunction:") && make.contains("primesync-agent-lambda.jar"),
                "sam build makes the agent's own artifact");
        assertEquals("makefile", Template.map(agent, "Metadata").get("BuildMethod"));
    }

    // ------------------------------------------------------------------ reading the template

    private record ApiEvent(String function, Map<String, Object> properties) {}

    /** "METHOD /path" to the Api events that map it, over every function. */
    private Map<String, List<ApiEvent>> apiEventsByRoute() {
        Map<String, List<ApiEvent>> routes = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> f : functions.entrySet()) {
            for (Object e : Template.map(f.getValue(), "Properties", "Events").values()) {
                Map<String, Object> event = Template.map(e);
                if (!"Api".equals(event.get("Type"))) {
                    continue;
                }
                Map<String, Object> props = Template.map(event, "Properties");
                String route = String.valueOf(props.get("Method")).toUpperCase(Locale.ROOT) + " " + props.get("Path");
                routes.computeIfAbsent(route, r -> new ArrayList<>()).add(new ApiEvent(f.getKey(), props));
            }
        }
        return routes;
    }

    private String apiLogicalId() {
        Map<String, Map<String, Object>> apis = template.resourcesOfType("AWS::Serverless::Api");
        assertEquals(1, apis.size(), "one API");
        return apis.keySet().iterator().next();
    }

    private Map<String, Object> apiResource() {
        return Template.map(template.resources().get(apiLogicalId()));
    }

    /** The function behind the API's default authorizer ({@code !Ref Fn.Alias} or {@code !GetAtt Fn.Arn}). */
    private String authorizerFunction() {
        Map<String, Object> auth = Template.map(apiResource(), "Properties", "Auth");
        Map<String, Object> definition = Template.map(auth, "Authorizers", (String) auth.get("DefaultAuthorizer"));
        Object arn = definition.get("FunctionArn");
        Map<String, Object> ref = Template.map(arn);
        Object named = ref.containsKey("Ref") ? ref.get("Ref") : ref.get("Fn::GetAtt");
        String target = named instanceof List<?> parts && !parts.isEmpty() ? String.valueOf(parts.get(0))
                : named == null ? null : String.valueOf(named);
        if (target == null) {
            fail("the authorizer's FunctionArn names a function of the template: " + arn);
        }
        return target.split("\\.", 2)[0];
    }

    private static Type[] requestHandlerTypes(Class<?> type) {
        for (Class<?> k = type; k != null; k = k.getSuperclass()) {
            for (Type t : k.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                    return p.getActualTypeArguments();
                }
            }
        }
        return null;
    }

    private static List<Object> asList(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> list ? new ArrayList<>(list) : List.of(value);
    }
}
