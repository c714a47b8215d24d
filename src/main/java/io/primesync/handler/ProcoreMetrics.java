package io.primesync.handler;

import io.primesync.logging.Log;

/** What the deployed functions say of their Procore calls: a log line per throttling wait and per failed call. */
final class ProcoreMetrics {
    static final io.primesync.procore.CallListener LOG = new io.primesync.procore.CallListener() {
        @Override
        public void answered(String method, String route, int status, long millis) {
            if (status == 429 || status >= 500) {
                Log.warn("procore call", "route", route, "status", status, "durationMs", millis);
            }
        }

        @Override
        public void failed(String method, String route, String why) {
            Log.warn("procore call", "route", route, "failure", why);
        }

        @Override
        public void waited(String companyId, long millis, String why) {
            Log.info("procore wait", "waitMs", millis, "why", why);
        }
    };

    private ProcoreMetrics() {}
}
