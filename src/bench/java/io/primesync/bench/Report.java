package io.primesync.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.jar.JarFile;
import javax.imageio.ImageIO;

/**
 * Writes the figures as Markdown (target/bench/figures.md, and the generated part of BENCHMARKS.md between its
 * markers) and the cold-start chart (BENCHMARKS-cold-start.png), with every target's verdict computed from the
 * figures themselves.
 */
final class Report {
    static final String START = "<!-- figures:start (written by the bench; edit the text around it, not this) -->";
    static final String END = "<!-- figures:end -->";

    private final Path projectDir;
    private final Path buildDir;
    private final Instant at;
    private final StringBuilder md = new StringBuilder();
    private ColdStartBench.Result cold;

    Report(Path projectDir, Path buildDir, Instant at) {
        this.projectDir = projectDir;
        this.buildDir = buildDir;
        this.at = at;
        md.append("Measured ").append(at.toString(), 0, 16).append("Z on ").append(machine()).append(", commit ")
                .append(commit()).append(".\n\n");
    }

    void coldStart(ColdStartBench.Result result) {
        this.cold = result;
        md.append("### Cold start (").append(result.runs()).append(" fresh JVMs per function, variant and runtime, medians)\n\n");
        for (ColdStartBench.Jvm jvm : result.runtimes()) {
            String rt = jvm.name();
            md.append("#### ").append(rt).append(jvm.aotCache() ? " (with an AOT cache of its own training run)" : "")
                    .append(" — ").append(jvm.javaHome()).append("\n\n");
            md.append("| function | first event | variant | Init Duration | Duration (first request) | of which Procore's own time | Init + Duration | vs baseline | Max Memory Used | vs baseline |\n");
            md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (String variant : ColdStartBench.VARIANTS) {
                boolean snap = variant.equals(ColdStartBench.SNAPSTART);
                double base = median(result, rt, ColdStartBench.BASELINE, variant, snap ? ColdStartBench.Sample::durationMs : ColdStartBench.Sample::totalMs);
                double baseRss = median(result, rt, ColdStartBench.BASELINE, variant, s -> (double) s.maxRssMb());
                for (String f : result.functions()) {
                    double init = median(result, rt, f, variant, ColdStartBench.Sample::initMs);
                    double duration = median(result, rt, f, variant, ColdStartBench.Sample::durationMs);
                    double total = median(result, rt, f, variant, ColdStartBench.Sample::totalMs);
                    double rss = median(result, rt, f, variant, s -> (double) s.maxRssMb());
                    double procore = median(result, rt, f, variant, ColdStartBench.Sample::procoreMs);
                    double mine = snap ? duration : total;
                    md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.0f ms | %.0f ms | %s | %.0f ms | %s | %.0f MB | %.2f |%n",
                            bold(f), result.firstEvents().get(f), variant, init, duration,
                            procore < 0.5 ? "–" : String.format(Locale.ROOT, "%.0f ms", procore), total,
                            f.equals(ColdStartBench.BASELINE) ? "1.00" : String.format(Locale.ROOT, "%.2f", mine / base), rss,
                            rss / baseRss));
                }
            }
            md.append('\n');
        }
        md.append("The ratio is Init + Duration of the function over the baseline's, same runtime, same variant, same runs; for "
                + "the SnapStart variant it is the first request's Duration alone (Init happens when the version is published, "
                + "and the restore itself cannot be measured here). *Procore's own time* is what the Procore simulator spent "
                + "answering the first request's calls (on loopback; a real Procore's answers take longer): it is inside the "
                + "Duration and not the function's. Every run of every function answered its event successfully (2xx, or "
                + "Allow for the authorizer).\n\n");
        md.append("#### Side by side (medians; on demand: Init + first request; SnapStart: the first request)\n\n");
        md.append("| function | variant |");
        result.runtimes().forEach(j -> md.append(' ').append(j.name()).append(" |"));
        md.append("\n|---|---|");
        result.runtimes().forEach(j -> md.append("---:|"));
        md.append('\n');
        for (String variant : ColdStartBench.VARIANTS) {
            boolean snap = variant.equals(ColdStartBench.SNAPSTART);
            ToDoubleFunction<ColdStartBench.Sample> value = snap ? ColdStartBench.Sample::durationMs : ColdStartBench.Sample::totalMs;
            for (String f : result.functions()) {
                md.append("| ").append(bold(f)).append(" | ").append(variant).append(" |");
                for (ColdStartBench.Jvm j : result.runtimes()) {
                    double mine = median(result, j.name(), f, variant, value);
                    double base = median(result, j.name(), ColdStartBench.BASELINE, variant, value);
                    md.append(String.format(Locale.ROOT, " %.0f ms (%.2f×) |", mine, mine / base));
                }
                md.append('\n');
            }
        }
        md.append('\n');
        md.append("**Targets: every function's first request at or below the baseline's time; Max Memory Used at most 1.2× the "
                + "baseline's.**\n\n");
        for (ColdStartBench.Jvm j : result.runtimes()) {
            for (String variant : ColdStartBench.VARIANTS) {
                boolean snap = variant.equals(ColdStartBench.SNAPSTART);
                ToDoubleFunction<ColdStartBench.Sample> value = snap ? ColdStartBench.Sample::durationMs : ColdStartBench.Sample::totalMs;
                double base = median(result, j.name(), ColdStartBench.BASELINE, variant, value);
                double baseRss = median(result, j.name(), ColdStartBench.BASELINE, variant, s -> (double) s.maxRssMb());
                List<String> over = new ArrayList<>();
                List<String> heavy = new ArrayList<>();
                for (String f : result.functions()) {
                    double mine = median(result, j.name(), f, variant, value);
                    if (!f.equals(ColdStartBench.BASELINE) && mine > base) {
                        over.add(String.format(Locale.ROOT, "%s (%.2f×)", f, mine / base));
                    }
                    double rss = median(result, j.name(), f, variant, s -> (double) s.maxRssMb());
                    if (!f.equals(ColdStartBench.BASELINE) && rss > 1.2 * baseRss) {
                        heavy.add(String.format(Locale.ROOT, "%s (%.2f×)", f, rss / baseRss));
                    }
                }
                md.append("- ").append(j.name()).append(", ").append(variant)
                        .append(snap ? " (first request after the hooks)" : " (Init + first request)").append(": time ")
                        .append(over.isEmpty() ? "**met** by every function" : "**not met** by " + String.join(", ", over))
                        .append("; memory ").append(heavy.isEmpty() ? "**met**" : "**not met** by " + String.join(", ", heavy))
                        .append(".\n");
            }
        }
        result.notes().forEach(n -> md.append("- ").append(n).append('\n'));
        md.append('\n');
        if (!result.profiles().isEmpty()) {
            md.append("#### Profiles (`-Dbench.profile`)\n\n");
            md.append("One more run of each function named, per runtime and variant, apart from the measured ones (it logs "
                    + "every class it loads). Read from the function JVM's performance counters (`jstat -snap`, which does "
                    + "not attach) and its CPU time (`/proc`), when it was ready and after its first request. CPU is the "
                    + "whole process's (the JIT compilers and the collector run beside the handler); the handler runs on "
                    + "the main thread, and what that thread did not run of the wall time it waited for: DynamoDB, "
                    + "Procore, SQS on loopback, the collector, a lock.\n\n");
            md.append("| runtime | function | variant | phase | classes loaded | class loading | JIT | GC | CPU | wall | main thread waiting |\n");
            md.append("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Profile.Taken t : result.profiles()) {
                for (List<String> row : List.of(Profile.row("init", null, t.ready(), t.initMs()),
                        Profile.row("first request", t.ready(), t.answered(), t.durationMs()))) {
                    md.append("| ").append(t.runtime()).append(" | ").append(t.function()).append(" | ").append(t.variant())
                            .append(" | ").append(String.join(" | ", row)).append(" |\n");
                }
            }
            md.append("\nThe packages of the classes each first request loaded, most first:\n\n");
            for (Profile.Taken t : result.profiles()) {
                md.append("- ").append(t.runtime()).append(", ").append(t.function()).append(", ").append(t.variant())
                        .append(": ");
                List<String> parts = new ArrayList<>();
                t.firstRequestPackages().forEach((pkg, n) -> parts.add("`" + pkg + "` " + n));
                md.append(parts.isEmpty() ? "none" : String.join(", ", parts)).append('\n');
            }
            md.append('\n');
        }
    }

    private static double median(ColdStartBench.Result r, String runtime, String f, String variant,
            ToDoubleFunction<ColdStartBench.Sample> value) {
        List<Double> values = new ArrayList<>();
        for (ColdStartBench.Sample s : r.samples()) {
            if (s.runtime().equals(runtime) && s.function().equals(f) && s.variant().equals(variant)) {
                values.add(value.applyAsDouble(s));
            }
        }
        return Bench.median(values);
    }

    void warm(List<WarmBench.Timed> routes, int requests) {
        md.append("### Warm latency (").append(requests).append(" requests per route after 100 unmeasured, through the local server: HTTP on loopback, its API Gateway emulation, the real handlers, the local engine)\n\n");
        md.append("| route | answer | p50 | p99 | max |\n|---|---|---:|---:|---:|\n");
        for (WarmBench.Timed r : routes) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.2f ms | %.2f ms | %.2f ms |%n", r.name(), r.expected(),
                    Bench.percentile(r.millis(), 50), Bench.percentile(r.millis(), 99),
                    r.millis().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN)));
        }
        md.append('\n');
    }

    void cost(List<CostBench.Row> rows) {
        md.append("### DynamoDB cost per operation\n\n");
        md.append("Capacity as dynalite reports it in `ConsumedCapacity` (it computes DynamoDB's rule: item size = attribute "
                + "names + values, 1 WCU per started KB written, 1 RCU per started 4 KB read strongly consistently; it does "
                + "not add index writes, see the notes below). Ideal = the line items' own field bytes (no names, no framing) "
                + "plus the head, in the same units.\n\n");
        md.append("| lines | operation | requests | of which | RCU | ideal RCU | WCU | ideal WCU (copy N lines) | WCU floor (move a pointer) |\n");
        md.append("|---:|---|---:|---|---:|---:|---:|---:|---:|\n");
        for (CostBench.Row r : rows) {
            boolean pointer = r.operation().startsWith("re-import: the request") || r.operation().startsWith("import: the request");
            md.append(String.format(Locale.ROOT, "| %,d | %s | %d | %s | %s | %s | %s | %s | %s |%n", r.lines(), r.operation(),
                    r.requests(), r.breakdown(), num(r.rcu()), num(r.idealRcu()), num(r.wcu()), num(r.idealWcu()),
                    pointer ? num(r.minimumWcu()) : "–"));
        }
        md.append("\n**Targets**\n\n");
        for (CostBench.Row r : rows) {
            if (r.operation().startsWith("re-import: the request")) {
                boolean requestsOk = r.requests() <= r.requestLimit();
                boolean wcuOk = r.wcu() <= 1.1 * r.idealWcu();
                md.append(String.format(Locale.ROOT, "- re-import request of %,d lines: %d requests (limit ceil(N/25)+10 = %d) — %s; "
                        + "%s WCU = %.2f × the copy ideal of %s (limit 1.1×) — %s.%n", r.lines(), r.requests(), r.requestLimit(),
                        requestsOk ? "**met**" : "**not met**", num(r.wcu()), r.wcu() / r.idealWcu(), num(r.idealWcu()),
                        wcuOk ? "**met**" : "**not met**"));
            } else if (r.operation().startsWith("eligibility") && r.lines() <= 1000) {
                md.append(String.format(Locale.ROOT, "- eligibility of %,d lines: %d requests (limit 2) — %s.%n", r.lines(),
                        r.requests(), r.requests() <= 2 ? "**met**" : "**not met**"));
            } else if (r.operation().startsWith("list")) {
                md.append(String.format(Locale.ROOT, "- list page (beside the %,d-line contract): %d requests (limit 2) — %s.%n",
                        r.lines(), r.requests(), r.requests() <= 2 ? "**met**" : "**not met**"));
            }
        }
        md.append('\n');
    }

    void sync(List<SyncBench.Row> rows) {
        md.append("### Writing to Procore\n\n");
        md.append("Each import and re-import goes through the handlers: the request (202), then the worker from the queue "
                + "until the sync is applied, against the Procore simulator (`per_page` 1,000, sync batches of 1,000, "
                + "limits no run reaches). Procore requests are the simulator's own count, the token included. Ideal = one "
                + "token + the list pages that must be read + ceil(changed / 1,000) sync calls + one delete per removed "
                + "line + the status changes Procore's lock on a schedule of values needs (an import's approval once its "
                + "lines are written in Draft; a re-import's two: the approved contract to Draft and back). Wall time is "
                + "from the request to the sync applied, on this machine with every engine local.\n\n");
        md.append("| lines | operation | line writes | Procore requests | ideal | 429s | wall time | DynamoDB requests | SQS requests | Procore calls |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (SyncBench.Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %,d | %s | %,d | %d | %d | %d | %.0f ms | %d | %d | %s |%n", r.lines(),
                    r.operation(), r.writes(), r.procoreRequests(), r.ideal(), r.throttled(), r.millis(), r.dynamoRequests(),
                    r.sqsRequests(), r.procoreBreakdown()));
        }
        md.append("\n**Targets**\n\n");
        for (SyncBench.Row r : rows) {
            boolean ok = r.procoreRequests() <= r.ideal() + 3 && r.throttled() == 0;
            md.append(String.format(Locale.ROOT, "- %s of %,d lines: %d Procore requests (ideal %d, limit ideal + 3), %d"
                    + " answered 429 — %s.%n", r.operation(), r.lines(), r.procoreRequests(), r.ideal(), r.throttled(),
                    ok ? "**met**" : "**not met**"));
        }
        md.append('\n');
    }

    void reconcile(List<ReconcileBench.Row> rows) {
        md.append("### The reconciliation's share of Procore's budget\n\n");
        md.append("Companies of 10, 100 and 1,000 projects, each with one imported contract of 3 lines and the product's "
                + "hook, in the Procore simulator at Procore's documented example limits (" + ReconcileBench.HOURLY
                + " an hour, " + ReconcileBench.SPIKE + " in 10 seconds), on a clock that a wait moves on, so an hour "
                + "passes in no time. Requests are the simulator's own count of the company's calls, sign-ins included. "
                + "*Whole pass*: every project, prime contract list, change order list and line item list read at once, "
                + "what each hourly run cost before it read incrementally (counted with the limits lifted: a large company's does not "
                + "fit in an hour). *First pass*: the scheduled runs (default "
                + "settings: a full pass every 24 hours, a run spends at most half of what is left of the hour) that "
                + "carry the first full pass, one hour apart. *Quiet hour*: the next hourly run, nothing changed. "
                + "*After " + ReconcileBench.CHANGES + " changes*: " + ReconcileBench.CHANGES + " change orders approved "
                + "in Procore whose deliveries Procore discarded, then the next hourly run; *found* is how many the "
                + "product shows. The store is the in-memory one: its calls are not what is measured here.\n\n");
        md.append("| projects | whole pass | first pass (runs: requests each) | quiet hour | after " + ReconcileBench.CHANGES
                + " changes | found | 429s |\n");
        md.append("|---:|---:|---|---:|---:|---:|---:|\n");
        for (ReconcileBench.Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %,d | %,d | %d: %s | %d | %d | %d | %d |%n", r.projects(), r.wholePass(),
                    r.firstPassRuns().size(), r.firstPassRuns().toString().replaceAll("[\\[\\]]", ""), r.quietRun(),
                    r.changedRun(), r.changedFound(), r.throttled()));
        }
        md.append('\n');
    }

    void agent(List<AgentBench.Row> rows) {
        md.append("### The Spectrum agent's poll\n\n");
        md.append("The agent's own jar (`target/primesync-agent.jar`, `--once`) in its own JVM with `-Xmx" + AgentBench.HEAP_MB
                + "m -XX:+UseSerialGC`, reading the local Spectrum's database (H2 in its SQL Server mode) over the network "
                + "through H2's TCP server, and delivering every event to a stand-in of the product's webhook that "
                + "answers 200 at once: the agent's own time and memory, not the product's. Each round is a fresh "
                + "process that starts from the state the last one saved, reads every contract twice (the two agreeing "
                + "reads), writes what changed to its spool (each event forced to disk) and sends it. Contracts of 1 to "
                + "299 lines, the first one of 500. Peak RSS is the process's `VmHWM` (the JVM's own "
                + "memory included); the heap after a collection is the largest the JVM's gc log shows: what the "
                + "round held live, which is what must follow the largest contract, not the company.\n\n");
        md.append("| company | lines | largest contract | round | wall time | contracts read | deliveries sent | heap after a collection (largest) | peak RSS |\n");
        md.append("|---|---:|---:|---|---:|---:|---:|---:|---:|\n");
        for (AgentBench.Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %,d | %d | %s | %s | %,d | %,d | %,d kB | %,d kB |%n",
                    r.company(), r.lines(), r.largest(), r.round(), r.completed()
                            ? String.format(Locale.ROOT, "%,d ms", r.millis()) : "did not complete", r.read(), r.sent(),
                    r.liveHeapKb(), r.peakRssKb()));
        }
        md.append('\n');
    }

    void artifact(Path jar) throws IOException {
        md.append("### Artifact\n\n");
        int classes;
        try (JarFile j = new JarFile(jar.toFile())) {
            classes = (int) j.stream().filter(e -> e.getName().endsWith(".class")).count();
        }
        md.append(String.format(Locale.ROOT, "- Deployed jar `%s`: %.2f MB (%,d bytes), %,d classes.%n", jar.getFileName(),
                Files.size(jar) / 1048576.0, Files.size(jar), classes));
        md.append('\n');
    }

    Path write(boolean toRepository) throws IOException {
        Path dir = buildDir.resolve("bench");
        Files.createDirectories(dir);
        Path figures = dir.resolve("figures.md");
        Files.writeString(figures, md.toString());
        Path png = toRepository ? projectDir.resolve("BENCHMARKS-cold-start.png") : dir.resolve("BENCHMARKS-cold-start.png");
        if (cold != null) {
            chart(png);
        }
        if (toRepository) {
            Path doc = projectDir.resolve("BENCHMARKS.md");
            String text = Files.exists(doc) ? Files.readString(doc) : "# Benchmarks\n\n" + START + "\n" + END + "\n";
            int s = text.indexOf(START);
            int e = text.indexOf(END);
            if (s < 0 || e < s) {
                text = text + "\n" + START + "\n" + END + "\n";
                s = text.indexOf(START);
                e = text.indexOf(END);
            }
            String previous = text.substring(s + START.length(), e);
            String merged = merge(previous, md.toString());
            Files.writeString(doc, text.substring(0, s + START.length()) + "\n\n" + merged + text.substring(e));
        }
        return figures;
    }

    /**
     * The document's figures after a run: the run's sections, and each section of the document the run did not make
     * (a run of some sections keeps the others' figures), in the document's order, new ones at the end.
     */
    static String merge(String previous, String fresh) {
        Map<String, String> old = sections(previous);
        Map<String, String> made = sections(fresh);
        int first = fresh.indexOf("### ");
        String stamp = (first < 0 ? fresh : fresh.substring(0, first)).strip();
        boolean keepsSome = old.keySet().stream().anyMatch(k -> !made.containsKey(k));
        int oldFirst = previous.indexOf("### ");
        // a run of some sections: the document's stamp stays, and each section of this run says when it was measured
        StringBuilder out = new StringBuilder(keepsSome && oldFirst >= 0 ? previous.substring(0, oldFirst)
                : first < 0 ? fresh : fresh.substring(0, first));
        java.util.function.UnaryOperator<String> stamped = text -> {
            if (!keepsSome) {
                return text;
            }
            int eol = text.indexOf('\n');
            return text.substring(0, eol + 1) + "\n_" + stamp + "_\n" + text.substring(eol + 1);
        };
        for (Map.Entry<String, String> e : old.entrySet()) {
            String mine = made.get(e.getKey());
            out.append(mine != null ? stamped.apply(mine) : e.getValue());
        }
        made.forEach((key, text) -> {
            if (!old.containsKey(key)) {
                out.append(stamped.apply(text));
            }
        });
        return out.toString();
    }

    /** The {@code ### } sections of figures, by their title up to its first parenthesis. */
    private static Map<String, String> sections(String text) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        int at = text.indexOf("### ");
        while (at >= 0) {
            int next = text.indexOf("\n### ", at + 1);
            String section = text.substring(at, next < 0 ? text.length() : next + 1);
            String title = section.substring(4, section.indexOf('\n') < 0 ? section.length() : section.indexOf('\n'));
            int paren = title.indexOf(" (");
            out.put((paren < 0 ? title : title.substring(0, paren)).strip(), section);
            at = next < 0 ? -1 : next + 1;
        }
        return out;
    }

    /** Stacked bars (Init, then the first request) per function, the two variants side by side, the baseline marked. */
    /** The runtime the chart shows: the template's ({@code bench.chart}, default java21), else the first measured. */
    private String chartRuntime() {
        String wanted = System.getProperty("bench.chart", "java21");
        return cold.runtimes().stream().map(ColdStartBench.Jvm::name).filter(wanted::equals).findFirst()
                .orElse(cold.runtimes().get(0).name());
    }

    private void chart(Path png) throws IOException {
        String rt = chartRuntime();
        int width = 1200;
        List<String> functions = cold.functions();
        int rowHeight = 64;
        int top = 90;
        int left = 250;
        int right = 150;
        int height = top + functions.size() * rowHeight + 90;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        double max = 0;
        for (ColdStartBench.Sample s : cold.samples()) {
            max = Math.max(max, median(cold, rt, s.function(), s.variant(), ColdStartBench.Sample::totalMs));
        }
        double step = max > 2000 ? 500 : max > 1000 ? 250 : 100;
        max = Math.ceil(max / step) * step;
        double scale = (width - left - right) / max;

        g.setColor(new Color(30, 30, 30));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
        g.drawString("PrimeSync cold start on " + rt + ": Init + first request, median of " + cold.runs() + " fresh JVMs", 20, 34);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.drawString(machine() + " · local DynamoDB engine (dynalite) · Lambda JVM flags (serial GC, C1 only)", 20, 58);

        Color initJdk = new Color(70, 110, 170);
        Color durJdk = new Color(150, 180, 225);
        Color initCds = new Color(40, 140, 90);
        Color durCds = new Color(140, 205, 165);
        // grid
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (double v = 0; v <= max + 0.1; v += step) {
            int x = left + (int) (v * scale);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(x, top - 6, x, top + functions.size() * rowHeight);
            g.setColor(new Color(90, 90, 90));
            String label = String.format(Locale.ROOT, "%.0f ms", v);
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, top + functions.size() * rowHeight + 18);
        }
        for (int i = 0; i < functions.size(); i++) {
            String f = functions.get(i);
            int y = top + i * rowHeight;
            g.setColor(f.equals(ColdStartBench.BASELINE) ? new Color(150, 40, 40) : new Color(30, 30, 30));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            String name = f.equals(ColdStartBench.BASELINE) ? "Baseline (1 GetItem)" : f.replace("Function", "");
            FontMetrics fm = g.getFontMetrics();
            g.drawString(name, left - 12 - fm.stringWidth(name), y + rowHeight / 2 + 5);
            int bar = 22;
            drawBar(g, left, y + 6, bar, scale, median(cold, rt, f, ColdStartBench.ON_DEMAND, ColdStartBench.Sample::initMs),
                    median(cold, rt, f, ColdStartBench.ON_DEMAND, ColdStartBench.Sample::durationMs), initJdk, durJdk);
            drawBar(g, left, y + 8 + bar, bar, scale, median(cold, rt, f, ColdStartBench.SNAPSTART, ColdStartBench.Sample::initMs),
                    median(cold, rt, f, ColdStartBench.SNAPSTART, ColdStartBench.Sample::durationMs), initCds, durCds);
        }
        // baseline lines
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        for (String variant : List.of(ColdStartBench.ON_DEMAND, ColdStartBench.SNAPSTART)) {
            double b = median(cold, rt, ColdStartBench.BASELINE, variant, ColdStartBench.Sample::totalMs);
            int x = left + (int) (b * scale);
            g.setColor(variant.equals(ColdStartBench.ON_DEMAND) ? initJdk : initCds);
            g.drawLine(x, top - 6, x, top + functions.size() * rowHeight);
        }
        // legend
        int ly = height - 42;
        int lx = 20;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        lx = legend(g, lx, ly, initJdk, "Init, on demand");
        lx = legend(g, lx, ly, durJdk, "first request, on demand");
        lx = legend(g, lx, ly, initCds, "Init, SnapStart hooks included");
        lx = legend(g, lx, ly, durCds, "first request after the hooks");
        g.setColor(new Color(60, 60, 60));
        g.drawString("dashed: baseline total, per variant", lx, ly + 12);
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static void drawBar(Graphics2D g, int left, int y, int h, double scale, double init, double duration,
            Color c1, Color c2) {
        int w1 = (int) Math.round(init * scale);
        int w2 = (int) Math.round(duration * scale);
        g.setColor(c1);
        g.fillRect(left, y, w1, h);
        g.setColor(c2);
        g.fillRect(left + w1, y, w2, h);
        g.setColor(new Color(30, 30, 30));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(String.format(Locale.ROOT, "%.0f + %.0f = %.0f ms", init, duration, init + duration),
                left + w1 + w2 + 8, y + h - 6);
    }

    private static int legend(Graphics2D g, int x, int y, Color c, String text) {
        g.setColor(c);
        g.fillRect(x, y, 16, 16);
        g.setColor(new Color(60, 60, 60));
        g.drawString(text, x + 22, y + 13);
        return x + 30 + g.getFontMetrics().stringWidth(text) + 12;
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%,.1f", v);
    }

    private static String bold(String f) {
        return f.equals(ColdStartBench.BASELINE) ? "*Baseline*" : f;
    }

    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vm.vendor") + "), " + System.getProperty("os.arch");
    }

    private String commit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").directory(projectDir.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            Process d = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no").directory(projectDir.toFile())
                    .redirectErrorStream(true).start();
            String dirty = new String(d.getInputStream().readAllBytes()).trim();
            return out + (dirty.isEmpty() ? "" : " (with uncommitted changes)");
        } catch (IOException e) {
            return "unknown";
        }
    }

}
