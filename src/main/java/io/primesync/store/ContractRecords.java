package io.primesync.store;

import io.primesync.domain.ProjectName;
import io.primesync.domain.Sync;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the contract use cases need of the store, narrow enough for an in-memory stand-in in the fast tests.
 * {@link ContractStore} is the DynamoDB implementation.
 */
public interface ContractRecords {
    /** One page of the company's synced (imported) or staged (never imported) contracts, by contract id. */
    Page<Listing> list(String companyId, boolean synced, String afterContractId, int limit);

    /** The contract's head alone, or empty when no ERP snapshot of it is known. */
    Optional<ContractHead> head(String companyId, String contractId);

    /** The contract whole: head, the job's project, both line sets; empty when unknown. */
    Optional<ContractDetail> load(String companyId, String contractId);

    /** The projects the job is the origin of in Procore, sorted; empty when it is not synced. */
    List<String> jobProjects(String companyId, String jobNumber);

    /** The name and number of each of these projects the product has read in Procore; the others are left out. */
    Map<String, ProjectName> projectNames(String companyId, Collection<String> projectIds);

    /** The contract's sync history, newest first; empty when the contract is unknown. */
    Optional<Page<Sync>> history(String companyId, String contractId, String afterSortKey, int limit);

    /** One sync of the contract, in whatever state it is; empty when there is none of that id. */
    Optional<Sync> sync(String companyId, String contractId, String syncId);

    /**
     * Accepts a sync that brings Procore to {@code target} (the ERP lines read in {@code basis}), in one conditional
     * write, when no other sync of the contract is active.
     *
     * @throws ConcurrentChangeException when anything that matters changed since {@code basis} was read
     */
    Sync acceptSync(String companyId, ContractDetail basis, Sync pending, LineSetRef target);

    /** Whether a history cursor has the shape this store hands out. */
    boolean isHistoryCursor(String sortKey);
}
