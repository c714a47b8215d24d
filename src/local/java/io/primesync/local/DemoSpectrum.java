package io.primesync.local;

import static io.primesync.local.DemoData.COMPANY;
import static io.primesync.local.DemoData.CUSTOMER;
import static io.primesync.local.DemoData.SPECTRUM_COMPANY;

import io.primesync.agent.Agent;
import io.primesync.agent.Mapping;
import io.primesync.agent.Poller;
import io.primesync.agent.Sender;
import io.primesync.local.DemoData.Contract;
import io.primesync.local.DemoData.Line;
import io.primesync.local.spectrum.LocalSpectrum;
import io.primesync.local.spectrum.SpectrumDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The demo's Spectrum side: its contracts written into a local Spectrum as Spectrum's screens write them, and the
 * agent's polls of that Spectrum at the demo's fixed times, delivering what it reads to the product's Spectrum webhook
 * with the state and spool the agent of a local run goes on with.
 */
public final class DemoSpectrum implements AutoCloseable {
    private final SpectrumDatabase db;
    private final Agent.Database connections;
    private final Path agentDir;
    private final boolean owned;

    /**
     * @param connections the agent's way to the database
     * @param agentDir where the agent keeps the demo company's state and spool
     */
    public DemoSpectrum(SpectrumDatabase db, Agent.Database connections, Path agentDir) {
        this(db, connections, agentDir, false);
    }

    private DemoSpectrum(SpectrumDatabase db, Agent.Database connections, Path agentDir, boolean owned) {
        this.db = db;
        this.connections = connections;
        this.agentDir = agentDir;
        this.owned = owned;
    }

    /** The demo's side of a local Spectrum and its agent. */
    public static DemoSpectrum of(LocalSpectrum spectrum, Path agentStateDir) {
        return new DemoSpectrum(spectrum.database(), spectrum.connections(),
                LocalSpectrum.agentDir(agentStateDir, SPECTRUM_COMPANY));
    }

    /** A Spectrum of its own, in memory, closed with this. */
    public static DemoSpectrum inMemory() throws IOException {
        try {
            SpectrumDatabase db = SpectrumDatabase.inMemory(Mapping.defaults());
            return new DemoSpectrum(db, db::reader, Files.createTempDirectory("demo-agent"), true);
        } catch (SQLException e) {
            throw new IOException("the demo's Spectrum: " + e.getMessage(), e);
        }
    }

    /** A step of the demo's Spectrum side: its first versions delivered, or the changes after the imports. */
    public enum Step {
        FIRST, SECOND
    }

    /**
     * Whether a step was done whole on this Spectrum and its agent's state (a marker beside the state, written once
     * the step's polls delivered everything): a restart on the same data does not write it again, and keeps what was
     * changed in Spectrum since; a load cut off half-way does it again.
     */
    public boolean done(Step step) {
        return Files.exists(marker(step));
    }

    /** Records a step as done. */
    public void markDone(Step step) throws IOException {
        Files.createDirectories(agentDir);
        Files.writeString(marker(step), DemoData.COMPANY + "\n");
    }

    private Path marker(Step step) {
        return agentDir.resolve("demo-" + step.name().toLowerCase(java.util.Locale.ROOT) + ".done");
    }

    /** Where the agent keeps the demo company's state: named when the product's data and Spectrum's part ways. */
    public Path agentDir() {
        return agentDir;
    }

    /**
     * Writes what Spectrum holds of each demo contract at an ERP version: at {@link DemoData#V1} every contract, at
     * {@link DemoData#V2} the changes made after the imports (lines changed, a job set inactive, a contract deleted).
     */
    public void write(long version) throws IOException {
        try {
            for (Contract c : DemoData.contracts()) {
                if (version > DemoData.V1 && c.erpVersion() <= DemoData.V1) {
                    continue; // unchanged since its first version
                }
                if (c.contractId().equals(DemoData.DELETED) && version > DemoData.V1) {
                    db.deleteContract(SPECTRUM_COMPANY, c.jobNumber(), CUSTOMER);
                    continue;
                }
                String description = c.projectName().length() > 30 ? c.projectName().substring(0, 30) : c.projectName();
                db.job(SPECTRUM_COMPANY, c.jobNumber(), description,
                        DemoData.approved(c.contractId(), version) ? "A" : "I");
                List<SpectrumDatabase.Item> items = new ArrayList<>();
                boolean unitPricing = false;
                for (Line l : DemoData.lines(c.contractId(), version)) {
                    unitPricing |= l.quantity() != null;
                    items.add(new SpectrumDatabase.Item(null, l.itemCode(), l.description(), l.amount(), l.quantity(),
                            l.unitOfMeasure(), l.unitPrice()));
                }
                db.contract(SPECTRUM_COMPANY, c.jobNumber(), CUSTOMER, DemoData.amount(c.contractId(), version),
                        unitPricing, null, items);
            }
        } catch (SQLException e) {
            throw new IOException("the demo's Spectrum: " + e.getMessage(), e);
        }
    }

    /**
     * One poll of the agent as if at {@code at} (the versions it mints are that time's), delivering through {@code
     * transport} signed with {@code secret} now. Every event must be taken: one refused or left waiting fails the
     * demo, with the agent's health line.
     */
    public Agent.Health poll(Instant at, Sender.Transport transport, byte[] secret, Consumer<String> log)
            throws IOException {
        Mapping mapping = Mapping.defaults();
        Poller poller = new Poller(mapping, Map.of(SPECTRUM_COMPANY, COMPANY), LocalSpectrum.STATUS_RULE, LocalSpectrum.DELETE_AFTER,
                Clock.fixed(at, ZoneOffset.UTC));
        Agent agent = Agent.inDirectory(connections, mapping, poller, agentDir, new Sender(transport, secret,
                Clock.systemUTC(), log, Thread::sleep, 3, 200), log);
        Agent.Health health = agent.runOnce();
        if (health.readFailure() != null || health.refused() > 0 || health.waiting() > 0) {
            throw new IOException("the demo's agent did not deliver all it read: " + health.line());
        }
        return health;
    }

    @Override
    public void close() throws IOException {
        if (owned) {
            try {
                db.close();
            } catch (SQLException e) {
                throw new IOException(e.getMessage(), e);
            } finally {
                LocalFiles.deleteTree(agentDir);
            }
        }
    }
}
