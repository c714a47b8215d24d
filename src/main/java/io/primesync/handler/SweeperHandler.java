package io.primesync.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.logging.Log;
import io.primesync.logging.Metrics;
import io.primesync.service.SyncSweeper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;

/** {@code SweeperFunction}, on a schedule: queues again the syncs left unfinished without a live worker. */
public final class SweeperHandler extends PrimedHandler {
    /** A sync younger than this still has its own message on the way. */
    static final Duration MIN_AGE = Duration.ofMinutes(2);

    private final SyncSweeper sweeper;

    /** What Lambda calls: wired from the environment. */
    public SweeperHandler() {
        this(AppContext.fromEnvironment());
    }

    public SweeperHandler(AppContext app) {
        this(app.sweeper());
    }

    public SweeperHandler(SyncSweeper sweeper) {
        this.sweeper = sweeper;
    }

    @Override
    protected List<String> primingEvents() {
        return List.of();
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
