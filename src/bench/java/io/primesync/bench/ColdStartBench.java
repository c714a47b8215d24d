package io.primesync.bench;

import io.primesync.local.SampleEvents;
import io.primesync.local.runtime.DemoState;
import io.primesync.local.runtime.FunctionJvm;
import io.primesync.local.runtime.FunctionRunner;
import io.primesync.local.runtime.Functions;
import io.primesync.local.runtime.LocalEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Cold starts: each function of template.yaml, and the baseline, in a fresh JVM per run, constructing the handler
 * and serving its first event (see {@link FunctionRunner}); without and with the AppCDS archive of the build.
 */
final class ColdStartBench {
    static final String BASELINE = "Baseline";
    static final String JDK = "JDK CDS only";
    static final String APPCDS = "AppCDS (target/classes.jsa)";
    static final String SNAPSTART = "AppCDS + SnapStart priming (emulated)";
    static final List<String> VARIANTS = List.of(JDK, APPCDS, SNAPSTART);

    /** One function JVM: Lambda's REPORT figures. */
    record Sample(String function, String variant, double initMs, double durationMs, double jvmMs, long maxRssKb, String status) {
        double totalMs() {
            return initMs + durationMs;
        }
    }

    /** What one function JVM loaded (from -Xlog:class+load). */
    record Loaded(String function, String variant, int classes, int fromArchive, int product) {}

    record Result(List<String> functions, Map<String, String> firstEvents, List<Sample> samples, List<Loaded> loaded, int runs) {}

    private final Bench.Setup setup;

    ColdStartBench(Bench.Setup setup) {
        this.setup = setup;
    }

    Result run(int runs) throws Exception {
        FunctionJvm jvm = FunctionJvm.of(setup.buildDir(), setup.finalName()).withAppended(baselineJar());
        Path archive = setup.buildDir().resolve("classes.jsa");
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException(archive + " is missing: build without -Dcds.skip");
        }
        Map<String, List<String>> variants = new LinkedHashMap<>();
        variants.put(JDK, List.of("-Xshare:auto"));
        variants.put(APPCDS, List.of("-Xshare:auto", "-XX:SharedArchiveFile=" + archive.toAbsolutePath()));
        variants.put(SNAPSTART, List.of("-Xshare:auto", "-XX:SharedArchiveFile=" + archive.toAbsolutePath(),
                "-Dorg.crac.Core.Compat=io.primesync.local.runtime.crac", "-Drunner.snapstart=true"));

        Map<String, String> handlers = new LinkedHashMap<>();
        Map<String, String> firstEvents = new LinkedHashMap<>();
        for (Functions.Function f : Functions.of(setup.template(), setup.events())) {
            handlers.put(f.logicalId(), f.handlerClass());
        }
        firstEvents.put("AuthorizerFunction", "authorizer.json");
        firstEvents.put("ListContractsFunction", "list-synced.json");
        firstEvents.put("EligibilityFunction", "reimport-eligibility.json");
        firstEvents.put("SyncFunction", "reimport.json");
        firstEvents.put("WebhookFunction", "upsert-PC-24017-v3.json (6 lines, after the sample's v2)");
        for (String id : handlers.keySet()) {
            if (!firstEvents.containsKey(id)) {
                throw new IllegalStateException("no first event chosen for " + id);
            }
        }
        handlers.put(BASELINE, BaselineHandler.class.getName());
        firstEvents.put(BASELINE, "list-synced.json (one GetItem)");

        Path work = setup.buildDir().resolve("bench/cold");
        Files.createDirectories(work);
        List<Sample> samples = new ArrayList<>();
        List<Loaded> loaded = new ArrayList<>();
        DemoState demo = new DemoState(setup.events());
        LocalEngine engine = setup.engine();
        try (DynamoDbClient client = engine.client()) {
            // run "runs" is the extra run that counts loaded classes (its logging makes it slower, so it is not timed)
            for (int run = 0; run <= runs; run++) {
                boolean counting = run == runs;
                Path events = work.resolve("events");
                prepareEvents(demo, events);
                List<String> order = new ArrayList<>(handlers.keySet());
                java.util.Collections.rotate(order, run);
                for (Map.Entry<String, List<String>> variant : variants.entrySet()) {
                    for (String function : order) {
                        String table = engine.createTable("cold-" + run + "-" + (samples.size() + loaded.size()));
                        DemoState.quietly(() -> demo.seed(engine.app(table, client), 12));
                        String eventFile = firstEvents.get(function).split(" ")[0];
                        Path log = work.resolve(function + "-" + run + "-" + (variant.getKey().equals(JDK) ? "jdk"
                                : variant.getKey().equals(APPCDS) ? "appcds" : "snapstart") + ".log");
                        Path classLog = work.resolve(log.getFileName() + ".classes");
                        List<String> flags = new ArrayList<>(variant.getValue());
                        if (counting) {
                            flags.add("-Xlog:class+load=info:file=" + classLog.toAbsolutePath());
                        }
                        Process p = jvm.start(flags, List.of(handlers.get(function), events.resolve(eventFile).toString()),
                                FunctionJvm.environment(engine.endpoint(), table), log);
                        if (!p.waitFor(120, TimeUnit.SECONDS)) {
                            p.destroyForcibly();
                            throw new IllegalStateException(function + " did not finish; see " + log);
                        }
                        Sample sample = parse(function, variant.getKey(), log);
                        if (!sample.status().startsWith("2") && !sample.status().equals("allow")) {
                            throw new IllegalStateException(function + " answered " + sample.status() + "; see " + log);
                        }
                        if (counting) {
                            loaded.add(count(function, variant.getKey(), classLog));
                        } else {
                            samples.add(sample);
                        }
                        System.out.printf("  cold start %-22s %-28s run %d: init %6.0f ms, first request %6.0f ms%n",
                                function, variant.getKey(), run + 1, sample.initMs(), sample.durationMs());
                    }
                }
            }
        }
        List<String> functions = new ArrayList<>(handlers.keySet());
        return new Result(functions, firstEvents, samples, loaded, runs);
    }

    /** The samples, webhooks signed now, and the webhook function's first event: a new version of the demo contract. */
    private void prepareEvents(DemoState demo, Path events) throws IOException {
        Files.createDirectories(events);
        try (var files = Files.list(setup.events())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith("webhook-")) {
                    demo.writeResigned(name, events.resolve(name));
                } else {
                    Files.copy(file, events.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        demo.writeSnapshot(events.resolve("upsert-PC-24017-v3.json"), SampleEvents.COMPANY, SampleEvents.CONTRACT,
                SampleEvents.JOB, 3, DemoState.lines(6, 1));
    }

    private static Sample parse(String function, String variant, Path log) throws IOException {
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith(FunctionRunner.REPORT)) {
                Map<String, String> f = new LinkedHashMap<>();
                for (String part : line.substring(FunctionRunner.REPORT.length()).trim().split(" ")) {
                    int eq = part.indexOf('=');
                    f.put(part.substring(0, eq), part.substring(eq + 1));
                }
                return new Sample(function, variant, Long.parseLong(f.get("init_ns")) / 1e6,
                        Long.parseLong(f.get("duration_ns")) / 1e6, Long.parseLong(f.get("jvm_ns")) / 1e6,
                        Long.parseLong(f.get("maxrss_kb")), f.get("status"));
            }
        }
        throw new IllegalStateException("no report from " + function + "; see " + log);
    }

    private static Loaded count(String function, String variant, Path classLog) throws IOException {
        int classes = 0;
        int shared = 0;
        int product = 0;
        for (String line : Files.readAllLines(classLog)) {
            int source = line.indexOf(" source: ");
            if (source < 0) {
                continue;
            }
            classes++;
            if (line.contains("shared objects file")) {
                shared++;
            }
            String name = line.substring(line.indexOf("] ", line.indexOf("class,load")) + 2, source);
            if (name.startsWith("io.primesync.") && !name.startsWith("io.primesync.local.") && !name.startsWith("io.primesync.bench.")) {
                product++;
            }
        }
        return new Loaded(function, variant, classes, shared, product);
    }

    /** The baseline handler alone in a jar of its own, appended to the function class path. */
    private Path baselineJar() throws IOException {
        Path jar = setup.buildDir().resolve("bench/baseline.jar");
        Files.createDirectories(jar.getParent());
        Path classes = setup.buildDir().resolve("test-classes");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("io/primesync/bench/BaselineHandler.class")) {
                out.putNextEntry(new java.util.jar.JarEntry(name));
                out.write(Files.readAllBytes(classes.resolve(name)));
                out.closeEntry();
            }
        }
        return jar;
    }
}
