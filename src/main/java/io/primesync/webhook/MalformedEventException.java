package io.primesync.webhook;

import io.primesync.domain.Violation;
import java.util.List;

/** A webhook body that is not what its source sends: every field found wrong, and a sentence that sums them up. */
public final class MalformedEventException extends RuntimeException {
    private final List<Violation> violations;

    public MalformedEventException(String message, List<Violation> violations) {
        // no stack trace: an expected outcome, answered to the sender
        super(message, null, false, false);
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
