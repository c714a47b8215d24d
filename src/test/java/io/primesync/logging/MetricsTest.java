package io.primesync.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void aLineInTheEmbeddedMetricFormatNamesEachCountAndItsValue() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("change orders changed", 3);
        counts.put("links removed", 0);
        JsonNode line = Metrics.line("ReconcileFunction", counts, 1_795_000_000_000L);
        JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertEquals(1_795_000_000_000L, line.path("_aws").path("Timestamp").asLong());
        assertEquals("PrimeSync", directive.path("Namespace").asText());
        assertEquals("[[\"Function\"]]", directive.path("Dimensions").toString());
        assertEquals("[{\"Name\":\"ChangeOrdersChanged\",\"Unit\":\"Count\"},{\"Name\":\"LinksRemoved\",\"Unit\":\"Count\"}]",
                directive.path("Metrics").toString());
        assertEquals("ReconcileFunction", line.path("Function").asText());
        assertEquals(3, line.path("ChangeOrdersChanged").asInt());
        assertEquals(0, line.path("LinksRemoved").asInt());
    }

    @Test
    void metricNamesAreCamelCaseWordsOfLettersAndDigits() {
        assertEquals("IgnoredSubmittals", Metrics.metricName("ignored: Submittals"));
        assertEquals("DriftFound", Metrics.metricName("drift found"));
        assertEquals("", Metrics.metricName(" : "));
    }
}
