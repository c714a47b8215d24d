package io.primesync.local.procore;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.local.http.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Procore's paging of a list: {@code page} (1-based) and {@code per_page}, capped, with the {@code Total},
 * {@code Per-Page} and {@code Link} headers a client follows to the end.
 */
final class SimPages {
    static final int DEFAULT_PER_PAGE = 100;

    /** The largest page a v1.0 list gives (the control surface's {@code perPageMax}). */
    private volatile int perPageMax = 1000;
    /** Procore's v2.0 lists give at most 100 a page. */
    static final int V2_CAP = 100;
    /** Caps of single lists by route ({@code GET /projects}), the control surface's {@code pageCaps}. */
    private final Map<String, Integer> caps = new java.util.concurrent.ConcurrentHashMap<>();

    int perPageMax() {
        return perPageMax;
    }

    void perPageMax(int perPageMax) {
        this.perPageMax = perPageMax;
    }

    /** The caps set for single lists, by route; an empty map clears them. */
    void caps(Map<String, Integer> set) {
        if (set.isEmpty()) {
            caps.clear();
        }
        caps.putAll(set);
    }

    Map<String, Integer> caps() {
        return Map.copyOf(caps);
    }

    /** The cap of a list: its own when set, else Procore's for its API version. */
    int cap(String route) {
        Integer own = caps.get(route);
        return own != null ? own : route.contains(" /v2.0/") ? V2_CAP : perPageMax;
    }

    /** A page of the call's list, under the cap of its route. */
    <T> Reply page(List<T> all, SimCall call, Function<T, ObjectNode> json) {
        Reply reply = page(all, call.query(), json, cap(call.route()));
        if (!call.route().contains(" /v2.0/")) {
            return reply;
        }
        // v2.0 wraps the list in data
        ObjectNode wrapped = Json.object();
        wrapped.set("data", Json.read(reply.body()));
        return new Reply(reply.status(), reply.headers(), Json.write(wrapped).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A page of a list under its own cap (Procore's differs by endpoint). */
    <T> Reply page(List<T> all, Map<String, String> q, Function<T, ObjectNode> json, int cap) {
        int perPage = Math.min(cap, Math.max(1, SimFields.integer(q.get("per_page"), DEFAULT_PER_PAGE)));
        int page = Math.max(1, SimFields.integer(q.get("page"), 1));
        int from = Math.min(all.size(), (page - 1) * perPage);
        ArrayNode items = Json.MAPPER.createArrayNode();
        all.subList(from, Math.min(all.size(), from + perPage)).forEach(t -> items.add(json.apply(t)));
        int last = Math.max(1, (all.size() + perPage - 1) / perPage);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Total", Integer.toString(all.size()));
        headers.put("Per-Page", Integer.toString(perPage));
        List<String> links = new ArrayList<>();
        if (page < last) {
            links.add("<?page=" + (page + 1) + "&per_page=" + perPage + ">; rel=\"next\"");
            links.add("<?page=" + last + "&per_page=" + perPage + ">; rel=\"last\"");
        }
        if (!links.isEmpty()) {
            headers.put("Link", String.join(", ", links));
        }
        return SimReplies.withHeaders(SimReplies.json(200, items), headers);
    }
}
