package io.primesync.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primesync.local.spectrum.SpectrumDatabase;
import io.primesync.local.spectrum.SpectrumDatabase.Item;
import io.primesync.testing.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's poll against the local Spectrum: a new contract sent once, nothing sent while nothing changes, a change
 * under a higher version and a new id, the state kept across a restart (and versions still growing without it), the
 * daily re-send under the same id, a deletion only after two polls without the contract, a failed read that deletes
 * nothing, and a schedule of values saved half between the two reads never sent half.
 */
class PollerIT {
    private static final String COMPANY = "1";
    private static final String PROCORE_COMPANY = "1001";
    private final Mapping mapping = Mapping.defaults();
    private final TestClock clock = new TestClock(Instant.parse("2026-12-07T10:00:00Z"));
    private SpectrumDatabase spectrum;
    private Poller poller;

    @BeforeEach
    void start() throws SQLException {
        spectrum = SpectrumDatabase.inMemory(mapping);
        spectrum.job(COMPANY, "24-101", "Riverside", "A");
        poller = new Poller(mapping, Map.of(COMPANY, PROCORE_COMPANY), Snapshots.StatusRule.JOB_ACTIVE_AND_BALANCED, 2,
                clock);
    }

    @AfterEach
    void stop() throws SQLException {
        spectrum.close();
    }

    private Poller.Result poll(AgentState state) throws SQLException {
        clock.advance(Duration.ofMinutes(15));
        try (Connection db = spectrum.reader()) {
            return poller.poll(db, state);
        }
    }

    private void contract(String amountA) throws SQLException {
        spectrum.contract(COMPANY, "24-101", "OWNER1", "300.00", false, null,
                List.of(Item.fixed("A", "Sitework", amountA), Item.fixed("B", "Framing", "200.00")));
    }

    @Test
    void aContractIsSentOnceAndAgainOnlyWhenItChanges() throws Exception {
        contract("100.00");
        AgentState state = AgentState.inMemory();
        Poller.Result first = poll(state);
        assertEquals(1, first.changed());
        Poller.Event sent = first.events().get(0);
        assertEquals(clock.millis(), sent.erpVersion(), "max(last + 1, epoch millis)");
        assertEquals("spectrum.1.24-101.OWNER1." + sent.erpVersion(), sent.id());
        assertEquals("prime_contract.upserted", sent.envelope().path("type").asText());
        assertEquals(PROCORE_COMPANY, sent.envelope().path("companyId").asText());
        assertEquals("approved", sent.envelope().path("data").path("status").asText());
        assertEquals(sent.erpVersion(), sent.envelope().path("data").path("erpVersion").asLong());

        for (int i = 0; i < 5; i++) {
            assertEquals(List.of(), poll(state).events(), "nothing changed: nothing sent");
        }
        contract("150.00");
        Poller.Result changed = poll(state);
        assertEquals(1, changed.events().size());
        assertTrue(changed.events().get(0).erpVersion() > sent.erpVersion());
        assertTrue(!changed.events().get(0).id().equals(sent.id()), "a new id");
        assertEquals("unapproved", changed.events().get(0).envelope().path("data").path("status").asText(),
                "150 + 200 is not the header's 300: out of balance, sent as Spectrum holds it");
    }

    @Test
    void theStateSurvivesARestartAndVersionsGrowWithoutIt() throws Exception {
        contract("100.00");
        Path file = Files.createTempDirectory("agent").resolve("state.json");
        AgentState state = AgentState.load(file);
        Poller.Event first = poll(state).events().get(0);
        state.save();

        AgentState restarted = AgentState.load(file);
        assertEquals(List.of(), poll(restarted).events(), "a restart with its state re-sends nothing");
        clock.advance(Duration.ofDays(1));
        Poller.Result daily = poll(restarted);
        assertEquals(1, daily.resent());
        assertEquals(first.id(), daily.events().get(0).id(), "the daily re-send is the same event");

        Poller.Event fresh = poll(AgentState.inMemory()).events().get(0);
        assertTrue(fresh.erpVersion() > first.erpVersion(), "without its state the agent's versions still grow");
    }

    @Test
    void aContractGoneIsSentAsDeletedOnlyAfterTwoPollsAndAFailedReadDeletesNothing() throws Exception {
        contract("100.00");
        AgentState state = AgentState.inMemory();
        long created = poll(state).events().get(0).erpVersion();
        spectrum.deleteContract(COMPANY, "24-101", "OWNER1");
        assertEquals(List.of(), poll(state).events(), "missing once: not yet");

        SpectrumDatabase broken = spectrum;
        try (Connection db = broken.reader()) {
            db.close();
            clock.advance(Duration.ofMinutes(15));
            assertThrows(SQLException.class, () -> poller.poll(db, state), "a failed read");
        }
        assertEquals(1, state.get("1.24-101.OWNER1").missing, "a failed read counts for nothing");

        Poller.Result gone = poll(state);
        assertEquals(1, gone.deleted());
        Poller.Event deletion = gone.events().get(0);
        assertEquals("prime_contract.deleted", deletion.envelope().path("type").asText());
        assertTrue(deletion.erpVersion() > created);
        assertEquals(List.of(), poll(state).events(), "sent once");

        contract("100.00");
        Poller.Event back = poll(state).events().get(0);
        assertTrue(back.erpVersion() > deletion.erpVersion(), "restored in Spectrum: sent again, above its deletion");
    }

    @Test
    void aScheduleOfValuesSavedHalfBetweenTheTwoReadsIsNeverSentHalf() throws Exception {
        contract("100.00");
        AgentState state = AgentState.inMemory();
        poll(state);
        // someone saves the contract while the agent reads: the first read sees the old, the second a half-saved one
        poller.betweenReads(() -> {
            try {
                spectrum.contract(COMPANY, "24-101", "OWNER1", "450.00", false, null,
                        List.of(Item.fixed("A", "Sitework", "100.00")));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        Poller.Result half = poll(state);
        assertEquals(1, half.unsettled());
        assertEquals(List.of(), half.events(), "the two reads disagree: nothing sent");
        // the save completes; the next poll reads it twice alike
        poller.betweenReads(() -> { });
        spectrum.contract(COMPANY, "24-101", "OWNER1", "450.00", false, null, List.of(Item.fixed("A", "Sitework",
                "100.00"), Item.fixed("B", "Framing", "200.00"), Item.fixed("C", "Roofing", "150.00")));
        Poller.Result settled = poll(state);
        assertEquals(1, settled.events().size());
        assertEquals(3, settled.events().get(0).envelope().path("data").path("lineItems").size());
    }
}
