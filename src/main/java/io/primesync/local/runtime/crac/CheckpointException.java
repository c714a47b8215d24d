package io.primesync.local.runtime.crac;

/** A resource failed before the checkpoint. */
public class CheckpointException extends Exception {
    public CheckpointException(Throwable cause) {
        super(cause);
    }
}
