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

    /** The largest page any list gives (the control surface's {@code perPageMax}). */
    private volatile int perPageMax = 1000;

    int perPageMax() {
        return perPageMax;
    }

    void perPageMax(int perPageMax) {
        this.perPageMax = perPageMax;
    }

    /** A page of a list, under the cap every list shares. */
    <T> Reply page(List<T> all, Map<String, String> q, Function<T, ObjectNode> json) {
        return page(all, q, json, perPageMax);
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
