package io.primesync.agent;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the agent knows of each contract it sent: the hash of its last content, its version and event id, when it was
 * last read and sent, and how many successful polls in a row have not found it. Kept in one JSON file, replaced whole
 * (written beside it, then moved over it), so a crash leaves the old state or the new one, never half of either.
 */
public final class AgentState {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One contract's entry. */
    public static final class Entry {
        public String hash;
        public long version;
        public String eventId;
        public long lastSeenAt;
        public long lastSentAt;
        public int missing;
        public boolean deleted;
    }

    private final Path file;
    private final Map<String, Entry> contracts;

    private AgentState(Path file, Map<String, Entry> contracts) {
        this.file = file;
        this.contracts = contracts;
    }

    /** The state in the file, or an empty one when there is none yet. */
    public static AgentState load(Path file) throws IOException {
        if (file == null || !Files.exists(file)) {
            return new AgentState(file, new TreeMap<>());
        }
        Map<String, Entry> read = JSON.readValue(file.toFile(), new TypeReference<TreeMap<String, Entry>>() {});
        return new AgentState(file, read);
    }

    /** A state kept in memory only (for a test, or a first look at a database). */
    public static AgentState inMemory() {
        return new AgentState(null, new TreeMap<>());
    }

    public Entry get(String contractId) {
        return contracts.get(contractId);
    }

    public Entry entry(String contractId) {
        return contracts.computeIfAbsent(contractId, k -> new Entry());
    }

    public Map<String, Entry> all() {
        return contracts;
    }

    /** Writes the state whole, replacing the file in one move. */
    public void save() throws IOException {
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path next = Files.createTempFile(dir, file.getFileName().toString(), ".next");
        JSON.writeValue(next.toFile(), contracts);
        try {
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
