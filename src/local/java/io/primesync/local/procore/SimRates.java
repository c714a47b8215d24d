package io.primesync.local.procore;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Procore's two rate-limit windows, an hourly one and a 10-second spike one, rolling, per company: a call over
 * either limit is a 429 and is not counted; every answer reports the window closest to running out (the spike one,
 * unless the hourly one has less left than the spike limit), as Procore documents.
 */
final class SimRates {
    static final long SPIKE_WINDOW_MILLIS = 10_000;
    static final long HOURLY_WINDOW_MILLIS = 3_600_000;

    /** What an answer's headers say, and whether the call may go through. */
    record Verdict(boolean allowed, long limit, long remaining, long resetEpochSecond) {
        /** The {@code X-Rate-Limit-*} headers every answer of the API carries. */
        Map<String, String> headers() {
            return Map.of("X-Rate-Limit-Limit", Long.toString(limit), "X-Rate-Limit-Remaining", Long.toString(remaining),
                    "X-Rate-Limit-Reset", Long.toString(resetEpochSecond));
        }

        /** A 429's headers: the window's, and {@code Retry-After}, the seconds until one more call is taken. */
        Map<String, String> refusalHeaders(long nowEpochSecond) {
            Map<String, String> h = new HashMap<>(headers());
            h.put("Retry-After", Long.toString(Math.max(1, resetEpochSecond - nowEpochSecond)));
            return h;
        }
    }

    private final Clock clock;
    private final Map<String, Deque<Long>> spike = new HashMap<>();
    private final Map<String, Deque<Long>> hourly = new HashMap<>();
    private volatile int hourlyLimit = 3600;
    private volatile int spikeLimit = 25;
    /** company → {hourly, spike}, for a company whose app Procore granted other limits */
    private final Map<String, int[]> perCompany = new HashMap<>();

    SimRates(Clock clock) {
        this.clock = clock;
    }

    synchronized void limits(int hourlyLimit, int spikeLimit) {
        this.hourlyLimit = hourlyLimit;
        this.spikeLimit = spikeLimit;
    }

    /** Limits of one company alone; the others keep the defaults. */
    synchronized void limits(String company, int hourlyLimit, int spikeLimit) {
        perCompany.put(company, new int[] {hourlyLimit, spikeLimit});
        spike.remove(company);
        hourly.remove(company);
    }

    synchronized int[] limitsOf(String company) {
        return perCompany.getOrDefault(company, new int[] {hourlyLimit, spikeLimit}).clone();
    }

    int hourlyLimit() {
        return hourlyLimit;
    }

    int spikeLimit() {
        return spikeLimit;
    }

    /** What a refusal of the login service reports (it has no company, so no window of its own): the spike limit. */
    Verdict login() {
        return new Verdict(true, spikeLimit, spikeLimit, clock.instant().getEpochSecond() + 10);
    }

    synchronized void reset() {
        perCompany.clear();
        spike.clear();
        hourly.clear();
    }

    synchronized Verdict call(String company) {
        int[] own = perCompany.get(company);
        int hourlyLimit = own == null ? this.hourlyLimit : own[0];
        int spikeLimit = own == null ? this.spikeLimit : own[1];
        long now = clock.millis();
        Deque<Long> s = trim(spike.computeIfAbsent(company, k -> new ArrayDeque<>()), now - SPIKE_WINDOW_MILLIS);
        Deque<Long> h = trim(hourly.computeIfAbsent(company, k -> new ArrayDeque<>()), now - HOURLY_WINDOW_MILLIS);
        boolean allowed = s.size() < spikeLimit && h.size() < hourlyLimit;
        if (allowed) {
            s.addLast(now);
            h.addLast(now);
        }
        long hourlyLeft = hourlyLimit - h.size();
        boolean reportHourly = hourlyLeft < spikeLimit || h.size() >= hourlyLimit;
        Deque<Long> reported = reportHourly ? h : s;
        long window = reportHourly ? HOURLY_WINDOW_MILLIS : SPIKE_WINDOW_MILLIS;
        long limit = reportHourly ? hourlyLimit : spikeLimit;
        long remaining = Math.max(0, limit - reported.size());
        // when the oldest call in the window drops out of it, one more is allowed
        long resetMillis = reported.isEmpty() ? now + window : reported.peekFirst() + window;
        return new Verdict(allowed, limit, remaining, (resetMillis + 999) / 1000);
    }

    private static Deque<Long> trim(Deque<Long> calls, long since) {
        while (!calls.isEmpty() && calls.peekFirst() <= since) {
            calls.removeFirst();
        }
        return calls;
    }
}
