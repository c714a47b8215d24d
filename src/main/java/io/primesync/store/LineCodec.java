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

/**
 * Packs line items into chunk items as compact JSON arrays ({@code [[code, description, amount, qty, uom, price], ...]}).
 * Packing many lines per item is what keeps a 5,000-line contract at a few write units per kilobyte instead of
 * one write unit per line.
 */
final class LineCodec {
    /** Stays well under DynamoDB's 400 KB item limit once keys and attribute names are added. */
    static final int MAX_CHUNK_BYTES = 300_000;
    private static final JsonFactory JSON = new JsonFactory();

    private LineCodec() {}

    static List<String> encode(List<LineItem> lines) {
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
