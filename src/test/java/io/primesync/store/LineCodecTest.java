package io.primesync.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primesync.domain.LineItem;
import io.primesync.testing.Fixtures;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class LineCodecTest {
    @Test
    void linesRoundTripExactlyWithScaleAndNulls() {
        List<LineItem> lines = new ArrayList<>(Fixtures.lines(50, "A"));
        lines.add(new LineItem("U-1", "Unit line \"quoted\" \u00e9\u4e2d", new BigDecimal("-12.50"),
                new BigDecimal("10.000"), "CY", new BigDecimal("-1.2500")));
        lines.add(new LineItem("E", "", new BigDecimal("0.00"), null, null, null));
        List<LineItem> back = new ArrayList<>();
        for (byte[] chunk : LineCodec.encode(lines)) {
            LineCodec.decode(chunk, back);
        }
        assertEquals(lines, back, "records compare decimals with their scale, so scale survives too");
    }

    @Test
    void chunksStayUnderTheItemLimitAndCompressTypicalContracts() {
        List<LineItem> lines = Fixtures.lines(5000, "L");
        int raw = LineCodec.encodeText(lines).stream().mapToInt(s -> s.getBytes(StandardCharsets.UTF_8).length).sum();
        List<byte[]> chunks = LineCodec.encode(lines);
        int compressed = chunks.stream().mapToInt(c -> c.length).sum();
        assertTrue(chunks.stream().allMatch(c -> c.length < 350_000));
        assertTrue(compressed * 3 < raw, "5,000 typical lines: " + raw + " bytes raw, " + compressed + " deflated");
    }

    @Test
    void incompressibleLinesStillFitAnItem() {
        List<LineItem> lines = new ArrayList<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 3000; i++) {
            byte[] noise = new byte[300];
            random.nextBytes(noise);
            String description = new String(Base64.getEncoder().encode(noise), StandardCharsets.US_ASCII);
            lines.add(LineItem.lumpSum("N" + i, description, "1.00"));
        }
        List<byte[]> chunks = LineCodec.encode(lines);
        assertTrue(chunks.size() > 1);
        assertTrue(chunks.stream().allMatch(c -> c.length < 350_000), "every chunk fits DynamoDB's 400 KB item");
    }

    @Test
    void aDamagedChunkIsAnErrorNotWrongLines() {
        byte[] chunk = LineCodec.encode(Fixtures.lines(100, "D")).get(0);
        byte[] truncated = Arrays.copyOf(chunk, chunk.length / 2);
        assertThrows(UncheckedIOException.class, () -> LineCodec.decode(truncated, new ArrayList<>()));
    }
}
