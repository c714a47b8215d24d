package io.primesync.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.http.Route;
import io.primesync.json.Json;
import io.primesync.local.procore.SimulatorClient;
import io.primesync.testing.LocalDynamo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What serve says when it runs, and how it exits when it cannot. */
class ServeCommandIT {
    @Test
    void theServerListensOnlyOnceTheDemoIsLoadedSaysSoWithoutSlf4jNoiseAndStopsWhenItsEngineDies(@TempDir Path workDir) throws Exception {
        Path project = Path.of(System.getProperty("primesync.projectDir", "."));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dprimesync.buildDir=" + LocalDynamo.buildDir().toAbsolutePath(),
                "-Dprimesync.projectDir=" + project.toAbsolutePath(),
                "io.primesync.local.Main", "serve", "--demo", "--in-memory", "--port", "0", "--agent-period", "1s");
        Path err = workDir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectError(err.toFile()).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String ready = null;
            String token = null;
            String spectrum = null;
            String procore = null;
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
                if (line.startsWith("Procore simulator on ")) {
                    procore = line.substring("Procore simulator on ".length(), line.indexOf(' ', "Procore simulator on ".length()));
                }
                if (line.startsWith("Local Spectrum on ")) {
                    spectrum = line.substring("Local Spectrum on ".length(), line.indexOf(' ', "Local Spectrum on ".length()));
                }
                if (line.strip().startsWith("export ADMIN='")) {
                    token = line.strip().substring("export ADMIN='".length(), line.strip().length() - 1);
                }
                if (line.startsWith("PrimeSync is ready on ")) {
                    ready = line.substring("PrimeSync is ready on ".length()).strip();
                    break;
                }
            }
            assertTrue(ready != null, "the ready line was printed:\n" + String.join("\n", lines));
            assertTrue(token != null, "the admin token was printed before it");
            // the first request after the ready line finds the demo loaded, with nothing to wait for
            HttpResponse<String> list = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(ready + Route.LIST.path(DemoData.COMPANY) + "?limit=100"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, list.statusCode(), list.body());
            assertEquals(DemoData.contracts().size() - 1, Json.read(list.body().getBytes(StandardCharsets.UTF_8)).path("items").size());
            assertTrue(Files.exists(workDir.resolve(".primesync/demo-tokens.sh")), "the tokens are left for a shell");

            // a contract made in the local Spectrum reaches the product through the agent, with nothing signed by hand
            assertTrue(spectrum != null, "the local Spectrum's line:\n" + String.join("\n", lines));
            HttpClient http = HttpClient.newHttpClient();
            http.send(HttpRequest.newBuilder(URI.create(spectrum + "/_spectrum/companies/1/jobs")).POST(
                    HttpRequest.BodyPublishers.ofString("{\"jobNumber\": \"24-901\", \"status\": \"A\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            http.send(HttpRequest.newBuilder(URI.create(spectrum + "/_spectrum/companies/1/contracts/24-901/OWNER1")).PUT(
                    HttpRequest.BodyPublishers.ofString("{\"originalContract\": \"10.00\", \"items\": [{\"code\": \"A\","
                            + " \"description\": \"Sitework\", \"amount\": \"10.00\"}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String staged = "";
            while (!staged.contains("\"1.24-901.OWNER1\"")) {
                assertTrue(System.nanoTime() < deadline, "the agent's contract on the Staged tab: " + staged);
                Thread.sleep(250);
                staged = http.send(HttpRequest.newBuilder(URI.create(ready + Route.LIST.path(DemoData.COMPANY)
                        + "?status=staged&limit=100")).header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            }

            theReadmesWalk(URI.create(ready), URI.create(spectrum), URI.create(procore), token);

            // the local DynamoDB engine dies: serve says so and stops, rather than answer 503 to every request
            List<ProcessHandle> engines = process.descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("dynalite")).toList();
            assertEquals(1, engines.size(), "one dynalite process under serve");
            engines.get(0).destroyForcibly();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "serve stopped with its engine");
            assertEquals(1, process.exitValue());
            assertTrue(Files.readString(err).contains("The local DynamoDB engine (dynalite) stopped with exit code"),
                    "and said why:\n" + Files.readString(err));
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        String all = String.join("\n", lines) + Files.readString(err);
        assertFalse(all.contains("SLF4J"), "no SLF4J warnings at start-up:\n" + all);
    }

    /**
     * The README's walk: a demo contract changed in the local Spectrum with one request reaches the Synced tab through
     * the agent, its re-import changes Procore's line, and an out-of-balance save shows ERP_SNAPSHOT_REFUSED.
     */
    private static void theReadmesWalk(URI api, URI spectrum, URI procore, String token) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String contract = DemoData.IN_SYNC;
        String contracts = api + Route.LIST.path(DemoData.COMPANY);
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(spectrum
                + "/_spectrum/companies/1/contracts/24-105/OWNER")).PUT(HttpRequest.BodyPublishers.ofString(
                // what serve's instructions print: the last line raised by 50,000.00, saved in balance
                DemoInstructions.inSyncChanged()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        JsonNode eligibility = await(() -> get(http, contracts + "/" + contract + "/reimport-eligibility", token),
                e -> e.path("eligible").asBoolean(), "the change on the Synced tab, ready to re-import");
        long version = eligibility.path("erpVersion").asLong();
        assertTrue(version > DemoData.V1, eligibility.toString());
        JsonNode changed = eligibility.path("preview").path("changed");
        assertEquals(1, changed.size(), eligibility.toString());
        assertEquals("05-100", changed.get(0).path("itemCode").asText());

        HttpResponse<String> reimport = http.send(HttpRequest.newBuilder(URI.create(contracts + "/" + contract
                + "/reimport")).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"expectedErpVersion\": " + version + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, reimport.statusCode(), reimport.body());
        String syncId = Json.read(reimport.body().getBytes(StandardCharsets.UTF_8)).path("syncId").asText();
        await(() -> get(http, contracts + "/" + contract + "/syncs/" + syncId, token),
                s -> s.path("status").asText().equals("applied"), "the re-import applied");
        SimulatorClient procoreUser = new SimulatorClient(procore);
        String project = DemoData.contract(contract).projectId();
        JsonNode pc = procoreUser.primeContractOf(DemoData.COMPANY, project, contract);
        Map<String, String> held = new TreeMap<>();
        for (JsonNode line : procoreUser.lineItems(DemoData.COMPANY, project, pc.path("id").asText())) {
            held.put(line.path("origin_id").asText(), new BigDecimal(line.path("amount").asText()).setScale(2).toPlainString());
        }
        assertEquals("800000.00", held.get(contract + ":05-100"), held.toString());

        // saved out of balance, as Spectrum's screens allow: sent as it is, refused, and shown with its problems
        put = http.send(HttpRequest.newBuilder(URI.create(spectrum + "/_spectrum/companies/1/contracts/24-901/OWNER1"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"originalContract\": \"999.00\", \"items\": [{\"code\": \"A\","
                        + " \"description\": \"Sitework\", \"amount\": \"100.00\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        await(() -> get(http, contracts + "/1.24-901.OWNER1/reimport-eligibility", token),
                e -> e.toString().contains("ERP_SNAPSHOT_REFUSED"), "the refused snapshot shown with its problems");
    }

    private static JsonNode get(HttpClient http, String url, String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization",
                "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        return Json.read(r.body().getBytes(StandardCharsets.UTF_8));
    }

    interface Read {
        JsonNode read() throws Exception;
    }

    private static JsonNode await(Read read, java.util.function.Predicate<JsonNode> done, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode last = read.read();
        while (!done.test(last)) {
            assertTrue(System.nanoTime() < deadline, what + ": " + last);
            Thread.sleep(250);
            last = read.read();
        }
        return last;
    }

    @Test
    void aTakenPortIsNamedAndTheCommandFails() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            // the simulator's port is given, free: the API's is the one taken
            int simulator;
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                simulator = free.getLocalPort();
            }
            InvokeIT.Run run = InvokeIT.run(List.of("serve", "--in-memory", "--port", Integer.toString(port),
                    "--procore-port", Integer.toString(simulator)), null, Map.of());
            assertEquals(1, run.exit(), run.stderr());
            assertTrue(run.stderr().contains("Port " + port + " is in use"), run.stderr());
            assertTrue(run.stderr().contains("--port"), "it says how to choose another: " + run.stderr());
        }
    }

    @Test
    void aTakenSimulatorPortIsNamedToo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port;
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort();
            }
            InvokeIT.Run run = InvokeIT.run(List.of("serve", "--in-memory", "--port", Integer.toString(port),
                    "--procore-port", Integer.toString(taken.getLocalPort())), null, Map.of());
            assertEquals(1, run.exit(), run.stderr());
            assertTrue(run.stderr().contains("The Procore simulator's port " + taken.getLocalPort() + " is in use"),
                    run.stderr());
            assertTrue(run.stderr().contains("--procore-port"), run.stderr());
        }
    }

    @Test
    void withoutNodeJsTheCommandSaysWhatIsMissing() throws Exception {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = free.getLocalPort();
            free.close();
            InvokeIT.Run run = InvokeIT.run(List.of("serve", "--in-memory", "--port", Integer.toString(port)), null,
                    Map.of("PATH", "/nonexistent"));
            assertEquals(1, run.exit(), run.stderr());
            assertTrue(run.stderr().contains("Node.js"), run.stderr());
        }
    }
}
