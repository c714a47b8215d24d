package io.primesync.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.primesync.domain.Sync;
import io.primesync.logging.Log;
import io.primesync.logging.Metrics;
import io.primesync.queue.SqsSyncQueue;
import io.primesync.queue.SyncMessage;
import io.primesync.service.SyncWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code SyncWorkerFunction}: takes sync messages from the queue (an SQS event source with
 * {@code ReportBatchItemFailures}) and writes each sync to Procore. A message whose sync has ended is done; one whose
 * sync another worker holds, or that Procore's rate limit holds back, goes back to the queue with a visibility
 * timeout that matches the wait (instead of this function sleeping it away), and is reported as a batch item failure
 * so SQS keeps it. A body that is not a sync message is logged and let go: retrying it cannot help.
 */
public final class SyncWorkerHandler extends PrimedHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final SyncWriter writer;
    private final SqsSyncQueue queue;
    private final Clock clock;

    /** What Lambda calls: wired from the environment. */
    public SyncWorkerHandler() {
        this(AppContext.fromEnvironment());
    }

    public SyncWorkerHandler(AppContext app) {
        this(app.syncWriter(), app.sqsQueue(), app.clock());
    }

    public SyncWorkerHandler(SyncWriter writer, SqsSyncQueue queue, Clock clock) {
        this.writer = writer;
        this.queue = queue;
        this.clock = clock;
    }

    @Override
    protected boolean talksToProcore() {
        return true;
    }

    @Override
    protected List<String> primingEvents() {
        return List.of("sync-worker.json");
    }

    /** What Lambda calls: the event read and the answer written with the application's mapper. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Batches.stream(input, output, event -> handleRequest(event, context));
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return Batches.each(event, context, record -> process(record, context));
    }

    /** The metrics of a sync this worker ended: applied or failed, how long from the request, lines written. */
    private static void ended(Sync sync) {
        Map<String, String> kind = Map.of("Kind", sync.kind().wire());
        Metrics.emit(sync.status() == Sync.Status.APPLIED ? Metrics.Metric.SYNCS_APPLIED : Metrics.Metric.SYNCS_FAILED, 1,
                kind);
        if (sync.finishedAt() != null) {
            Metrics.emit(Metrics.Metric.SYNC_DURATION,
                    Duration.between(sync.requestedAt(), sync.finishedAt()).toMillis(), kind);
        }
        Metrics.emit(Metrics.Metric.SYNC_LINES_WRITTEN, sync.linesWritten(), kind);
    }

    /** @return whether the message is done with */
    private boolean process(SQSEvent.SQSMessage record, Context context) {
        Optional<SyncMessage> parsed = SyncMessage.parse(record.getBody());
        if (parsed.isEmpty()) {
            Log.error("not a sync message; let go", null, "messageId", record.getMessageId());
            return true;
        }
        SyncMessage m = parsed.get();
        Log.with("companyId", m.companyId());
        Log.with("contractId", m.contractId());
        Log.with("syncId", m.syncId());
        long start = System.nanoTime();
        SyncWriter.Outcome outcome;
        try {
            outcome = writer.write(m.companyId(), m.contractId(), m.syncId(), m.revision(),
                    () -> context == null ? 120_000 : context.getRemainingTimeInMillis());
        } catch (RuntimeException e) {
            // the store or the queue failed us: the message comes back after its visibility timeout
            Log.error("sync write failed", e);
            return false;
        }
        double millis = (System.nanoTime() - start) / 1_000_000.0;
        if (outcome instanceof SyncWriter.Done done) {
            Log.info("sync", "status", done.status() == null ? "unknown" : done.status().wire(), "durationMs", millis);
            if (done.ended() != null) {
                ended(done.ended());
            }
            return true;
        }
        long seconds = outcome instanceof SyncWriter.Later later
                ? Math.max(0, (later.retryAt().toEpochMilli() - clock.millis() + 999) / 1000)
                : ((SyncWriter.Busy) outcome).retryAfter().toSeconds();
        Log.info("sync", "status", "later", "retryInSeconds", seconds, "durationMs", millis);
        Batches.giveBack(() -> queue.retryAfter(record.getReceiptHandle(), seconds));
        return false;
    }
}
