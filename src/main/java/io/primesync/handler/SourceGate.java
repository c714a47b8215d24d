package io.primesync.handler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * The webhook routes' own door: a token bucket per source address, checked before a request's body is read, so that
 * one address flooding the routes gets a 429 with {@code Retry-After} at the cost of a map lookup, and everyone
 * else's deliveries (Procore's, the other agents') keep their share of the function. It counts what this container
 * sees; API Gateway's throttle of the routes and the optional WAF rule (template.yaml) count across containers.
 * Generous by default: Procore delivers a busy company's changes from few addresses, and a 429 pauses its hook.
 */
public final class SourceGate {
    public static final String RATE = "WEBHOOK_SOURCE_RATE_PER_SECOND";
    public static final String BURST = "WEBHOOK_SOURCE_BURST";
    static final int DEFAULT_RATE = 100;
    static final int DEFAULT_BURST = 200;
    /** Addresses remembered at most; the least recently seen go first. */
    static final int MAX_SOURCES = 10_000;

    private final double perNano;
    private final double burst;
    private final LongSupplier nanos;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_SOURCES;
        }
    };

    private static final class Bucket {
        double tokens;
        long at;
    }

    /** @param ratePerSecond requests a source may send each second, on average; 0 turns the gate off */
    SourceGate(double ratePerSecond, double burst, LongSupplier nanos) {
        if (ratePerSecond < 0 || burst < 1 && ratePerSecond > 0) {
            throw new IllegalArgumentException("a source's rate is 0 (no gate) or more, with a burst of at least 1");
        }
        this.perNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.nanos = nanos;
    }

    /**
     * Takes one request of the source: empty when it may go on, else the seconds it should wait. An unknown source
     * (no address in the event) shares one bucket.
     */
    synchronized OptionalLong admit(String source) {
        if (perNano == 0) {
            return OptionalLong.empty();
        }
        long now = nanos.getAsLong();
        Bucket b = buckets.computeIfAbsent(source == null ? "" : source, s -> {
            Bucket fresh = new Bucket();
            fresh.tokens = burst;
            fresh.at = now;
            return fresh;
        });
        b.tokens = Math.min(burst, b.tokens + (now - b.at) * perNano);
        b.at = now;
        if (b.tokens >= 1) {
            b.tokens -= 1;
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(1, (long) Math.ceil((1 - b.tokens) / perNano / 1e9)));
    }
}
