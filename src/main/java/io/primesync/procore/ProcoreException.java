package io.primesync.procore;

import java.time.Instant;

/** What can go wrong talking to Procore, by what the caller should do about it. */
public abstract sealed class ProcoreException extends RuntimeException {
    private ProcoreException(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /**
     * Procore answered and will answer the same again: a missing permission, a locked or invalid record, bad
     * credentials. The message is a sentence for the user that says what Procore refused and how to fix it.
     */
    public static final class Refused extends ProcoreException {
        private final int status;
        private final String code;

        public Refused(int status, String code, String message) {
            super(message, null);
            this.status = status;
            this.code = code;
        }

        /** Procore's HTTP status. */
        public int status() {
            return status;
        }

        /** A stable code for the kind of refusal, e.g. {@code PROCORE_PERMISSION_DENIED}. */
        public String code() {
            return code;
        }
    }

    /** Procore is throttling this account: nothing to do but wait until {@link #retryAt()}. */
    public static final class RateLimited extends ProcoreException {
        private final Instant retryAt;

        public RateLimited(Instant retryAt) {
            super("Procore's rate limit is reached until " + retryAt, null);
            this.retryAt = retryAt;
        }

        public Instant retryAt() {
            return retryAt;
        }
    }

    /** Procore could not be reached or kept failing (5xx, timeouts, dropped connections): try again later. */
    public static final class Unavailable extends ProcoreException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
