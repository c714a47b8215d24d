package io.primesync.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.json.Json;
import io.primesync.testing.LocalDynamo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code invoke} on every file of events/, each in a fresh JVM as {@code sam local invoke} would run it, the function
 * under Lambda's runtime interface client, one after the other on one data directory that holds the demo company:
 * the samples are aimed at it, so each file has the status the demo gives it. A new file in events/ fails this test
 * until it is given its place here.
 */
class InvokeIT {
    private static final Path PROJECT = Path.of(System.getProperty("primesync.projectDir", "."));
    private static final Pattern REPORT = Pattern.compile("REPORT RequestId: ([0-9a-f-]{36})\tDuration: \\d+\\.\\d\\d ms\t"
            + "Billed Duration: \\d+ ms\tMemory Size: 1024 MB\tMax Memory Used: \\d+ MB\tInit Duration: \\d+\\.\\d\\d ms");

    /** Every sample, in the order of the story, with the status it gets there (0: the authorizer's Allow). */
    /** A sample's expected answer: an HTTP status, or for the functions behind no route, what their answer says. */
    private static final Map<String, Integer> STORY = new LinkedHashMap<>();
    private static final int ALLOW = 0;
    private static final int BATCH_DONE = -1;
    private static final int SWEPT = -2;
    private static final int PROCORE_APPLIED = -3;
    private static final int RECONCILED = -4;
    /** A function only a stack given its parameters has: invoke says so, and where the agent runs locally. */
    private static final int AWS_ONLY = -5;

    static {
        STORY.put("authorizer.json", ALLOW);
        STORY.put("list-synced.json", 200);
        STORY.put("list-ready.json", 200);
        STORY.put("list-staged.json", 200);
        STORY.put("reimport-eligibility.json", 200);
        STORY.put("import.json", 202);
        STORY.put("reimport.json", 202);
        STORY.put("history.json", 200);
        // the samples name a sync no demo has: the route says so, the worker lets the message go
        STORY.put("sync.json", 404);
        STORY.put("sync-worker.json", BATCH_DONE);
        STORY.put("sweeper.json", SWEPT);
        STORY.put("webhook-spectrum-contract-upserted.json", 200);
        STORY.put("webhook-spectrum-contract-deleted.json", 200);
        // Procore's delivery taken and queued; the Procore event worker applies it; the reconciliation reads again
        STORY.put("webhook-procore-delivery.json", 200);
        STORY.put("procore-event.json", PROCORE_APPLIED);
        STORY.put("reconcile.json", RECONCILED);
        // fed through its handler by AgentFunctionIT, against the local Spectrum and the agent's table
        STORY.put("spectrum-agent.json", AWS_ONLY);
    }

    @Test
    void everySampleEventGivesTheStatusItsPlaceInTheStoryGives(@TempDir Path dataDir) throws Exception {
        List<String> files;
        try (Stream<Path> listing = Files.list(PROJECT.resolve("events"))) {
            files = listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() >= 10, "events/ holds the samples: " + files);
        assertEquals(new TreeSet<>(files), new TreeSet<>(STORY.keySet()),
                "every file of events/ needs its expected status in InvokeIT.STORY, and only those");

        LocalApi api = LocalApi.from(Template.load(PROJECT.resolve("template.yaml")));
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Integer> sample : STORY.entrySet()) {
            Path file = PROJECT.resolve("events").resolve(sample.getKey());
            JsonNode event = Json.MAPPER.readTree(file.toFile());
            if (sample.getValue() == AWS_ONLY) {
                Run refused = run(List.of("invoke", "SpectrumAgentFunction", "--event", file.toString(), "--data-dir",
                        dataDir.toString()));
                assertEquals(2, refused.exit(), refused.stderr());
                assertTrue(refused.stderr().contains("HasSpectrumAgent") && refused.stderr().contains("serve runs the"
                        + " Spectrum agent"), refused.stderr());
                continue;
            }
            String function = functionOf(api, event);
            List<String> args = new ArrayList<>(List.of("invoke", function, "--event", file.toString(),
                    "--data-dir", dataDir.toString()));
            if (sample.getKey().equals("authorizer.json")) {
                args.add("--demo");
            }
            if (event.path("resource").asText().startsWith("/webhooks/")) {
                args.add("--resign");
            }
            Run run = run(args);
            if (run.exit() != 0) {
                failures.add(sample.getKey() + ": exit " + run.exit() + "\n" + run.stderr());
                continue;
            }
            Matcher report = REPORT.matcher(run.stderr());
            assertTrue(report.find(), "a REPORT line on stderr: " + run.stderr());
            assertFalse(run.stderr().contains("Picked up JAVA_TOOL_OPTIONS"), run.stderr());
            assertFalse(run.stderr().contains("SLF4J"), run.stderr());
            // the function's own lines, under the runtime interface client: JSON with a timestamp, joined to the
            // REPORT line by Lambda's request id
            List<JsonNode> logLines = run.stderr().lines().filter(l -> l.startsWith("{"))
                    .map(l -> Json.read(l.getBytes(StandardCharsets.UTF_8))).toList();
            if (event.has("httpMethod")) {
                JsonNode request = logLines.stream().filter(l -> "request".equals(l.path("message").asText())).findFirst()
                        .orElseThrow(() -> new AssertionError("a request line: " + run.stderr()));
                assertEquals(report.group(1), request.path("requestId").asText(), run.stderr());
                assertTrue(request.hasNonNull("timestamp") && request.hasNonNull("level"), request.toString());
            }
            JsonNode response = Json.MAPPER.readTree(run.stdout());
            if (sample.getValue() == ALLOW) {
                assertEquals("Allow", response.at("/policyDocument/Statement/0/Effect").asText(), run.stdout());
                assertEquals(SampleEvents.USER, response.get("principalId").asText());
            } else if (sample.getValue() == BATCH_DONE) {
                assertEquals("SyncWorkerFunction", function);
                assertEquals(0, response.path("batchItemFailures").size(), run.stdout());
                assertTrue(response.path("batchItemFailures").isArray(), run.stdout());
            } else if (sample.getValue() == SWEPT) {
                assertEquals("SweeperFunction", function);
                // the import and re-import above were written by no worker here: both wait for their own message
                assertEquals(0, response.path("queued").asInt(-1), run.stdout());
                assertTrue(response.path("unfinished").asInt() >= 0, run.stdout());
            } else if (sample.getValue() == PROCORE_APPLIED) {
                assertEquals("ProcoreEventFunction", function);
                assertEquals(0, response.path("batchItemFailures").size(), run.stdout());
                assertTrue(response.path("batchItemFailures").isArray(), run.stdout());
            } else if (sample.getValue() == RECONCILED) {
                assertEquals("ReconcileFunction", function);
                assertTrue(response.path("companies").asInt() >= 1, "the demo company was read again: " + run.stdout());
                assertEquals(0, response.path("postponed").asInt(), run.stdout());
            } else if (response.path("statusCode").asInt() != sample.getValue()) {
                failures.add(sample.getKey() + " (" + function + "): expected " + sample.getValue() + ", got "
                        + run.stdout());
            }
        }
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures));
        }
    }

    @Test
    void anEventOnStdinAndAFunctionThatIsNotInTheTemplate() throws Exception {
        // stdout carries the response alone, so it can be piped to a JSON tool
        Run ok = run(List.of("invoke", "ListContractsFunction", "--in-memory"),
                Files.readString(PROJECT.resolve("events/list-staged.json")));
        assertEquals(0, ok.exit(), ok.stderr());
        assertEquals(200, Json.MAPPER.readTree(ok.stdout()).get("statusCode").asInt(), ok.stdout());

        Run unknown = run(List.of("invoke", "NoSuchFunction", "--event", "list-staged.json", "--in-memory"), "");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.stderr().contains("ListContractsFunction"), "names the functions there are: " + unknown.stderr());
    }

    @Test
    void signPrintsTheSampleSignedAnewAndRewritesItOnlyWhenAsked(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("webhook.json");
        Files.copy(PROJECT.resolve("events/webhook-spectrum-contract-upserted.json"), copy);
        String before = Files.readString(copy);
        Run printed = run(List.of("sign", copy.toString()));
        assertEquals(0, printed.exit(), printed.stderr());
        assertEquals(before, Files.readString(copy), "the file is left as it was");
        JsonNode signed = Json.MAPPER.readTree(printed.stdout());
        assertTrue(signed.at("/headers/X-Webhook-Signature").asText().startsWith("t="), printed.stdout());

        Run inPlace = run(List.of("sign", "--in-place", copy.toString()));
        assertEquals(0, inPlace.exit(), inPlace.stderr());
        assertTrue(inPlace.stderr().contains("rewrote " + copy), "it says what it rewrote: " + inPlace.stderr());
        assertEquals(signed.path("body").asText(), Json.MAPPER.readTree(copy.toFile()).path("body").asText());
    }

    static String functionOf(LocalApi api, JsonNode event) {
        if ("TOKEN".equals(event.path("type").asText())) {
            return api.authorizer().functionId();
        }
        Template template = Template.load(PROJECT.resolve("template.yaml"));
        String trigger = event.has("Records") ? "SQS" : "aws.events".equals(event.path("source").asText()) ? "Schedule" : null;
        if (trigger != null) {
            // the queue (by its ARN) or the schedule rule (by its name) the event names
            String source = trigger.equals("SQS") ? event.path("Records").get(0).path("eventSourceARN").asText()
                    : event.path("resources").get(0).asText();
            for (Map.Entry<String, Map<String, Object>> f : template.unconditional("AWS::Serverless::Function").entrySet()) {
                for (Object e : Template.map(f.getValue(), "Properties", "Events").values()) {
                    Map<String, Object> props = Template.map(Template.map(e).get("Properties"));
                    Object named = trigger.equals("SQS") ? Template.map(props.get("Queue")).get("Fn::GetAtt")
                            : Template.map(props.get("Schedule")).get("Ref");
                    String name = named instanceof List<?> l ? String.valueOf(l.get(0)) : String.valueOf(named).split("\\.")[0];
                    if (trigger.equals(Template.map(e).get("Type")) && source.endsWith("-" + name)) {
                        return f.getKey();
                    }
                }
            }
            throw new AssertionError("no function with a " + trigger + " event in template.yaml");
        }
        String resource = event.path("resource").asText();
        String method = event.path("httpMethod").asText();
        return api.routes().stream().filter(r -> r.resource().equals(resource) && r.matchesMethod(method))
                .map(LocalApi.Route::functionId).findFirst()
                .orElseThrow(() -> new AssertionError("no route " + method + " " + resource + " in template.yaml"));
    }

    record Run(int exit, String stdout, String stderr) {}

    private static Run run(List<String> args) throws IOException, InterruptedException {
        return run(args, null);
    }

    private static Run run(List<String> args, String stdin) throws IOException, InterruptedException {
        return run(args, stdin, Map.of());
    }

    /** {@code java io.primesync.local.Main ARGS} in the project directory, in a JVM of its own. */
    static Run run(List<String> args, String stdin, Map<String, String> env) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dprimesync.buildDir=" + LocalDynamo.buildDir().toAbsolutePath(),
                "io.primesync.local.Main"));
        command.addAll(args);
        Path out = Files.createTempFile("invoke", ".out");
        Path err = Files.createTempFile("invoke", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("invoke " + args + " did not finish in 120 s");
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
