package io.primesync.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.http.ApiException;
import io.primesync.http.ErrorCode;
import io.primesync.logging.LogTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSecretsTest {
    static final String NAME = "PROCORE_WEBHOOK_SECRET";
    static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:procore-AbCdEf";
    static final String SCOPED = "{\"1001\": \"company-1001-secret-0\"}";

    private static WebhookSecrets secrets(Map<String, String> env, String managedValue) {
        return new WebhookSecrets(new Secrets(NAME, env::get, id -> managedValue, Clock.systemUTC()), env::get);
    }

    private static List<String> of(WebhookSecrets s, String company) {
        return s.keys().of(company).stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    private static void assertRefused(WebhookSecrets s, String logged) {
        List<JsonNode> lines = LogTest.capturedLines(() -> {
            ApiException e = assertThrows(ApiException.class, s::keys);
            assertEquals(ErrorCode.SERVICE_UNAVAILABLE, e.code());
        });
        assertEquals(1, lines.stream().filter(l -> l.path("message").asText().equals("webhook secrets refused")
                && l.path("problem").asText().contains(logged) && l.path("variable").asText().startsWith(NAME)).count(),
                lines.toString());
    }

    @Test
    void locallyASecretForAnyCompanyIsAccepted() {
        WebhookSecrets s = secrets(Map.of(NAME, "local-procore-secret"), null);
        assertEquals(List.of("local-procore-secret"), of(s, "1001"));
        assertEquals(List.of("local-procore-secret"), of(s, "42"));
    }

    @Test
    void fromSecretsManagerOnlySecretsOfACompanyAreAccepted() {
        WebhookSecrets scoped = secrets(Map.of(NAME + "_ARN", ARN), SCOPED);
        assertEquals(List.of("company-1001-secret-0"), of(scoped, "1001"));
        assertEquals(List.of(), of(scoped, "1002"));
        assertRefused(secrets(Map.of(NAME + "_ARN", ARN), "one-secret-for-everyone"), "for local runs only");
        assertRefused(secrets(Map.of(NAME + "_ARN", ARN), "{\"*\": \"one-secret-for-everyone\", \"1001\": \"company-1001-secret-0\"}"),
                "for local runs only");
        assertRefused(secrets(Map.of(NAME + "_ARN", ARN), "{\"1001\": 7}"), "not a string or a list of strings");
    }

    @Test
    void inLambdaASecretForAnyCompanyIsRefusedEvenFromTheEnvironment() {
        Map<String, String> env = new HashMap<>(Map.of(NAME, "one-secret-for-everyone", "AWS_EXECUTION_ENV", "AWS_Lambda_java21"));
        assertRefused(secrets(env, null), "for local runs only");
        env.put(NAME, SCOPED);
        assertEquals(List.of("company-1001-secret-0"), of(secrets(env, null), "1001"));
    }
}
