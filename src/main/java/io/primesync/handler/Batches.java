package io.primesync.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.logging.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/** What every function on an SQS queue does the same way: the batch in and out, one record at a time, a record given back. */
final class Batches {
    private Batches() {}

    /**
     * An SQS batch read with the application's mapper and the batch response written with it: what every function on a
     * queue answers Lambda.
     */
    static void stream(InputStream input, OutputStream output,
            Function<SQSEvent, SQSBatchResponse> handler) throws IOException {
        JsonNode event = Json.MAPPER.readTree(input);
        SQSEvent sqs = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        if (event != null) {
            for (JsonNode r : event.path("Records")) {
                SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
                m.setMessageId(r.path("messageId").asText(null));
                m.setReceiptHandle(r.path("receiptHandle").asText(null));
                m.setBody(r.path("body").asText(null));
                records.add(m);
            }
        }
        sqs.setRecords(records);
        SQSBatchResponse response = handler.apply(sqs);
        ObjectNode out = Json.object();
        ArrayNode failures = out.putArray("batchItemFailures");
        response.getBatchItemFailures().forEach(f -> failures.addObject().put("itemIdentifier", f.getItemIdentifier()));
        Json.MAPPER.writeValue(output, out);
    }

    /**
     * Each record in its own log scope; one the function is not done with ({@code done} answers false) is reported
     * as a batch item failure, so SQS keeps it.
     */
    static SQSBatchResponse each(SQSEvent event, Context context, Predicate<SQSEvent.SQSMessage> done) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage record : records) {
            try (Log.Scope ignored = Log.begin(context == null ? null : context.getAwsRequestId(), null)) {
                if (!done.test(record)) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                }
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** Sets a record's visibility to the wait; if that fails, the record comes back after the queue's own. */
    static void giveBack(Runnable setVisibility) {
        try {
            setVisibility.run();
        } catch (RuntimeException e) {
            Log.warn("could not set the message's visibility; it comes back after the queue's", "error",
                    e.getClass().getName());
        }
    }
}
