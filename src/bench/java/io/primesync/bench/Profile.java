package io.primesync.bench;

import io.primesync.local.lambda.FunctionProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Where a function JVM's time went, read from the outside so that reading it changes nothing in it: the HotSpot
 * performance counters of its {@code hsperfdata} file (through {@code jstat -snap}, which maps the file and does not
 * attach) and its CPU time from {@code /proc}. Taken when the function is ready for its first request and again after
 * it: classes loaded (and how many came from the CDS or AOT archive), the time spent loading, linking, verifying and
 * initialising classes, the JIT compilers' time, the collector's, the process's CPU time and its main thread's (where
 * the runtime runs the handler) against the wall time: what the main thread did not run, it waited for (the network,
 * the disk, the collector, a lock). With it, the JVM's class loading log gives the packages of the classes the first
 * request loaded. {@code bench.profile} names the functions to profile: each is run once more per runtime and variant
 * for it, apart from the measured runs (the log costs time).
 */
record Profile(Map<String, Long> counters, long cpuMillis, long mainCpuMillis) {
    /** The functions {@code bench.profile} names (comma-separated logical ids; none by default). */
    static final Set<String> FUNCTIONS = Set.of(System.getProperty("bench.profile", "").split(","));

    /**
     * A function's two readings, its REPORT figures, and the packages of the classes its first request loaded (most
     * first), from the JVM's class loading log.
     */
    record Taken(String runtime, String function, String variant, Profile ready, Profile answered, double initMs,
            double durationMs, Map<String, Integer> firstRequestPackages) {}

    /** The option that makes a JVM log each class it loads with its time since start, to {@code log}. */
    static String classLog(Path log) {
        return "-Xlog:class+load=info:file=" + log + ":uptimemillis";
    }

    /**
     * The packages of the classes a JVM's class loading log shows loaded from {@code fromMillis} after its start, with
     * how many of each, most first (the first {@code top}).
     */
    static Map<String, Integer> packagesLoaded(Path log, double fromMillis, int top) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        for (String line : Files.readAllLines(log)) {
            // [1234ms] java.lang.Object source: shared objects file
            int close = line.indexOf("ms]");
            if (!line.startsWith("[") || close < 0) {
                continue;
            }
            long at = Long.parseLong(line.substring(1, close));
            String rest = line.substring(close + 3).strip();
            int space = rest.indexOf(' ');
            String type = space < 0 ? rest : rest.substring(0, space);
            if (at < fromMillis || !type.contains(".")) {
                continue;
            }
            counts.merge(type.substring(0, type.lastIndexOf('.')), 1, Integer::sum);
        }
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(top)
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    static Profile of(ColdStartBench.Jvm jvm, FunctionProcess process) throws IOException, InterruptedException {
        Process jstat = new ProcessBuilder(jvm.javaHome().resolve("bin/jstat").toString(),
                "-J-Djstat.showUnsupported=true", "-snap", Long.toString(process.pid())).redirectErrorStream(true).start();
        String out = new String(jstat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jstat.waitFor(30, TimeUnit.SECONDS) || jstat.exitValue() != 0) {
            throw new IOException("jstat could not read the function's counters: " + out);
        }
        Map<String, Long> counters = new TreeMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                try {
                    counters.put(line.substring(0, eq).strip(), Long.parseLong(line.substring(eq + 1).strip()));
                } catch (NumberFormatException notANumber) {
                    // a string counter
                }
            }
        }
        Path proc = Path.of("/proc", Long.toString(process.pid()));
        long main = 0;
        try (var tasks = Files.list(proc.resolve("task"))) {
            for (Path task : tasks.toList()) {
                // the runtime interface client runs the handler on the JVM's main thread, named for the launcher
                // like the launcher's own first thread, which only waits for it
                if (Files.readString(task.resolve("comm")).strip().equals("java")) {
                    main = Math.max(main, cpuMillis(task.resolve("stat")));
                }
            }
        }
        return new Profile(counters, cpuMillis(proc.resolve("stat")), main);
    }

    /** utime and stime of a {@code /proc} stat file, fields 14 and 15, in clock ticks of 10 ms. */
    private static long cpuMillis(Path stat) throws IOException {
        String text = Files.readString(stat);
        String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    long count(String name) {
        return counters.getOrDefault(name, 0L);
    }

    /** A time counter in milliseconds. */
    double millis(String name) {
        long frequency = counters.getOrDefault("sun.os.hrt.frequency", 1_000_000_000L);
        return count(name) * 1000.0 / frequency;
    }

    /** The rows of one phase: what changed from {@code from} (null: from the JVM's start) to {@code to}. */
    static List<String> row(String phase, Profile from, Profile to, double wallMs) {
        long classes = to.count("java.cls.loadedClasses") - (from == null ? 0 : from.count("java.cls.loadedClasses"));
        long shared = to.count("java.cls.sharedLoadedClasses") - (from == null ? 0 : from.count("java.cls.sharedLoadedClasses"));
        double loading = to.millis("sun.cls.time") - (from == null ? 0 : from.millis("sun.cls.time"));
        double init = to.millis("sun.cls.classInitTime") - (from == null ? 0 : from.millis("sun.cls.classInitTime"));
        double verify = to.millis("sun.cls.classVerifyTime") - (from == null ? 0 : from.millis("sun.cls.classVerifyTime"));
        double jit = to.millis("java.ci.totalTime") - (from == null ? 0 : from.millis("java.ci.totalTime"));
        double gc = to.millis("sun.gc.collector.0.time") + to.millis("sun.gc.collector.1.time")
                - (from == null ? 0 : from.millis("sun.gc.collector.0.time") + from.millis("sun.gc.collector.1.time"));
        long cpu = to.cpuMillis() - (from == null ? 0 : from.cpuMillis());
        long main = to.mainCpuMillis() - (from == null ? 0 : from.mainCpuMillis());
        return List.of(phase, String.format(Locale.ROOT, "%,d (%,d archived)", classes, shared),
                String.format(Locale.ROOT, "%.0f ms (init %.0f, verify %.0f)", loading, init, verify),
                String.format(Locale.ROOT, "%.0f ms", jit), String.format(Locale.ROOT, "%.0f ms", gc),
                String.format(Locale.ROOT, "%,d ms (main thread %,d)", cpu, main),
                String.format(Locale.ROOT, "%.0f ms", wallMs),
                String.format(Locale.ROOT, "%.0f ms", Math.max(0, wallMs - main)));
    }
}
