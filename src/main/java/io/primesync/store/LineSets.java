package io.primesync.store;

import static io.primesync.store.Attr.s;
import static io.primesync.store.Attr.str;
import static io.primesync.store.Attributes.LINES;

import io.primesync.domain.LineItem;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Immutable line sets: each ERP version's lines written once as chunk items under a fresh set id, in the contract's
 * partition, read whole, and removed once no head names them. A set is never modified, so a reader either finds all
 * of its chunks or knows it was replaced while it read.
 */
final class LineSets {
    /** Sets nobody references that are older than this are left-overs of failed writes, safe to remove. */
    static final long ORPHAN_AGE_MILLIS = 10 * 60 * 1000L;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Table table;
    private final Clock clock;

    LineSets(Table table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    /** Writes the lines as a new set of the contract and returns its reference. */
    LineSetRef write(String pk, List<LineItem> lines) {
        String setId = String.format("%012x%08x", clock.millis(), RANDOM.nextInt());
        List<byte[]> chunks = LineCodec.encode(lines);
        List<Map<String, AttributeValue>> items = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            Map<String, AttributeValue> item = new HashMap<>(Keys.key(pk, Keys.chunk(setId, i)));
            item.put(LINES, AttributeValue.fromB(SdkBytes.fromByteArray(chunks.get(i))));
            items.add(item);
        }
        table.putAll(items);
        return new LineSetRef(setId, chunks.size(), lines.size());
    }

    /** The set's lines, or null when its chunks are not all there (it was replaced and removed meanwhile). */
    List<LineItem> read(String pk, LineSetRef set) {
        Chunks chunks = new Chunks();
        table.queryAll(QueryRequest.builder()
                .keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                .expressionAttributeValues(Map.of(":pk", s(pk), ":p", s(Keys.chunkSetPrefix(set.setId()))))
                .consistentRead(true), chunks::add);
        return chunks.lines(set);
    }

    /** Removes the set; failures are left for later, since an unreferenced set is harmless. */
    void deleteQuietly(String pk, LineSetRef set) {
        try {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (int i = 0; i < set.chunks(); i++) {
                keys.add(Keys.key(pk, Keys.chunk(set.setId(), i)));
            }
            table.deleteAll(keys);
        } catch (RuntimeException e) {
            // the next sync of this contract removes left-overs
        }
    }

    /** Removes the sets, found in a read of the partition, that no head names and that are old enough to be dead. */
    void deleteOrphansQuietly(String pk, List<String> unreferencedSetIds) {
        long now = clock.millis();
        for (String setId : unreferencedSetIds) {
            if (ageMillis(setId, now) <= ORPHAN_AGE_MILLIS) {
                continue;
            }
            try {
                List<Map<String, AttributeValue>> keys = new ArrayList<>();
                table.queryAll(QueryRequest.builder()
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                        .expressionAttributeValues(Map.of(":pk", s(pk), ":p", s(Keys.chunkSetPrefix(setId))))
                        .projectionExpression("pk, sk"), keys::add);
                table.deleteAll(keys);
            } catch (RuntimeException e) {
                // tried again by the next sync
            }
        }
    }

    private static long ageMillis(String setId, long now) {
        try {
            return now - Long.parseLong(setId.substring(0, 12), 16);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Chunk items gathered from a read of a partition, by set. */
    static final class Chunks {
        private final Map<String, TreeMap<String, byte[]>> bySet = new HashMap<>();

        /** Takes the item if it is a chunk; false when it is something else. */
        boolean add(Map<String, AttributeValue> item) {
            String sk = str(item, Keys.SK);
            if (sk == null || !sk.startsWith(Keys.LINES_PREFIX)) {
                return false;
            }
            String rest = sk.substring(Keys.LINES_PREFIX.length());
            int hash = rest.lastIndexOf('#');
            AttributeValue lines = item.get(LINES);
            bySet.computeIfAbsent(rest.substring(0, hash), k -> new TreeMap<>())
                    .put(rest.substring(hash + 1), lines == null || lines.b() == null ? new byte[0] : lines.b().asByteArrayUnsafe());
            return true;
        }

        /** The set's lines, or null when not all of its chunks were read. */
        List<LineItem> lines(LineSetRef ref) {
            TreeMap<String, byte[]> chunks = bySet.get(ref.setId());
            if (chunks == null || chunks.size() != ref.chunks()) {
                return null;
            }
            List<LineItem> lines = new ArrayList<>(ref.lines());
            for (byte[] chunk : chunks.values()) {
                LineCodec.decode(chunk, lines);
            }
            return lines.size() == ref.lines() ? lines : null;
        }

        List<String> setIds() {
            return new ArrayList<>(bySet.keySet());
        }
    }
}
