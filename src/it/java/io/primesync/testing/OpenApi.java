package io.primesync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.primesync.json.Json;
import io.primesync.local.Template;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * openapi.json as the tests hold the product to it: every answer a test receives is checked against the schema the
 * description gives for its route, method, status and content type (JSON Schema 2020-12, OpenAPI 3.1's dialect). An
 * answer of a route or method the description does not have (one API Gateway itself gives) must be a problem.
 */
public final class OpenApi {
    public static final Path FILE = Template.defaultPath().getParent().resolve("openapi.json");
    private static final String IRI = "https://primesync.invalid/openapi.json";
    private static final OpenApi INSTANCE = new OpenApi();

    private final JsonNode doc;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> checked = new ConcurrentHashMap<>();

    private OpenApi() {
        try {
            String text = Files.readString(FILE, StandardCharsets.UTF_8);
            doc = Json.read(text.getBytes(StandardCharsets.UTF_8));
            registry = SchemaRegistry.withDialect(Dialects.getOpenApi31(), b -> b.schemas(Map.of(IRI, text)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static OpenApi get() {
        return INSTANCE;
    }

    public JsonNode document() {
        return doc;
    }

    /** How many answers were checked, by operation and status. */
    public Map<String, AtomicInteger> checked() {
        return checked;
    }

    /**
     * Fails (AssertionError) when the answer is not what openapi.json says of it.
     *
     * @param resource the route's template, as API Gateway names it (e.g. {@code /webhooks/procore})
     */
    public void check(String method, String resource, int status, String contentType, String body) {
        JsonNode operation = resource == null || method == null ? null
                : doc.path("paths").path(resource).get(method.toLowerCase(Locale.ROOT));
        String media = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        String pointer;
        if (operation == null) {
            // not a route of the description: API Gateway's own answer, a problem
            if (status < 400) {
                throw new AssertionError(method + " " + resource + " is not in openapi.json, yet answered " + status);
            }
            pointer = "#/components/schemas/Problem";
            media = "application/problem+json";
        } else {
            String code = operation.path("responses").has(Integer.toString(status)) ? Integer.toString(status) : "default";
            JsonNode response = operation.path("responses").path(code);
            if (response.isMissingNode()) {
                throw new AssertionError(method + " " + resource + " answered " + status + ", which openapi.json does not give");
            }
            if (!response.path("content").has(media)) {
                throw new AssertionError(method + " " + resource + " answered " + status + " as " + contentType
                        + "; openapi.json gives " + response.path("content").fieldNames().next());
            }
            pointer = "#/paths/" + escape(resource) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/" + code
                    + "/content/" + escape(media) + "/schema";
        }
        JsonNode instance;
        try {
            instance = Json.read(body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new AssertionError(method + " " + resource + " answered " + status + " with a body that is not JSON: " + body);
        }
        Schema schema = schemas.computeIfAbsent(pointer, p -> {
            Schema s = registry.getSchema(SchemaLocation.of(IRI + p));
            s.initializeValidators();
            return s;
        });
        List<Error> errors = schema.validate(instance);
        if (!errors.isEmpty()) {
            List<String> said = new ArrayList<>();
            errors.forEach(e -> said.add(e.toString()));
            throw new AssertionError(method + " " + resource + " answered " + status + " unlike openapi.json: " + said
                    + "\n  body: " + body);
        }
        checked.computeIfAbsent(method + " " + resource + " " + status, k -> new AtomicInteger()).incrementAndGet();
    }

    /** A JSON pointer token: {@code ~} and {@code /} escaped. */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
