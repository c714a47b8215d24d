package io.primesync.domain;

/**
 * Why an import or re-import is refused: a stable code, a sentence that tells the user how to fix it,
 * and optional structured details (project ids, change order ids, permission levels).
 */
public record Reason(ReasonCode code, String message, Object details) {
    public Reason(ReasonCode code, String message) {
        this(code, message, null);
    }
}
