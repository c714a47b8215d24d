package io.primesync.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The events waiting to be delivered, one file each in a directory, named so that they sort in the order they were
 * made: written (and forced to disk) before the state that says they were made is saved, removed once the product
 * answered. A crash loses none, and a restart finds each under the id it was made with.
 */
public final class Spool {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private long sequence;
    /** The ids of the events waiting: an event already waiting is not spooled twice (a daily re-send while down). */
    private final Set<String> waiting = new HashSet<>();

    public Spool(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (String n : files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).toList()) {
                sequence = Math.max(sequence, Long.parseLong(n.substring(0, n.indexOf('-'))));
                waiting.add(id(n));
            }
        }
    }

    /** The event id in a spool file's name, {@code <sequence>-<id>.json}. */
    private static String id(String name) {
        return name.substring(name.indexOf('-') + 1, name.length() - ".json".length());
    }

    /** Adds an event, durably. */
    public void put(Poller.Event e) throws IOException {
        if (waiting.contains(e.id())) {
            return; // the same event (an id names one contract's version) is waiting already
        }
        String name = String.format("%019d-%s.json", ++sequence, e.id());
        Path next = dir.resolve(name + ".next");
        Files.write(next, JSON.writeValueAsBytes(e.envelope()));
        try (FileChannel ch = FileChannel.open(next, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(next, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException ex) {
            Files.move(next, dir.resolve(name));
        }
        waiting.add(e.id());
    }

    /** The events waiting, oldest first. */
    public List<Path> pending() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    public byte[] body(Path event) throws IOException {
        return Files.readAllBytes(event);
    }

    public void done(Path event) throws IOException {
        Files.deleteIfExists(event);
        waiting.remove(id(event.getFileName().toString()));
    }

    /**
     * Brings the state up to what the spool holds: an event made just before a crash, whose state was not saved, is
     * known again, so the next poll neither makes a second version of the same content nor sends it under a new id.
     */
    public void recover(AgentState state) throws IOException {
        for (Path f : pending()) {
            ObjectNode envelope = (ObjectNode) JSON.readTree(f.toFile());
            JsonNode data = envelope.path("data");
            String contractId = data.path("contractId").asText();
            long version = data.path("erpVersion").asLong();
            AgentState.Entry e = state.entry(contractId);
            if (version <= e.version) {
                continue;
            }
            e.version = version;
            e.eventId = envelope.path("id").asText();
            if ("prime_contract.deleted".equals(envelope.path("type").asText())) {
                e.deleted = true;
            } else {
                ObjectNode snapshot = ((ObjectNode) data).deepCopy();
                snapshot.remove("erpVersion");
                e.hash = Snapshots.hash(JSON.writeValueAsString(snapshot));
                e.deleted = false;
                e.missing = 0;
            }
        }
    }
}
