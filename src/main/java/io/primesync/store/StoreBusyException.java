package io.primesync.store;

/** The store could not complete a call in time (throttling or an outage); nothing was half-applied. */
public final class StoreBusyException extends RuntimeException {
    public StoreBusyException(String message) {
        super(message, null, false, false);
    }
}
