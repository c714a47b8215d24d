package io.primesync.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.http.Route;
import io.primesync.json.Json;
import io.primesync.testing.LocalDynamo;
import io.primesync.testing.OpenApi;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * openapi.json: valid OpenAPI 3.1 by a real parser, the same routes as template.yaml (no more, no fewer), served by the
 * local server. That every answer of the tests matches it is {@code OpenApi}'s check, made on every answer the test
 * harness receives.
 */
class OpenApiIT {
    @Test
    void theDescriptionIsValidOpenApi31() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readLocation(OpenApi.FILE.toString(), null, options);
        assertEquals(List.of(), result.getMessages(), "the parser's messages");
        OpenAPI api = result.getOpenAPI();
        assertNotNull(api);
        assertTrue(result.isOpenapi31(), "OpenAPI 3.1");
        assertEquals("3.1.0", api.getOpenapi());
        // every operation documents its answers, each with a description, and says how it is authenticated
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            assertNotNull(op.getOperationId(), method + " " + path);
            assertTrue(op.getSecurity() != null && !op.getSecurity().isEmpty(), method + " " + path + " has its security");
            op.getResponses().forEach((status, r) -> assertNotNull(r.getDescription(), method + " " + path + " " + status));
        }));
    }

    @Test
    void itHasEveryRouteOfTheTemplateAndNoOther() {
        Set<String> templated = new TreeSet<>();
        LocalApi.from(Template.load(Template.defaultPath())).routes()
                .forEach(r -> templated.add(r.method().toUpperCase(Locale.ROOT) + " " + r.resource()));
        Set<String> described = new TreeSet<>();
        JsonNode paths = OpenApi.get().document().path("paths");
        paths.fieldNames().forEachRemaining(p -> paths.path(p).fieldNames().forEachRemaining(
                m -> described.add(m.toUpperCase(Locale.ROOT) + " " + p)));
        assertEquals(templated, described);
        assertEquals(8, described.size(), described.toString());
    }

    @Test
    void everyExampleIsAnAnswerTheDescriptionAllows() {
        JsonNode paths = OpenApi.get().document().path("paths");
        int examples = 0;
        for (Iterator<String> p = paths.fieldNames(); p.hasNext(); ) {
            String path = p.next();
            for (Iterator<String> m = paths.path(path).fieldNames(); m.hasNext(); ) {
                String method = m.next();
                JsonNode responses = paths.path(path).path(method).path("responses");
                for (Iterator<String> s = responses.fieldNames(); s.hasNext(); ) {
                    String status = s.next();
                    JsonNode content = responses.path(status).path("content");
                    for (Iterator<String> c = content.fieldNames(); c.hasNext(); ) {
                        String type = c.next();
                        JsonNode example = content.path(type).get("example");
                        if (example != null) {
                            OpenApi.get().check(method.toUpperCase(Locale.ROOT), path, Integer.parseInt(status), type,
                                    example.toString());
                            examples++;
                        }
                    }
                }
            }
        }
        assertTrue(examples >= 5, "examples from the demo: " + examples);
    }

    @Test
    void theCheckRefusesAnAnswerUnlikeTheDescription() {
        OpenApi check = OpenApi.get();
        String list = Route.LIST.template();
        check.check("GET", list, 200, "application/json", "{\"items\": [], \"nextCursor\": null}");
        check.check("DELETE", list, 404, "application/problem+json", "{\"type\": \"https://primesync.io/problems/not-found\","
                + " \"title\": \"Not Found\", \"status\": 404, \"detail\": \"No such route.\", \"code\": \"NOT_FOUND\"}");
        for (String[] wrong : new String[][] {
                {"GET", list, "200", "application/json", "{\"items\": [{\"contractId\": 1}], \"nextCursor\": null}"},
                {"GET", list, "200", "application/json", "{\"items\": [], \"nextCursor\": null, \"extra\": true}"},
                {"GET", list, "200", "application/problem+json", "{\"items\": [], \"nextCursor\": null}"},
                {"GET", list, "400", "application/problem+json", "{\"code\": \"NOT_A_CODE\"}"},
                {"POST", "/webhooks/procore", "200", "application/json", "{\"id\": \"x\", \"result\": \"applied\"}"},
                {"GET", "/nowhere", "200", "application/json", "{}"},
                {"GET", list, "200", "application/json", "not json"}}) {
            try {
                check.check(wrong[0], wrong[1], Integer.parseInt(wrong[2]), wrong[3], wrong[4]);
            } catch (AssertionError expected) {
                continue;
            }
            throw new AssertionError("the check let through " + String.join(" ", wrong));
        }
    }

    @Test
    void theLocalServerServesIt() throws Exception {
        try (LocalServer server = LocalServer.start(LocalServer.Options.defaults().withPort(0).inMemory()
                .withEngineDir(LocalDynamo.buildDir().resolve("dynalite"))
                .withLogs(new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream())))) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.baseUri() + "/openapi.json")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(null));
            assertEquals(Json.read(Files.readAllBytes(OpenApi.FILE)), Json.read(r.body().getBytes(StandardCharsets.UTF_8)));
        }
    }
}
