package io.primesync.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.primesync.http.Requests;
import io.primesync.local.LocalSettings;
import io.primesync.store.DynamoClients;
import io.primesync.testing.Api;
import io.primesync.testing.Snapshot;
import io.primesync.testing.SpectrumSide;
import io.primesync.testing.TestTokens;
import io.primesync.webhook.Source;
import io.primesync.webhook.WebhookSignature;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** No token, secret or signature ever reaches a log line, on success, refusal or failure. */
class LogHygieneIT {
    @Test
    void logsNeverCarryTokensSecretsOrSignatures() {
        Api api = Api.onLocalDynamo();
        String token = TestTokens.sign("user-log", Map.of("companies",
                Map.of(api.company, Map.of("erp_integrations", "admin"))), Instant.now().plusSeconds(3600));
        String expired = TestTokens.sign("user-log", Map.of(), Instant.now().minusSeconds(3600));
        List<String> secrets = new ArrayList<>(List.of(token, token.substring(token.lastIndexOf('.') + 1), expired,
                LocalSettings.WEBHOOK_SECRETS.get(Source.SPECTRUM.secretName()), LocalSettings.WEBHOOK_SECRETS.get(Source.PROCORE.secretName())));

        String logged = captured(() -> {
            AuthorizerHandler authorizer = new AuthorizerHandler(TestTokens.verifier(api.clock));
            Map<String, Object> allowed = authorizer.handleRequest(authorizerEvent("Bearer " + token), null);
            assertEquals("user-log", allowed.get("principalId"));
            assertThrows(RuntimeException.class, () -> authorizer.handleRequest(authorizerEvent("Bearer " + expired), null));
            assertThrows(RuntimeException.class, () -> authorizer.handleRequest(authorizerEvent("Bearer x.y.z"), null));

            assertEquals(200, api.user.list().header("Authorization", "Bearer " + token).send().status());
            SpectrumSide.Delivery delivery = api.spectrum.delivery(Source.SPECTRUM, api.spectrum.envelope("prime_contract.upserted",
                    Snapshot.snapshot("LOG-1", "J-LOG", 1).lump("A", "10.00").json()));
            APIGatewayProxyRequestEvent webhook = delivery.event();
            secrets.add(Requests.header(webhook, WebhookSignature.HEADER));
            secrets.add(Requests.header(webhook, WebhookSignature.HEADER).replaceAll(".*v1=", ""));
            assertEquals(200, delivery.send().status());
            assertEquals(401, api.spectrum.delivery(Source.SPECTRUM, api.spectrum.envelope("prime_contract.upserted",
                    Snapshot.snapshot("LOG-2", "J-LOG", 1).lump("A", "10.00").json())).signedWith("not-the-secret").send().status());

            // a failing store: the error line names the failure, never the request's credentials
            AppContext down = new AppContext(Api.env(api.tableName)::get, api.clock, () -> DynamoClients.forEndpoint(
                    URI.create("http://127.0.0.1:1"), StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))));
            assertEquals(503, api.user.list().header("Authorization", "Bearer " + token).sendTo(new ListContractsHandler(down.contracts())).status());
        });
        assertTrue(logged.contains("\"message\":\"request\""), "requests were logged: " + logged);
        for (String secret : secrets) {
            assertFalse(logged.contains(secret), "a log line carries a credential: " + secret);
        }
    }

    private static APIGatewayCustomAuthorizerEvent authorizerEvent(String header) {
        APIGatewayCustomAuthorizerEvent event = new APIGatewayCustomAuthorizerEvent();
        event.setType("TOKEN");
        event.setAuthorizationToken(header);
        event.setMethodArn("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/v1/GET/companies/1/erp/prime-contracts");
        return event;
    }

    private static synchronized String captured(Runnable work) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            work.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
