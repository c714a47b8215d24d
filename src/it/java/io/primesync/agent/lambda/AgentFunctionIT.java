package io.primesync.agent.lambda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.primesync.agent.Mapping;
import io.primesync.agent.Snapshots;
import io.primesync.json.Json;
import io.primesync.local.Template;
import io.primesync.local.spectrum.SpectrumDatabase;
import io.primesync.local.spectrum.SpectrumDatabase.Item;
import io.primesync.testing.Api;
import io.primesync.testing.LocalDynamo;
import io.primesync.testing.Response;
import io.primesync.webhook.Source;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Spectrum agent's Lambda function, each invocation in a fresh container (a new work directory): the sample
 * schedule event of events/ through the handler, Spectrum read over JDBC, the events delivered over HTTP to the
 * product's real webhook route, and the state and spool kept in the table template.yaml defines for them (made on the
 * local engine from the template). Nothing is sent twice when the container is new, an event the product did not
 * take is sent again under its id by the next container, and a file cut into chunks comes back whole.
 */
class AgentFunctionIT {
    private static final Path SAMPLE = Path.of(System.getProperty("primesync.projectDir", "."), "events",
            "spectrum-agent.json");

    private final Api api = Api.onLocalDynamo();
    private final DynamoDbClient dynamo = LocalDynamo.get().client();
    private final String table = "primesync-agent-" + Long.toHexString(System.nanoTime());
    private final List<String> ids = new ArrayList<>();
    private final AtomicBoolean down = new AtomicBoolean();
    private SpectrumDatabase spectrum;
    private HttpServer product;

    @BeforeEach
    void start() throws Exception {
        dynamo.createTable(Template.load(Template.defaultPath()).createTableRequest("SpectrumAgentTable", table));
        spectrum = SpectrumDatabase.inMemory(Mapping.defaults());
        spectrum.job("1", "24-101", "Riverside", "A");
        product = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        product.createContext("/webhooks/spectrum", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            synchronized (ids) {
                ids.add(Json.read(body).path("id").asText() + (down.get() ? " (not taken)" : ""));
            }
            Response r = down.get() ? null : api.spectrum.delivery(Source.SPECTRUM, body)
                    .contentType(exchange.getRequestHeaders().getFirst("Content-Type"))
                    .signature(exchange.getRequestHeaders().getFirst("X-Webhook-Signature")).send();
            byte[] answer = (r == null ? "{\"code\":\"UNAVAILABLE\"}" : r.body()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(r == null ? 503 : r.status(), answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        product.start();
    }

    @AfterEach
    void stop() throws Exception {
        product.stop(0);
        spectrum.close();
        dynamo.deleteTable(b -> b.tableName(table));
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("SPECTRUM_CONNECTION_SECRET", Json.write(Json.object().put("url", spectrum.url())
                .put("user", SpectrumDatabase.READER).put("password", SpectrumDatabase.READER_PASSWORD)
                .put("webhookSecret", api.spectrum.secret())));
        env.put("SPECTRUM_COMPANIES", "1=" + api.company);
        env.put("PRODUCT_WEBHOOK_URL", "http://127.0.0.1:" + product.getAddress().getPort() + "/webhooks/spectrum");
        env.put("AGENT_STATE_TABLE", table);
        return env;
    }

    /** One invocation in a new container, with the sample schedule event. */
    private JsonNode invoke() throws IOException {
        Map<String, String> env = env();
        AgentFunction f = new AgentFunction(env::get, dynamo, arn -> {
            throw new AssertionError("no ARN is given here");
        }, Files.createTempDirectory("agent-container"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.handleRequest(new ByteArrayInputStream(Files.readAllBytes(SAMPLE)), out, null);
        return Json.read(out.toByteArray());
    }

    private BigDecimal amountInTheProduct() {
        return api.app.contractStore().load(api.company, Snapshots.contractId("1", "24-101", "OWNER")).orElseThrow()
                .currentLines().get(0).amount();
    }

    @Test
    void eachContainerGoesOnFromTheTableAndNothingIsSentUnderASecondId() throws Exception {
        spectrum.contract("1", "24-101", "OWNER", "300.00", false, null, List.of(Item.fixed("A", "Sitework", "300.00")));
        JsonNode first = invoke();
        assertEquals(1, first.path("sent").asInt(), first.toString());
        assertEquals(0, new BigDecimal("300.00").compareTo(amountInTheProduct()));

        JsonNode again = invoke();
        assertEquals(0, again.path("changed").asInt(), "a new container knows what was sent: " + again);
        assertEquals(0, again.path("sent").asInt(), again.toString());

        spectrum.contract("1", "24-101", "OWNER", "400.00", false, null, List.of(Item.fixed("A", "Sitework", "400.00")));
        down.set(true);
        JsonNode waiting = invoke();
        assertEquals(1, waiting.path("waiting").asInt(), "the product did not take it: kept in the table, " + waiting);
        down.set(false);
        JsonNode taken = invoke();
        assertEquals(0, taken.path("changed").asInt(), "not made again: " + taken);
        assertEquals(1, taken.path("sent").asInt(), taken.toString());
        assertEquals(0, new BigDecimal("400.00").compareTo(amountInTheProduct()));
        List<String> changeIds = ids.stream().skip(1).map(id -> id.replace(" (not taken)", "")).distinct().toList();
        assertEquals(1, changeIds.size(), "the change went out under one id, tried and then taken: " + ids);
        assertTrue(ids.get(ids.size() - 1).equals(changeIds.get(0)), ids.toString());
    }

    @Test
    void aSpectrumThatCannotBeReadFailsTheRoundSoItsErrorsAlarm() throws Exception {
        Map<String, String> env = env();
        env.put("SPECTRUM_CONNECTION_SECRET", Json.write(Json.object().put("url", spectrum.url())
                .put("user", SpectrumDatabase.READER).put("password", "not-the-password")
                .put("webhookSecret", api.spectrum.secret())));
        AgentFunction f = new AgentFunction(env::get, dynamo, arn -> null, Files.createTempDirectory("agent-container"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.handleRequest(
                new ByteArrayInputStream(Files.readAllBytes(SAMPLE)), new ByteArrayOutputStream(), null));
        assertTrue(e.getMessage().startsWith("Spectrum was not read") && e.getMessage().contains("nothing deleted"),
                e.getMessage());
    }

    @Test
    void missingSettingsAreNamed() {
        Map<String, String> env = env();
        env.remove("PRODUCT_WEBHOOK_URL");
        env.put("SPECTRUM_COMPANIES", "1");
        AgentFunction f = new AgentFunction(env::get, dynamo, arn -> null, Path.of("unused"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.handleRequest(
                new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), null));
        assertTrue(e.getMessage().contains("SPECTRUM_COMPANIES"), e.getMessage());
        env.put("SPECTRUM_COMPANIES", "1=" + api.company);
        e = assertThrows(IllegalStateException.class, () -> f.handleRequest(new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), null));
        assertTrue(e.getMessage().contains("product.url"), e.getMessage());
    }

    @Test
    void aFileOfManyChunksComesBackWholeAndAReplacedOneLeavesNoChunkBehind() throws Exception {
        Path dir = Files.createTempDirectory("agent-files");
        byte[] big = new byte[TableFiles.CHUNK * 3];
        new Random(7).nextBytes(big); // incompressible: several chunks
        Files.createDirectories(dir.resolve("spool"));
        Files.write(dir.resolve("state.json"), big);
        Files.writeString(dir.resolve("spool/0001-a.json"), "{\"id\":\"a\"}");
        TableFiles files = new TableFiles(dynamo, table);
        files.download(dir.resolveSibling(dir.getFileName() + "-empty"));
        files.upload(dir);
        int items = dynamo.scan(b -> b.tableName(table)).count();
        assertTrue(items >= 6, "state.json in chunks, its head, the spool file and its head: " + items);

        Path other = Files.createTempDirectory("agent-files-other");
        TableFiles reader = new TableFiles(dynamo, table);
        reader.download(other);
        assertArrayEquals(big, Files.readAllBytes(other.resolve("state.json")));
        assertEquals("{\"id\":\"a\"}", Files.readString(other.resolve("spool/0001-a.json")));

        Files.writeString(other.resolve("state.json"), "{}");
        Files.delete(other.resolve("spool/0001-a.json"));
        reader.upload(other);
        assertEquals(2, dynamo.scan(b -> b.tableName(table)).count(), "state.json's head and its one chunk");
        Path third = Files.createTempDirectory("agent-files-third");
        new TableFiles(dynamo, table).download(third);
        assertEquals("{}", Files.readString(third.resolve("state.json")));
        assertTrue(Files.notExists(third.resolve("spool/0001-a.json")));
    }
}
