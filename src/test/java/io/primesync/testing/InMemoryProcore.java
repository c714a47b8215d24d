package io.primesync.testing;

import io.primesync.procore.ProcoreContracts;
import io.primesync.procore.ProcoreException;
import io.primesync.procore.ProcoreReader;
import io.primesync.procore.ProcoreRecords;
import io.primesync.procore.ProcoreRecords.ChangeOrder;
import io.primesync.procore.ProcoreRecords.Hook;
import io.primesync.procore.ProcoreRecords.Line;
import io.primesync.procore.ProcoreRecords.PrimeContract;
import io.primesync.procore.ProcoreRecords.PrimeContractFields;
import io.primesync.procore.ProcoreRecords.Project;
import io.primesync.procore.ProcoreRecords.RecordError;
import io.primesync.procore.ProcoreRecords.SyncOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.procore.HookSetup;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Procore in memory, behind the ports the worker and the project side use: projects, prime contracts with their
 * lines, change orders; ids handed out as numbers, origin ids unique per company, the sync action's per-record errors.
 * It is a fast stand-in for the ports' contract, not a model of Procore's rules (the local simulator is that).
 *
 * <p>Faults are scripted per call: the n-th call from now fails before Procore applies it, after (the answer lost on
 * the way back), with a rate limit, with a refusal, or with a {@link Crash} that stands for the worker's process dying
 * right after the call took effect.
 */
public final class InMemoryProcore implements ProcoreContracts, ProcoreReader {
    /** The worker's process died: nothing of it runs after this. */
    public static final class Crash extends Error {
        public Crash(String after) {
            super("the worker died after " + after);
        }
    }

    /** Procore's lock: a schedule of values changes only while its contract is in Draft. */
    public static final String DRAFT = "Draft";
    static final String LOCKED = "The Schedule of Values can only be edited while the contract is in Draft status";

    /** How a scripted call fails. */
    public enum Fault { BEFORE, AFTER, RATE_LIMITED, REFUSED, CRASH_AFTER }

    private record Scripted(String operation, int nth, Fault fault, Runnable action) {}

    private static final class CompanyHook {
        final String companyId;
        String status = "active";
        /** The resources it is triggered by: all the product follows, unless one was taken away. */
        final Set<String> triggered = new java.util.TreeSet<>(HookSetup.followed(name -> null));

        CompanyHook(String companyId) {
            this.companyId = companyId;
        }

        Hook hook(String namespace) {
            return new Hook(companyId + "-hook", namespace, "https://example.test/webhooks/procore", "v2.0", status);
        }
    }

    private final Map<String, Project> projects = new TreeMap<>();
    private final Map<String, PrimeContract> contracts = new LinkedHashMap<>();
    private final Map<String, Map<String, Line>> lines = new LinkedHashMap<>();
    private final Map<String, ChangeOrder> changeOrders = new LinkedHashMap<>();
    private final Map<String, String> refusedRecords = new TreeMap<>();
    /** The company's units of measure; null takes any. */
    private Set<String> units;
    private final List<CompanyHook> hooks = new ArrayList<>();
    private final Map<String, Integer> hiddenProjects = new TreeMap<>();
    private final Map<String, Integer> hiddenContracts = new TreeMap<>();
    private final Map<String, Integer> hiddenChangeOrders = new TreeMap<>();
    private final Set<String> deleted = new java.util.TreeSet<>();
    private final List<Scripted> faults = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    private final int batchSize;
    private boolean backToDraft = true;
    /** The project's "Enable Always Editable Schedule of Values": lines change in any status, none deleted nor below billed. */
    private boolean alwaysEditable;
    /** What owner invoices billed of each line, by origin id. */
    private final Map<String, BigDecimal> billed = new TreeMap<>();
    private long nextId = 5000;

    public InMemoryProcore(int batchSize) {
        this.batchSize = batchSize;
    }

    // ---------------------------------------------------------------- set-up and what happened

    public synchronized void addProject(String projectId, String originId) {
        addProject(projectId, originId, null);
    }

    /** A project Procore says belongs to {@code companyId} (null: its answers do not say), whichever company asks. */
    public synchronized void addProject(String projectId, String originId, String companyId) {
        projects.put(projectId, new Project(projectId, companyId, "Project " + projectId, originId, "P-" + projectId));
        projectUpdated.put(projectId, now.instant());
    }

    /** The clock Procore's {@code updated_at} times come from. */
    public synchronized void clock(Clock clock) {
        this.now = clock;
    }

    /** People change the project's job origin in Procore (its {@code updated_at} moves). */
    public synchronized void changeOrigin(String projectId, String originId) {
        Project p = projects.get(projectId);
        projects.put(projectId, new Project(p.id(), p.companyId(), p.name(), originId, p.number()));
        projectUpdated.put(projectId, now.instant());
    }

    /** Someone takes a resource's trigger off the company's hook. */
    public synchronized void removeTrigger(String companyId, String resourceName) {
        hooks.stream().filter(h -> h.companyId.equals(companyId)).forEach(h -> h.triggered.remove(resourceName));
    }

    /** A delivery Procore could not make ({@code failed} or {@code discarded}), as its deliveries list shows it. */
    public synchronized void lostDelivery(String companyId, String status, JsonNode payload) {
        lost.add(new LostDelivery(companyId, status, payload));
    }

    /** Procore's hourly window as its headers name it next ({@code remaining} of {@code limit}). */
    public synchronized void hourlyWindow(long limit, long remaining) {
        this.hourly = new long[] {limit, remaining};
    }

    private record LostDelivery(String companyId, String status, JsonNode payload) {}

    private final List<LostDelivery> lost = new ArrayList<>();
    private final Map<String, Instant> projectUpdated = new TreeMap<>();
    private Clock now = Clock.fixed(Instant.EPOCH, java.time.ZoneOffset.UTC);
    private long[] hourly;

    @Override
    public synchronized List<Project> projectsUpdated(String companyId, Instant from, Instant to) {
        return call("projectsUpdated", () -> projects.values().stream()
                .filter(p -> !hiddenProjects.containsKey(p.id()))
                .filter(p -> !projectUpdated.get(p.id()).isBefore(from) && !projectUpdated.get(p.id()).isAfter(to))
                .toList());
    }

    @Override
    public synchronized List<ProcoreRecords.Trigger> triggers(String companyId, String hookId) {
        return call("triggers", () -> hooks.stream().filter(h -> (h.companyId + "-hook").equals(hookId))
                .flatMap(h -> h.triggered.stream()).map(r -> new ProcoreRecords.Trigger(r, r, "update")).toList());
    }

    @Override
    public synchronized List<ProcoreRecords.Delivery> deliveries(String companyId, String hookId, String status,
            LocalDate from) {
        return call("deliveries", () -> lost.stream()
                .filter(d -> d.companyId().equals(companyId) && d.status().equals(status))
                .filter(d -> !LocalDate.ofInstant(Instant.parse(d.payload().path("timestamp").asText()),
                        java.time.ZoneOffset.UTC).isBefore(from))
                .map(d -> new ProcoreRecords.Delivery(d.payload().path("ulid").asText(), d.status(), 12,
                        d.payload().path("resource_name").asText(), d.payload().path("event_type").asText(),
                        d.payload().path("resource_id").asText(), d.payload()))
                .toList());
    }

    /** Every call so far counts as sent; the hourly window is what {@link #hourlyWindow} said, else unknown. */
    @Override
    public synchronized ProcoreRecords.RateBudget budget(String companyId) {
        return new ProcoreRecords.RateBudget(calls.size(), hourly == null ? -1 : hourly[0], hourly == null ? -1 : hourly[1]);
    }

    /** A prime contract another integration wrote, with the contract's id as its origin, and one line of its own. */
    public synchronized PrimeContract addForeignPrimeContract(String projectId, String originId, String originData,
            String createdBy) {
        String id = Long.toString(++nextId);
        PrimeContract pc = new PrimeContract(id, projectId, originId, "Theirs", originId, "Approved", "amount", null,
                originData, createdBy);
        contracts.put(id, pc);
        Map<String, Line> held = new LinkedHashMap<>();
        String lineId = Long.toString(++nextId);
        held.put(lineId, new Line(lineId, originId + "-1", "Their line", new BigDecimal("1.00"), null, null, null));
        lines.put(id, held);
        return pc;
    }

    /** Someone deletes a prime contract in Procore, with its lines; the hook's deliveries say so. */
    public synchronized void deletePrimeContract(String primeContractId) {
        contracts.remove(primeContractId);
        lines.remove(primeContractId);
        deleted.add(primeContractId);
    }

    /**
     * The service account loses (or, with 0, gets back) a project: Procore answers {@code status} (403 or 404) for it
     * and everything in it, and leaves it out of its lists.
     */
    public synchronized void hideProject(String projectId, int status) {
        hide(hiddenProjects, projectId, status);
    }

    /** A prime contract the service account cannot see (private, or no permission): 403 or 404; 0 shows it again. */
    public synchronized void hidePrimeContract(String primeContractId, int status) {
        hide(hiddenContracts, primeContractId, status);
    }

    /** The service account loses (0: gets back) the change orders of a project. */
    public synchronized void hideChangeOrders(String projectId, int status) {
        hide(hiddenChangeOrders, projectId, status);
    }

    private static void hide(Map<String, Integer> hidden, String id, int status) {
        if (status == 0) {
            hidden.remove(id);
        } else {
            hidden.put(id, status);
        }
    }

    /** Procore's answer for what the service account cannot see. */
    private static ProcoreException.Refused unseen(int status, String what) {
        return new ProcoreException.Refused(status, status == 403 ? "PROCORE_PERMISSION_DENIED" : "PROCORE_NOT_FOUND",
                "cannot see " + what);
    }

    private void visible(String projectId) {
        Integer status = hiddenProjects.get(projectId);
        if (status != null) {
            throw unseen(status, "project " + projectId);
        }
    }

    /** A person sets the prime contract's status in Procore. */
    public synchronized void setStatus(String primeContractId, String status) {
        PrimeContract pc = contracts.get(primeContractId);
        contracts.put(primeContractId, new PrimeContract(pc.id(), pc.projectId(), pc.originId(), pc.title(), pc.number(),
                status, pc.accountingMethod(), pc.retainagePercent(), pc.originData(), pc.createdBy()));
    }

    /** Whether a contract out of Draft may be set back to Draft (Procore's answer is unconfirmed). */
    public synchronized void backToDraft(boolean allowed) {
        backToDraft = allowed;
    }

    /** The project's "Enable Always Editable Schedule of Values", and what owner invoices billed of lines by origin id. */
    public synchronized void alwaysEditable(boolean on, Map<String, String> billedByOrigin) {
        alwaysEditable = on;
        billed.clear();
        billedByOrigin.forEach((origin, amount) -> billed.put(origin, new BigDecimal(amount)));
    }

    /** The product's webhook, made in the company. */
    public synchronized void addHook(String companyId) {
        hooks.add(new CompanyHook(companyId));
    }

    /** Procore disables the company's webhook (after repeated discards, or people did). */
    public synchronized void disableHook(String companyId) {
        hooks.stream().filter(h -> h.companyId.equals(companyId)).forEach(h -> h.status = "disabled");
    }

    public synchronized void addChangeOrder(String id, String projectId, String primeContractId, String status) {
        changeOrders.put(id, new ChangeOrder(id, projectId, primeContractId, "PCCO-" + id, status, "Change " + id));
    }

    /** A line someone adds or changes in Procore by hand (no origin id when {@code originId} is null). */
    public synchronized Line handEdit(String primeContractId, String originId, String description, String amount) {
        Line existing = originId == null ? null : find(primeContractId, originId);
        String id = existing == null ? Long.toString(++nextId) : existing.id();
        Line line = new Line(id, originId, description, new BigDecimal(amount), null, null, null);
        lines.get(primeContractId).put(id, line);
        return line;
    }

    /** The sync action refuses this record (by origin id) with this message until told otherwise. */
    public synchronized void refuseRecord(String originId, String message) {
        refusedRecords.put(originId, message);
    }

    /** Procore takes only these units of measure on a line, as a company's own list. */
    public synchronized void units(Set<String> companyUnits) {
        units = Set.copyOf(companyUnits);
    }

    public synchronized void acceptRecord(String originId) {
        refusedRecords.remove(originId);
    }

    /** The {@code nth} call (1: the next) of the operation from now fails so. */
    public synchronized void fail(String operation, int nth, Fault fault) {
        faults.add(new Scripted(operation, nth, fault, null));
    }

    /** Something that happens elsewhere just before the {@code nth} call of the operation from now takes effect. */
    public synchronized void on(String operation, int nth, Runnable action) {
        faults.add(new Scripted(operation, nth, null, action));
    }

    /** Every call made, by operation name, in order. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** Every prime contract of the project. */
    public synchronized List<PrimeContract> contractsIn(String projectId) {
        return contracts.values().stream().filter(pc -> pc.projectId().equals(projectId)).toList();
    }

    /** The lines of a prime contract, in the order they were made. */
    public synchronized List<Line> linesOf(String primeContractId) {
        return List.copyOf(lines.getOrDefault(primeContractId, Map.of()).values());
    }

    // ---------------------------------------------------------------- ProcoreContracts and ProcoreReader

    @Override
    public synchronized Optional<PrimeContract> primeContract(String companyId, String projectId, String id) {
        return call("primeContract", () -> {
            Integer status = hiddenProjects.containsKey(projectId) ? hiddenProjects.get(projectId) : hiddenContracts.get(id);
            if (status != null && status == 403) {
                throw unseen(403, "prime contract " + id);
            }
            return Optional.ofNullable(status == null ? contracts.get(id) : null)
                    .filter(pc -> pc.projectId().equals(projectId));
        });
    }

    @Override
    public synchronized List<PrimeContract> primeContracts(String companyId, String projectId) {
        return call("primeContracts", () -> {
            visible(projectId);
            return contractsIn(projectId).stream().filter(pc -> !hiddenContracts.containsKey(pc.id())).toList();
        });
    }

    @Override
    public synchronized PrimeContract createPrimeContract(String companyId, String projectId, PrimeContractFields f) {
        return call("createPrimeContract", () -> {
            if (contracts.values().stream().anyMatch(pc -> f.originId().equals(pc.originId()))) {
                throw new ProcoreException.Refused(422, "PROCORE_REFUSED", "origin_id has already been taken");
            }
            String id = Long.toString(++nextId);
            // the client marks every prime contract it writes as the product's
            PrimeContract pc = new PrimeContract(id, projectId, f.originId(), f.title(), f.number(), f.status(),
                    f.accountingMethod(), f.retainagePercent(), ProcoreRecords.ORIGIN_DATA, null);
            contracts.put(id, pc);
            lines.put(id, new LinkedHashMap<>());
            return pc;
        });
    }

    @Override
    public synchronized PrimeContract updatePrimeContract(String companyId, String projectId, String id,
            PrimeContractFields f) {
        return call("updatePrimeContract", () -> {
            PrimeContract was = contracts.get(id);
            String status = f.status() == null ? was.status() : f.status();
            String method = f.accountingMethod() == null ? was.accountingMethod() : f.accountingMethod();
            if (!method.equals(was.accountingMethod()) && !lines.get(id).isEmpty()) {
                throw new ProcoreException.Refused(422, "PROCORE_REFUSED",
                        "accounting_method cannot be changed once the prime contract has line items");
            }
            if (DRAFT.equals(status) && !DRAFT.equals(was.status()) && !backToDraft) {
                throw new ProcoreException.Refused(422, "PROCORE_REFUSED", "status cannot be changed back to Draft");
            }
            PrimeContract pc = new PrimeContract(id, projectId, f.originId(), f.title(), f.number(), status, method,
                    f.retainagePercent(), ProcoreRecords.ORIGIN_DATA, was.createdBy());
            contracts.put(id, pc);
            return pc;
        });
    }

    @Override
    public synchronized List<Line> lineItems(String companyId, String projectId, String primeContractId) {
        return call("lineItems", () -> {
            visible(projectId);
            if (hiddenContracts.containsKey(primeContractId)) {
                throw unseen(hiddenContracts.get(primeContractId), "prime contract " + primeContractId);
            }
            return linesOf(primeContractId);
        });
    }

    @Override
    public synchronized List<Hook> hooks(String companyId, String namespace) {
        return call("hooks", () -> hooks.stream().filter(h -> h.companyId.equals(companyId))
                .map(h -> h.hook(namespace)).toList());
    }

    @Override
    public synchronized Set<String> deletions(String companyId, String hookId, String resourceName) {
        return call("deletions", () -> "Prime Contracts".equals(resourceName) ? Set.copyOf(deleted) : Set.of());
    }

    @Override
    public synchronized Hook setHookStatus(String companyId, String hookId, String status) {
        return call("setHookStatus", () -> {
            CompanyHook h = hooks.stream().filter(x -> (x.companyId + "-hook").equals(hookId)).findFirst()
                    .orElseThrow(() -> new ProcoreException.Refused(404, "PROCORE_REFUSED", "no webhook " + hookId));
            h.status = status;
            return h.hook("primesync");
        });
    }

    @Override
    public synchronized SyncOutcome syncLineItems(String companyId, String projectId, String primeContractId,
            List<Line> updates) {
        if (updates.size() > batchSize) {
            throw new IllegalArgumentException("at most " + batchSize + " records per sync call");
        }
        return call("syncLineItems", () -> {
            List<Line> written = new ArrayList<>();
            List<RecordError> errors = new ArrayList<>();
            Map<String, Line> held = lines.get(primeContractId);
            boolean draft = DRAFT.equals(contracts.get(primeContractId).status());
            boolean locked = !draft && !alwaysEditable;
            for (Line u : updates) {
                if (locked) {
                    errors.add(new RecordError(u.originId(), LOCKED));
                    continue;
                }
                BigDecimal floor = billed.get(u.originId());
                if (!draft && floor != null && u.amount() != null && u.amount().compareTo(floor) < 0) {
                    errors.add(new RecordError(u.originId(), "cannot be less than the amount already billed ("
                            + floor.toPlainString() + ")"));
                    continue;
                }
                if (u.uom() != null && units != null && !units.contains(u.uom())) {
                    errors.add(new RecordError(u.originId(), "uom is not included in the list", List.of("uom")));
                    continue;
                }
                if (refusedRecords.containsKey(u.originId())) {
                    errors.add(new RecordError(u.originId(), refusedRecords.get(u.originId())));
                    continue;
                }
                Line existing = find(primeContractId, u.originId());
                String id = existing == null ? Long.toString(++nextId) : existing.id();
                Line line = new Line(id, u.originId(), u.description(), u.amount(), u.quantity(), u.unitCost(), u.uom());
                held.put(id, line);
                written.add(line);
            }
            return new SyncOutcome(written, errors);
        });
    }

    @Override
    public synchronized void deleteLineItem(String companyId, String projectId, String primeContractId, String lineId) {
        call("deleteLineItem", () -> {
            PrimeContract pc = contracts.get(primeContractId);
            if (pc != null && !DRAFT.equals(pc.status())) {
                throw new ProcoreException.Refused(422, "PROCORE_REFUSED", alwaysEditable
                        ? "Line items cannot be deleted while the contract is " + pc.status() : LOCKED);
            }
            return lines.getOrDefault(primeContractId, new LinkedHashMap<>()).remove(lineId);
        });
    }

    @Override
    public int syncBatchSize() {
        return batchSize;
    }

    @Override
    public synchronized Optional<Project> project(String companyId, String projectId) {
        return call("project", () -> {
            Integer status = hiddenProjects.get(projectId);
            if (status != null && status == 403) {
                throw unseen(403, "project " + projectId);
            }
            return Optional.ofNullable(status == null ? projects.get(projectId) : null);
        });
    }

    @Override
    public synchronized List<Project> projects(String companyId) {
        return call("projects", () -> projects.values().stream().filter(p -> !hiddenProjects.containsKey(p.id())).toList());
    }

    @Override
    public synchronized Optional<ChangeOrder> changeOrder(String companyId, String projectId, String id) {
        return call("changeOrder", () -> Optional.ofNullable(changeOrders.get(id))
                .filter(co -> co.projectId().equals(projectId)));
    }

    @Override
    public synchronized List<ChangeOrder> changeOrders(String companyId, String projectId) {
        return call("changeOrders", () -> {
            visible(projectId);
            if (hiddenChangeOrders.containsKey(projectId)) {
                throw unseen(hiddenChangeOrders.get(projectId), "the change orders of project " + projectId);
            }
            return changeOrders.values().stream().filter(co -> co.projectId().equals(projectId)).toList();
        });
    }

    // ---------------------------------------------------------------- faults

    private <T> T call(String operation, Supplier<T> effect) {
        calls.add(operation);
        Fault fault = null;
        for (Scripted due : due(operation)) {
            if (due.action() != null) {
                due.action().run();
            } else if (fault == null) {
                fault = due.fault();
            }
        }
        if (fault == Fault.BEFORE) {
            throw new ProcoreException.Unavailable("Procore did not answer " + operation + " (timeout)", null);
        }
        if (fault == Fault.RATE_LIMITED) {
            throw new ProcoreException.RateLimited(Instant.parse("2030-01-01T00:00:00Z"));
        }
        if (fault == Fault.REFUSED) {
            throw new ProcoreException.Refused(403, "PROCORE_PERMISSION_DENIED",
                    "The service account may not " + operation + ". In Procore, give it Admin on the Prime Contracts tool.");
        }
        T result = effect.get();
        if (fault == Fault.AFTER) {
            throw new ProcoreException.Unavailable("Procore's answer to " + operation + " was lost", null);
        }
        if (fault == Fault.CRASH_AFTER) {
            throw new Crash(operation);
        }
        return result;
    }

    /** The scripts due at this call of the operation; the others of it come one call nearer. */
    private List<Scripted> due(String operation) {
        List<Scripted> due = new ArrayList<>();
        List<Scripted> left = new ArrayList<>();
        for (Scripted s : faults) {
            if (!s.operation().equals(operation)) {
                left.add(s);
            } else if (s.nth() == 1) {
                due.add(s);
            } else {
                left.add(new Scripted(s.operation(), s.nth() - 1, s.fault(), s.action()));
            }
        }
        faults.clear();
        faults.addAll(left);
        return due;
    }

    private Line find(String primeContractId, String originId) {
        for (Line l : lines.getOrDefault(primeContractId, Map.of()).values()) {
            if (originId.equals(l.originId())) {
                return l;
            }
        }
        return null;
    }
}
