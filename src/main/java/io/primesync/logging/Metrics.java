package io.primesync.logging;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The product's business metrics, written as log lines in CloudWatch's Embedded Metric Format: CloudWatch Logs turns
 * each line into metrics of the {@code PrimeSync} namespace, with no agent and no call to CloudWatch on the request
 * path. Every metric is published twice: under {@code Service} alone (what the alarms watch) and under {@code
 * Service} with its own few dimensions, whose values come from small fixed sets (a kind, a reason code, a source, a
 * result, an outcome class), never an id.
 */
public final class Metrics {
    public static final String NAMESPACE = "PrimeSync";
    public static final String SERVICE = "Service";

    /** Every metric the product emits, with its unit and its dimensions. */
    public enum Metric {
        /** Imports and re-imports accepted (202). */
        SYNCS_ACCEPTED("SyncsAccepted", "Count", "Kind"),
        /** Syncs that reached Procore whole. */
        SYNCS_APPLIED("SyncsApplied", "Count", "Kind"),
        /** Syncs that ended failed, with a reason. */
        SYNCS_FAILED("SyncsFailed", "Count", "Kind"),
        /** From the request to the end of a sync. */
        SYNC_DURATION("SyncDuration", "Milliseconds", "Kind"),
        /** Lines a sync brought to Procore. */
        SYNC_LINES_WRITTEN("SyncLinesWritten", "Count", "Kind"),
        /** Imports and re-imports refused, one per reason given. */
        REFUSALS("Refusals", "Count", "Operation", "Reason"),
        /** Webhook deliveries answered 200, by what became of them. */
        WEBHOOK_RESULTS("WebhookResults", "Count", "Source", "Result"),
        /** Calls to Procore by outcome: 2xx, 4xx, 429, 5xx, timeout, error. */
        PROCORE_CALLS("ProcoreCalls", "Count", "Outcome"),
        /** Waits for Procore's rate-limit window, and how long. */
        PROCORE_RATE_LIMIT_WAITS("ProcoreRateLimitWaits", "Count"),
        PROCORE_RATE_LIMIT_WAIT_TIME("ProcoreRateLimitWaitTime", "Milliseconds"),
        /** What a reconciliation found, by kind. */
        RECONCILIATION_FINDINGS("ReconciliationFindings", "Count", "Finding"),
        /** Companies a reconciliation run read, and those it left for the next run. */
        COMPANIES_RECONCILED("CompaniesReconciled", "Count"),
        /** Records Procore answered as another company's than the one they were read for, dropped. */
        PROCORE_COMPANY_MISMATCHES("ProcoreCompanyMismatches", "Count"),
        COMPANIES_POSTPONED("CompaniesPostponed", "Count"),
        /** Syncs a sweep found unfinished past their grace time. */
        UNFINISHED_SYNCS("UnfinishedSyncs", "Count");

        private final String metricName;
        private final String unit;
        private final List<String> dimensions;

        Metric(String metricName, String unit, String... dimensions) {
            this.metricName = metricName;
            this.unit = unit;
            this.dimensions = List.of(dimensions);
        }

        public String metricName() {
            return metricName;
        }

        public String unit() {
            return unit;
        }

        public List<String> dimensions() {
            return dimensions;
        }
    }

    private Metrics() {}

    /** A value with no dimension of its own. */
    public static void emit(Metric metric, double value) {
        emit(metric, value, Map.of());
    }

    /** One value; {@code dimensions} names exactly the metric's own dimensions. */
    public static void emit(Metric metric, double value, Map<String, String> dimensions) {
        System.out.println(Json.write(line(metric, value, dimensions, System.currentTimeMillis())));
    }

    static ObjectNode line(Metric metric, double value, Map<String, String> dimensions, long epochMillis) {
        if (!dimensions.keySet().equals(new HashSet<>(metric.dimensions()))) {
            throw new IllegalArgumentException(metric + " takes the dimensions " + metric.dimensions() + ", not "
                    + dimensions.keySet());
        }
        ObjectNode o = Json.object();
        ObjectNode aws = o.putObject("_aws");
        aws.put("Timestamp", epochMillis);
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        ArrayNode sets = directive.putArray("Dimensions");
        sets.addArray().add(SERVICE);
        if (!metric.dimensions().isEmpty()) {
            ArrayNode own = sets.addArray().add(SERVICE);
            metric.dimensions().forEach(own::add);
        }
        directive.putArray("Metrics").addObject().put("Name", metric.metricName()).put("Unit", metric.unit());
        o.put(SERVICE, NAMESPACE);
        Map<String, String> ordered = new LinkedHashMap<>();
        metric.dimensions().forEach(d -> ordered.put(d, dimensions.get(d)));
        ordered.forEach(o::put);
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            o.put(metric.metricName(), (long) value);
        } else {
            o.put(metric.metricName(), value);
        }
        return o;
    }
}
