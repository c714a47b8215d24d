package io.primesync.store;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Optimistic concurrency's one loop: read, decide, write on the condition that nothing moved since the read; when it
 * moved, read again. An attempt answers its result, or empty to be tried again on a fresh read.
 */
public final class Attempts {
    /** Enough for a contract that a few writers change at once; a contract that keeps moving is a conflict to retry. */
    public static final int DEFAULT = 6;

    private Attempts() {}

    /**
     * @throws ConcurrentChangeException with {@code what} when every attempt found the state moved under it
     */
    public static <T> T upTo(int times, String what, Supplier<Optional<T>> attempt) {
        for (int i = 0; i < times; i++) {
            Optional<T> result = attempt.get();
            if (result.isPresent()) {
                return result.get();
            }
        }
        throw new ConcurrentChangeException(what);
    }
}
