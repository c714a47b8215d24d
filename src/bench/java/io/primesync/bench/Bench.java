package io.primesync.bench;

import io.primesync.local.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmarks of BENCHMARKS.md: {@code mvn -B package -Pbench}. Figures, never assertions: nothing
 * here fails because something is slow; it fails only when a function answers wrongly.
 *
 * <p>System properties: {@code bench.sections} (comma-separated, of cold, warm, cost, sync, reconcile, agent, artifact; default
 * all),
 * {@code bench.runs} (cold-start runs per function and variant, default 5), {@code bench.requests} (warm requests
 * per route, default 1000), {@code bench.write} (false: do not rewrite BENCHMARKS.md and its chart).
 */
public final class Bench {
    /** What every section shares: the build, the template and samples, one local engine. */
    record Setup(Path buildDir, String finalName, Path projectDir, Template template, Path events, LocalEngine engine) {}

    private Bench() {}

    public static void main(String[] args) throws Exception {
        Path buildDir = Path.of(args[0]);
        String finalName = args[1];
        Path projectDir = Path.of(args[2]);
        Set<String> sections = Set.of(System.getProperty("bench.sections", "cold,warm,cost,sync,reconcile,agent,artifact").split(","));
        int runs = Integer.getInteger("bench.runs", 5);
        int requests = Integer.getInteger("bench.requests", 1000);
        Template template = Template.load(projectDir.resolve("template.yaml"));
        Report report = new Report(projectDir, buildDir, Instant.now());
        try (LocalEngine engine = new LocalEngine(buildDir, template)) {
            Setup setup = new Setup(buildDir, finalName, projectDir, template, projectDir.resolve("events"), engine);
            ColdStartBench.Result cold = null;
            if (sections.contains("cold")) {
                System.out.println("Cold starts (" + runs + " runs per function and variant)...");
                cold = new ColdStartBench(setup).run(runs);
                report.coldStart(cold);
            }
            if (sections.contains("warm")) {
                System.out.println("Warm latency (" + requests + " requests per route)...");
                report.warm(new WarmBench(setup).run(requests), requests);
            }
            if (sections.contains("cost")) {
                System.out.println("DynamoDB cost per operation...");
                report.cost(new CostBench(setup).run(List.of(10, 1000, 5000)));
            }
            if (sections.contains("sync")) {
                System.out.println("Writing to Procore...");
                report.sync(new SyncBench(setup).run(List.of(10, 1000, 5000)));
            }
            if (sections.contains("reconcile")) {
                System.out.println("The reconciliation's share of Procore's budget...");
                report.reconcile(new ReconcileBench().run(List.of(10, 100, 1000)));
            }
            if (sections.contains("agent")) {
                System.out.println("The Spectrum agent's poll...");
                report.agent(new AgentBench(setup).run());
            }
            if (sections.contains("artifact")) {
                report.artifact(buildDir.resolve(finalName + "-lambda.jar"));
            }
        }
        Path figures = report.write(!"false".equals(System.getProperty("bench.write")));
        System.out.println("Figures written to " + figures);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The nearest-rank percentile. */
    static double percentile(List<Double> values, double p) {
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static void ensureDir(Path dir) throws IOException {
        Files.createDirectories(dir);
    }
}
