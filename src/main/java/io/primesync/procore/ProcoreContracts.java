package io.primesync.procore;

import io.primesync.procore.ProcoreRecords.Line;
import io.primesync.procore.ProcoreRecords.PrimeContract;
import io.primesync.procore.ProcoreRecords.PrimeContractFields;
import io.primesync.procore.ProcoreRecords.SyncOutcome;
import java.util.List;
import java.util.Optional;

/**
 * What the worker needs of Procore to write a sync: the contract's prime contract in its project and that contract's
 * schedule of values. {@link ProcoreClient} calls Procore's REST API; the fast tests use an in-memory Procore.
 * Every operation may throw a {@link ProcoreException}: refused (with a sentence for the user), rate limited (with
 * when to come back) or unavailable (try again later).
 */
public interface ProcoreContracts {
    /** One prime contract of the project; empty when Procore has none of that id there. */
    Optional<PrimeContract> primeContract(String companyId, String projectId, String id);

    /** Every prime contract of the project. */
    List<PrimeContract> primeContracts(String companyId, String projectId);

    /** Not repeatable: a caller that gets no answer looks the contract up by its origin id before trying again. */
    PrimeContract createPrimeContract(String companyId, String projectId, PrimeContractFields fields);

    PrimeContract updatePrimeContract(String companyId, String projectId, String id, PrimeContractFields fields);

    /** Every line of the prime contract's schedule of values. */
    List<Line> lineItems(String companyId, String projectId, String primeContractId);

    /**
     * Creates or updates each record by its origin id, at most {@link #syncBatchSize()} of them; the records Procore
     * refused come back in {@link SyncOutcome#errors()} and are not written.
     */
    SyncOutcome syncLineItems(String companyId, String projectId, String primeContractId, List<Line> updates);

    /** Removes a line; one already gone counts as removed. */
    void deleteLineItem(String companyId, String projectId, String primeContractId, String lineId);

    /** How many records one {@link #syncLineItems} call takes. */
    int syncBatchSize();
}
