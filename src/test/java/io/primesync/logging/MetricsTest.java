package io.primesync.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.logging.Metrics.Metric;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void aLineInTheEmbeddedMetricFormatUnderTheServiceAndUnderItsOwnDimensions() {
        JsonNode line = Metrics.line(Metric.REFUSALS, 1, Map.of("Reason", "APPROVED_CHANGE_ORDERS", "Operation", "reimport"),
                1_795_000_000_000L);
        JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertEquals(1_795_000_000_000L, line.path("_aws").path("Timestamp").asLong());
        assertEquals("PrimeSync", directive.path("Namespace").asText());
        assertEquals("[[\"Service\"],[\"Service\",\"Operation\",\"Reason\"]]", directive.path("Dimensions").toString());
        assertEquals("[{\"Name\":\"Refusals\",\"Unit\":\"Count\"}]", directive.path("Metrics").toString());
        assertEquals("PrimeSync", line.path("Service").asText());
        assertEquals("reimport", line.path("Operation").asText());
        assertEquals("APPROVED_CHANGE_ORDERS", line.path("Reason").asText());
        assertEquals(1, line.path("Refusals").asLong());
        assertEquals(true, line.path("Refusals").isIntegralNumber());
    }

    @Test
    void aMetricWithoutDimensionsOfItsOwnIsUnderTheServiceOnly() {
        JsonNode line = Metrics.line(Metric.PROCORE_RATE_LIMIT_WAIT_TIME, 1250.5, Map.of(), 1L);
        assertEquals("[[\"Service\"]]", line.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").toString());
        assertEquals(1250.5, line.path("ProcoreRateLimitWaitTime").asDouble());
    }

    @Test
    void theDimensionsMustBeTheMetricsOwn() {
        assertThrows(IllegalArgumentException.class, () -> Metrics.line(Metric.SYNCS_APPLIED, 1, Map.of(), 1L));
        assertThrows(IllegalArgumentException.class, () -> Metrics.line(Metric.SYNCS_APPLIED, 1,
                Map.of("Kind", "import", "ContractId", "C-1"), 1L));
    }
}
