package io.primesync.bench;

import com.sun.net.httpserver.HttpServer;
import io.primesync.json.Json;
import io.primesync.local.LocalFiles;
import io.primesync.local.LocalSettings;
import io.primesync.local.Template;
import io.primesync.local.auth.LocalIdentity;
import io.primesync.local.lambda.FunctionProcess;
import io.primesync.local.lambda.RuntimeApi;
import io.primesync.local.procore.SimulatorClient;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.concurrent.TimeUnit;
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

    /** One function JVM: Lambda's REPORT figures, on one runtime. */
    record Sample(String runtime, String function, String variant, double initMs, double durationMs, long maxRssMb,
            String status, double procoreMs) {
        double totalMs() {
            return initMs + durationMs;
        }
    }

    /**
     * A runtime as the bench reproduces it: a JDK; whether the function starts from an ahead-of-time cache made by a
     * training run of its own; and the layout: the managed runtime's (only the runtime's jars on the class path, the
     * function's classes loaded by the runtime's class loader from the archive unpacked in the working directory, as
     * in /var/task, the deployed jar in its lib/) or, for a container image, the function's jar on the class path
     * after the runtime's.
     */
    record Jvm(String name, Path javaHome, boolean aotCache, boolean image) {}

    record Result(List<Jvm> runtimes, List<String> functions, Map<String, String> firstEvents, List<Sample> samples,
            int runs, List<String> notes, List<Profile.Taken> profiles) {}

    /** The profiles taken of the functions {@code bench.profile} names, once per runtime and variant. */
    private final List<Profile.Taken> profiles = new ArrayList<>();

    private boolean profiled(String function) {
        return Profile.FUNCTIONS.contains(function);
    }

    /**
     * The runtimes of {@code bench.runtimes} (default {@code 17,21,25,25+aot,25+aot-image}): Java 17 is this build's JDK; 21 and 25
     * are found in {@code JAVA21_HOME} and {@code JAVA25_HOME}, or under /opt and /usr/lib/jvm. One that is not on the
     * machine is left out, and the report says so.
     */
    static List<Jvm> runtimes(List<String> notes) throws IOException {
        List<Jvm> out = new ArrayList<>();
        for (String name : System.getProperty("bench.runtimes", "17,21,25,25+aot,25+aot-image").split(",")) {
            String version = name.replaceAll("\\+.*", "").strip();
            Path home = javaHome(Integer.parseInt(version));
            if (home == null) {
                notes.add("Java " + version + " is not on this machine (no JAVA" + version + "_HOME, nothing under /opt or "
                        + "/usr/lib/jvm): its column is missing.");
                continue;
            }
            out.add(new Jvm("java" + name.strip(), home, name.contains("+aot"), name.endsWith("-image")));
        }
        return out;
    }

    private static Path javaHome(int feature) throws IOException {
        if (java.lang.Runtime.version().feature() == feature) {
            return Path.of(System.getProperty("java.home"));
        }
        String env = System.getenv("JAVA" + feature + "_HOME");
        List<Path> candidates = new ArrayList<>();
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        candidates.add(Path.of("/opt/jdk" + feature));
        for (String root : List.of("/usr/lib/jvm")) {
            if (Files.isDirectory(Path.of(root))) {
                try (var dirs = Files.list(Path.of(root))) {
                    dirs.filter(d -> d.getFileName().toString().matches(".*-" + feature + "(-|\\.).*")).sorted()
                            .forEach(candidates::add);
                }
            }
        }
        for (Path home : candidates) {
            if (Files.isRegularFile(home.resolve("release")) && Files.isExecutable(home.resolve("bin/java"))
                    && FunctionProcess.javaFeature(home) == feature) {
                return home;
            }
        }
        return null;
    }

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
        firstEvents.put("ReconcileFunction", "reconcile.json (the demo company's hourly run, after an earlier one)");
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
        List<String> notes = new ArrayList<>();
        List<Jvm> jvms = runtimes(notes);
        // the function's archive as the Makefile builds it and Lambda unpacks it into /var/task: the deployed jar in
        // lib/; the baseline's beside it, with a jar of its one class
        Path baselineClass = Path.of("io/primesync/bench/BaselineHandler.class");
        Path baselineJar = baselineJar(baselineClass);
        Path deployed = taskRoot(work.resolve("task"), jar);
        Path baseline = taskRoot(work.resolve("task-baseline"), jar, baselineJar);
        // a container image's class path: the jars themselves, after the runtime's
        Layout layout = new Layout(deployed, baseline, jar.toAbsolutePath().toString(),
                jar.toAbsolutePath() + File.pathSeparator + baselineJar);
        List<Sample> samples = new ArrayList<>();
        DemoState demo = new DemoState(setup.events());
        // where the demo's Procore hook delivers: a sink that takes every delivery, as the product's route does
        HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sink.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        sink.start();
        try (DynamoDbClient client = setup.engine().client(); LocalIdentity identity = LocalIdentity.start()) {
            First first = new First(demo, client, identity, firstEvents, timeouts,
                    "http://127.0.0.1:" + sink.getAddress().getPort() + "/webhooks/procore");
            for (Jvm jvm : jvms) {
                Map<String, Path> caches = new TreeMap<>();
                if (jvm.aotCache()) {
                    for (String variant : VARIANTS) {
                        for (String function : handlers.keySet()) {
                            Path cache = work.resolve("aot/" + jvm.name() + "/" + function + "-" + tag(variant) + ".aot");
                            Path config = Path.of(cache + ".config");
                            Files.createDirectories(cache.getParent());
                            Files.deleteIfExists(cache);
                            Files.deleteIfExists(config);
                            // the training run: the function's own first request, in the class path it will run in,
                            // recorded when the JVM ends; then the cache made from the recording
                            Path log = work.resolve(function + "-" + jvm.name() + "-" + tag(variant) + "-training.log");
                            first.run(jvm, function, handlers.get(function), variant, layout,
                                    List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + config), log, true);
                            first.create(jvm, function, variant, layout, config, cache, log);
                            caches.put(function + "/" + variant, cache);
                        }
                    }
                }
                for (int run = 0; run < runs; run++) {
                    List<String> order = new ArrayList<>(handlers.keySet());
                    Collections.rotate(order, run);
                    for (String variant : VARIANTS) {
                        for (String function : order) {
                            Path cache = caches.get(function + "/" + variant);
                            Sample sample = first.run(jvm, function, handlers.get(function), variant, layout,
                                    cache == null ? List.of() : List.of("-XX:AOTCache=" + cache, "-XX:AOTMode=on"),
                                    work.resolve(function + "-" + jvm.name() + "-" + run + "-" + tag(variant) + ".log"), false);
                            samples.add(sample);
                            System.out.printf("  cold start %-9s %-22s %-46s run %d: init %6.0f ms, first request %6.0f ms%n",
                                    jvm.name(), function, variant, run + 1, sample.initMs(), sample.durationMs());
                        }
                    }
                }
                // the profiles: one more run of each function named, apart from the measured ones
                for (String variant : VARIANTS) {
                    for (String function : handlers.keySet()) {
                        if (profiled(function)) {
                            Path cache = caches.get(function + "/" + variant);
                            String name = function + "-" + jvm.name() + "-" + tag(variant) + "-profile";
                            first.run(jvm, function, handlers.get(function), variant, layout,
                                    cache == null ? List.of() : List.of("-XX:AOTCache=" + cache, "-XX:AOTMode=on"),
                                    work.resolve(name + ".log"), false, work.resolve(name + "-classes.log"));
                        }
                    }
                }
                if (!caches.isEmpty()) {
                    List<Long> sizes = new ArrayList<>();
                    for (Path cache : caches.values()) {
                        sizes.add(Files.size(cache));
                    }
                    notes.add(String.format(Locale.ROOT, "%s: an AOT cache per function and variant, %.1f to %.1f MB.",
                            jvm.name(), Collections.min(sizes) / 1048576.0, Collections.max(sizes) / 1048576.0));
                }
            }
        } finally {
            sink.stop(0);
        }
        return new Result(jvms, new ArrayList<>(handlers.keySet()), firstEvents, samples, runs, notes, profiles);
    }

    /** The time the Procore simulator spent answering, every company's and its sign-ins. */
    private static double procoreMillis(SimulatorClient simulator) {
        return simulator.control("GET", "/_simulator/requests", null).path("millis").asDouble();
    }

    /** Where the function's code is: task roots (the managed runtime), or the class path (a container image). */
    private record Layout(Path task, Path baselineTask, String classPath, String baselineClassPath) {}

    /** The baseline handler in a jar of its own, for a container image's class path. */
    private Path baselineJar(Path baselineClass) throws IOException {
        Path jar = setup.buildDir().resolve("bench/baseline.jar");
        Files.createDirectories(jar.getParent());
        try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(baselineClass.toString()));
            out.write(Files.readAllBytes(setup.buildDir().resolve("test-classes").resolve(baselineClass)));
            out.closeEntry();
        }
        return jar;
    }

    private static List<String> concat(List<String> options, String one) {
        List<String> all = new ArrayList<>(options);
        all.add(one);
        return all;
    }

    private static String tag(String variant) {
        return variant.equals(ON_DEMAND) ? "on-demand" : "snapstart";
    }

    /** One function's first request in a fresh JVM, on a fresh table and a fresh Procore seeded with the demo. */
    private final class First {
        private final DemoState demo;
        private final DynamoDbClient client;
        private final LocalIdentity identity;
        private final Map<String, String> firstEvents;
        private final Map<String, Long> timeouts;
        private final String hookSink;

        First(DemoState demo, DynamoDbClient client, LocalIdentity identity, Map<String, String> firstEvents,
                Map<String, Long> timeouts, String hookSink) {
            this.demo = demo;
            this.client = client;
            this.identity = identity;
            this.firstEvents = firstEvents;
            this.timeouts = timeouts;
            this.hookSink = hookSink;
        }

        /** Makes the AOT cache from a training run's recording, with the flags and the class path it will run with. */
        void create(Jvm jvm, String function, String variant, Layout layout, Path config, Path cache, Path log)
                throws Exception {
            boolean base = function.equals(BASELINE);
            FunctionProcess.Spec spec = new FunctionProcess.Spec(function, "", 1024, Map.of(), variant.equals(SNAPSTART),
                    jvm.javaHome(), List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + config, "-XX:AOTCache=" + cache),
                    jvm.image() ? null : base ? layout.baselineTask() : layout.task());
            List<String> command = new ArrayList<>(FunctionProcess.java(spec));
            command.add("-cp");
            command.add(FunctionProcess.classPath(spec, base ? layout.baselineClassPath() : layout.classPath()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            if (spec.taskRoot() != null) {
                builder.directory(spec.taskRoot().toFile());
            }
            Process p = builder.start();
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.isRegularFile(cache)) {
                p.destroyForcibly();
                throw new IllegalStateException("no AOT cache made for " + function + "; see " + log);
            }
        }

        /** @param training the JVM is asked to end after the request and given the time to write what it writes at exit */
        Sample run(Jvm jvm, String function, String handler, String variant, Layout layout, List<String> options,
                Path log, boolean training) throws Exception {
            return run(jvm, function, handler, variant, layout, options, log, training, null);
        }

        /** @param classLog where the profiled JVM logs the classes it loads; null: not a profile */
        Sample run(Jvm jvm, String function, String handler, String variant, Layout layout, List<String> options,
                Path log, boolean training, Path classLog) throws Exception {
            boolean base = function.equals(BASELINE);
            Path taskRoot = jvm.image() ? null : base ? layout.baselineTask() : layout.task();
            String classPath = !jvm.image() ? null : base ? layout.baselineClassPath() : layout.classPath();
            String name = "cold-" + System.nanoTime();
            String table = setup.engine().createTable(name);
            URI procore = setup.engine().freshProcore().baseUri();
            DemoState.quietly(() -> {
                demo.seed(setup.engine().app(table, client), procore, 12);
                if (function.equals("ReconcileFunction")) {
                    demo.reconciledOnce(setup.engine().app(table, client), procore, hookSink);
                }
                // the seeding's calls are not the function's: its first request starts with the company's limits whole
                new SimulatorClient(procore).rateLimits(DemoState.COMPANY, 3600, 100_000);
            });
            Map<String, String> env = new LinkedHashMap<>(LocalSettings.WEBHOOK_SECRETS);
            env.putAll(identity.authorizerEnvironment());
            String queue = setup.engine().newQueue(name);
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
            Sample sample;
            try (OutputStream out = Files.newOutputStream(log);
                 FunctionProcess process = FunctionProcess.start(new FunctionProcess.Spec(function,
                         handler + "::handleRequest", 1024, env, variant.equals(SNAPSTART), jvm.javaHome(),
                         classLog == null ? options : concat(options, Profile.classLog(classLog)), taskRoot), classPath, out)) {
                double init = process.awaitReady(TIMEOUT_MILLIS);
                // the function's own timeout from the template is its deadline, as Lambda gives it
                long deadline = function.equals(BASELINE) ? 20_000 : timeouts.get(function);
                boolean profile = classLog != null;
                Profile before = profile ? Profile.of(jvm, process) : null;
                SimulatorClient simulator = new SimulatorClient(procore);
                double procoreBefore = procoreMillis(simulator);
                RuntimeApi.Outcome outcome = process.invoke(event, deadline);
                sample = new Sample(jvm.name(), function, variant, init, outcome.durationNanos() / 1e6,
                        process.maxMemoryUsedMb(), status(outcome), procoreMillis(simulator) - procoreBefore);
                if (before != null) {
                    profiles.add(new Profile.Taken(jvm.name(), function, variant, before, Profile.of(jvm, process),
                            init, sample.durationMs(), Profile.packagesLoaded(classLog, init, 8)));
                }
                if (training && !process.exit(120_000)) {
                    throw new IllegalStateException("the training run of " + function + " did not end; see " + log);
                }
            }
            if (!sample.status().startsWith("2") && !sample.status().equals("allow")) {
                throw new IllegalStateException(function + " answered " + sample.status() + "; see " + log);
            }
            return sample;
        }
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

    /** A task root as Lambda makes it of the function's archive: the jars in its {@code lib/}. */
    private static Path taskRoot(Path dir, Path... jars) throws IOException {
        LocalFiles.deleteTree(dir);
        Files.createDirectories(dir.resolve("lib"));
        for (Path jar : jars) {
            Files.copy(jar, dir.resolve("lib").resolve(jar.getFileName()));
        }
        return dir;
    }
}
