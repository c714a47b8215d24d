package io.primesync.handler;

import io.primesync.logging.Log;
import io.primesync.logging.Metrics;
import io.primesync.procore.CallListener;
import java.util.Locale;
import java.util.Map;

/**
 * What the deployed functions say of their Procore calls: every call counted by its outcome (a metric), a log line
 * per throttling wait and per failed call, and each wait counted with its length.
 */
final class ProcoreMetrics {
    static final CallListener LOG = new CallListener() {
        @Override
        public void answered(String method, String route, int status, long millis) {
            if (status == 429 || status >= 500) {
                Log.warn("procore call", "route", route, "status", status, "durationMs", millis);
            }
            Metrics.emit(Metrics.Metric.PROCORE_CALLS, 1, Map.of("Outcome", outcome(status)));
        }

        @Override
        public void failed(String method, String route, String why) {
            Log.warn("procore call", "route", route, "failure", why);
            Metrics.emit(Metrics.Metric.PROCORE_CALLS, 1, Map.of("Outcome",
                    why != null && why.toLowerCase(Locale.ROOT).contains("timeout") ? "timeout" : "error"));
        }

        @Override
        public void waited(String companyId, long millis, String why) {
            Log.info("procore wait", "waitMs", millis, "why", why);
            Metrics.emit(Metrics.Metric.PROCORE_RATE_LIMIT_WAITS, 1);
            Metrics.emit(Metrics.Metric.PROCORE_RATE_LIMIT_WAIT_TIME, millis);
        }
    };

    /** A status as one of a few classes: 2xx, 3xx, 4xx, 429, 5xx. */
    static String outcome(int status) {
        return status == 429 ? "429" : status >= 200 && status < 600 ? (status / 100) + "xx" : "error";
    }

    private ProcoreMetrics() {}
}
