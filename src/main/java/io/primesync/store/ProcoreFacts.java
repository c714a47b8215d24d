package io.primesync.store;

import static io.primesync.store.Attr.bool;
import static io.primesync.store.Attr.map;
import static io.primesync.store.Attr.n;
import static io.primesync.store.Attr.s;
import static io.primesync.store.Attr.str;
import static io.primesync.store.Attributes.*;

import io.primesync.domain.ChangeOrderName;
import io.primesync.domain.NotVisible;
import io.primesync.domain.PccoStatus;
import io.primesync.domain.ProcoreLines;
import io.primesync.domain.ProjectName;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The DynamoDB side of {@link ProjectRecords}. Projects' origins, prime contracts and companies are items of their
 * own; a contract's links, change orders and drift are registers (one attribute each) on its head, so that the
 * "later read wins" check and the write are one conditional update, and they move the head's revision: a sync
 * evaluated before them is not accepted after them.
 */
public final class ProcoreFacts implements ProjectRecords {
    private final Table table;
    private final ContractReader reader;
    private final Companies companies;

    public ProcoreFacts(Table table, Clock clock) {
        this.table = table;
        this.reader = new ContractReader(table, new LineSets(table, clock));
        this.companies = new Companies(table);
    }

    // ---------------------------------------------------------------- the company's contracts

    @Override
    public Optional<ContractHead> head(String companyId, String contractId) {
        return reader.head(companyId, contractId);
    }

    @Override
    public Optional<ContractDetail> load(String companyId, String contractId) {
        return reader.load(companyId, contractId);
    }

    @Override
    public List<String> contractIds(String companyId) {
        List<String> out = new ArrayList<>();
        for (boolean synced : new boolean[] {true, false}) {
            table.queryAll(QueryRequest.builder().indexName(Keys.BY_STATUS)
                    .keyConditionExpression("gsi1pk = :g")
                    .expressionAttributeValues(Map.of(":g", s(Keys.listing(companyId, synced))))
                    .projectionExpression(Keys.GSI1SK), item -> out.add(str(item, Keys.GSI1SK)));
        }
        return out;
    }

    @Override
    public ApplyResult applyLink(String companyId, String contractId, String projectId, boolean linked,
            String primeContractId, EventStamp stamp) {
        Map<String, AttributeValue> register = new HashMap<>();
        register.put(LINKED, bool(linked));
        if (primeContractId != null) {
            register.put(PRIME_CONTRACT_ID, s(primeContractId));
        }
        return applyRegister(companyId, contractId, PROJECT_LINK_PREFIX + projectId, register, stamp);
    }

    @Override
    public ApplyResult applyProcoreLines(String companyId, String contractId, ProcoreLines lines, EventStamp stamp) {
        return applyRegister(companyId, contractId, PROCORE_LINES, ProcoreLinesItem.register(lines), stamp);
    }

    @Override
    public ApplyResult applyProcoreOwner(String companyId, String contractId, String primeContractId, String owner,
            EventStamp stamp) {
        Map<String, AttributeValue> register = new HashMap<>(Map.of(PRIME_CONTRACT_ID, s(primeContractId)));
        if (owner != null) {
            register.put(OWNER, s(owner));
        }
        return applyRegister(companyId, contractId, PROCORE_OWNER, register, stamp);
    }

    @Override
    public ApplyResult applyProcoreStatus(String companyId, String contractId, String primeContractId, String status,
            EventStamp stamp) {
        return applyRegister(companyId, contractId, PROCORE_STATUS,
                new HashMap<>(Map.of(STATUS, s(status), PRIME_CONTRACT_ID, s(primeContractId))), stamp);
    }

    @Override
    public ApplyResult applyPcco(String companyId, String contractId, String projectId, String primeContractId,
            ChangeOrderName changeOrder, PccoStatus status, EventStamp stamp) {
        Map<String, AttributeValue> register = new HashMap<>();
        register.put(STATUS, s(status.wire()));
        register.put(PROJECT_ID, s(projectId));
        register.put(PRIME_CONTRACT_ID, s(primeContractId));
        if (changeOrder.number() != null) {
            register.put(NUMBER, s(changeOrder.number()));
        }
        if (changeOrder.title() != null) {
            register.put(TITLE, s(changeOrder.title()));
        }
        return applyRegister(companyId, contractId, CHANGE_ORDER_PREFIX + changeOrder.id(), register, stamp);
    }

    private ApplyResult applyRegister(String companyId, String contractId, String attribute,
            Map<String, AttributeValue> register, EventStamp stamp) {
        register.put(OCCURRED_AT, n(stamp.epochMillis()));
        register.put(EVENT_ID, s(stamp.eventId()));
        Update u = new Update()
                .set(COMPANY_ID, s(companyId))
                .set(CONTRACT_ID, s(contractId))
                .set(attribute, map(register))
                .increment(REVISION, 1);
        u.when(u.absent(attribute) + " OR " + u.laterThanStored(stamp, new String[] {attribute, OCCURRED_AT},
                new String[] {attribute, EVENT_ID}));
        return applied(table.update(HeadItem.key(companyId, contractId), u));
    }

    // ---------------------------------------------------------------- projects and jobs

    @Override
    public Applied applyProjectOrigin(String companyId, ProjectName project, String jobNumber, EventStamp stamp) {
        Update u = new Update()
                .set(COMPANY_ID, s(companyId))
                .set(PROJECT_ID, s(project.id()))
                .setOrRemove(PROJECT_NAME, project.name() == null ? null : s(project.name()))
                .setOrRemove(PROJECT_NUMBER, project.number() == null ? null : s(project.number()))
                .setOrRemove(JOB_NUMBER, jobNumber == null ? null : s(jobNumber))
                .set(OCCURRED_AT, n(stamp.epochMillis()))
                .set(EVENT_ID, s(stamp.eventId()));
        u.when(u.laterThanStored(stamp, new String[] {OCCURRED_AT}, new String[] {EVENT_ID}));
        Optional<Map<String, AttributeValue>> old = table.updateReturningOld(projectKey(companyId, project.id()), u);
        if (old.isPresent() && old.get().containsKey(NOT_VISIBLE_PREFIX + NotVisible.PROJECT)) {
            // a read of the project itself: the service account sees it, unless it was found unseen after this read
            // (a condition on the finding's own stamp, which the write above cannot hold for one attribute alone)
            notVisible(projectKey(companyId, project.id()), new Update(), NOT_VISIBLE_PREFIX + NotVisible.PROJECT, null,
                    stamp);
        }
        return old.map(o -> new Applied(true, str(o, JOB_NUMBER))).orElse(new Applied(false, null));
    }

    @Override
    public ApplyResult applyProjectNotVisible(String companyId, String projectId, String what, NotVisible unseen,
            EventStamp stamp) {
        Update u = new Update();
        if (unseen != null) {
            u.set(COMPANY_ID, s(companyId)).set(PROJECT_ID, s(projectId));
        }
        return notVisible(projectKey(companyId, projectId), u, NOT_VISIBLE_PREFIX + what, unseen, stamp);
    }

    @Override
    public ApplyResult applyPrimeContractNotVisible(String companyId, String contractId, NotVisible unseen,
            EventStamp stamp) {
        Update u = new Update();
        if (unseen != null) {
            u.set(COMPANY_ID, s(companyId)).set(CONTRACT_ID, s(contractId));
        }
        return notVisible(HeadItem.key(companyId, contractId), u, PROCORE_NOT_VISIBLE, unseen, stamp);
    }

    /**
     * Unseen: the register is written where none is (the first finding's {@code since} stays; otherwise stale). Seen: it is removed,
     * when there is one and the stamp is later than its finding.
     */
    private ApplyResult notVisible(Map<String, AttributeValue> key, Update u, String attribute, NotVisible unseen,
            EventStamp stamp) {
        if (unseen != null) {
            Map<String, AttributeValue> register = new HashMap<>();
            register.put(WHAT, s(unseen.what()));
            register.put(PROJECT_ID, s(unseen.projectId()));
            if (unseen.primeContractId() != null) {
                register.put(PRIME_CONTRACT_ID, s(unseen.primeContractId()));
            }
            register.put(WHY, s(unseen.why()));
            register.put(SINCE, s(unseen.since()));
            register.put(OCCURRED_AT, n(stamp.epochMillis()));
            register.put(EVENT_ID, s(stamp.eventId()));
            u.set(attribute, map(register));
            // the first finding stays, its since with it
            u.when(u.absent(attribute));
            return applied(table.update(key, u));
        }
        u.remove(attribute);
        u.when("attribute_exists(" + u.name(attribute) + ") AND (" + u.laterThanStored(stamp,
                new String[] {attribute, OCCURRED_AT}, new String[] {attribute, EVENT_ID}) + ")");
        return applied(table.update(key, u));
    }

    /** What of a project the service account could not see, from its item. */
    static List<NotVisible> notVisible(Map<String, AttributeValue> item) {
        List<NotVisible> out = new ArrayList<>();
        for (Map.Entry<String, AttributeValue> e : new TreeMap<>(item).entrySet()) {
            if (e.getKey().startsWith(NOT_VISIBLE_PREFIX) && e.getValue().hasM()) {
                NotVisible n = HeadItem.notVisible(e.getValue().m());
                if (n != null) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    static Map<String, AttributeValue> projectKey(String companyId, String projectId) {
        return Keys.key(Keys.projects(companyId), Keys.project(projectId));
    }

    /** A project item as people know the project: its name and number, where a read found them. */
    static ProjectName projectName(Map<String, AttributeValue> item) {
        return new ProjectName(str(item, PROJECT_ID), str(item, PROJECT_NAME), str(item, PROJECT_NUMBER),
                notVisible(item));
    }

    @Override
    public List<ProjectOrigin> projects(String companyId) {
        List<ProjectOrigin> out = new ArrayList<>();
        eachItem(Keys.projects(companyId),
                item -> out.add(new ProjectOrigin(str(item, PROJECT_ID), str(item, JOB_NUMBER), notVisible(item))));
        return out;
    }

    @Override
    public ApplyResult applyJobProject(String companyId, String jobNumber, String projectId, boolean synced,
            EventStamp stamp) {
        return applied(table.update(JobItem.key(companyId, jobNumber),
                JobItem.register(companyId, jobNumber, projectId, synced, stamp)));
    }

    // ---------------------------------------------------------------- prime contracts

    @Override
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
        return applied(table.update(primeContractKey(companyId, ref.primeContractId()), u));
    }

    @Override
    public Optional<PrimeContractRef> primeContract(String companyId, String primeContractId) {
        Map<String, AttributeValue> item = table.get(primeContractKey(companyId, primeContractId));
        return item.isEmpty() ? Optional.empty() : Optional.of(ref(item));
    }

    @Override
    public List<PrimeContractRef> primeContracts(String companyId) {
        List<PrimeContractRef> out = new ArrayList<>();
        eachItem(Keys.primeContracts(companyId), item -> out.add(ref(item)));
        return out;
    }

    private static Map<String, AttributeValue> primeContractKey(String companyId, String primeContractId) {
        return Keys.key(Keys.primeContracts(companyId), Keys.primeContract(primeContractId));
    }

    private static PrimeContractRef ref(Map<String, AttributeValue> item) {
        return new PrimeContractRef(str(item, PRIME_CONTRACT_ID), str(item, CONTRACT_ID), str(item, PROJECT_ID),
                Attr.bool(item, GONE));
    }

    // ---------------------------------------------------------------- companies

    @Override
    public void registerCompany(String companyId) {
        companies.register(companyId);
    }

    @Override
    public void unregisterCompany(String companyId) {
        companies.unregister(companyId);
    }

    @Override
    public List<String> companies() {
        return companies.all();
    }

    @Override
    public ReconcileMarks reconcileMarks(String companyId) {
        return companies.marks(companyId);
    }

    @Override
    public void saveReconcileMarks(String companyId, ReconcileMarks marks) {
        companies.saveMarks(companyId, marks);
    }

    /** Every item of one partition, page after page, read consistently. */
    private void eachItem(String pk, Consumer<Map<String, AttributeValue>> each) {
        table.queryAll(QueryRequest.builder().keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(pk))).consistentRead(true), each);
    }

    private static ApplyResult applied(boolean written) {
        return written ? ApplyResult.APPLIED : ApplyResult.STALE;
    }
}
