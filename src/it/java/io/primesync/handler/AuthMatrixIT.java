package io.primesync.handler;

import static io.primesync.testing.Answers.assertProblem;
import static io.primesync.testing.Answers.reasonCodes;
import static io.primesync.testing.Snapshot.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.auth.Claims;
import io.primesync.http.Route;
import io.primesync.json.Json;
import io.primesync.local.Template;
import io.primesync.testing.Api;
import io.primesync.testing.Response;
import io.primesync.testing.TestTokens;
import io.primesync.testing.UserRoutes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Who may do what, end to end: the TOKEN authorizer turns the Authorization header into the caller (or API Gateway
 * answers 401 when it refuses), and the route's handler decides from the caller's permissions.
 */
class AuthMatrixIT {
    private static final String OWN_TITLE = "Own company tower";
    private static final String OTHER_TITLE = "Other company secret";

    private final Api api = Api.onLocalDynamo();
    private final Api other = api.otherCompany();
    private final AuthorizerHandler authorizer = new AuthorizerHandler(TestTokens.verifier(api.clock));

    /** One user route: how to build its request, and what an admin gets. */
    private record Call(String name, Function<Api, UserRoutes.Request> request, int adminStatus) {}

    private static final List<Call> ROUTES = List.of(
            new Call("list", a -> a.user.list(), 200),
            new Call("eligibility", a -> a.user.eligibility("A-1"), 200),
            new Call("history", a -> a.user.history("A-1"), 200),
            new Call("import", a -> a.user.importing("A-2"), 202),
            new Call("reimport", a -> a.user.reimport("A-1"), 202),
            new Call("sync", a -> a.user.sync("A-1", a.historyItems("A-1").get(0).path("syncId").asText()), 200));

    AuthMatrixIT() {
        for (Api company : List.of(api, other)) {
            String title = company == api ? OWN_TITLE : OTHER_TITLE;
            company.imported(snapshot("A-1", "J-1", 1).title(title).lump("A", "777.00"));
            company.spectrum.upsert(snapshot("A-1", "J-1", 2).title(title).lump("A", "778.00"));
            company.staged(snapshot("A-2", "J-2", 1).title(title).lump("A", "5.00"));
        }
    }

    @Test
    void withoutAnAcceptableTokenEveryUserRouteIs401() {
        String admin = token(api.company, "admin", "admin", Instant.now().plus(Duration.ofHours(1)));
        String[] parts = admin.split("\\.");
        String readOnlyPayload = token(api.company, "read_only", "read_only", Instant.now().plus(Duration.ofHours(1))).split("\\.")[1];
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("no token", null);
        refused.put("empty", "");
        refused.put("no scheme", admin);
        refused.put("basic", "Basic dXNlcjpwYXNz");
        refused.put("bearer nothing", "Bearer ");
        refused.put("not a jwt", "Bearer not-a-token");
        refused.put("bad signature", "Bearer " + TestTokens.signWithOtherKey(Api.USER, permissions(api.company, "admin", "admin"), Instant.now().plus(Duration.ofHours(1))));
        refused.put("tampered", "Bearer " + parts[0] + "." + readOnlyPayload + "." + parts[2]);
        refused.put("no signature", "Bearer " + parts[0] + "." + parts[1] + ".");
        refused.put("alg none", "Bearer " + b64("{\"alg\":\"none\"}") + "." + parts[1] + ".");
        refused.put("expired", "Bearer " + token(api.company, "admin", "admin", Instant.now().minus(Duration.ofHours(1))));
        refused.put("no subject", "Bearer " + TestTokens.sign(null, permissions(api.company, "admin", "admin"),
                Instant.now().plus(Duration.ofHours(1))));
        refused.put("malformed permissions", "Bearer " + TestTokens.sign(Api.USER,
                Map.of(Claims.COMPANIES, "all"), Instant.now().plus(Duration.ofHours(1))));
        JsonNode before = api.listed("A-1", "synced");

        for (Call route : ROUTES) {
            for (Map.Entry<String, String> token : refused.entrySet()) {
                Response response = viaGateway(route.request.apply(api), token.getValue());
                JsonNode problem = assertProblem(response, 401, "UNAUTHORIZED");
                assertEquals("Bearer", response.header("WWW-Authenticate"), route.name + " / " + token.getKey());
                assertFalse(problem.toString().contains(OWN_TITLE), route.name);
            }
            // a route the authorizer did not guard answers 401 by itself, never as someone
            Response unguarded = route.request.apply(api).authorizer(null).send();
            assertProblem(unguarded, 401, "UNAUTHORIZED");
            assertEquals("Bearer", unguarded.header("WWW-Authenticate"));
        }
        assertEquals(before, api.listed("A-1", "synced"), "nothing changed");
        assertNotNull(api.listed("A-2", "staged"));
    }

    @Test
    void anotherCompanysTokenIs403AndShowsNothingOfEitherCompany() {
        String theirs = "Bearer " + token(other.company, "admin", "admin", Instant.now().plus(Duration.ofHours(1)));
        for (Call route : ROUTES) {
            JsonNode problem = assertProblem(viaGateway(route.request.apply(api), theirs), 403, "FORBIDDEN");
            assertTrue(problem.path("reasons").isMissingNode(), route.name + ": " + problem);
            for (String secret : List.of(OWN_TITLE, OTHER_TITLE, "777.00", "778.00", other.company)) {
                assertFalse(problem.toString().contains(secret), route.name + " shows " + secret + ": " + problem);
            }
            // and their token on their own company works
            Response own = viaGateway(route.request.apply(other), theirs);
            assertEquals(route.adminStatus, own.status(), route.name + ": " + own.body());
            assertFalse(own.body().contains(OWN_TITLE), own.body());
        }
        assertEquals(1, api.listed("A-1", "synced").path("syncedErpVersion").asLong());
        assertNotNull(api.listed("A-2", "staged"));
    }

    @Test
    void noPermissionOnTheCompanyIs403WithoutReasons() {
        Instant exp = Instant.now().plus(Duration.ofHours(1));
        List<String> tokens = List.of(
                "Bearer " + token(api.company, "none", "admin", exp),
                "Bearer " + TestTokens.sign(Api.USER, null, exp),
                "Bearer " + TestTokens.sign(Api.USER, Map.of(Claims.COMPANIES, Map.of(api.company,
                        Map.of("other_tool", "admin"))), exp),
                "Bearer " + TestTokens.sign(Api.USER, Map.of(Claims.COMPANIES, Map.of(api.company,
                        Map.of("erp_integrations", "superuser"))), exp));
        for (Call route : ROUTES) {
            for (String token : tokens) {
                JsonNode problem = assertProblem(viaGateway(route.request.apply(api), token), 403, "FORBIDDEN");
                assertTrue(problem.path("reasons").isMissingNode(), route.name + ": " + problem);
                assertFalse(problem.toString().contains(OWN_TITLE), problem.toString());
            }
        }
        assertEquals(1, api.listed("A-1", "synced").path("syncedErpVersion").asLong());
    }

    @Test
    void readOnlyMayReadButNeitherImportNorReimport() {
        String reader = "Bearer " + token(api.company, "read_only", "admin", Instant.now().plus(Duration.ofHours(1)));
        for (Call route : ROUTES.subList(0, 3)) {
            Response response = viaGateway(route.request.apply(api), reader);
            assertEquals(200, response.status(), route.name + ": " + response.body());
            assertTrue(response.body().contains(route.name.equals("history") ? "\"newAmount\":\"777.00\"" : "\"A-1\""),
                    route.name + ": " + response.body());
        }
        JsonNode eligibility = viaGateway(api.user.eligibility("A-1"), reader).json();
        assertEquals(List.of("MISSING_PERMISSION"), reasonCodes(eligibility.path("reasons")), "what this user may not do, said up front");

        JsonNode importing = assertProblem(viaGateway(api.user.importing("A-2"), reader), 403, "FORBIDDEN");
        assertEquals(List.of("MISSING_PERMISSION"), reasonCodes(importing.path("reasons")));
        JsonNode reimport = assertProblem(viaGateway(api.user.reimport("A-1"), reader), 403, "FORBIDDEN");
        assertEquals(List.of("MISSING_PERMISSION"), reasonCodes(reimport.path("reasons")));
        assertEquals("read_only", reimport.path("reasons").get(0).path("details").path("held").path("erp_integrations").asText());
        assertEquals(1, api.listed("A-1", "synced").path("syncedErpVersion").asLong());
        assertNotNull(api.listed("A-2", "staged"));
    }

    @Test
    void standardMayImportButOnlyAdminMayReimport() {
        String standard = "Bearer " + token(api.company, "standard", "admin", Instant.now().plus(Duration.ofHours(1)));
        JsonNode reimport = assertProblem(viaGateway(api.user.reimport("A-1"), standard), 403, "FORBIDDEN");
        assertEquals(List.of("MISSING_PERMISSION"), reasonCodes(reimport.path("reasons")));
        assertEquals(1, api.listed("A-1", "synced").path("syncedErpVersion").asLong());
        Response imported = viaGateway(api.user.importing("A-2"), standard);
        assertEquals(202, imported.status(), imported.body());
    }

    @Test
    void importAndReimportNeedAdminOnTheProjectToo() {
        String projectReader = "Bearer " + token(api.company, "admin", "read_only", Instant.now().plus(Duration.ofHours(1)));
        for (Call route : ROUTES.subList(3, 5)) {
            JsonNode problem = assertProblem(viaGateway(route.request.apply(api), projectReader), 403, "FORBIDDEN");
            assertEquals(List.of("MISSING_PERMISSION"), reasonCodes(problem.path("reasons")), route.name);
            JsonNode details = problem.path("reasons").get(0).path("details");
            assertEquals("read_only", details.path("held").path("prime_contracts").asText());
            assertEquals(api.procoreSide.projectOf(route.name.equals("import") ? "J-2" : "J-1"), details.path("projectId").asText());
        }
        assertEquals(1, api.listed("A-1", "synced").path("syncedErpVersion").asLong());
        assertNotNull(api.listed("A-2", "staged"));
    }

    @Test
    void anAdminOfBothMayDoEverythingAndTheAuthorizerAllowsTheWholeStage() {
        String admin = "Bearer " + token(api.company, "admin", "admin", Instant.now().plus(Duration.ofHours(1)));
        Map<String, Object> answer = authorizer.handleRequest(authorizerEvent(admin, "GET", Route.LIST.path(api.company)), null);
        assertEquals(Api.USER, answer.get("principalId"));
        JsonNode statement = Json.MAPPER.valueToTree(answer.get("policyDocument")).path("Statement").get(0);
        assertEquals("Allow", statement.path("Effect").asText());
        assertEquals("execute-api:Invoke", statement.path("Action").asText());
        assertEquals("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/v1/*/*", statement.path("Resource").asText());

        for (Call route : ROUTES) {
            Response response = viaGateway(route.request.apply(api), admin);
            assertEquals(route.adminStatus, response.status(), route.name + ": " + response.body());
            assertFalse(response.body().contains(OTHER_TITLE), response.body());
        }
        api.drain();
        assertEquals(2, api.listed("A-1", "synced").path("syncedErpVersion").asLong());
        assertNotNull(api.listed("A-2", "synced"));
    }

    // ------------------------------------------------------------------ API Gateway in miniature

    /**
     * What API Gateway does with a TOKEN authorizer: pass the Authorization header to it; when it fails with
     * "Unauthorized", answer the UNAUTHORIZED gateway response of template.yaml; otherwise hand its context and
     * principal id to the route's function.
     */
    private Response viaGateway(UserRoutes.Request request, String authorization) {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        Map<String, Object> answer;
        try {
            answer = authorizer.handleRequest(authorizerEvent(authorization, request.method(), request.path()), null);
        } catch (RuntimeException refused) {
            assertEquals("Unauthorized", refused.getMessage(), "API Gateway answers 401 only for exactly this message");
            return unauthorizedGatewayResponse();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> context = new LinkedHashMap<>((Map<String, Object>) answer.get("context"));
        context.put("principalId", answer.get("principalId"));
        for (Object value : context.values()) {
            assertTrue(value instanceof String || value instanceof Number || value instanceof Boolean,
                    "an authorizer context holds only strings, numbers and booleans: " + value);
        }
        return request.authorizer(context).send();
    }

    private static APIGatewayCustomAuthorizerEvent authorizerEvent(String token, String method, String path) {
        APIGatewayCustomAuthorizerEvent event = new APIGatewayCustomAuthorizerEvent();
        event.setType("TOKEN");
        event.setAuthorizationToken(token);
        event.setMethodArn("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/v1/" + method + path);
        return event;
    }

    private static Response unauthorizedGatewayResponse() {
        Template template = Template.load(Template.defaultPath());
        Map<String, Object> api = Template.map(template.resourcesOfType("AWS::Serverless::Api").values().iterator().next());
        Map<String, Object> gateway = Template.map(api, "Properties", "GatewayResponses", "UNAUTHORIZED");
        Map<String, String> headers = new LinkedHashMap<>();
        Template.map(gateway, "ResponseParameters", "Headers").forEach((k, v) -> headers.put(k, String.valueOf(v).replace("'", "")));
        String body = (String) Template.map(gateway, "ResponseTemplates").get("application/json");
        return new Response(((Number) gateway.get("StatusCode")).intValue(), headers, body);
    }

    private String token(String companyId, String companyLevel, String projectLevel, Instant exp) {
        return TestTokens.sign(Api.USER, permissions(companyId, companyLevel, projectLevel), exp);
    }

    private Map<String, Object> permissions(String companyId, String companyLevel, String projectLevel) {
        // the projects of both test companies: a token says what it grants, the company path decides
        Map<String, Object> projects = new LinkedHashMap<>();
        for (Api company : List.of(api, other)) {
            company.projects().forEach(p -> projects.put(p, Map.of("prime_contracts", projectLevel)));
        }
        return Map.of(
                Claims.COMPANIES, Map.of(companyId, Map.of("erp_integrations", companyLevel)),
                Claims.PROJECTS, projects);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
