package io.primesync.local;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/**
 * template.yaml read as data: the table the local engine and the tests create, and the functions and routes
 * the local server serves. Reading the deployed definition is what keeps local runs from drifting from AWS.
 */
public final class Template {
    private final Map<String, Object> root;

    private Template(Map<String, Object> root) {
        this.root = root;
    }

    public static Template load(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new CloudFormationConstructor(options));
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object parsed = yaml.load(reader);
            if (!(parsed instanceof Map)) {
                throw new IllegalArgumentException(file + " is not a template");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) parsed;
            return new Template(map);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The project's template.yaml, found from the working directory or a {@code primesync.projectDir} property. */
    public static Path defaultPath() {
        String dir = System.getProperty("primesync.projectDir");
        return dir != null ? Path.of(dir, "template.yaml") : Path.of("template.yaml").toAbsolutePath();
    }

    public Map<String, Object> root() {
        return root;
    }

    public Map<String, Object> resources() {
        return map(root.get("Resources"));
    }

    public Map<String, Object> globals() {
        return map(root.get("Globals"));
    }

    /** Resources of one type, by logical id, in template order. */
    public Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : resources().entrySet()) {
            Map<String, Object> resource = map(e.getValue());
            if (type.equals(resource.get("Type"))) {
                found.put(e.getKey(), resource);
            }
        }
        return found;
    }

    /**
     * Resources of one type that every deployment has (no {@code Condition}), by logical id, in template order: what a
     * local run has. A conditional one (the Spectrum agent in AWS, which the local run replaces with its own agent)
     * is left out.
     */
    public Map<String, Map<String, Object>> unconditional(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>(resourcesOfType(type));
        found.values().removeIf(r -> r.get("Condition") != null);
        return found;
    }

    /** The logical id of the product's DynamoDB table: the one table every deployment has. */
    public String tableLogicalId() {
        Map<String, Map<String, Object>> tables = unconditional("AWS::DynamoDB::Table");
        if (tables.size() != 1) {
            throw new IllegalStateException("template.yaml must define exactly one unconditional DynamoDB table, found "
                    + tables.size());
        }
        return tables.keySet().iterator().next();
    }

    /** CreateTable for the template's table under the given name (billing, keys and indexes as deployed). */
    public CreateTableRequest createTableRequest(String tableName) {
        return createTableRequest(tableLogicalId(), tableName);
    }

    /** CreateTable for a table of the template, by its logical id, under the given name. */
    public CreateTableRequest createTableRequest(String logicalId, String tableName) {
        Map<String, Object> props = map(resources().get(logicalId), "Properties");
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.fromValue(String.valueOf(props.getOrDefault("BillingMode", "PAY_PER_REQUEST"))));
        List<AttributeDefinition> attributes = new ArrayList<>();
        for (Object a : list(props.get("AttributeDefinitions"))) {
            Map<String, Object> def = map(a);
            attributes.add(AttributeDefinition.builder()
                    .attributeName((String) def.get("AttributeName"))
                    .attributeType((String) def.get("AttributeType")).build());
        }
        request.attributeDefinitions(attributes).keySchema(keySchema(props.get("KeySchema")));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (Object i : list(props.get("GlobalSecondaryIndexes"))) {
            Map<String, Object> index = map(i);
            Map<String, Object> projection = map(index.get("Projection"));
            Projection.Builder p = Projection.builder().projectionType(String.valueOf(projection.get("ProjectionType")));
            if (projection.get("NonKeyAttributes") != null) {
                List<String> names = new ArrayList<>();
                for (Object n : list(projection.get("NonKeyAttributes"))) {
                    names.add(String.valueOf(n));
                }
                p.nonKeyAttributes(names);
            }
            indexes.add(GlobalSecondaryIndex.builder()
                    .indexName((String) index.get("IndexName"))
                    .keySchema(keySchema(index.get("KeySchema")))
                    .projection(p.build()).build());
        }
        if (!indexes.isEmpty()) {
            request.globalSecondaryIndexes(indexes);
        }
        return request.build();
    }

    /**
     * Creates the template's table under {@code tableName} unless it is already there (a restart on the same data,
     * a shared endpoint), and waits until it can be used.
     */
    public void ensureTable(DynamoDbClient client, String tableName) {
        try {
            client.createTable(createTableRequest(tableName));
        } catch (ResourceInUseException alreadyThere) {
            // created by an earlier run; its data stays
        }
        client.waiter().waitUntilTableExists(b -> b.tableName(tableName));
    }

    /** A literal, or a {@code !Ref} to a parameter with a default; null for anything only a deployment knows. */
    public String resolve(Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        Object ref = map(value).get("Ref");
        if (ref instanceof String name) {
            Object def = map(root.get("Parameters"), name).get("Default");
            return def == null ? null : def.toString();
        }
        return null;
    }

    /** The TTL attribute of the table, as deployed. */
    public String ttlAttribute() {
        Map<String, Object> props = map(resources().get(tableLogicalId()), "Properties");
        return (String) map(props.get("TimeToLiveSpecification")).get("AttributeName");
    }

    private static List<KeySchemaElement> keySchema(Object value) {
        List<KeySchemaElement> keys = new ArrayList<>();
        for (Object k : list(value)) {
            Map<String, Object> key = map(k);
            keys.add(KeySchemaElement.builder()
                    .attributeName((String) key.get("AttributeName"))
                    .keyType((String) key.get("KeyType")).build());
        }
        return keys;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value, String... path) {
        Object current = value;
        for (String step : path) {
            current = current instanceof Map ? ((Map<String, Object>) current).get(step) : null;
        }
        return current instanceof Map ? (Map<String, Object>) current : Map.of();
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return value instanceof List ? (List<Object>) value : List.of();
    }

    /**
     * Reads CloudFormation's short-form tags ({@code !Ref X}, {@code !GetAtt A.B}, {@code !Sub ...}) as their
     * long forms ({@code {"Ref": "X"}}, {@code {"Fn::GetAtt": ...}}), without running any of them.
     */
    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor(LoaderOptions options) {
            super(options);
            this.yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String tag = node.getTag().getValue().substring(1);
                    String key = "Ref".equals(tag) ? "Ref" : "Fn::" + tag;
                    Object value;
                    if (node instanceof ScalarNode scalar) {
                        value = scalar.getValue();
                    } else if (node instanceof SequenceNode sequence) {
                        value = constructSequence(sequence);
                    } else {
                        value = constructMapping((MappingNode) node);
                    }
                    Map<String, Object> form = new LinkedHashMap<>();
                    form.put(key, value);
                    return form;
                }
            });
        }
    }
}
