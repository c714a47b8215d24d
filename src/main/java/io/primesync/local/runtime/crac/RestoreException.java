package io.primesync.local.runtime.crac;

/** A resource failed after the restore. */
public class RestoreException extends Exception {
    public RestoreException(Throwable cause) {
        super(cause);
    }
}
