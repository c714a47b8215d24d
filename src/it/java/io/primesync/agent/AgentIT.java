package io.primesync.agent;

import static io.primesync.testing.Answers.reasonCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.sql.SQLException;
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
        down.set(0);
        Agent.Health back = round(restarted);
        assertEquals(1, back.sent(), back.line());
        assertEquals(0, back.waiting());
        assertEquals(1, delivered.size(), "delivered once");
        assertTrue(listed("staged").path("erpVersion").asLong() > 0, "the product has it");
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
