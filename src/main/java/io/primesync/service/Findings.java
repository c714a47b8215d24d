package io.primesync.service;

import java.util.Map;
import java.util.TreeMap;

/** What a delivery or a reconciliation found and did, counted by kind, for the log line and the metrics. */
public final class Findings {
    private final Map<String, Integer> counts = new TreeMap<>();

    void add(String kind) {
        add(kind, 1);
    }

    void add(String kind, int n) {
        counts.merge(kind, n, Integer::sum);
    }

    public Map<String, Integer> counts() {
        return Map.copyOf(counts);
    }

    public int get(String kind) {
        return counts.getOrDefault(kind, 0);
    }

    @Override
    public String toString() {
        return counts.toString();
    }
}
