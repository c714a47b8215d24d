package io.primesync.domain;

import java.util.List;

/**
 * A snapshot of the ERP refused at the door because it breaks the contract rules (out of balance, an amount that is not
 * quantity × unit price, ...): what the people who fix Spectrum need to see. It counts while no later version was
 * accepted; what was accepted before stays as it was.
 *
 * @param problems the rules it broke, at most {@link #KEPT} of them
 * @param problemCount how many it broke in all
 * @param refusedAt when the product refused it (ISO-8601)
 */
public record RefusedSnapshot(String contractId, String jobNumber, String title, ContractStatus status, long erpVersion,
        String eventId, List<Violation> problems, int problemCount, String refusedAt) {
    /** How many problems are kept: a snapshot of thousands of broken lines names the first ones, and counts them all. */
    public static final int KEPT = 50;

    /** The longest text kept of a title, a job number, a field or a message: a refused snapshot may carry any. */
    static final int TEXT = 300;

    public RefusedSnapshot {
        problems = problems == null ? List.of() : problems.subList(0, Math.min(KEPT, problems.size())).stream()
                .map(v -> new Violation(cut(v.field()), cut(v.message()))).toList();
        jobNumber = cut(jobNumber);
        title = cut(title);
    }

    private static String cut(String text) {
        return text == null || text.length() <= TEXT ? text : text.substring(0, TEXT - 1) + "…";
    }

    /** The refusal of a snapshot with these problems, at {@code refusedAt}. */
    public static RefusedSnapshot of(ContractSnapshot s, String eventId, List<Violation> problems, String refusedAt) {
        return new RefusedSnapshot(s.contractId(), s.jobNumber(), s.title(), s.status(), s.erpVersion(), eventId,
                problems, problems.size(), refusedAt);
    }
}
