package io.primesync.store;

import static io.primesync.store.Attr.bool;
import static io.primesync.store.Attr.map;
import static io.primesync.store.Attr.n;
import static io.primesync.store.Attr.s;
import static io.primesync.store.Attr.str;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * What the product knows of Procore's side, as it last read it: each project's job origin, which projects each job is
 * the origin of, which prime contracts carry one of the company's contract ids, and the companies to reconcile. Every
 * write is one conditional item write in which the later read wins (its {@link EventStamp}: when it was read, and
 * the delivery or run that read it), so a late or reordered delivery never takes the state back in time.
 */
public final class ProcoreFacts {
    static final String COMPANY_ID = "companyId";
    static final String PROJECT_ID = "projectId";
    static final String JOB_NUMBER = "jobNumber";
    static final String CONTRACT_ID = "contractId";
    static final String PRIME_CONTRACT_ID = "primeContractId";
    static final String GONE = "gone";
    static final String OCCURRED_AT = "occurredAt";
    static final String EVENT_ID = "eventId";
    static final String SYNCED = "synced";
    /** On the job item: one register per project, {@code project#{id}} = {synced, occurredAt, eventId}. */
    static final String PROJECT_PREFIX = "project#";

    /** A project as last read: its job origin, or none. */
    public record ProjectOrigin(String projectId, String jobNumber) {}

    /** A prime contract that carries a contract id of the company as its origin, and whether it is gone. */
    public record PrimeContractRef(String primeContractId, String contractId, String projectId, boolean gone) {}

    /** A write's outcome, and (for a project) the job it named before. */
    public record Applied(boolean applied, String previousJobNumber) {}

    private final Table table;

    public ProcoreFacts(Table table) {
        this.table = table;
    }

    // ---------------------------------------------------------------- projects and jobs

    /** Records a project's job origin (null: none); answers the job it had before when the write was the later. */
    public Applied applyProjectOrigin(String companyId, String projectId, String jobNumber, EventStamp stamp) {
        Update u = new Update()
                .set(COMPANY_ID, s(companyId))
                .set(PROJECT_ID, s(projectId))
                .setOrRemove(JOB_NUMBER, jobNumber == null ? null : s(jobNumber))
                .set(OCCURRED_AT, n(stamp.epochMillis()))
                .set(EVENT_ID, s(stamp.eventId()));
        u.when(u.laterThanStored(stamp, new String[] {OCCURRED_AT}, new String[] {EVENT_ID}));
        return table.updateReturningOld(Keys.key(Keys.projects(companyId), Keys.project(projectId)), u)
                .map(old -> new Applied(true, str(old, JOB_NUMBER)))
                .orElse(new Applied(false, null));
    }

    /** Every project of the company as last read. */
    public List<ProjectOrigin> projects(String companyId) {
        List<ProjectOrigin> out = new ArrayList<>();
        eachItem(Keys.projects(companyId), true,
                item -> out.add(new ProjectOrigin(str(item, PROJECT_ID), str(item, JOB_NUMBER))));
        return out;
    }

    /** Whether a project has the job as its origin (synced) or no longer (not), unless a later read said otherwise. */
    public ApplyResult applyJobProject(String companyId, String jobNumber, String projectId, boolean synced,
            EventStamp stamp) {
        String attribute = PROJECT_PREFIX + projectId;
        Map<String, AttributeValue> register = new HashMap<>();
        register.put(SYNCED, bool(synced));
        register.put(OCCURRED_AT, n(stamp.epochMillis()));
        register.put(EVENT_ID, s(stamp.eventId()));
        Update u = new Update()
                .set(JobItem.COMPANY_ID, s(companyId))
                .set(JobItem.JOB_NUMBER, s(jobNumber))
                .set(attribute, map(register));
        u.when(u.absent(attribute) + " OR " + u.laterThanStored(stamp, new String[] {attribute, OCCURRED_AT},
                new String[] {attribute, EVENT_ID}));
        return table.update(Keys.key(Keys.job(companyId, jobNumber), Keys.JOB), u) ? ApplyResult.APPLIED
                : ApplyResult.STALE;
    }

    /** The projects a job is the origin of, sorted; empty when it is not synced. */
    public List<String> jobProjects(String companyId, String jobNumber) {
        if (jobNumber == null) {
            return List.of();
        }
        return jobProjects(table.get(Keys.key(Keys.job(companyId, jobNumber), Keys.JOB)));
    }

    /** The projects a job item names as synced. */
    static List<String> jobProjects(Map<String, AttributeValue> jobItem) {
        TreeSet<String> projects = new TreeSet<>(java.util.Comparator.comparingLong(ProcoreFacts::numeric)
                .thenComparing(java.util.Comparator.naturalOrder()));
        for (Map.Entry<String, AttributeValue> e : jobItem.entrySet()) {
            if (e.getKey().startsWith(PROJECT_PREFIX) && e.getValue().hasM()
                    && Boolean.TRUE.equals(e.getValue().m().getOrDefault(SYNCED, bool(false)).bool())) {
                projects.add(e.getKey().substring(PROJECT_PREFIX.length()));
            }
        }
        return List.copyOf(projects);
    }

    private static long numeric(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    // ---------------------------------------------------------------- prime contracts

    /** Records a prime contract carrying a contract id of the company (gone: deleted in Procore). */
    public ApplyResult applyPrimeContract(String companyId, PrimeContractRef ref, EventStamp stamp) {
        Update u = new Update()
                .set(COMPANY_ID, s(companyId))
                .set(PRIME_CONTRACT_ID, s(ref.primeContractId()))
                .set(CONTRACT_ID, s(ref.contractId()))
                .set(PROJECT_ID, s(ref.projectId()))
                .set(GONE, bool(ref.gone()))
                .set(OCCURRED_AT, n(stamp.epochMillis()))
                .set(EVENT_ID, s(stamp.eventId()));
        u.when(u.laterThanStored(stamp, new String[] {OCCURRED_AT}, new String[] {EVENT_ID}));
        return table.update(Keys.key(Keys.primeContracts(companyId), Keys.primeContract(ref.primeContractId())), u)
                ? ApplyResult.APPLIED : ApplyResult.STALE;
    }

    public Optional<PrimeContractRef> primeContract(String companyId, String primeContractId) {
        Map<String, AttributeValue> item = table.get(Keys.key(Keys.primeContracts(companyId),
                Keys.primeContract(primeContractId)));
        return item.isEmpty() ? Optional.empty() : Optional.of(ref(item));
    }

    /** Every prime contract of the company known to carry one of its contract ids, gone ones too. */
    public List<PrimeContractRef> primeContracts(String companyId) {
        List<PrimeContractRef> out = new ArrayList<>();
        eachItem(Keys.primeContracts(companyId), true, item -> out.add(ref(item)));
        return out;
    }

    private static PrimeContractRef ref(Map<String, AttributeValue> item) {
        return new PrimeContractRef(str(item, PRIME_CONTRACT_ID), str(item, CONTRACT_ID), str(item, PROJECT_ID),
                Attr.bool(item, GONE));
    }

    // ---------------------------------------------------------------- companies

    /** Names a company the reconciliation reads Procore for (it imported a contract). Harmless to repeat. */
    public void registerCompany(String companyId) {
        table.put(Map.of(Keys.PK, s(Keys.COMPANIES), Keys.SK, s(Keys.company(companyId)), COMPANY_ID, s(companyId)), null);
    }

    public List<String> companies() {
        List<String> out = new ArrayList<>();
        eachItem(Keys.COMPANIES, false, item -> out.add(str(item, COMPANY_ID)));
        return out;
    }

    /** Every item of one partition, page after page. */
    private void eachItem(String pk, boolean consistent, java.util.function.Consumer<Map<String, AttributeValue>> each) {
        table.queryAll(QueryRequest.builder().keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(pk))).consistentRead(consistent), each);
    }
}
