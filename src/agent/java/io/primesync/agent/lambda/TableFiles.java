package io.primesync.agent.lambda;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The agent's directory (its state file and its spool) kept in a DynamoDB table, for where the disk does not outlive
 * a run (a Lambda function): {@link #download} before a round, {@link #upload} after each step of it. A file is
 * gzipped and cut into chunks of at most {@value #CHUNK} bytes, each an item ({@code path}, {@code part}
 * {@code <generation>/<n>}), and a head item ({@code part} {@code head}) naming the generation and its chunk count,
 * written after its chunks and before the earlier generation's are deleted: a file replaced by a run that died
 * half-way reads as its last whole version. Single-item writes only; a download holds one file at a time.
 */
public final class TableFiles {
    static final int CHUNK = 300 * 1024;

    private final DynamoDbClient dynamo;
    private final String table;
    static final String HEAD = "head";
    /** What the table holds, by path: the content's hash and the parts of its items but the head. */
    private final Map<String, Held> held = new HashMap<>();

    private record Held(String hash, List<String> parts) {}

    public TableFiles(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Writes every whole file the table holds into {@code dir} (emptied first). */
    public void download(Path dir) throws IOException {
        clear(dir);
        Files.createDirectories(dir);
        held.clear();
        // the heads alone first, then each file's items by themselves: memory holds one file at a time
        // (the SDK's paginators ask for each next page until DynamoDB names no last key)
        List<String> paths = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true).filterExpression("#part = :head")
                .expressionAttributeNames(Map.of("#part", "part"))
                .expressionAttributeValues(Map.of(":head", AttributeValue.fromS(HEAD))))
                .items().forEach(item -> paths.add(item.get("path").s()));
        for (String path : paths) {
            Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
            dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true).keyConditionExpression("#path = :path")
                    .expressionAttributeNames(Map.of("#path", "path"))
                    .expressionAttributeValues(Map.of(":path", AttributeValue.fromS(path))))
                    .items().forEach(item -> items.put(item.get("part").s(), item));
            Map<String, AttributeValue> head = items.remove(HEAD);
            if (head == null) {
                continue; // deleted since the scan
            }
            String generation = head.get("generation").s();
            int chunks = Integer.parseInt(head.get("chunks").n());
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            for (int i = 0; i < chunks; i++) {
                Map<String, AttributeValue> c = items.get(part(generation, i));
                if (c == null) {
                    throw new IOException("the agent's file " + path + " in table " + table + " misses chunk " + i
                            + " of its generation " + generation);
                }
                gz.write(c.get("data").b().asByteArray());
            }
            byte[] content = gunzip(gz.toByteArray());
            Path target = resolve(dir, path);
            Files.createDirectories(target.getParent());
            Files.write(target, content);
            // the parts of earlier generations a run that died left behind go with the next write of the file
            held.put(path, new Held(hash(content), new ArrayList<>(items.keySet())));
        }
    }

    /** A chunk's sort key: the generation and its number, padded so that they sort in order. */
    private static String part(String generation, int i) {
        return generation + "/" + String.format("%05d", i);
    }

    /** Makes the table hold what {@code dir} holds: changed files written, files gone deleted. */
    public void upload(Path dir) throws IOException {
        Map<String, Path> local = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = dir.relativize(f).toString().replace('\\', '/');
                if (!name.endsWith(".next")) { // a spool file not yet moved into place is not the spool's yet
                    local.put(name, f);
                }
            }
        }
        for (Map.Entry<String, Path> f : local.entrySet()) {
            byte[] content = Files.readAllBytes(f.getValue());
            String hash = hash(content);
            Held before = held.get(f.getKey());
            if (before != null && hash.equals(before.hash())) {
                continue;
            }
            byte[] gz = gzip(content);
            int chunks = Math.max(1, (gz.length + CHUNK - 1) / CHUNK);
            String generation = UUID.randomUUID().toString();
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < chunks; i++) {
                String part = part(generation, i);
                parts.add(part);
                byte[] data = java.util.Arrays.copyOfRange(gz, i * CHUNK, Math.min(gz.length, (i + 1) * CHUNK));
                dynamo.putItem(b -> b.tableName(table).item(Map.of("path", AttributeValue.fromS(f.getKey()),
                        "part", AttributeValue.fromS(part), "data", AttributeValue.fromB(SdkBytes.fromByteArray(data)))));
            }
            // the switch: from here on the file reads as this generation
            dynamo.putItem(b -> b.tableName(table).item(Map.of("path", AttributeValue.fromS(f.getKey()),
                    "part", AttributeValue.fromS(HEAD), "generation", AttributeValue.fromS(generation),
                    "chunks", AttributeValue.fromN(Integer.toString(chunks)))));
            if (before != null) {
                for (String old : before.parts()) {
                    delete(f.getKey(), old);
                }
            }
            held.put(f.getKey(), new Held(hash, parts));
        }
        for (String gone : new ArrayList<>(held.keySet())) {
            if (!local.containsKey(gone)) {
                Held h = held.remove(gone);
                // the head first: from then on the file is gone, whatever happens to the rest
                delete(gone, HEAD);
                for (String part : h.parts()) {
                    delete(gone, part);
                }
            }
        }
    }

    private void delete(String path, String part) {
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of("path", AttributeValue.fromS(path),
                "part", AttributeValue.fromS(part))));
    }

    private static Path resolve(Path dir, String name) throws IOException {
        Path target = dir.resolve(name).normalize();
        if (!target.startsWith(dir.normalize())) {
            throw new IOException("the agent's table names a file outside its directory: " + name);
        }
        return target;
    }

    private static void clear(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = files.sorted(java.util.Comparator.reverseOrder()).toList();
            for (Path f : all) {
                Files.delete(f);
            }
        }
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    private static String hash(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
