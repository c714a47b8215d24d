package io.primesync.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One poll of Spectrum: every contract of the configured companies read twice, a contract taken only when both reads
 * agree (someone may be saving its schedule of values between them), and compared by its canonical hash with what
 * was sent before. A new or changed contract gets {@code erpVersion = max(last + 1, epoch millis)}, so versions still
 * grow when the state is lost, and an event id made of the contract and the version, so a repeat is the same event.
 * A contract missing from {@code deleteAfter} successful polls in a row is sent as deleted; a failed read deletes
 * nothing. Once a day each contract's latest snapshot is sent again under its own id (the product answers {@code
 * duplicate}, or {@code applied} where a delivery was lost).
 */
public final class Poller {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration RESEND_EVERY = Duration.ofDays(1);

    /** An event for the product's Spectrum webhook: its envelope, whole. */
    public record Event(String id, String contractId, long erpVersion, ObjectNode envelope) {}

    /** What a poll found and what it has to send (the events, when they were not handed to a {@link Sink}). */
    public record Result(int read, int unsettled, int changed, int deleted, int resent, List<Event> events) {}

    /** Where each event goes as soon as it is made: the spool, so that a poll holds one contract's snapshot at a time. */
    public interface Sink {
        void accept(Event event) throws IOException;
    }

    private final SpectrumReader reader;
    private final Map<String, String> companies;
    private final Snapshots.StatusRule rule;
    private final int deleteAfter;
    private final Clock clock;
    private Runnable betweenReads = () -> { };

    /**
     * @param companies Spectrum company code → the Procore company id the product knows the company by
     * @param deleteAfter how many successful polls in a row must miss a contract before it is sent as deleted
     */
    public Poller(Mapping mapping, Map<String, String> companies, Snapshots.StatusRule rule, int deleteAfter,
            Clock clock) {
        if (deleteAfter < 1) {
            throw new IllegalArgumentException("deleteAfter must be at least 1");
        }
        this.reader = new SpectrumReader(mapping);
        this.companies = Map.copyOf(companies);
        this.rule = rule;
        this.deleteAfter = deleteAfter;
        this.clock = clock;
    }

    /**
     * What happens between the two reads of a poll: the local Spectrum's fault of a schedule of values saved half
     * while the agent reads it.
     */
    public Poller betweenReads(Runnable action) {
        this.betweenReads = action;
        return this;
    }

    /**
     * Reads, compares and answers what to send; the state is changed as if it were sent, and is the caller's to save
     * once the events are safe in the spool. A failed read throws, and leaves the state as it was.
     */
    public Result poll(Connection db, AgentState state) throws SQLException {
        List<Event> events = new ArrayList<>();
        try {
            Result r = poll(db, state, events::add);
            return new Result(r.read(), r.unsettled(), r.changed(), r.deleted(), r.resent(), List.copyOf(events));
        } catch (IOException e) {
            throw new IllegalStateException(e); // a list takes every event
        }
    }

    /**
     * Reads and compares, handing each event to {@code sink} as it is made, so that the lines held at once are one
     * contract's, whatever the company's size; the state is changed as if they were sent, and is the caller's to save.
     * A read that fails throws and leaves the state as it was: the events already handed over are the caller's to
     * bring into the state ({@link Spool#recover}), so that none is made again under another id.
     */
    public Result poll(Connection db, AgentState state, Sink sink) throws SQLException, IOException {
        Map<String, String> first = new HashMap<>();
        for (String company : companies.keySet()) {
            reader.read(db, company, c -> first.put(id(c), Snapshots.hash(c, rule)));
        }
        betweenReads.run();
        long now = clock.millis();
        Set<String> seen = new HashSet<>();
        int[] counts = new int[4]; // read, unsettled, changed, resent
        List<PendingState> updates = new ArrayList<>();
        for (Map.Entry<String, String> company : companies.entrySet()) {
            try {
                reader.read(db, company.getKey(), c -> {
                    String id = id(c);
                    counts[0]++;
                    String hash = Snapshots.hash(c, rule);
                    seen.add(id);
                    if (!hash.equals(first.get(id))) {
                        // changed between the two reads: taken at a later poll, when it has settled
                        counts[1]++;
                        return;
                    }
                    AgentState.Entry known = state.get(id);
                    boolean changed = known == null || known.deleted || !hash.equals(known.hash);
                    boolean due = !changed && now - known.lastSentAt >= RESEND_EVERY.toMillis();
                    if (!changed && !due) {
                        updates.add(new PendingState(id, hash, known.version, known.eventId, now, known.lastSentAt));
                        return;
                    }
                    long version = changed ? Math.max(known == null ? 1 : known.version + 1, now) : known.version;
                    String eventId = changed ? "spectrum." + id + "." + version : known.eventId;
                    ObjectNode data = Snapshots.snapshot(c, rule);
                    data.put("erpVersion", version);
                    try {
                        sink.accept(new Event(eventId, id, version, envelope(eventId, "prime_contract.upserted",
                                company.getValue(), now, data)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    counts[changed ? 2 : 3]++;
                    updates.add(new PendingState(id, hash, version, eventId, now, now));
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        // the read went through whole: now the state may change
        for (PendingState u : updates) {
            AgentState.Entry e = state.entry(u.contractId);
            e.hash = u.hash;
            e.version = u.version;
            e.eventId = u.eventId;
            e.lastSeenAt = u.seenAt;
            e.lastSentAt = u.sentAt;
            e.missing = 0;
            e.deleted = false;
        }
        int deleted = 0;
        for (Map.Entry<String, AgentState.Entry> known : state.all().entrySet()) {
            AgentState.Entry e = known.getValue();
            if (seen.contains(known.getKey()) || e.deleted || !companies.containsKey(company(known.getKey()))) {
                continue;
            }
            e.missing++;
            if (e.missing >= deleteAfter) {
                long version = Math.max(e.version + 1, now);
                String eventId = "spectrum." + known.getKey() + ".deleted." + version;
                ObjectNode data = JSON.createObjectNode().put("contractId", known.getKey()).put("erpVersion", version);
                sink.accept(new Event(eventId, known.getKey(), version, envelope(eventId, "prime_contract.deleted",
                        companies.get(company(known.getKey())), now, data)));
                e.version = version;
                e.eventId = eventId;
                e.deleted = true;
                e.lastSentAt = now;
                deleted++;
            }
        }
        return new Result(counts[0], counts[1], counts[2], deleted, counts[3], List.of());
    }

    private record PendingState(String contractId, String hash, long version, String eventId, long seenAt,
            long sentAt) {}

    private static String id(SpectrumContract c) {
        return Snapshots.contractId(c.company(), c.job(), c.customer());
    }

    /** The Spectrum company code of a contract id. */
    private static String company(String contractId) {
        return Snapshots.keys(contractId).get(0);
    }

    private static ObjectNode envelope(String id, String type, String companyId, long at, ObjectNode data) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id);
        o.put("type", type);
        o.put("companyId", companyId);
        o.put("occurredAt", Instant.ofEpochMilli(at).toString());
        o.set("data", data);
        return o;
    }
}
