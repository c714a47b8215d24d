package io.primesync.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SourceGateTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void aSourceHasItsBurstThenItsRateAndIsToldWhenToComeBack() {
        SourceGate gate = new SourceGate(2, 5, nanos::get);
        for (int i = 0; i < 5; i++) {
            assertTrue(gate.admit("203.0.113.7").isEmpty(), "the burst: request " + i);
        }
        assertEquals(OptionalLong.of(1), gate.admit("203.0.113.7"));
        assertTrue(gate.admit("198.51.100.9").isEmpty(), "another address has its own bucket");
        nanos.addAndGet(500_000_000L); // half a second: one request's worth at 2 a second
        assertTrue(gate.admit("203.0.113.7").isEmpty());
        assertEquals(OptionalLong.of(1), gate.admit("203.0.113.7"));
        nanos.addAndGet(60_000_000_000L);
        for (int i = 0; i < 5; i++) {
            assertTrue(gate.admit("203.0.113.7").isEmpty(), "refilled to the burst, not beyond");
        }
        assertTrue(gate.admit("203.0.113.7").isPresent());
    }

    @Test
    void requestsWithoutAnAddressShareOneBucket() {
        SourceGate gate = new SourceGate(1, 1, nanos::get);
        assertTrue(gate.admit(null).isEmpty());
        assertEquals(OptionalLong.of(1), gate.admit(null));
    }

    @Test
    void rateZeroIsNoGateAndNonsenseIsRefused() {
        SourceGate off = new SourceGate(0, 1, nanos::get);
        for (int i = 0; i < 1_000; i++) {
            assertTrue(off.admit("203.0.113.7").isEmpty());
        }
        assertThrows(IllegalArgumentException.class, () -> new SourceGate(-1, 5, nanos::get));
        assertThrows(IllegalArgumentException.class, () -> new SourceGate(5, 0, nanos::get));
    }

    @Test
    void theAddressesRememberedAreBounded() {
        SourceGate gate = new SourceGate(1, 1, nanos::get);
        assertTrue(gate.admit("first").isEmpty());
        for (int i = 0; i < SourceGate.MAX_SOURCES; i++) {
            gate.admit("10.0." + i);
        }
        // the first address was forgotten with its empty bucket: it starts again with a full one
        assertTrue(gate.admit("first").isEmpty());
    }
}
