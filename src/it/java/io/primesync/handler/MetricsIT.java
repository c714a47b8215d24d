package io.primesync.handler;

import static io.primesync.testing.Snapshot.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.json.Json;
import io.primesync.logging.Metrics;
import io.primesync.testing.Api;
import io.primesync.testing.Figures;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The metric lines of an import, a re-import, a refusal and a failed sync, as the functions write them: each is valid
 * Embedded Metric Format (a directive naming the namespace, dimension sets of keys the line carries, metrics whose
 * values are numbers on the line), with the documented names, units and dimensions.
 */
class MetricsIT {
    private final Api api = Api.onLocalDynamo();

    @Test
    void aReimportARefusalAndAFailedSyncSayWhatHappenedInMetrics() {
        List<JsonNode> lines = captured(() -> {
            api.imported(snapshot("M-1", "J-1", 1).lump("A", "10.00"));
            api.spectrum.upsert(snapshot("M-1", "J-1", 2).lump("A", "11.00").lump("B", "2.00"));
            api.reimported("M-1");
            assertEquals(409, api.user.reimport("M-1").send().status());
            // Procore refuses the line items of the next one, every time: the sync fails with Procore's reason
            api.spectrum.upsert(snapshot("M-1", "J-1", 3).lump("A", "12.00"));
            api.procore.fault(Json.object().put("companyId", api.company).put("method", "PATCH")
                    .put("path", ".*/line_items/sync.*").put("status", 403).put("count", 20));
            try {
                JsonNode failed = api.written("M-1", api.user.reimport("M-1").send());
                assertEquals("failed", failed.path("status").asText(), failed.toString());
            } finally {
                api.procore.clearFaults();
            }
        });

        Map<String, Integer> seen = new TreeMap<>();
        for (JsonNode line : lines) {
            JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
            assertTrue(line.path("_aws").path("Timestamp").isIntegralNumber(), line.toString());
            assertEquals(Metrics.NAMESPACE, directive.path("Namespace").asText(), line.toString());
            for (JsonNode set : directive.path("Dimensions")) {
                for (JsonNode key : set) {
                    assertTrue(line.path(key.asText()).isTextual(), "a dimension the line carries: " + line);
                }
            }
            assertEquals(1, directive.path("Metrics").size(), line.toString());
            JsonNode metric = directive.path("Metrics").get(0);
            Metrics.Metric documented = byName(metric.path("Name").asText());
            assertEquals(documented.unit(), metric.path("Unit").asText(), line.toString());
            assertTrue(line.path(documented.metricName()).isNumber(), line.toString());
            Set<String> own = new HashSet<>(documented.dimensions());
            own.add(Metrics.SERVICE);
            Set<String> carried = new HashSet<>();
            directive.path("Dimensions").forEach(set -> set.forEach(k -> carried.add(k.asText())));
            assertEquals(own, carried, line.toString());
            StringBuilder key = new StringBuilder(documented.metricName());
            documented.dimensions().forEach(d -> key.append(' ').append(d).append('=').append(line.path(d).asText()));
            seen.merge(key.toString(), line.path(documented.metricName()).asInt(), Integer::sum);
        }
        Figures.print("[metrics] " + seen);
        assertEquals(1, seen.get("SyncsAccepted Kind=import"));
        assertEquals(2, seen.get("SyncsAccepted Kind=reimport"));
        assertEquals(1, seen.get("SyncsApplied Kind=import"));
        assertEquals(1, seen.get("SyncsApplied Kind=reimport"));
        assertEquals(1, seen.get("SyncsFailed Kind=reimport"));
        assertEquals(1, seen.get("SyncLinesWritten Kind=import"), "one line imported");
        assertEquals(2, seen.get("SyncLinesWritten Kind=reimport"), "two re-imported (A changed, B added), none by the failed one");
        assertTrue(seen.containsKey("SyncDuration Kind=reimport"), seen.toString());
        assertEquals(1, seen.get("Refusals Operation=reimport Reason=NO_UNSYNCED_CHANGES"));
        assertTrue(seen.get("WebhookResults Source=spectrum Result=applied") >= 3, seen.toString());
        assertTrue(seen.get("WebhookResults Source=procore Result=accepted") >= 1, "the job's project, told by Procore");
        assertTrue(seen.get("ProcoreCalls Outcome=2xx") > 0, seen.toString());
        assertTrue(seen.get("ProcoreCalls Outcome=4xx") > 0, "the refused line items: " + seen);
    }

    private static Metrics.Metric byName(String name) {
        for (Metrics.Metric m : Metrics.Metric.values()) {
            if (m.metricName().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("a metric the product does not document: " + name);
    }

    /** The EMF lines written to standard output while {@code work} runs (the rest still goes to the console). */
    private static List<JsonNode> captured(Runnable work) {
        PrintStream out = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                bytes.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
        System.setOut(both);
        try {
            work.run();
        } finally {
            System.setOut(out);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{") && line.contains("\"_aws\"")) {
                lines.add(Json.read(line.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return lines;
    }
}
