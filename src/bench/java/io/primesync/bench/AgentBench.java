package io.primesync.bench;

import com.sun.net.httpserver.HttpServer;
import io.primesync.agent.Mapping;
import io.primesync.local.spectrum.SpectrumDatabase;
import io.primesync.local.spectrum.SpectrumDatabase.Item;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.tools.Server;

/**
 * A poll of the Spectrum agent as it runs next to Spectrum: its own jar ({@code target/primesync-agent.jar}) in its own
 * JVM with a small heap, reading the local Spectrum's database over the network (H2's TCP server, standing in for
 * SQL Server) and delivering to a stand-in of the product's webhook that answers every event 200. Three rounds per
 * company: the first (every contract new), one with nothing changed, one with 10 % of the contracts changed. Two
 * companies of different sizes with the same largest contract show what the agent's memory follows.
 */
final class AgentBench {
    /** One round of the agent: how long, what it read and sent, and the process's peak resident set. */
    record Row(String company, int contracts, int lines, int largest, String round, long millis, int read, int sent,
            long peakRssKb, long liveHeapKb, int heapMb, boolean completed) {}

    private static final Pattern SENT = Pattern.compile("read (\\d+) contracts.*; sent (\\d+),");
    /** A collection in the JVM's gc log: the heap before and after it. */
    private static final Pattern GC = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\(");
    static final int HEAP_MB = 64;

    private final Bench.Setup setup;

    AgentBench(Bench.Setup setup) {
        this.setup = setup;
    }

    List<Row> run() throws Exception {
        List<Row> rows = new ArrayList<>();
        rows.addAll(company("2,000 contracts", 2_000, 300_000, 500));
        rows.addAll(company("200 contracts", 200, 30_000, 500));
        return rows;
    }

    private List<Row> company(String name, int contracts, int totalLines, int largest) throws Exception {
        Mapping mapping = Mapping.defaults();
        Random random = new Random(20261207L + contracts);
        int[] sizes = sizes(random, contracts, totalLines, largest);
        List<Row> rows = new ArrayList<>();
        AtomicInteger delivered = new AtomicInteger();
        HttpServer product = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        product.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            delivered.incrementAndGet();
            byte[] body = "{\"result\":\"applied\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        product.start();
        Path dir = Files.createTempDirectory("agent-bench");
        try (SpectrumDatabase spectrum = SpectrumDatabase.inMemory(mapping)) {
            Server tcp = Server.createTcpServer("-tcpPort", "0").start();
            try {
                for (int c = 0; c < contracts; c++) {
                    spectrum.job("1", "J" + c, "Job " + c, "A");
                    write(spectrum, c, items(random, sizes[c], 0));
                }
                String url = "jdbc:h2:tcp://127.0.0.1:" + tcp.getPort() + "/" + spectrum.url().substring("jdbc:h2:".length());
                Path config = dir.resolve("agent.properties");
                Files.writeString(config, String.join("\n",
                        "spectrum.url=" + url,
                        "spectrum.user=" + SpectrumDatabase.READER,
                        "spectrum.password=" + SpectrumDatabase.READER_PASSWORD,
                        "company.1=1001",
                        "product.url=http://127.0.0.1:" + product.getAddress().getPort() + "/webhooks/spectrum",
                        "product.secret=bench-secret",
                        "state=" + dir.resolve("state")) + "\n");
                int lines = 0;
                for (int s : sizes) {
                    lines += s;
                }
                rows.add(round(name, contracts, lines, largest, "first (every contract new)", config));
                rows.add(round(name, contracts, lines, largest, "nothing changed", config));
                for (int c = 0; c < contracts; c += 10) {
                    write(spectrum, c, items(random, sizes[c], 1));
                }
                rows.add(round(name, contracts, lines, largest, "10 % of the contracts changed", config));
            } finally {
                tcp.stop();
            }
        } finally {
            product.stop(0);
        }
        System.out.println("  " + name + ": the product stand-in took " + delivered.get() + " deliveries");
        return rows;
    }

    /** Contract sizes of 1 to 299 lines adding up to {@code total}, the first one {@code largest}. */
    private static int[] sizes(Random random, int contracts, int total, int largest) {
        int[] sizes = new int[contracts];
        int sum = largest;
        sizes[0] = largest;
        for (int i = 1; i < contracts; i++) {
            sizes[i] = 1 + random.nextInt(299);
            sum += sizes[i];
        }
        while (sum != total) {
            int i = 1 + random.nextInt(contracts - 1);
            if (sum < total && sizes[i] < 299) {
                sizes[i]++;
                sum++;
            } else if (sum > total && sizes[i] > 1) {
                sizes[i]--;
                sum--;
            }
        }
        return sizes;
    }

    private static List<Item> items(Random random, int n, int generation) {
        List<Item> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(Item.fixed("L" + i, "Line " + i + (generation > 0 ? " rev " + generation : ""),
                    (100 + random.nextInt(99_900)) + ".00"));
        }
        return items;
    }

    private static void write(SpectrumDatabase spectrum, int contract, List<Item> items) throws Exception {
        long cents = 0;
        for (Item i : items) {
            cents += Math.round(Double.parseDouble(i.amount()) * 100);
        }
        spectrum.contract("1", "J" + contract, "OWNER", String.format("%d.%02d", cents / 100, cents % 100), false,
                null, items);
    }

    /** One {@code --once} of the agent's jar in a JVM of {@link #HEAP_MB} MB of heap. */
    private Row round(String name, int contracts, int lines, int largest, String round, Path config) throws Exception {
        Path jar = setup.buildDir().resolve("primesync-agent.jar");
        String h2 = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP_MB + "m", "-XX:+UseSerialGC", "-Xlog:gc:file=" + config.resolveSibling("gc.txt"), "-cp", jar + java.io.File.pathSeparator + h2,
                "io.primesync.agent.AgentMain", config.toString(), "--once");
        Path out = config.resolveSibling("out.txt");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        long peak = 0;
        while (!p.waitFor(20, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, vmHwm(p.pid()));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        String said = Files.readString(out);
        Matcher m = SENT.matcher(said);
        boolean completed = p.exitValue() == 0 && m.find();
        if (!completed) {
            System.out.println("  the agent did not complete its round (exit " + p.exitValue() + "):\n" + said);
        }
        long live = 0;
        Matcher gc = GC.matcher(Files.readString(config.resolveSibling("gc.txt")));
        while (gc.find()) {
            live = Math.max(live, kb(gc.group(3), gc.group(4)));
        }
        Row row = new Row(name, contracts, lines, largest, round, millis, completed ? Integer.parseInt(m.group(1)) : 0,
                completed ? Integer.parseInt(m.group(2)) : 0, peak, live, HEAP_MB, completed);
        System.out.printf("  %s, %s: %d ms, read %d, sent %d, peak RSS %,d kB, largest heap after a collection %,d kB%n",
                name, round, millis, row.read(), row.sent(), peak, live);
        return row;
    }

    private static long kb(String n, String unit) {
        long v = Long.parseLong(n);
        return switch (unit) {
            case "G" -> v * 1024 * 1024;
            case "M" -> v * 1024;
            default -> v;
        };
    }

    /** The process's peak resident set so far, in kB (Linux), or 0 where it cannot be read. */
    private static long vmHwm(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process has just ended
        }
        return 0;
    }
}
