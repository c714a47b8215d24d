package io.primesync.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.primesync.domain.Caller;
import io.primesync.domain.Level;
import io.primesync.http.ApiException;
import io.primesync.http.ErrorCode;
import io.primesync.http.Requests;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthorizerContextTest {
    static final Caller CALLER = new Caller("user-7",
            Map.of("1001", Map.of("erp_integrations", Level.ADMIN)),
            Map.of("2002", Map.of("prime_contracts", Level.ADMIN)));

    private static void assertUnauthorized(Map<String, Object> context, String detail) {
        ApiException e = assertThrows(ApiException.class, () -> AuthorizerContext.fromContext(context));
        assertEquals(ErrorCode.UNAUTHORIZED, e.code());
        assertEquals(detail, e.detail());
    }

    @Test
    void contextHoldsOnlyStrings() {
        Map<String, Object> context = AuthorizerContext.toContext(CALLER);
        assertEquals(Map.of(
                "principalId", "user-7",
                "sub", "user-7",
                "permissions", "{\"companies\":{\"1001\":{\"erp_integrations\":\"admin\"}},"
                        + "\"projects\":{\"2002\":{\"prime_contracts\":\"admin\"}}}"), context);
    }

    @Test
    void roundTrip() {
        assertEquals(CALLER, AuthorizerContext.fromContext(AuthorizerContext.toContext(CALLER)));
    }

    /** What API Gateway really passes: the context plus principalId, plus keys of its own. */
    @Test
    void fromAnApiGatewayEvent() {
        Map<String, Object> authorizer = new HashMap<>(AuthorizerContext.toContext(CALLER));
        authorizer.remove("sub");
        authorizer.put("integrationLatency", 12);
        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        context.setAuthorizer(authorizer);
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withRequestContext(context);
        assertEquals(CALLER, AuthorizerContext.fromContext(Requests.authorizer(event)));
    }

    @Test
    void parsedPermissionsAreAcceptedToo() {
        Caller caller = AuthorizerContext.fromContext(Map.of("sub", "u",
                "permissions", Map.of("companies", Map.of("1001", Map.of("erp_integrations", "standard")))));
        assertEquals(Level.STANDARD, caller.companyLevel("1001", Caller.ERP_INTEGRATIONS));
    }

    @Test
    void absentContext() {
        assertUnauthorized(null, "The request is not authenticated");
        assertUnauthorized(Map.of(), "The request is not authenticated");
    }

    @Test
    void missingOrConflictingUser() {
        assertUnauthorized(Map.of("permissions", "{}"), "The token has no valid subject");
        assertUnauthorized(Map.of("principalId", "a", "sub", "b", "permissions", "{}"), "The token has no valid subject");
        assertUnauthorized(Map.of("principalId", 7, "permissions", "{}"), "The token has no valid subject");
    }

    @Test
    void malformedPermissions() {
        assertUnauthorized(Map.of("sub", "u", "permissions", "not json"), "The token has malformed permissions");
        assertUnauthorized(Map.of("sub", "u", "permissions", "[1,2]"), "The token has malformed permissions");
        assertUnauthorized(Map.of("sub", "u", "permissions", "{\"companies\":[]}"), "The token has malformed permissions");
        assertUnauthorized(Map.of("sub", "u", "permissions", 5), "The token has malformed permissions");
    }

    @Test
    void noPermissionsGrantNothing() {
        Caller caller = AuthorizerContext.fromContext(Map.of("principalId", "u"));
        assertEquals("u", caller.userId());
        assertEquals(Map.of(), caller.companies());
    }
}
