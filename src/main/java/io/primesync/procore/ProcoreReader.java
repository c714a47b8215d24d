package io.primesync.procore;

import io.primesync.procore.ProcoreRecords.ChangeOrder;
import io.primesync.procore.ProcoreRecords.Line;
import io.primesync.procore.ProcoreRecords.PrimeContract;
import io.primesync.procore.ProcoreRecords.Project;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What following Procore's side needs of it, read only: projects and their job origins, the prime contracts in them,
 * their change orders and lines. {@link ProcoreClient} calls Procore's REST API; the fast tests use an in-memory
 * Procore. Every operation may throw a {@link ProcoreException}.
 */
public interface ProcoreReader {
    /** The project; empty when Procore answers that it has none of that id. */
    Optional<Project> project(String companyId, String projectId);

    /** Every project of the company. */
    List<Project> projects(String companyId);

    /**
     * The company's projects, active and inactive, that Procore last updated within the range (its {@code
     * filters[updated_at]}, to the second).
     */
    List<Project> projectsUpdated(String companyId, Instant from, Instant to);

    Optional<PrimeContract> primeContract(String companyId, String projectId, String id);

    List<PrimeContract> primeContracts(String companyId, String projectId);

    Optional<ChangeOrder> changeOrder(String companyId, String projectId, String id);

    /** Every prime change order of the project. */
    List<ChangeOrder> changeOrders(String companyId, String projectId);

    List<Line> lineItems(String companyId, String projectId, String primeContractId);

    /** The company's webhooks of the namespace. */
    List<ProcoreRecords.Hook> hooks(String companyId, String namespace);

    /**
     * The ids of the resources a hook's deliveries say were deleted (whatever became of the delivery: delivered,
     * discarded, failed): Procore's own word that a thing is gone, which a lost delivery does not take away.
     */
    Set<String> deletions(String companyId, String hookId, String resourceName);

    /** A hook's triggers: the resources and event types it is delivered for. */
    List<ProcoreRecords.Trigger> triggers(String companyId, String hookId);

    /**
     * A hook's deliveries in one status ({@code failed}, {@code discarded}, ...) made from the day on (Procore's
     * {@code filter[start]} takes a date), each with its payload.
     */
    List<ProcoreRecords.Delivery> deliveries(String companyId, String hookId, String status, LocalDate from);

    /** What is known of the company's Procore budget: this process's calls, and the hourly window as last named. */
    default ProcoreRecords.RateBudget budget(String companyId) {
        return ProcoreRecords.RateBudget.UNKNOWN;
    }

    /** Sets a hook's status: {@code active} re-enables one Procore disabled. */
    ProcoreRecords.Hook setHookStatus(String companyId, String hookId, String status);
}
