package io.primesync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.primesync.json.Json;
import io.primesync.local.procore.ProcoreSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Procore's own description of the operations the product uses (src/it/resources/procore-api), held to every
 * exchange with the Procore simulator during the integration tests: the Procore client's request (the operation
 * exists, its required query parameters are there, its body has the required fields, types and enums), and the
 * simulator's answer (a status the operation gives, a body of its schema, and no field at its top level that the
 * description does not name). Findings are kept for {@link ProcoreContractCheck}, which fails the test class that
 * caused them.
 */
public final class ProcoreDescription implements ProcoreSimulator.Observer {
    private static final ProcoreDescription INSTANCE = new ProcoreDescription();

    /**
     * What the simulator answers beyond the description, each with its reason: fields Procore's prose documentation
     * gives, where the extract is silent.
     */
    private static final Map<String, String> EXTRA_FIELDS = Map.of();

    /**
     * Operations exempt from the check, with the reason. Keep this short: each is a call Procore may answer otherwise
     * than the simulator does.
     */
    private static final Map<String, String> EXEMPT = Map.of();

    /**
     * Operations Procore has deprecated: new applications are denied access to them, so any call of one is a finding.
     */
    private static final Map<String, String> DEPRECATED = Map.of(
            "RestV10Webhooks", "the v1.0 webhooks API is deprecated (new applications are denied it): use v2.0's"
                    + " /rest/v2.0/companies/{company_id}/webhooks");

    private record Operation(String id, String method, Pattern path, JsonNode spec) {}

    private final List<Operation> operations = new ArrayList<>();
    private final SchemaRegistry registry = SchemaRegistry.withDialect(Dialects.getDraft7());
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final List<String> findings = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();

    private ProcoreDescription() {
        URL dir = ProcoreDescription.class.getResource("/procore-api/endpoints");
        if (dir == null) {
            throw new IllegalStateException("procore-api/endpoints is not on the test class path");
        }
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            for (Path f : files.sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    JsonNode spec = Json.read(in.readAllBytes());
                    String regex = spec.path("path").asText().replaceAll("\\{[^}]+}", "[^/]+");
                    operations.add(new Operation(spec.path("operationId").asText(), spec.path("method").asText(),
                            Pattern.compile(regex), spec));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ProcoreDescription get() {
        return INSTANCE;
    }

    /** Every finding so far, in order. */
    public List<String> findings() {
        synchronized (findings) {
            return List.copyOf(findings);
        }
    }

    /** How many exchanges were checked so far. */
    public int checked() {
        return answers.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** The operations checked so far, with their counts. */
    public String operations() {
        Map<String, Integer> out = new TreeMap<>();
        requests.forEach((op, n) -> out.put(op, n.get()));
        return out.toString();
    }

    @Override
    public void exchange(String method, String path, Map<String, String> query, byte[] requestBody, int status,
            byte[] answerBody) {
        Operation op = match(method, path);
        if (op != null && EXEMPT.keySet().stream().anyMatch(op.id::startsWith)) {
            return;
        }
        if (op != null) {
            for (Map.Entry<String, String> d : DEPRECATED.entrySet()) {
                if (op.id.startsWith(d.getKey())) {
                    findings.add(method + " " + path + ": " + d.getValue());
                    return;
                }
            }
        }
        if (op == null) {
            findings.add(method + " " + path + ": no such operation in Procore's description");
            return;
        }
        requests.computeIfAbsent(op.id, k -> new AtomicInteger()).incrementAndGet();
        checkRequest(op, query, requestBody);
        answers.computeIfAbsent(op.id, k -> new AtomicInteger()).incrementAndGet();
        checkAnswer(op, status, answerBody);
    }

    private Operation match(String method, String path) {
        Operation found = null;
        for (Operation op : operations) {
            if (op.method.equalsIgnoreCase(method) && op.path.matcher(path).matches()) {
                // a literal segment beats a parameter: /line_items/sync is not /line_items/{id}
                if (found == null || literalLength(op) > literalLength(found)) {
                    found = op;
                }
            }
        }
        return found;
    }

    private static int literalLength(Operation op) {
        return op.spec.path("path").asText().replaceAll("\\{[^}]+}", "").length();
    }

    private void checkRequest(Operation op, Map<String, String> query, byte[] body) {
        for (JsonNode p : op.spec.path("parameters")) {
            if ("query".equals(p.path("in").asText()) && p.path("required").asBoolean()
                    && !query.containsKey(p.path("name").asText())) {
                findings.add(op.id + ": the request lacks the required query parameter " + p.path("name").asText());
            }
        }
        JsonNode schema = op.spec.path("requestBody").path("schema");
        if (schema.isMissingNode() || body == null || body.length == 0) {
            if (op.spec.path("requestBody").path("required").asBoolean() && (body == null || body.length == 0)) {
                findings.add(op.id + ": the request has no body, which the description requires");
            }
            return;
        }
        if (!op.spec.path("requestBody").path("contentType").asText("application/json").contains("json")) {
            return;
        }
        JsonNode instance;
        try {
            instance = Json.read(body);
        } catch (RuntimeException e) {
            findings.add(op.id + ": the request body is not JSON, as the description gives it");
            return;
        }
        validate(op.id + " request", schema, instance, false);
    }

    private void checkAnswer(Operation op, int status, byte[] body) {
        JsonNode responses = op.spec.path("responses");
        JsonNode response = responses.has(Integer.toString(status)) ? responses.get(Integer.toString(status))
                : responses.get("default");
        if (response == null) {
            findings.add(op.id + ": answered " + status + ", a status the description does not give (it gives "
                    + iterable(responses.fieldNames()) + ")");
            return;
        }
        JsonNode schema = response.path("schema");
        if (schema.isMissingNode() || status >= 400) {
            return;
        }
        JsonNode instance;
        try {
            instance = Json.read(body);
        } catch (RuntimeException e) {
            findings.add(op.id + ": answered " + status + " with a body that is not JSON");
            return;
        }
        validate(op.id + " " + status, schema, instance, true);
        namedFields(op.id, schema, instance);
    }

    /**
     * The answer's top-level fields (of the object, or of each item of a list) must be the description's; a v2.0
     * answer's are those of what its {@code data} holds.
     */
    private void namedFields(String opId, JsonNode schema, JsonNode instance) {
        JsonNode objectSchema = schema.path("type").asText().equals("array") ? schema.path("items") : schema;
        JsonNode properties = objectSchema.path("properties");
        if (!properties.isObject() || properties.isEmpty()) {
            return;
        }
        if (properties.size() == 1 && properties.has("data") && instance.isObject()) {
            if (instance.size() != 1 || !instance.has("data")) {
                findings.add(opId + ": the answer holds more than its data: " + iterable(instance.fieldNames()));
            }
            namedFields(opId, properties.get("data"), instance.path("data"));
            return;
        }
        List<JsonNode> objects = new ArrayList<>();
        if (instance.isArray()) {
            instance.forEach(objects::add);
        } else {
            objects.add(instance);
        }
        for (JsonNode o : objects) {
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!properties.has(field) && !EXTRA_FIELDS.containsKey(opId + " " + field)) {
                    findings.add(opId + ": the answer carries " + field + ", a field the description does not name");
                }
            }
        }
    }

    private void validate(String what, JsonNode schema, JsonNode instance, boolean answer) {
        Schema s = schemas.computeIfAbsent(what, k -> {
            Schema built = registry.getSchema(Json.write(nullable(schema.deepCopy())));
            built.initializeValidators();
            return built;
        });
        List<Error> errors = s.validate(instance);
        for (Error e : errors) {
            findings.add(what + ": " + (answer ? "the answer" : "the request") + " is unlike the description: " + e);
        }
    }

    /**
     * The description never says which fields may be null, and Procore answers null for a field it has no value of
     * (and takes null to clear one): a typed field may be null.
     */
    private static JsonNode nullable(JsonNode schema) {
        if (schema.isObject()) {
            ObjectNode o = (ObjectNode) schema;
            JsonNode type = o.get("type");
            JsonNode placeholder = o.get("enum");
            if (placeholder != null && placeholder.isArray() && placeholder.size() == 1
                    && placeholder.get(0).asText("").startsWith("Any value")) {
                // not a list of values but a sentence ("Any value present in the Company list of Units of Measure")
                o.remove("enum");
            }
            if ("(nested object)".equals(o.path("description").asText())) {
                // the extract's placeholder for a nested value it does not describe: any value
                o.remove("type");
                o.remove("properties");
                type = null;
            }
            if (type != null && type.isTextual() && !type.asText().equals("null")) {
                o.putArray("type").add(type.asText()).add("null");
                JsonNode values = o.get("enum");
                if (values != null && values.isArray()) {
                    ((ArrayNode) values).addNull();
                }
            }
            o.forEach(ProcoreDescription::nullable);
        } else if (schema.isArray()) {
            schema.forEach(ProcoreDescription::nullable);
        }
        return schema;
    }

    private static String iterable(Iterator<String> names) {
        List<String> out = new ArrayList<>();
        names.forEachRemaining(out::add);
        return String.join(", ", out);
    }
}
