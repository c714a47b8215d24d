package io.primesync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reconciliation against Procore's simulator at Procore's example limits, on the benchmark's own companies: an
 * hourly run of a company whose deliveries told everything costs a handful of calls whatever its size, the changes
 * whose deliveries Procore discarded are all found by the next run, the first full pass of a large company is spread
 * over runs that each keep to their share, and no call is ever refused for the rate limit. Its requests and answers are
 * held to Procore's description like every other test's.
 */
class ReconcileBudgetIT {
    @Test
    void hourlyRunsKeepToTheirShareAndFindWhatADiscardedDeliveryNeverTold() throws Exception {
        List<ReconcileBench.Row> rows = new ReconcileBench().run(List.of(10, 100, 1000));
        for (ReconcileBench.Row r : rows) {
            String what = r.toString();
            assertTrue(r.quietRun() <= 10, "a quiet hour costs a handful of calls: " + what);
            assertEquals(ReconcileBench.CHANGES, r.changedFound(), "every discarded change found: " + what);
            assertTrue(r.changedRun() <= r.quietRun() + 3 * ReconcileBench.CHANGES, what);
            assertEquals(0, r.throttled(), "never a 429: " + what);
            // half of what is left of the hour, and a project's few calls past it at most
            r.firstPassRuns().forEach(n -> assertTrue(n <= ReconcileBench.HOURLY / 2 + 10, what));
            assertTrue(r.wholePass() >= 3 * r.projects(), "a whole pass reads every project's lists: " + what);
        }
        assertEquals(1, rows.get(1).firstPassRuns().size(), "100 projects' pass fits in one run");
        assertTrue(rows.get(2).firstPassRuns().size() >= 10, "1,000 projects' pass is spread over runs");
    }
}
