package io.primesync.service;

import io.primesync.domain.Reason;
import io.primesync.domain.Violation;
import java.time.Duration;
import java.util.List;

/**
 * The ways a use case declines to do what was asked, each with what the caller needs to act on it. They are expected
 * outcomes, not failures: nothing was changed, and only the handler layer turns them into status codes.
 */
public abstract sealed class Refusal extends RuntimeException {
    private Refusal(String message) {
        // no stack trace: these are thrown often and never shown to anyone
        super(message, null, false, false);
    }

    /** The caller may not even read the company, so nothing about it is told. */
    public static final class NoAccess extends Refusal {
        public NoAccess(String companyId) {
            super("Your token grants no access to ERP Integrations of company " + companyId + ".");
        }
    }

    public static final class NotFound extends Refusal {
        public NotFound(String message) {
            super(message);
        }
    }

    /** The import or re-import rules refuse, for every reason given. */
    public static final class NotAllowed extends Refusal {
        public enum Operation { IMPORT, REIMPORT }

        private final Operation operation;
        private final List<Reason> reasons;

        public NotAllowed(Operation operation, List<Reason> reasons) {
            super((operation == Operation.IMPORT ? "The contract cannot be imported: " : "The contract cannot be re-imported: ")
                    + reasons.size() + (reasons.size() == 1 ? " reason" : " reasons") + " below.");
            this.operation = operation;
            this.reasons = List.copyOf(reasons);
        }

        public Operation operation() {
            return operation;
        }

        public List<Reason> reasons() {
            return reasons;
        }
    }

    /** The ERP moved on since the version the caller previewed. */
    public static final class StalePreview extends Refusal {
        public StalePreview(long previewed, long current, String operation) {
            super("The preview was made at ERP version " + previewed + " but Spectrum has moved on to version " + current
                    + ". Review the new preview, then " + operation + ".");
        }
    }

    /** Something else changed or holds the contract or key right now; retrying is safe. */
    public static final class Conflict extends Refusal {
        private final Duration retryAfter;

        public Conflict(String message, Duration retryAfter) {
            super(message);
            this.retryAfter = retryAfter;
        }

        /** When to retry, or null when at once is fine. */
        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** The Idempotency-Key was used for another request. */
    public static final class KeyReused extends Refusal {
        public KeyReused() {
            super("This Idempotency-Key was already used for a different request in the last 24 hours. Use a new key"
                    + " for a new request.");
        }
    }

    /** A snapshot that breaks the contract rules, with every violation. */
    public static final class InvalidContract extends Refusal {
        private final List<Violation> violations;

        public InvalidContract(List<Violation> violations) {
            super("The contract snapshot breaks " + violations.size()
                    + (violations.size() == 1 ? " contract rule" : " contract rules")
                    + "; nothing was stored. Fix the contract in Spectrum and send it again.");
            this.violations = List.copyOf(violations);
        }

        public List<Violation> violations() {
            return violations;
        }
    }
}
