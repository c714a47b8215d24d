package io.primesync.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.logging.Log;
import io.primesync.logging.Metrics;
import io.primesync.service.SyncSweeper;
import io.primesync.store.DynamoPriming;
import io.primesync.store.SyncStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** {@code SweeperFunction}, on a schedule: queues again the syncs left unfinished without a live worker. */
public final class SweeperHandler extends PrimedHandler {
    /** A sync younger than this still has its own message on the way. */
    static final Duration MIN_AGE = Duration.ofMinutes(2);

    private final SyncSweeper sweeper;
    /** The deployed function's wiring, for priming's one real read; null in tests. */
    private AppContext app;

    /** What Lambda calls: wired from the environment. */
    public SweeperHandler() {
        this(AppContext.fromEnvironment());
    }

    public SweeperHandler(AppContext app) {
        this(app.sweeper());
        this.app = app;
    }

    public SweeperHandler(SyncSweeper sweeper) {
        this.sweeper = sweeper;
    }

    @Override
    protected List<String> primingEvents() {
        return List.of();
    }

    /**
     * A sweep on priming's store (a priming sweep of the real table would query every company's unfinished syncs at
     * publish time), then a read of company 0's reconciliation marks in the real table.
     */
    @Override
    protected void primeOwnCode() {
        Clock clock = Clock.systemUTC();
        new SyncSweeper(new SyncStore(DynamoPriming.table(null), clock), (company, contract, sync, revision, delay) -> { },
                clock).sweep(MIN_AGE);
        if (app != null) {
            app.procoreFacts().reconcileMarks(PRIMING_COMPANY);
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        SyncSweeper.Result result;
        try (Log.Scope ignored = Log.begin(context == null ? null : context.getAwsRequestId(), null)) {
            result = sweeper.sweep(MIN_AGE);
            // unfinished past the grace time, sweep after sweep: the alarm on syncs left pending watches this
            Metrics.emit(Metrics.Metric.UNFINISHED_SYNCS, result.unfinished());
        }
        ObjectNode out = Json.object();
        out.put("unfinished", result.unfinished());
        out.put("running", result.running());
        out.put("queued", result.queued());
        out.put("tidied", result.tidied());
        Json.MAPPER.writeValue(output, out);
    }
}
