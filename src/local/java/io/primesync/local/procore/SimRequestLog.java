package io.primesync.local.procore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import java.util.Map;
import java.util.TreeMap;

/** The calls the simulator was asked, counted by company and by method and path template, 429s apart. */
final class SimRequestLog {
    /** The company the login service's calls are counted under (it has none). */
    static final String LOGIN = "login";

    /** company → "METHOD /template" → [calls, 429s] */
    private final Map<String, Map<String, long[]>> requests = new TreeMap<>();

    void count(String company, String template, boolean throttled) {
        synchronized (requests) {
            long[] n = requests.computeIfAbsent(company, k -> new TreeMap<>()).computeIfAbsent(template, k -> new long[2]);
            n[0]++;
            if (throttled) {
                n[1]++;
            }
        }
    }

    /** company → the nanoseconds spent answering its calls */
    private final Map<String, Long> nanos = new TreeMap<>();

    void took(String company, long spent) {
        synchronized (requests) {
            nanos.merge(company, spent, Long::sum);
        }
    }

    void clear() {
        synchronized (requests) {
            requests.clear();
            nanos.clear();
        }
    }

    /**
     * The counts of one company (with the login service's), or of all for null, and the time spent answering them:
     * {@code {"total": n, "throttled": n, "millis": x, "calls": {"GET /x": {"count": n, "throttled": n}}}}.
     */
    ObjectNode json(String companyId) {
        ObjectNode out = Json.object();
        ObjectNode calls = out.putObject("calls");
        long total = 0;
        long throttled = 0;
        long spent = 0;
        synchronized (requests) {
            for (Map.Entry<String, Long> n : nanos.entrySet()) {
                if (companyId == null || companyId.equals(n.getKey()) || n.getKey().equals(LOGIN)) {
                    spent += n.getValue();
                }
            }
            for (Map.Entry<String, Map<String, long[]>> c : requests.entrySet()) {
                if (companyId != null && !companyId.equals(c.getKey()) && !c.getKey().equals(LOGIN)) {
                    continue;
                }
                for (Map.Entry<String, long[]> e : c.getValue().entrySet()) {
                    ObjectNode n = calls.has(e.getKey()) ? (ObjectNode) calls.get(e.getKey()) : calls.putObject(e.getKey());
                    n.put("count", n.path("count").asLong(0) + e.getValue()[0]);
                    n.put("throttled", n.path("throttled").asLong(0) + e.getValue()[1]);
                    total += e.getValue()[0];
                    throttled += e.getValue()[1];
                }
            }
        }
        out.put("total", total);
        out.put("throttled", throttled);
        out.put("millis", spent / 1e6);
        return out;
    }
}
