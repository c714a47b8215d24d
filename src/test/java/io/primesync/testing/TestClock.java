package io.primesync.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it, so that times in responses can be asserted exactly and
 * syncs made one after the other get distinct, ordered timestamps.
 */
public final class TestClock extends Clock {
    private final AtomicReference<Instant> now;
    /** When set, the clock moves with real time too (from this {@link System#nanoTime}), on top of {@link #advance}. */
    private final Long runningSince;

    public TestClock(Instant start) {
        this(start, null);
    }

    private TestClock(Instant start, Long runningSince) {
        this.now = new AtomicReference<>(start);
        this.runningSince = runningSince;
    }

    /**
     * Real time, which a test can still move ahead with {@link #advance}: for tests whose other side (Procore's rate
     * limit windows, say) keeps the real time.
     */
    public static TestClock running() {
        return new TestClock(Instant.now(), System.nanoTime());
    }

    /** Starts at the real time (webhook signatures are checked against it), to the millisecond. */
    public static TestClock startingNow() {
        return new TestClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    @Override
    public Instant instant() {
        return runningSince == null ? now.get() : now.get().plusNanos(System.nanoTime() - runningSince);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    public Instant advance(Duration by) {
        now.updateAndGet(i -> i.plus(by));
        return instant();
    }
}
