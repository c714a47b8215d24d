package io.primesync.local.procore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.local.http.Reply;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The answers every resource of the simulated API gives alike: a JSON body, Procore's errors, added headers. */
final class SimReplies {
    private SimReplies() {}

    static Reply json(int status, JsonNode body) {
        return Reply.json(status, Json.write(body));
    }

    /** What Procore answers for a path it has no route for. */
    static Reply notFound() {
        return Reply.json(404, "{\"errors\":\"Not Found\"}");
    }

    /** What Procore answers for a resource that is not there, or not visible to the caller. */
    static Reply notFound(String what) {
        return Reply.json(404, "{\"errors\":\"" + what + " not found\"}");
    }

    /** A 422 with Procore's validation errors: each field with its messages. */
    static Reply invalid(Map<String, String> errors) {
        ObjectNode o = Json.object();
        ObjectNode e = o.putObject("errors");
        errors.forEach((field, message) -> e.putArray(field).add(message));
        return Reply.json(422, Json.write(o));
    }

    static Reply withHeaders(Reply reply, Map<String, String> headers) {
        Map<String, List<String>> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        all.putAll(reply.headers());
        headers.forEach((k, v) -> all.put(k, List.of(v)));
        return new Reply(reply.status(), all, reply.body());
    }
}
