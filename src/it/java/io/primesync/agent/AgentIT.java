package io.primesync.agent;

import static io.primesync.testing.Answers.reasonCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.domain.LineItem;
import io.primesync.local.spectrum.SpectrumDatabase;
import io.primesync.local.spectrum.SpectrumDatabase.Item;
import io.primesync.testing.Api;
import io.primesync.testing.Figures;
import io.primesync.testing.Response;
import io.primesync.webhook.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent end to end: Spectrum (the local Spectrum's database) read, the events spooled, signed and delivered to the
 * product's real webhook route, and the product's view of each contract after: a new contract, a change, an
 * out-of-balance contract refused and shown as ERP_SNAPSHOT_REFUSED (not sent again), the product down for a while
 * (kept, then delivered once each), a crash after spooling (nothing sent under a second id), a 401 (delivery stops,
 * naming the clock among the causes), a deletion after two polls.
 */
class AgentIT {
    private static final String CODE = "1";
    private final Api api = Api.onLocalDynamo();
    private final Mapping mapping = Mapping.defaults();
    private final List<String> log = new ArrayList<>();
    private final AtomicInteger down = new AtomicInteger();
    private final List<String> delivered = new ArrayList<>();
    private SpectrumDatabase spectrum;
    private Path dir;

    @BeforeEach
    void start() throws Exception {
        spectrum = SpectrumDatabase.inMemory(mapping);
        spectrum.job(CODE, "24-101", "Riverside", "A");
        dir = Files.createTempDirectory("agent");
    }

    @AfterEach
    void stop() throws SQLException {
        spectrum.close();
    }

    /** The product's webhook route, down while {@link #down} counts. */
    private Sender.Answer post(byte[] body, Map<String, String> headers) throws IOException {
        if (down.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IOException("connection refused");
        }
        Response r = api.spectrum.delivery(Source.SPECTRUM, body).contentType(headers.get("Content-Type"))
                .signature(headers.get(Sender.HEADER)).send();
        delivered.add(new String(body, StandardCharsets.UTF_8));
        return new Sender.Answer(r.status(), r.body());
    }

    private Agent agent(String secret) throws IOException {
        Poller poller = new Poller(mapping, Map.of(CODE, api.company), Snapshots.StatusRule.JOB_ACTIVE_AND_BALANCED, 2,
                api.clock);
        Sender sender = new Sender(this::post, secret.getBytes(StandardCharsets.UTF_8), api.clock, log::add,
                millis -> { }, 3, 1);
        return new Agent(spectrum::reader, mapping, poller, AgentState.load(dir.resolve("state.json")),
                new Spool(dir.resolve("spool")), sender, log::add);
    }

    private Agent.Health round(Agent agent) throws IOException {
        api.clock.advance(Duration.ofMinutes(15));
        return agent.runOnce();
    }

    private JsonNode listed(String tab) {
        return api.listed("1.24-101.OWNER1", tab);
    }

    @Test
    void spectrumsChangesReachTheProductOnceEachAndARefusedOneShowsWhy() throws Exception {
        Agent agent = agent(api.spectrum.secret());
        spectrum.contract(CODE, "24-101", "OWNER1", "300.00", false, "10.00",
                List.of(Item.fixed("A", "Sitework", "100.00"), Item.fixed("B", "Framing", "200.00")));
        Agent.Health first = round(agent);
        assertEquals(1, first.sent(), first.line());
        JsonNode staged = listed("staged");
        assertEquals("24-101", staged.path("jobNumber").asText());
        assertEquals("300.00", staged.path("erpContractAmount").asText());
        long v1 = staged.path("erpVersion").asLong();

        assertEquals(0, round(agent).sent(), "nothing changed: nothing sent");
        spectrum.contract(CODE, "24-101", "OWNER1", "350.00", false, "10.00",
                List.of(Item.fixed("A", "Sitework", "150.00"), Item.fixed("B", "Framing", "200.00")));
        assertEquals(1, round(agent).sent());
        assertTrue(listed("staged").path("erpVersion").asLong() > v1);

        // saved out of balance in Spectrum's screens: sent as it is, refused with its reasons, not sent again
        spectrum.contract(CODE, "24-101", "OWNER1", "999.00", false, "10.00",
                List.of(Item.fixed("A", "Sitework", "150.00"), Item.fixed("B", "Framing", "200.00")));
        Agent.Health refused = round(agent);
        assertEquals(1, refused.refused(), refused.line());
        assertTrue(log.stream().anyMatch(l -> l.contains("INVALID_CONTRACT") && l.contains("originalContractAmount")),
                log.toString());
        assertTrue(reasonCodes(listed("staged").path("import").path("reasons")).contains("ERP_SNAPSHOT_REFUSED"));
        int before = delivered.size();
        assertEquals(0, round(agent).sent() + round(agent).refused());
        assertEquals(before, delivered.size(), "a refused version is not sent again");

        // fixed in Spectrum: accepted, and the refusal is over
        spectrum.contract(CODE, "24-101", "OWNER1", "350.00", false, "10.00",
                List.of(Item.fixed("A", "Sitework", "150.00"), Item.fixed("B", "Framing", "200.00"),
                        Item.fixed("C", "Paint", "0.00")));
        round(agent);
        assertTrue(!reasonCodes(listed("staged").path("import").path("reasons")).contains("ERP_SNAPSHOT_REFUSED"));

        // deleted in Spectrum: sent as deleted after the second poll without it
        spectrum.deleteContract(CODE, "24-101", "OWNER1");
        assertEquals(0, round(agent).deleted());
        assertEquals(1, round(agent).deleted());
        assertEquals("deleted", listed("staged").path("erpStatus").asText());
        Figures.print("[agent] Spectrum to the product through the webhook route: " + delivered.size()
                + " deliveries for 5 changes and a deletion; the out-of-balance version refused once, shown as"
                + " ERP_SNAPSHOT_REFUSED, not sent again");
    }

    @Test
    void theProductDownForAWhileGetsEveryEventOnceAndACrashSendsNothingUnderASecondId() throws Exception {
        Agent agent = agent(api.spectrum.secret());
        spectrum.contract(CODE, "24-101", "OWNER1", "300.00", false, null, List.of(Item.fixed("A", "Sitework", "300.00")));
        down.set(100);
        Agent.Health waiting = round(agent);
        assertEquals(1, waiting.waiting(), waiting.line());
        assertEquals(null, listed("staged"), "not delivered yet");

        // the agent stops here (a crash after the spool was written) and starts again with what is on disk
        Agent restarted = agent(api.spectrum.secret());
        assertEquals(0, round(restarted).changed(), "the spooled change is known: no second version of it");
        api.clock.advance(Duration.ofDays(1));
        Agent.Health dayLater = round(restarted);
        assertEquals(1, dayLater.resent(), dayLater.line());
        assertEquals(1, dayLater.waiting(), "a day's re-send of an event still waiting is not spooled twice");
        down.set(0);
        Agent.Health back = round(restarted);
        assertEquals(1, back.sent(), back.line());
        assertEquals(0, back.waiting());
        assertEquals(1, delivered.size(), "delivered once");
        assertTrue(listed("staged").path("erpVersion").asLong() > 0, "the product has it");
    }

    @Test
    void aReadThatFailsHalfWaySendsWhatItHadSpooledUnderOneIdAndDeletesNothing() throws Exception {
        for (String job : List.of("24-101", "24-102", "24-103", "24-104")) {
            spectrum.job(CODE, job, "Job " + job, "A");
            spectrum.contract(CODE, job, "OWNER", "300.00", false, null, List.of(Item.fixed("A", "Sitework", "300.00")));
        }
        Agent first = agent(api.spectrum.secret());
        assertEquals(4, round(first).sent());
        for (String job : List.of("24-101", "24-102", "24-103", "24-104")) {
            spectrum.contract(CODE, job, "OWNER", "400.00", false, null, List.of(Item.fixed("A", "Sitework", "400.00")));
        }
        // Spectrum's connection drops in the middle of the second read of a poll, after some contracts were taken
        Poller poller = new Poller(mapping, Map.of(CODE, api.company), Snapshots.StatusRule.JOB_ACTIVE_AND_BALANCED, 2,
                api.clock);
        HalfWay halfWay = new HalfWay(4);
        poller.betweenReads(halfWay::arm);
        Agent failing = new Agent(() -> halfWay.wrap(Connection.class, spectrum.reader()), mapping, poller,
                AgentState.load(dir.resolve("state.json")), new Spool(dir.resolve("spool")), new Sender(this::post,
                        api.spectrum.secret().getBytes(StandardCharsets.UTF_8), api.clock, log::add, millis -> { }, 3,
                        1), log::add);
        delivered.clear();
        Agent.Health broken = round(failing);
        assertTrue(broken.readFailure() != null, broken.line());
        assertTrue(broken.sent() > 0 && broken.sent() < 4, "what was taken before the drop is sent: " + broken.line());
        Agent.Health next = round(agent(api.spectrum.secret()));
        assertEquals(null, next.readFailure(), next.line());
        assertEquals(0, next.deleted(), next.line());
        assertEquals(4 - broken.sent(), next.sent(), "the rest, and nothing of what was sent again: " + next.line());
        Map<String, String> idOf = new java.util.HashMap<>();
        for (String body : delivered) {
            JsonNode e = io.primesync.json.Json.read(body.getBytes(StandardCharsets.UTF_8));
            String before = idOf.put(e.path("data").path("contractId").asText(), e.path("id").asText());
            assertEquals(null, before, "each change once, under one id: " + delivered);
        }
        assertEquals(4, idOf.size());
        for (String job : List.of("24-101", "24-102", "24-103", "24-104")) {
            List<LineItem> lines = api.app.contractStore().load(api.company, Snapshots.contractId(CODE, job, "OWNER"))
                    .orElseThrow().currentLines();
            assertEquals(0, new java.math.BigDecimal("400.00").compareTo(lines.get(0).amount()), job + ": " + lines);
        }
    }

    /** A connection whose result sets fail after {@code rows} rows once armed (between the two reads), once. */
    private static final class HalfWay {
        private final int rows;
        private final AtomicInteger seen = new AtomicInteger();
        private volatile boolean armed;
        private volatile boolean failed;

        HalfWay(int rows) {
            this.rows = rows;
        }

        void arm() {
            armed = !failed;
        }

        @SuppressWarnings("unchecked")
        <T> T wrap(Class<T> type, T real) {
            return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
                if (type == ResultSet.class && m.getName().equals("next") && armed && seen.incrementAndGet() > rows) {
                    armed = false;
                    failed = true;
                    throw new SQLException("the connection to Spectrum was lost");
                }
                Object r;
                try {
                    r = m.invoke(real, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
                if (r instanceof ResultSet rs) {
                    return wrap(ResultSet.class, rs);
                } else if (r instanceof PreparedStatement ps) {
                    return wrap(PreparedStatement.class, ps);
                } else if (r instanceof Statement st) {
                    return wrap(Statement.class, st);
                }
                return r;
            });
        }
    }

    @Test
    void aRefusedSignatureStopsDeliveryNamingTheClockAmongTheCauses() throws Exception {
        Agent agent = agent("not-the-company-secret");
        spectrum.contract(CODE, "24-101", "OWNER1", "300.00", false, null, List.of(Item.fixed("A", "Sitework", "300.00")));
        Sender.Unauthorized stop = assertThrows(Sender.Unauthorized.class, () -> round(agent));
        assertTrue(stop.getMessage().contains("401") && stop.getMessage().contains("clock")
                && stop.getMessage().contains("300 s"), stop.getMessage());
        assertEquals(1, new Spool(dir.resolve("spool")).pending().size(), "the event is kept");
    }
}
