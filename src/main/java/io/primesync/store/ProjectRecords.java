package io.primesync.store;

import io.primesync.domain.ChangeOrderName;
import io.primesync.domain.NotVisible;
import io.primesync.domain.PccoStatus;
import io.primesync.domain.ProcoreLines;
import io.primesync.domain.ProjectName;
import java.util.List;
import java.util.Optional;

/**
 * What following Procore's side needs of the store (a delivery applied, a company reconciled): the contracts of a
 * company, and what the product last read of Procore: each project's job origin, each job's projects, the prime
 * contracts carrying a contract id, their change orders and whether their lines drifted, and the companies to
 * reconcile. Every fact is written with the {@link EventStamp} of the read that found it and is kept only when that
 * read is later than the one stored, so a late or reordered delivery never takes the state back in time.
 * {@link ProcoreFacts} keeps them in DynamoDB.
 */
public interface ProjectRecords {
    /** A project as last read: its job origin, or none, and what of it the service account could not see. */
    record ProjectOrigin(String projectId, String jobNumber, List<NotVisible> notVisible) {
        public ProjectOrigin {
            notVisible = notVisible == null ? List.of() : List.copyOf(notVisible);
        }

        public ProjectOrigin(String projectId, String jobNumber) {
            this(projectId, jobNumber, List.of());
        }

        /** Whether the thing ({@link NotVisible#PROJECT}, ...) was unseen at the last read. */
        public boolean unseen(String what) {
            return notVisible.stream().anyMatch(n -> n.what().equals(what));
        }
    }

    /** A prime contract that carries a contract id of the company as its origin, and whether it is gone. */
    record PrimeContractRef(String primeContractId, String contractId, String projectId, boolean gone) {}

    /** A write's outcome, and (for a project) the job it named before. */
    record Applied(boolean applied, String previousJobNumber) {}

    // ---------------------------------------------------------------- the company's contracts

    /** The contract's head, or empty when no ERP snapshot of it is known. */
    Optional<ContractHead> head(String companyId, String contractId);

    /** The contract whole (its synced lines among the rest), or empty when unknown. */
    Optional<ContractDetail> load(String companyId, String contractId);

    /** Every contract id of the company known from the ERP, imported or not. */
    List<String> contractIds(String companyId);

    /** Whether the contract is in the project (a prime contract there carries its id), and which prime contract. */
    ApplyResult applyLink(String companyId, String contractId, String projectId, boolean linked, String primeContractId,
            EventStamp stamp);

    /**
     * Who wrote a prime contract carrying the contract's id, as read at the stamp's time: another integration ({@code
     * owner} says who, as far as Procore tells), or the product ({@code owner} null).
     */
    ApplyResult applyProcoreOwner(String companyId, String contractId, String primeContractId, String owner,
            EventStamp stamp);

    /**
     * Procore's line items of the contract as read at the stamp's time: those that differ from what was synced, and
     * how many another integration wrote.
     */
    ApplyResult applyProcoreLines(String companyId, String contractId, ProcoreLines lines, EventStamp stamp);

    /**
     * The status Procore gives one of the contract's prime contracts, as read at the stamp's time; it counts while that
     * prime contract is the one the product writes.
     */
    ApplyResult applyProcoreStatus(String companyId, String contractId, String primeContractId, String status,
            EventStamp stamp);

    /** A change order's status (and the number and title people see), on the prime contract it belongs to. */
    ApplyResult applyPcco(String companyId, String contractId, String projectId, String primeContractId,
            ChangeOrderName changeOrder, PccoStatus status, EventStamp stamp);

    /**
     * The contract's prime contract as the service account saw it at the stamp's read: unseen (kept from the first
     * finding, {@code since} included), or seen again ({@code unseen} null) when the stamp is the later.
     */
    ApplyResult applyPrimeContractNotVisible(String companyId, String contractId, NotVisible unseen, EventStamp stamp);

    // ---------------------------------------------------------------- projects and jobs

    /**
     * Something of a project ({@link NotVisible#PROJECT}, {@link NotVisible#CHANGE_ORDERS}, {@link
     * NotVisible#PRIME_CONTRACTS}) as the service account saw it at the stamp's read: unseen (kept from the first
     * finding), or seen again ({@code unseen} null) when the stamp is the later.
     */
    ApplyResult applyProjectNotVisible(String companyId, String projectId, String what, NotVisible unseen,
            EventStamp stamp);

    /**
     * Records a project's name, number and job origin (null: none); answers the job it had before when the write was
     * the later.
     */
    Applied applyProjectOrigin(String companyId, ProjectName project, String jobNumber, EventStamp stamp);

    /** Every project of the company as last read. */
    List<ProjectOrigin> projects(String companyId);

    /** Whether a project has the job as its origin (synced) or no longer (not). */
    ApplyResult applyJobProject(String companyId, String jobNumber, String projectId, boolean synced, EventStamp stamp);

    // ---------------------------------------------------------------- prime contracts

    /** Records a prime contract carrying a contract id of the company (gone: deleted in Procore). */
    ApplyResult applyPrimeContract(String companyId, PrimeContractRef ref, EventStamp stamp);

    Optional<PrimeContractRef> primeContract(String companyId, String primeContractId);

    /** Every prime contract of the company known to carry one of its contract ids, gone ones too. */
    List<PrimeContractRef> primeContracts(String companyId);

    // ---------------------------------------------------------------- companies

    /** Names a company the reconciliation reads Procore for. Harmless to repeat. */
    void registerCompany(String companyId);

    /** Takes a company off the reconciliation's list. Harmless to repeat. */
    void unregisterCompany(String companyId);

    List<String> companies();

    /**
     * Where a company's reconciliation stands (epoch milliseconds, 0 for never).
     *
     * @param checkedAt when the last run that read everything Procore says changed (the hook's lost deliveries, the
     *     projects updated) began: the next run reads what changed from then on
     * @param fullAt when the last full pass that ran to its end began
     * @param fullCursor the last project a full pass cut short by its budget read, where the next run goes on; null when
     *     none is under way
     * @param fullStartedAt when the full pass under way began
     */
    record ReconcileMarks(long checkedAt, long fullAt, String fullCursor, long fullStartedAt) {
        public static final ReconcileMarks NONE = new ReconcileMarks(0, 0, null, 0);
    }

    /** The company's reconciliation marks; {@link ReconcileMarks#NONE} when it never ran. */
    ReconcileMarks reconcileMarks(String companyId);

    /** Only the reconciliation writes them, one run at a time. */
    void saveReconcileMarks(String companyId, ReconcileMarks marks);
}
