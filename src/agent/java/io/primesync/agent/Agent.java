package io.primesync.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * One round of the agent: read Spectrum (the mapped columns checked first), spool what changed, save the state, then
 * deliver what waits; and a health line a person can read. A failed read sends what already waits and changes no
 * state; a 401 stops delivery (the caller stops the agent, naming the cause).
 */
public final class Agent {
    /** How to reach Spectrum's database. */
    public interface Database {
        Connection connect() throws SQLException;
    }

    /** What one round did. */
    public record Health(int read, int changed, int deleted, int resent, int unsettled, int sent, int refused,
            int waiting, String readFailure) {
        /** The one line a person reads. */
        public String line() {
            return (readFailure == null ? "read " + read + " contracts (" + changed + " changed, " + deleted
                    + " deleted, " + resent + " sent again for the day, " + unsettled + " being saved)"
                    : "read failed (" + readFailure + "), nothing deleted") + "; sent " + sent + ", refused " + refused
                    + ", waiting " + waiting;
        }
    }

    private final Database database;
    private final Mapping mapping;
    private final Poller poller;
    private final AgentState state;
    private final Spool spool;
    private final Sender sender;
    private final Consumer<String> log;
    private boolean checked;
    private Step saved = () -> { };
    private Step delivered = () -> { };

    /** What is done after a step of the round: the state and spool kept where the agent's disk does not last. */
    public interface Step {
        void run() throws IOException;
    }

    /**
     * Runs {@code afterSaved} once a round's events are in the spool and its state saved, before anything is sent, and
     * {@code afterDelivered} once the round's deliveries are done: where the agent's disk does not outlive a round (a
     * Lambda function), that is where its files are made durable elsewhere.
     */
    public Agent durably(Step afterSaved, Step afterDelivered) {
        this.saved = afterSaved;
        this.delivered = afterDelivered;
        return this;
    }

    /** An agent whose state and spool are kept in {@code dir} ({@code state.json}, {@code spool/}). */
    public static Agent inDirectory(Database database, Mapping mapping, Poller poller, Path dir, Sender sender,
            Consumer<String> log) throws IOException {
        return new Agent(database, mapping, poller, AgentState.load(dir.resolve("state.json")),
                new Spool(dir.resolve("spool")), sender, log);
    }

    /**
     * The agent a config describes: Spectrum's database and login, the companies, the status rule, the product's
     * webhook and secret, its state and spool in the config's state directory.
     */
    public static Agent configured(AgentConfig config, Mapping mapping, Consumer<String> log) throws IOException {
        Clock clock = Clock.systemUTC();
        return inDirectory(() -> DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password()),
                mapping, new Poller(mapping, config.companies(), config.status(), config.deleteAfter(), clock),
                config.stateDir(), new Sender(Sender.http(config.productUrl()), config.secret(), clock, log,
                        Thread::sleep, 4, 1000), log);
    }

    public Agent(Database database, Mapping mapping, Poller poller, AgentState state, Spool spool, Sender sender,
            Consumer<String> log) throws IOException {
        this.database = database;
        this.mapping = mapping;
        this.poller = poller;
        this.state = state;
        this.spool = spool;
        this.sender = sender;
        this.log = log;
        spool.recover(state);
    }

    public Health runOnce() throws IOException {
        Poller.Result polled = null;
        String failure = null;
        try (Connection db = database.connect()) {
            if (!checked) {
                SchemaCheck.require(db, mapping);
                checked = true;
            }
            // each event to the spool as it is made: a poll holds one contract's lines at a time
            polled = poller.poll(db, state, spool::put);
        } catch (SQLException e) {
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            // what a read that failed half-way had spooled already is known again, so it is not made under a new id
            spool.recover(state);
        } catch (IOException | RuntimeException e) {
            // the spool could not be written, or a contract could not be made: the same, then the round stops
            spool.recover(state);
            state.save();
            throw e;
        }
        state.save();
        saved.run();
        Sender.Outcome sent;
        try {
            sent = sender.deliver(spool);
        } catch (IOException | RuntimeException e) {
            // what was taken before the failure is kept durably all the same; the failure is the one reported
            try {
                delivered.run();
            } catch (IOException | RuntimeException kept) {
                e.addSuppressed(kept);
            }
            throw e;
        }
        delivered.run();
        Health health = polled == null
                ? new Health(0, 0, 0, 0, 0, sent.sent(), sent.refused(), sent.waiting(), failure)
                : new Health(polled.read(), polled.changed(), polled.deleted(), polled.resent(), polled.unsettled(),
                        sent.sent(), sent.refused(), sent.waiting(), null);
        log.accept(health.line());
        return health;
    }
}
