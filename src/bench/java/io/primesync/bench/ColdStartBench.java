package io.primesync.bench;

import io.primesync.json.Json;
import io.primesync.local.LocalSettings;
import io.primesync.local.Template;
import io.primesync.local.auth.LocalIdentity;
import io.primesync.local.lambda.FunctionProcess;
import io.primesync.local.lambda.RuntimeApi;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Cold starts: each function of template.yaml, and the baseline, in a fresh JVM per run under Lambda's own runtime
 * interface client with the runtime's flags and the deployed jar as the class path: Init Duration (JVM start to the
 * first request for work) and the first request's Duration. Two variants: on demand, and with the SnapStart hooks
 * run before the first request (the priming the functions do in {@code beforeCheckpoint}); a real SnapStart restore
 * is not reproduced here, so the second variant shows what priming moves out of the first request.
 */
final class ColdStartBench {
    static final String BASELINE = "Baseline";
    static final String ON_DEMAND = "on demand";
    static final String SNAPSTART = "SnapStart hooks run before the first request";
    static final List<String> VARIANTS = List.of(ON_DEMAND, SNAPSTART);
    private static final long TIMEOUT_MILLIS = 120_000;

    /** One function JVM: Lambda's REPORT figures. */
    record Sample(String function, String variant, double initMs, double durationMs, long maxRssMb, String status) {
        double totalMs() {
            return initMs + durationMs;
        }
    }

    record Result(List<String> functions, Map<String, String> firstEvents, List<Sample> samples, int runs) {}

    private final Bench.Setup setup;

    ColdStartBench(Bench.Setup setup) {
        this.setup = setup;
    }

    Result run(int runs) throws Exception {
        Path jar = setup.buildDir().resolve(setup.finalName() + "-lambda.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the benchmarks after mvn package");
        }
        Map<String, String> handlers = new LinkedHashMap<>();
        for (Functions.Function f : Functions.of(setup.template(), setup.events())) {
            handlers.put(f.logicalId(), f.handlerClass());
        }
        Map<String, String> firstEvents = new LinkedHashMap<>();
        firstEvents.put("AuthorizerFunction", "authorizer.json");
        firstEvents.put("ListContractsFunction", "list-synced.json");
        firstEvents.put("EligibilityFunction", "reimport-eligibility.json");
        firstEvents.put("SyncFunction", "reimport.json");
        firstEvents.put("WebhookFunction", "webhook-spectrum-contract-upserted.json");
        firstEvents.put("SyncWorkerFunction", "sync-worker.json (aimed at a re-import of the demo's ready contract accepted just before)");
        firstEvents.put("SweeperFunction", "sweeper.json");
        firstEvents.put("ProcoreEventFunction", "procore-event.json (Procore's delivery of the demo's change order)");
        firstEvents.put("ReconcileFunction", "reconcile.json (the demo company read again from Procore)");
        for (String id : handlers.keySet()) {
            if (!firstEvents.containsKey(id)) {
                throw new IllegalStateException("no first event chosen for " + id);
            }
        }
        Map<String, Long> timeouts = new LinkedHashMap<>();
        Object globalTimeout = Template.map(setup.template().globals(), "Function").get("Timeout");
        Map<String, Map<String, Object>> resources = setup.template().unconditional("AWS::Serverless::Function");
        for (String id : handlers.keySet()) {
            Object own = Template.map(resources.get(id), "Properties").get("Timeout");
            timeouts.put(id, Long.parseLong(String.valueOf(own != null ? own : globalTimeout)) * 1000);
        }
        handlers.put(BASELINE, BaselineHandler.class.getName());
        firstEvents.put(BASELINE, "list-synced.json (one GetItem)");

        Path work = setup.buildDir().resolve("bench/cold");
        Files.createDirectories(work);
        String deployed = jar.toAbsolutePath().toString();
        String baseline = deployed + File.pathSeparator + baselineJar();
        List<Sample> samples = new ArrayList<>();
        DemoState demo = new DemoState(setup.events());
        try (DynamoDbClient client = setup.engine().client(); LocalIdentity identity = LocalIdentity.start()) {
            for (int run = 0; run < runs; run++) {
                List<String> order = new ArrayList<>(handlers.keySet());
                Collections.rotate(order, run);
                for (String variant : VARIANTS) {
                    for (String function : order) {
                        String table = setup.engine().createTable("cold-" + run + "-" + samples.size());
                        URI procore = setup.engine().freshProcore().baseUri();
                        DemoState.quietly(() -> demo.seed(setup.engine().app(table, client), procore, 12));
                        Map<String, String> env = new LinkedHashMap<>(LocalSettings.WEBHOOK_SECRETS);
                        env.putAll(identity.authorizerEnvironment());
                        String queue = setup.engine().newQueue("cold-" + run + "-" + samples.size());
                        env.putAll(setup.engine().environment(table, queue));
                        env.put("AWS_ENDPOINT_URL_DYNAMODB", setup.engine().endpoint().toString());
                        env.put("AWS_ENDPOINT_URL_SQS", setup.engine().queues().endpoint().toString());
                        String eventFile = firstEvents.get(function).split(" ")[0];
                        byte[] event = eventFile.startsWith("webhook-")
                                ? Json.write(demo.resigned(eventFile)).getBytes(StandardCharsets.UTF_8)
                                : eventFile.equals("sync-worker.json")
                                        ? Json.write(demo.acceptedReimport(setup.engine().app(table, client, queue)))
                                                .getBytes(StandardCharsets.UTF_8)
                                        : Files.readAllBytes(setup.events().resolve(eventFile));
                        Path log = work.resolve(function + "-" + run + "-" + (variant.equals(ON_DEMAND) ? "on-demand" : "snapstart") + ".log");
                        Sample sample;
                        try (OutputStream out = Files.newOutputStream(log);
                             FunctionProcess process = FunctionProcess.start(new FunctionProcess.Spec(function,
                                     handlers.get(function) + "::handleRequest", 1024, env, variant.equals(SNAPSTART)),
                                     function.equals(BASELINE) ? baseline : deployed, out)) {
                            double init = process.awaitReady(TIMEOUT_MILLIS);
                            // the function's own timeout from the template is its deadline, as Lambda gives it
                            long deadline = function.equals(BASELINE) ? 20_000 : timeouts.get(function);
                            RuntimeApi.Outcome outcome = process.invoke(event, deadline);
                            sample = new Sample(function, variant, init, outcome.durationNanos() / 1e6,
                                    process.maxMemoryUsedMb(), status(outcome));
                        }
                        if (!sample.status().startsWith("2") && !sample.status().equals("allow")) {
                            throw new IllegalStateException(function + " answered " + sample.status() + "; see " + log);
                        }
                        samples.add(sample);
                        System.out.printf("  cold start %-22s %-46s run %d: init %6.0f ms, first request %6.0f ms%n",
                                function, variant, run + 1, sample.initMs(), sample.durationMs());
                    }
                }
            }
        }
        return new Result(new ArrayList<>(handlers.keySet()), firstEvents, samples, runs);
    }

    /** The proxy response's status code, or "allow" for an authorizer's policy, or the error type. */
    private static String status(RuntimeApi.Outcome outcome) {
        if (outcome.failed()) {
            return outcome.errorType();
        }
        var answer = Json.read(outcome.body());
        if (answer.has("statusCode")) {
            return answer.get("statusCode").asText();
        }
        if (answer.has("batchItemFailures")) {
            return answer.get("batchItemFailures").isEmpty() ? "200 (batch done)" : "batch item failures";
        }
        if (answer.has("unfinished")) {
            return "200 (swept)";
        }
        if (answer.has("companies")) {
            return answer.get("postponed").asInt() == 0 ? "200 (reconciled)" : "reconciliation postponed";
        }
        return answer.has("principalId") ? "allow" : "unknown";
    }

    /** The baseline handler alone in a jar of its own, for the baseline's class path. */
    private Path baselineJar() throws IOException {
        Path jar = setup.buildDir().resolve("bench/baseline.jar");
        Files.createDirectories(jar.getParent());
        Path classes = setup.buildDir().resolve("test-classes");
        try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("io/primesync/bench/BaselineHandler.class")) {
                out.putNextEntry(new JarEntry(name));
                out.write(Files.readAllBytes(classes.resolve(name)));
                out.closeEntry();
            }
        }
        return jar;
    }
}
