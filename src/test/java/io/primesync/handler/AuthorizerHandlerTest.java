package io.primesync.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.logging.LogTest;
import io.primesync.testing.TestTokens;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A rejected token is an expected outcome: one warning with the reason, no stack trace anywhere. */
class AuthorizerHandlerTest {
    private final AuthorizerHandler authorizer = new AuthorizerHandler(TestTokens.verifier());

    private static APIGatewayCustomAuthorizerEvent event(String token) {
        APIGatewayCustomAuthorizerEvent e = new APIGatewayCustomAuthorizerEvent();
        e.setType("TOKEN");
        e.setAuthorizationToken(token);
        e.setMethodArn("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/v1/GET/companies/1001/erp/prime-contracts");
        return e;
    }

    @Test
    void aRejectedTokenIsOneWarningLineAndAStacklessUnauthorized() {
        String expired = TestTokens.sign("user-1", Map.of(), Instant.now().minusSeconds(3600));
        RuntimeException[] thrown = new RuntimeException[1];
        List<JsonNode> lines = LogTest.capturedLines(() ->
                thrown[0] = assertThrows(RuntimeException.class, () -> authorizer.handleRequest(event("Bearer " + expired), null)));
        assertEquals("Unauthorized", thrown[0].getMessage(), "API Gateway's 401 is a function error with this message");
        assertEquals(0, thrown[0].getStackTrace().length, "the runtime has no trace to print");
        assertEquals(1, lines.size(), lines.toString());
        assertEquals("WARN", lines.get(0).get("level").asText());
        assertEquals("token rejected", lines.get(0).get("message").asText());
        assertEquals("The token has expired", lines.get(0).get("reason").asText());
        assertFalse(lines.get(0).has("at"));
        assertFalse(lines.get(0).toString().contains(expired), "the token is never logged");
    }

    @Test
    void aValidTokenIsAllowedForTheStageWithTheCallerAsContext() {
        String token = TestTokens.sign("user-1", Map.of("companies", Map.of("1001", Map.of("erp_integrations", "admin"))),
                Instant.now().plusSeconds(600));
        List<JsonNode> lines = LogTest.capturedLines(() -> {
            Map<String, Object> policy = authorizer.handleRequest(event("Bearer " + token), null);
            assertEquals("user-1", policy.get("principalId"));
        });
        assertEquals(List.of(), lines, "an allowed token logs nothing");
    }
}
