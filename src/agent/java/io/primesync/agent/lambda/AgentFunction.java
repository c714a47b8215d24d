package io.primesync.agent.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.agent.Agent;
import io.primesync.agent.AgentConfig;
import io.primesync.agent.AgentMain;
import io.primesync.agent.Mapping;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.Function;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The Spectrum agent as a scheduled Lambda function in a VPC, for a Spectrum that Viewpoint hosts: one round per
 * invocation, against the database the connection secret names, delivering to the product's Spectrum webhook. Its
 * state and spool live in a DynamoDB table of their own ({@link TableFiles}), made durable after the round's events
 * are spooled and before any is sent, and again after delivery. Environment:
 * <ul>
 *   <li>{@code SPECTRUM_CONNECTION_SECRET_ARN}: a Secrets Manager secret, JSON {@code {"url", "user", "password",
 *       "webhookSecret"}} (the JDBC URL and Info-Link login, and the secret the product checks the companies'
 *       events with); locally, {@code SPECTRUM_CONNECTION_SECRET} holds that JSON itself;</li>
 *   <li>{@code SPECTRUM_COMPANIES}: {@code CODE=PROCORE_ID} pairs, comma-separated;</li>
 *   <li>{@code PRODUCT_WEBHOOK_URL}, {@code AGENT_STATE_TABLE}; optionally {@code SPECTRUM_STATUS_RULE},
 *       {@code SPECTRUM_DELETE_AFTER}.</li>
 * </ul>
 * A refused signature (401) or a Spectrum that could not be read fails the invocation with the agent's message, so
 * the function's errors alarm (a failed round is not retried: the next schedule reads again).
 */
public final class AgentFunction implements RequestStreamHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<String, String> env;
    private final DynamoDbClient dynamo;
    private final Function<String, String> secrets;
    private final Path workDir;

    public AgentFunction() {
        this(System::getenv, DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                arn -> {
                    try (SecretsManagerClient sm = SecretsManagerClient.builder()
                            .httpClient(UrlConnectionHttpClient.create()).build()) {
                        return sm.getSecretValue(b -> b.secretId(arn)).secretString();
                    }
                }, Path.of(System.getProperty("java.io.tmpdir"), "primesync-agent"));
    }

    /**
     * @param secrets a secret's value by its ARN
     * @param workDir where a round keeps the state and spool it took from the table
     */
    public AgentFunction(Function<String, String> env, DynamoDbClient dynamo, Function<String, String> secrets,
            Path workDir) {
        this.env = env;
        this.dynamo = dynamo;
        this.secrets = secrets;
        this.workDir = workDir;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes(); // the schedule's event says nothing the round needs
        PrintStream log = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        AgentConfig config = config();
        TableFiles files = new TableFiles(dynamo, required("AGENT_STATE_TABLE"));
        files.download(workDir);
        // the config's state directory is the work directory the table was unpacked into
        Agent agent = Agent.configured(config, Mapping.defaults(), line -> log.println(AgentMain.line(line)))
                .durably(() -> files.upload(workDir), () -> files.upload(workDir));
        Agent.Health h = agent.runOnce();
        ObjectNode answer = JSON.createObjectNode().put("read", h.read()).put("changed", h.changed())
                .put("deleted", h.deleted()).put("sent", h.sent()).put("refused", h.refused())
                .put("waiting", h.waiting()).put("health", h.line());
        if (h.readFailure() != null) {
            // what waited was delivered and kept: the round fails all the same, so the function's errors alarm
            throw new IllegalStateException("Spectrum was not read (" + h.readFailure() + "); " + h.line());
        }
        output.write(JSON.writeValueAsBytes(answer));
    }

    /** The agent's config from the environment and the connection secret; every problem named at once. */
    AgentConfig config() {
        String arn = env.apply("SPECTRUM_CONNECTION_SECRET_ARN");
        String value = arn != null && !arn.isBlank() ? secrets.apply(arn.strip())
                : env.apply("SPECTRUM_CONNECTION_SECRET");
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("SPECTRUM_CONNECTION_SECRET_ARN names no secret");
        }
        JsonNode secret;
        try {
            secret = JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalStateException("the Spectrum connection secret is not JSON {\"url\", \"user\", \"password\","
                    + " \"webhookSecret\"}");
        }
        Properties p = new Properties();
        put(p, "spectrum.url", secret.path("url").asText(null));
        put(p, "spectrum.user", secret.path("user").asText(null));
        put(p, "spectrum.password", secret.path("password").asText(null));
        put(p, "product.secret", secret.path("webhookSecret").asText(null));
        put(p, "product.url", env.apply("PRODUCT_WEBHOOK_URL"));
        put(p, "status", env.apply("SPECTRUM_STATUS_RULE"));
        put(p, "deleteAfter", env.apply("SPECTRUM_DELETE_AFTER"));
        String companies = env.apply("SPECTRUM_COMPANIES");
        for (String pair : (companies == null ? "" : companies).split(",")) {
            String[] kv = pair.strip().split("=", 2);
            if (kv.length == 2) {
                put(p, "company." + kv[0].strip(), kv[1].strip());
            } else if (!pair.isBlank()) {
                throw new IllegalStateException("SPECTRUM_COMPANIES is CODE=PROCORE_ID pairs, comma-separated, not "
                        + companies);
            }
        }
        p.setProperty("state", workDir.toString());
        try {
            return AgentConfig.of(p, workDir);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the Spectrum agent's settings: " + e.getMessage(), e);
        }
    }

    private static void put(Properties p, String key, String value) {
        if (value != null && !value.isBlank()) {
            p.setProperty(key, value.strip());
        }
    }

    private String required(String name) {
        String v = env.apply(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(name + " is not set");
        }
        return v.strip();
    }
}
