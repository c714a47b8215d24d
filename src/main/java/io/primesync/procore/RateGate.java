package io.primesync.procore;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Paces calls by what Procore's rate-limit headers said last: {@code X-Rate-Limit-Remaining} of the window closest
 * to running out, and {@code X-Rate-Limit-Reset} when it starts again. Calls sent since the last answer count against
 * the remainder too, so concurrent calls of one process do not all spend the last one. Kept per company: Procore
 * counts a service account's calls per company. The headers name one window at a time; one that resets more than
 * {@link #LONG_WINDOW_SECONDS} ahead is the hourly one, kept apart for {@link #budget}: the spike window is paced,
 * the hourly one is a budget to share.
 */
final class RateGate {
    /** A window whose reset is further ahead than this is Procore's long (hourly) one, not its 10-second spike one. */
    static final long LONG_WINDOW_SECONDS = 60;

    private record Window(long limit, long remaining, long resetEpochSecond) {}

    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Map<String, Window> longWindows = new ConcurrentHashMap<>();
    private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Long> sent = new ConcurrentHashMap<>();

    RateGate(Clock clock) {
        this.clock = clock;
    }

    /** When the next call may go out: now, or the reset of a window that is used up. */
    synchronized Instant nextSlot(String companyId) {
        Window w = windows.get(companyId);
        if (w == null) {
            return clock.instant();
        }
        long now = clock.millis();
        long reset = w.resetEpochSecond() * 1000;
        if (now >= reset) {
            return clock.instant();
        }
        long available = w.remaining() - inFlight.getOrDefault(companyId, 0);
        // a second past the reset: the window's own clock and ours are not the same clock
        return available > 0 ? clock.instant() : Instant.ofEpochMilli(reset + 1000);
    }

    synchronized void sending(String companyId) {
        inFlight.merge(companyId, 1, Integer::sum);
        sent.merge(companyId, 1L, Long::sum);
    }

    /**
     * The calls this process sent for the company, and the hourly window as Procore's answers last named it (while its
     * reset is ahead; Procore names it only when it is the one closer to running out).
     */
    synchronized ProcoreRecords.RateBudget budget(String companyId) {
        Window w = longWindows.get(companyId);
        long sentSoFar = sent.getOrDefault(companyId, 0L);
        if (w == null || w.resetEpochSecond() <= clock.instant().getEpochSecond()) {
            return new ProcoreRecords.RateBudget(sentSoFar, -1, -1);
        }
        return new ProcoreRecords.RateBudget(sentSoFar, w.limit(), w.remaining());
    }

    /** What an answer said; a missing or malformed header changes nothing. */
    synchronized void answered(String companyId, String limit, String remaining, String reset) {
        inFlight.computeIfPresent(companyId, (k, v) -> v > 1 ? v - 1 : null);
        try {
            if (remaining != null && reset != null) {
                Window w = new Window(limit == null ? -1 : Long.parseLong(limit.strip()),
                        Long.parseLong(remaining.strip()), Long.parseLong(reset.strip()));
                windows.put(companyId, w);
                if (w.resetEpochSecond() - clock.instant().getEpochSecond() > LONG_WINDOW_SECONDS) {
                    longWindows.put(companyId, w);
                }
            }
        } catch (NumberFormatException ignored) {
            // a header Procore did not write this way; the next answer says it again
        }
    }

    /** The call got no answer. */
    synchronized void unanswered(String companyId) {
        inFlight.computeIfPresent(companyId, (k, v) -> v > 1 ? v - 1 : null);
    }

    /** The window a 429 names as used up, until its reset. */
    synchronized void exhausted(String companyId, long resetEpochSecond) {
        Window w = windows.get(companyId);
        long reset = Math.max(resetEpochSecond, clock.instant().getEpochSecond() + 1);
        windows.put(companyId, new Window(w == null ? -1 : w.limit(), 0, reset));
        if (reset - clock.instant().getEpochSecond() > LONG_WINDOW_SECONDS) {
            longWindows.put(companyId, new Window(w == null ? -1 : w.limit(), 0, reset));
        }
    }
}
