package io.primesync.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.testing.LocalDynamo;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The API Gateway emulation on its own, with an echo function and a scripted authorizer: the event a function
 * gets, the authorizer's rules, and what the gateway answers when a function fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayIT {
    private LocalServer server;
    private HttpApi api;

    @BeforeAll
    void start() throws IOException {
        Path template = Path.of(System.getProperty("primesync.projectDir", "."), "src/test/resources/local/gateway-template.yaml");
        server = LocalServer.start(LocalServer.Options.defaults().withPort(0).inMemory().withTemplate(template)
                .withEngineDir(LocalDynamo.buildDir().resolve("dynalite")));
        api = new HttpApi(server.baseUri());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theEventIsTheOneApiGatewayBuilds() {
        // a token of its own: the authorizer's answer (and so its context) is cached per token
        HttpApi.Answer answer = api.send(api.request("/things/a%20b?x=1&x=2&y=%C3%A9").header("Authorization", "Bearer allow-100")
                .header("X-Custom", "one").GET().build());
        assertEquals(200, answer.status(), answer::toString);
        JsonNode event = answer.json();
        assertEquals("/things/{thingId}", event.get("resource").asText());
        assertEquals("/things/a%20b", event.get("path").asText());
        assertEquals("GET", event.get("httpMethod").asText());
        assertEquals("a b", event.at("/pathParameters/thingId").asText());
        assertEquals("2", event.at("/queryStringParameters/x").asText(), "the last value of a repeated parameter");
        assertEquals("é", event.at("/queryStringParameters/y").asText());
        assertEquals("[\"1\",\"2\"]", event.at("/multiValueQueryStringParameters/x").toString());
        assertEquals("one", event.at("/headers/X-Custom").asText());
        assertEquals("Bearer allow-100", event.at("/headers/Authorization").asText());
        assertEquals("[\"one\"]", event.at("/multiValueHeaders/X-Custom").toString());
        JsonNode context = event.get("requestContext");
        assertEquals("/things/{thingId}", context.get("resourcePath").asText());
        assertEquals("/v1/things/a%20b", context.get("path").asText());
        assertEquals("v1", context.get("stage").asText());
        assertEquals("127.0.0.1", context.at("/identity/sourceIp").asText());
        assertEquals(answer.header("x-amzn-RequestId"), context.get("requestId").asText());
        assertTrue(context.get("requestTimeEpoch").asLong() > 0);
        JsonNode authorizer = context.get("authorizer");
        assertEquals("u1", authorizer.get("principalId").asText());
        assertEquals("\"5\"", authorizer.get("n").toString(), "context values reach the function as strings");
        assertEquals("\"true\"", authorizer.get("b").toString());
        assertEquals("arn:aws:execute-api:local:000000000000:local/v1/GET/things/a%20b", authorizer.get("arn").asText());
        assertTrue(event.get("body") == null || event.get("body").isNull());
        assertFalse(event.get("isBase64Encoded").asBoolean());
        assertEquals("hello primesync-local EchoFunction 512", answer.header("X-Env"),
                "the template's literal variables, the local settings, the function's name and memory");

        JsonNode plain = api.get("/v1/things/x", "allow-1").json();
        assertTrue(plain.get("queryStringParameters") == null || plain.get("queryStringParameters").isNull(),
                "no query: queryStringParameters is null");
        assertEquals("x", plain.at("/pathParameters/thingId").asText(), "the stage prefix is accepted");

        assertEquals("/things/special", api.get("/things/special", "allow-1").json().get("resource").asText(),
                "a literal segment wins over a parameter");
    }

    @Test
    void bodiesArriveAsTextOrBase64() {
        JsonNode text = api.post("/things", "allow-1", "{\"a\":\"é\"}").json();
        assertEquals("{\"a\":\"é\"}", text.get("body").asText());
        assertFalse(text.get("isBase64Encoded").asBoolean());

        byte[] bytes = {(byte) 0xff, 0, 1};
        HttpApi.Answer binary = api.send(api.request("/things").header("Authorization", "Bearer allow-1")
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
        assertEquals("/wAB", binary.json().get("body").asText());
        assertTrue(binary.json().get("isBase64Encoded").asBoolean());

        HttpApi.Answer binaryOut = api.get("/things/binary", "allow-1");
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 255}, binaryOut.response().body());
        HttpApi.Answer multi = api.get("/things/multi", "allow-1");
        assertEquals(201, multi.status());
        assertEquals(List.of("a=1", "b=2"), multi.response().headers().allValues("Set-Cookie"));
        assertEquals("1", multi.header("X-One"));
    }

    @Test
    void theAuthorizerRunsAsApiGatewayRunsIt() {
        int calls = ScriptedAuthorizer.CALLS.get();
        assertEquals(401, api.get("/things/x", null).status());
        HttpApi.Answer malformed = api.send(api.request("/things/x").header("Authorization", "Token abc").GET().build());
        assertEquals(401, malformed.status());
        assertEquals("{\"code\":\"UNAUTHORIZED\"}", malformed.text());
        assertEquals("Bearer", malformed.header("WWW-Authenticate"));
        assertEquals(calls, ScriptedAuthorizer.CALLS.get(), "no token or a malformed one never reaches the authorizer");

        assertEquals(401, api.get("/things/x", "whoever").status());
        assertEquals(403, api.get("/things/x", "deny-1").status());
        HttpApi.Answer failed = api.get("/things/x", "boom-1");
        assertEquals(500, failed.status());
        assertEquals("{\"code\":\"FAILED\",\"detail\":\"Internal server error\"}", failed.text());
        assertEquals(500, api.get("/things/x", "nested-1").status(), "a nested context is a configuration error");

        // cached per token for ReauthorizeEvery: the authorizer is asked once, its policy judges every route
        int before = ScriptedAuthorizer.CALLS.get();
        assertEquals(200, api.get("/things/one", "allow-2").status());
        assertEquals(200, api.get("/things/two", "allow-2").status());
        assertEquals(before + 1, ScriptedAuthorizer.CALLS.get());
        assertEquals(200, api.get("/things/one", "narrow-1").status());
        assertEquals(403, api.get("/things/two", "narrow-1").status(),
                "a cached policy that names only the first method ARN denies the others, as in AWS");

        int echo = EchoHandler.CALLS.get();
        HttpApi.Answer open = api.send(api.request("/open/a/b/c").method("DELETE", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, open.status(), open::toString);
        assertEquals("a/b/c", open.json().at("/pathParameters/proxy").asText());
        assertTrue(open.json().at("/requestContext/authorizer").isMissingNode()
                || open.json().at("/requestContext/authorizer").isNull(), "no authorizer on an Auth: NONE route");
        assertEquals(echo + 1, EchoHandler.CALLS.get());
    }

    @Test
    void aFailingOrSlowFunctionIsA502AndConcurrentRequestsGetInstancesOfTheirOwn() {
        HttpApi.Answer boom = api.get("/things/boom", "allow-1");
        assertEquals(502, boom.status());
        assertEquals("{\"code\":\"FAILED\",\"detail\":\"Internal server error\"}", boom.text());
        assertFalse(boom.text().contains("IllegalStateException"));
        assertEquals(502, api.get("/things/slow", "allow-1").status(), "past the function's Timeout");

        HttpApi.Answer notFound = api.get("/nothing", "allow-1");
        assertEquals(404, notFound.status());
        assertEquals("{\"code\":\"NOT_FOUND\"}", notFound.text());
        HttpApi.Answer wrongMethod = api.send(api.request("/things/x").header("Authorization", "Bearer allow-1")
                .method("PUT", HttpRequest.BodyPublishers.noBody()).build());
        // API Gateway cannot tell a known path with another method from an unknown path
        assertEquals(404, wrongMethod.status());
        assertEquals("{\"code\":\"NOT_FOUND\"}", wrongMethod.text());
        assertEquals(null, wrongMethod.header("Allow"));

        List<CompletableFuture<HttpApi.Answer>> parallel = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            parallel.add(CompletableFuture.supplyAsync(() -> api.get("/things/pause", "allow-1")));
        }
        for (CompletableFuture<HttpApi.Answer> f : parallel) {
            HttpApi.Answer a = f.join();
            assertEquals(200, a.status(), a::toString);
        }
        assertTrue(EchoHandler.INSTANCES.get() >= 2, "concurrent invocations ran on separate instances");
        assertTrue(new String(api.get("/things/x", "allow-1").response().body(), StandardCharsets.UTF_8).contains("thingId"));
    }
}
