package io.primesync.store;

/** The contract changed between reading it and writing it; the write was not applied and may be retried. */
public final class ConcurrentChangeException extends RuntimeException {
    public ConcurrentChangeException(String message) {
        super(message, null, false, false);
    }
}
