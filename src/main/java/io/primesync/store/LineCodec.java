package io.primesync.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.primesync.domain.LineItem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Packs line items into chunk items as compact JSON arrays ({@code [[code, description, amount, qty, uom, price], ...]}),
 * deflated. Packing many lines per item is what keeps a 5,000-line contract at a few write units per kilobyte
 * instead of one write unit per line; deflating them (line items repeat themselves a lot) cuts the bytes every
 * write, read and delete of a line set is billed for to a fraction of the raw size.
 */
final class LineCodec {
    /** Stays well under DynamoDB's 400 KB item limit once keys and attribute names are added. */
    static final int MAX_CHUNK_BYTES = 300_000;
    private static final JsonFactory JSON = new JsonFactory();

    private LineCodec() {}

    /** Inflating never produces more than this (a chunk holds at most MAX_CHUNK_BYTES of JSON). */
    private static final int MAX_INFLATED_BYTES = 2 * MAX_CHUNK_BYTES;

    static List<byte[]> encode(List<LineItem> lines) {
        List<byte[]> compressed = new ArrayList<>();
        for (String chunk : encodeText(lines)) {
            compressed.add(deflate(chunk.getBytes(StandardCharsets.UTF_8)));
        }
        return compressed;
    }

    static List<LineItem> decode(byte[] compressed, List<LineItem> into) {
        return decode(new String(inflate(compressed), StandardCharsets.UTF_8), into);
    }

    static List<String> encodeText(List<LineItem> lines) {
        List<String> chunks = new ArrayList<>();
        StringBuilder chunk = new StringBuilder("[");
        int chunkBytes = 1;
        for (LineItem line : lines) {
            String encoded = encodeLine(line);
            int bytes = encoded.getBytes(StandardCharsets.UTF_8).length + 1;
            if (chunkBytes + bytes > MAX_CHUNK_BYTES && chunk.length() > 1) {
                chunks.add(chunk.append(']').toString());
                chunk = new StringBuilder("[");
                chunkBytes = 1;
            }
            if (chunk.length() > 1) {
                chunk.append(',');
            }
            chunk.append(encoded);
            chunkBytes += bytes;
        }
        if (chunk.length() > 1 || chunks.isEmpty()) {
            chunks.add(chunk.append(']').toString());
        }
        return chunks;
    }

    static List<LineItem> decode(String chunk, List<LineItem> into) {
        try (JsonParser p = JSON.createParser(chunk)) {
            expect(p.nextToken(), JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_ARRAY) {
                String code = text(p);
                String description = text(p);
                BigDecimal amount = number(p);
                BigDecimal quantity = number(p);
                String uom = text(p);
                BigDecimal price = number(p);
                expect(p.nextToken(), JsonToken.END_ARRAY);
                into.add(new LineItem(code, description, amount, quantity, uom, price));
            }
            return into;
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt line chunk", e);
        }
    }

    private static byte[] deflate(byte[] raw) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4 + 64);
            byte[] buffer = new byte[16 * 1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte[] inflate(byte[] compressed) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 4 + 64);
            byte[] buffer = new byte[16 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new UncheckedIOException(new IOException("truncated line chunk"));
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_INFLATED_BYTES) {
                    throw new UncheckedIOException(new IOException("line chunk larger than any this store writes"));
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new UncheckedIOException(new IOException("corrupt line chunk", e));
        } finally {
            inflater.end();
        }
    }

    private static String encodeLine(LineItem line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            g.writeString(line.itemCode());
            g.writeString(line.description());
            writeNumber(g, line.amount());
            writeNumber(g, line.quantity());
            if (line.unitOfMeasure() == null) {
                g.writeNull();
            } else {
                g.writeString(line.unitOfMeasure());
            }
            writeNumber(g, line.unitPrice());
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Decimals travel as strings so that scale ("10.50") survives the round trip exactly. */
    private static void writeNumber(JsonGenerator g, BigDecimal value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else {
            g.writeString(value.toPlainString());
        }
    }

    private static String text(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        return t == JsonToken.VALUE_NULL ? null : p.getText();
    }

    private static BigDecimal number(JsonParser p) throws IOException {
        String s = text(p);
        return s == null ? null : new BigDecimal(s);
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + " but found " + actual);
        }
    }
}
