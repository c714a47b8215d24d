package io.primesync.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.domain.LineItem;
import io.primesync.json.Json;
import io.primesync.local.spectrum.SpectrumDatabase;
import io.primesync.local.spectrum.SpectrumDatabase.Item;
import io.primesync.store.ContractDetail;
import io.primesync.testing.Api;
import io.primesync.testing.Figures;
import io.primesync.testing.Response;
import io.primesync.webhook.Source;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A flood of Spectrum changes through the agent to the product's real webhook route: contracts of 1 to N lines across 3
 * Spectrum companies (each its own company in the product), 10 % of them changed before each of 20 polls, and the
 * product's route failing 10 % of deliveries (no answer). After the last poll the product holds each contract as
 * Spectrum does, and no version was ever sent under two ids. The test command runs it at full size, 2,000 contracts of
 * 1 to 500 lines (some 500,000 lines through the product's webhook route and the local DynamoDB engine in the first
 * poll); {@code -Dagent.flood.contracts=300 -Dagent.flood.maxLines=100} makes a quick one.
 */
class AgentFloodIT {
    private static final long SEED = 20261207L;
    private static final int CONTRACTS = Integer.getInteger("agent.flood.contracts", 2000);
    private static final int MAX_LINES = Integer.getInteger("agent.flood.maxLines", 500);
    private static final int POLLS = 20;
    private static final double CHANGED = 0.10;
    private static final double FAILED = 0.10;
    private static final List<String> CODES = List.of("1", "2", "3");

    private final Random random = new Random(SEED);
    private final Mapping mapping = Mapping.defaults();
    /** contract @ version → the event ids it was delivered under */
    private final Map<String, Set<String>> idsOfVersion = new HashMap<>();
    private final AtomicInteger deliveries = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile boolean failing = true;

    /** Each contract's lines as Spectrum holds them, by id. */
    private final Map<String, List<Item>> spectrumLines = new TreeMap<>();

    @Test
    void afterTheLastPollTheProductHoldsWhatSpectrumHolds() throws Exception {
        Api first = Api.onLocalDynamo();
        List<Api> products = List.of(first, first.otherCompany(), first.otherCompany());
        try (SpectrumDatabase spectrum = SpectrumDatabase.inMemory(mapping)) {
            long made = System.nanoTime();
            int lines = 0;
            for (int c = 0; c < CONTRACTS; c++) {
                String code = CODES.get(c % CODES.size());
                String job = "J" + c;
                spectrum.job(code, job, "Job " + c, "A");
                int n = 1 + random.nextInt(MAX_LINES);
                lines += n;
                write(spectrum, code, job, items(n));
            }
            Figures.print("[agent flood] " + CONTRACTS + " contracts of 1 to " + MAX_LINES + " lines, " + lines
                    + " lines, across " + CODES.size() + " Spectrum companies, made in " + millis(made) + " ms");

            List<Agent> agents = new ArrayList<>();
            for (int i = 0; i < CODES.size(); i++) {
                Api product = products.get(i);
                Poller poller = new Poller(mapping, Map.of(CODES.get(i), product.company), Snapshots.StatusRule.ALWAYS,
                        2, product.clock);
                Sender sender = new Sender((body, headers) -> post(product, body, headers),
                        product.spectrum.secret().getBytes(StandardCharsets.UTF_8), product.clock, line -> { },
                        millis -> { }, 3, 1);
                agents.add(new Agent(spectrum::reader, mapping, poller, AgentState.inMemory(),
                        new Spool(Files.createTempDirectory("agent-flood")), sender, line -> { }));
            }
            long started = System.nanoTime();
            int[] totals = round(agents, products.get(0));
            Figures.print("[agent flood] first poll: read " + totals[0] + ", sent " + totals[1] + ", waiting "
                    + totals[2] + " in " + millis(started) + " ms");
            long pollTime = 0;
            int changedInAll = 0;
            int waitingMax = 0;
            for (int poll = 1; poll <= POLLS; poll++) {
                List<String> ids = new ArrayList<>(spectrumLines.keySet());
                for (String id : ids) {
                    if (random.nextDouble() < CHANGED) {
                        List<String> keys = Snapshots.keys(id);
                        List<Item> items = new ArrayList<>(spectrumLines.get(id));
                        int what = random.nextInt(3);
                        if (what == 0 || items.size() == 1) {
                            items.add(Item.fixed("N" + poll + "X" + items.size(), "Added " + poll, amount()));
                        } else if (what == 1) {
                            items.remove(random.nextInt(items.size()));
                        } else {
                            int at = random.nextInt(items.size());
                            Item old = items.get(at);
                            items.set(at, Item.fixed(old.code(), old.description(), amount()));
                        }
                        write(spectrum, keys.get(0), keys.get(1), items);
                        changedInAll++;
                    }
                }
                long t = System.nanoTime();
                int[] r = round(agents, products.get(0));
                pollTime += System.nanoTime() - t;
                waitingMax = Math.max(waitingMax, r[2]);
            }
            // the product answers again: what waits in the spools goes out
            failing = false;
            int[] last = round(agents, products.get(0));
            Figures.print("[agent flood] " + POLLS + " polls with " + changedInAll + " changes: " + deliveries.get()
                    + " deliveries answered, " + failures.get() + " left unanswered (" + (int) (FAILED * 100)
                    + " %), at most " + waitingMax + " events waiting after a poll, " + (pollTime / POLLS / 1_000_000)
                    + " ms a poll on average; after the product answers again: sent " + last[1] + ", waiting " + last[2]);

            // the product holds each contract as Spectrum does
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < CODES.size(); i++) {
                Api product = products.get(i);
                List<SpectrumContract> held = new ArrayList<>();
                try (Connection db = spectrum.reader()) {
                    new SpectrumReader(mapping).read(db, CODES.get(i), held::add);
                }
                for (SpectrumContract c : held) {
                    String id = Snapshots.contractId(c.company(), c.job(), c.customer());
                    ContractDetail d = product.app.contractStore().load(product.company, id).orElse(null);
                    if (d == null) {
                        wrong.add(id + ": not in the product");
                        continue;
                    }
                    Map<String, BigDecimal> want = new TreeMap<>();
                    c.items().forEach(item -> want.put(item.code(), item.amount().setScale(2)));
                    Map<String, BigDecimal> have = new TreeMap<>();
                    for (LineItem l : d.currentLines()) {
                        have.put(l.itemCode(), l.amount().setScale(2));
                    }
                    if (!want.equals(have)) {
                        wrong.add(id + ": Spectrum " + want.size() + " lines, the product " + have.size());
                    }
                }
            }
            long twice = idsOfVersion.values().stream().filter(s -> s.size() > 1).count();
            Figures.print("[agent flood] contracts the product holds otherwise than Spectrum: " + wrong.size()
                    + "; versions sent under two ids: " + twice);
            assertEquals(List.of(), wrong.subList(0, Math.min(10, wrong.size())));
            assertEquals(0, twice);
            assertTrue(failures.get() > 0, "the product failed some deliveries");
            assertEquals(0, last[2], "nothing left waiting");
        }
    }

    /** One round of every agent; answers {read, sent, waiting} summed. */
    private int[] round(List<Agent> agents, Api clockOwner) throws IOException {
        clockOwner.clock.advance(Duration.ofMinutes(15));
        int[] sum = new int[3];
        for (Agent agent : agents) {
            Agent.Health h = agent.runOnce();
            assertEquals(null, h.readFailure());
            sum[0] += h.read();
            sum[1] += h.sent();
            sum[2] += h.waiting();
        }
        return sum;
    }

    private Sender.Answer post(Api product, byte[] body, Map<String, String> headers) throws IOException {
        if (failing && random.nextDouble() < FAILED) {
            failures.incrementAndGet();
            throw new IOException("the product did not answer");
        }
        Response r = product.spectrum.delivery(Source.SPECTRUM, body).contentType(headers.get("Content-Type"))
                .signature(headers.get(Sender.HEADER)).send();
        if (r.status() == 200) {
            deliveries.incrementAndGet();
            JsonNode envelope = Json.read(body);
            JsonNode data = envelope.path("data");
            synchronized (idsOfVersion) {
                idsOfVersion.computeIfAbsent(data.path("contractId").asText() + "@" + data.path("erpVersion").asLong(),
                        k -> new HashSet<>()).add(envelope.path("id").asText());
            }
        }
        return new Sender.Answer(r.status(), r.body());
    }

    private void write(SpectrumDatabase spectrum, String code, String job, List<Item> items) throws Exception {
        BigDecimal total = BigDecimal.ZERO;
        for (Item i : items) {
            total = total.add(new BigDecimal(i.amount()));
        }
        spectrum.contract(code, job, "OWNER", total.toPlainString(), false, null, items);
        spectrumLines.put(Snapshots.contractId(code, job, "OWNER"), List.copyOf(items));
    }

    private List<Item> items(int n) {
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Item.fixed("L" + i, "Line " + i, amount()));
        }
        return out;
    }

    private String amount() {
        return (1 + random.nextInt(99_999)) + "." + String.format("%02d", random.nextInt(100));
    }

    private static long millis(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
