package io.primesync.bench;

import io.primesync.local.lambda.FunctionProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Where a function JVM's time went, read from the outside so that reading it changes nothing in it: the HotSpot
 * performance counters of its {@code hsperfdata} file (through {@code jstat -snap}, which maps the file and does not
 * attach) and its CPU time from {@code /proc}. Taken when the function is ready for its first request and again after
 * it: classes loaded (and how many came from the CDS or AOT archive), the time spent loading, linking, verifying and
 * initialising classes, the JIT compilers' time, the collector's, and the process's CPU time against the wall time (the
 * rest is waiting: the network, the disk, a lock). {@code bench.profile} names the functions to profile.
 */
record Profile(Map<String, Long> counters, long cpuMillis) {
    /** The functions {@code bench.profile} names (comma-separated logical ids; none by default). */
    static final Set<String> FUNCTIONS = Set.of(System.getProperty("bench.profile", "").split(","));

    /** A function's two readings, and its REPORT figures. */
    record Taken(String runtime, String function, String variant, Profile ready, Profile answered, double initMs,
            double durationMs) {}

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
        // /proc/<pid>/stat: utime and stime, fields 14 and 15, in clock ticks (100 a second on Linux)
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return new Profile(counters, ticks * 10);
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
        return List.of(phase, String.format(java.util.Locale.ROOT, "%,d (%,d archived)", classes, shared),
                String.format(java.util.Locale.ROOT, "%.0f ms (init %.0f, verify %.0f)", loading, init, verify),
                String.format(java.util.Locale.ROOT, "%.0f ms", jit), String.format(java.util.Locale.ROOT, "%.0f ms", gc),
                String.format(java.util.Locale.ROOT, "%,d ms", cpu), String.format(java.util.Locale.ROOT, "%.0f ms", wallMs),
                String.format(java.util.Locale.ROOT, "%.0f ms", Math.max(0, wallMs - cpu)));
    }
}
