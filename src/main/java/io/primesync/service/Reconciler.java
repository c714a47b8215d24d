package io.primesync.service;

import io.primesync.domain.NotVisible;
import io.primesync.logging.Log;
import io.primesync.procore.HookSetup;
import io.primesync.procore.ProcoreException;
import io.primesync.procore.ProcoreReader;
import io.primesync.procore.ProcoreRecords;
import io.primesync.store.ApplyResult;
import io.primesync.store.EventLedger;
import io.primesync.store.EventStamp;
import io.primesync.store.ProjectRecords.PrimeContractRef;
import io.primesync.store.ProjectRecords.ReconcileMarks;
import io.primesync.store.ProjectRecords;
import io.primesync.webhook.MalformedEventException;
import io.primesync.webhook.ProcoreDelivery;
import io.primesync.webhook.Source;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The reconciliation of one company: what a lost delivery never told, caught within one period, at a small share of
 * the company's Procore budget.
 *
 * <p>A scheduled {@link #run} reads what changed since the last one: the hook's deliveries that Procore could not make
 * (failed or discarded) and the product never received, each applied as if it had come, and the projects Procore
 * updated since. That costs a handful of calls whatever the company's size. A <b>full pass</b> re-reads everything
 * (projects' job origins, the prime contracts of every project, change orders and lines of the company's contracts) as
 * a slower safety net: once a period ({@link Settings#fullPeriod()}), and whenever the deliveries cannot be trusted
 * to tell (no hook, a hook Procore had disabled, a trigger missing, a first run). Every run stops at its share of the
 * company's remaining budget, and a full pass cut short goes on from the same project at the next run.
 */
public final class Reconciler {
    /** The finding of a company taken off the list: it has neither contracts nor a hook. */
    static final String LEFT = "company left: no contracts, no hook";
    /** The finding of a disabled hook made active again. */
    static final String HOOK_REENABLED = "hooks re-enabled";
    static final String LOST_DELIVERIES = "lost deliveries applied";
    static final String LOST_UNREADABLE = "lost deliveries unreadable";
    static final String PROJECTS_UPDATED = "projects updated";
    static final String TRIGGERS_MISSING = "hook triggers missing";
    static final String FULL_PASS = "full passes";
    static final String FULL_CUT = "full passes cut short by the budget";
    static final String CHANGES_CUT = "change reads cut short by the budget";

    /** Procore discards a delivery it could not make after 12 hours: a run looks that far back, and one hour more. */
    static final Duration DISCARD_REACH = Duration.ofHours(13);
    /** Procore's clock and ours are not the same clock. */
    static final Duration CLOCK_MARGIN = Duration.ofMinutes(5);
    /** The product remembers the deliveries it received for 7 days: older marks cannot tell what was lost. */
    static final Duration LONGEST_GAP = Duration.ofDays(6);

    /**
     * How a scheduled run spends the company's budget.
     *
     * @param fullPeriod how often everything is read again, whatever the deliveries say
     * @param budgetShare the share of the company's remaining hourly budget one run may spend (0 to 1)
     * @param hourlyLimit the hourly limit assumed while Procore's headers have not named the hourly window (they name
     *     the window closest to running out, mostly the 10-second one)
     */
    public record Settings(Duration fullPeriod, double budgetShare, long hourlyLimit) {
        public static final Settings DEFAULT = new Settings(Duration.ofHours(24), 0.5, 600);

        public Settings {
            if (fullPeriod.isNegative() || budgetShare <= 0 || budgetShare > 1 || hourlyLimit < 1) {
                throw new IllegalArgumentException("a full period of zero or more, a share in (0, 1], a limit of 1 or more");
            }
        }
    }

    private final ProjectRecords store;
    private final ProcoreReader procore;
    private final ProcoreResources resources;
    private final Clock clock;
    private final String hookDestination;
    private final Settings settings;
    private final List<String> followed;
    private final EventLedger ledger;
    private final DeliveryProcessor deliveries;

    public Reconciler(ProjectRecords store, ProcoreReader procore, Clock clock) {
        this(store, procore, clock, ProcoreRules.DEFAULT, null);
    }

    /**
     * @param rules how each company's units of measure are named in Procore, for comparing its lines
     * @param hookDestination the URL the product's hooks deliver to, or null: then every hook of the product's
     *     namespace is the product's
     */
    public Reconciler(ProjectRecords store, ProcoreReader procore, Clock clock, ProcoreRules rules,
            String hookDestination) {
        this(store, procore, clock, rules, hookDestination, Settings.DEFAULT,
                HookSetup.followed(name -> null), null, null);
    }

    /**
     * @param followed the resources the product's hook must be triggered by (see {@code HookSetup.followed})
     * @param ledger the deliveries the product received; null: a run cannot tell a lost one and always reads whole
     * @param deliveries how a lost delivery is applied, as the queue's worker applies one that came
     */
    public Reconciler(ProjectRecords store, ProcoreReader procore, Clock clock, ProcoreRules rules,
            String hookDestination, Settings settings, List<String> followed, EventLedger ledger,
            DeliveryProcessor deliveries) {
        this.store = store;
        this.procore = procore;
        this.resources = new ProcoreResources(store, procore, rules);
        this.clock = clock;
        this.hookDestination = hookDestination == null || hookDestination.isBlank() ? null : hookDestination.strip();
        this.settings = settings;
        this.followed = List.copyOf(followed);
        this.ledger = ledger;
        this.deliveries = deliveries;
    }

    /**
     * The companies to reconcile: each one that imported a contract, or whose hook delivered something Procore showed
     * to be its own; a company with neither contracts nor a hook leaves the list at its next run.
     */
    public List<String> companies() {
        return store.companies();
    }

    /** Whether the stored project had the thing unseen at the last read. */
    private static boolean unseen(Map<String, ProjectRecords.ProjectOrigin> stored, String project, String what) {
        ProjectRecords.ProjectOrigin p = stored.get(project);
        return p != null && p.unseen(what);
    }

    /**
     * A full pass, whole, now, whatever the budget and the marks say: the projects, the prime contracts of every
     * project, the change orders and lines of the company's contracts. What the service account cannot see is recorded
     * as unknown (with when and why), never as gone: a prime contract leaves only when Procore's deliveries say it was
     * deleted.
     */
    public Findings reconcile(String company) {
        Findings found = new Findings();
        List<ProcoreRecords.Hook> hooks = hooks(company, found);
        if (hooks == null) {
            return found;
        }
        fullPass(company, hooks, null, new Budget(company, false), stamp(), found);
        log(company, found);
        return found;
    }

    /**
     * The scheduled run: what changed since the last run (the deliveries Procore could not make, the projects it
     * updated), then a full pass, or the next part of one, when one is due or the deliveries cannot be trusted; all
     * within the run's share of the company's budget.
     */
    public Findings run(String company) {
        Findings found = new Findings();
        Budget budget = new Budget(company, true);
        List<ProcoreRecords.Hook> hooks = hooks(company, found);
        if (hooks == null) {
            return found;
        }
        // while a hook was disabled Procore made no delivery of it, lost or not
        boolean disabled = found.get(HOOK_REENABLED) > 0;
        ReconcileMarks marks = store.reconcileMarks(company);
        long now = clock.millis();
        EventStamp stamp = stamp();
        Changes changes = Changes.UNREAD;
        if (ledger != null && !hooks.isEmpty() && !disabled && marks.checkedAt() > 0
                && now - marks.checkedAt() <= LONGEST_GAP.toMillis()) {
            if (triggered(company, hooks)) {
                changes = changesSince(company, hooks, marks.checkedAt(), now, stamp, budget, found);
            } else {
                found.add(TRIGGERS_MISSING);
            }
        }
        long checkedAt = changes == Changes.READ ? now : marks.checkedAt();
        boolean fullDue = marks.fullCursor() != null || marks.fullAt() == 0
                || now - marks.fullAt() >= settings.fullPeriod().toMillis() || changes == Changes.UNREAD;
        ReconcileMarks next = new ReconcileMarks(checkedAt, marks.fullAt(), marks.fullCursor(), marks.fullStartedAt());
        if (fullDue && changes != Changes.CUT) {
            long startedAt = marks.fullCursor() != null ? marks.fullStartedAt() : now;
            String cursor = fullPass(company, hooks, marks.fullCursor(), budget, stamp, found);
            if (cursor == null) {
                found.add(FULL_PASS);
                // everything was read from the pass's start: what changed after it, the deliveries tell
                next = new ReconcileMarks(Math.max(checkedAt, startedAt), startedAt, null, 0);
            } else {
                found.add(FULL_CUT);
                next = new ReconcileMarks(checkedAt, marks.fullAt(), cursor, startedAt);
            }
        }
        store.saveReconcileMarks(company, next);
        Log.info("reconciliation", "companyId", company, "findings", found.counts().toString(),
                "procoreCalls", budget.spent(), "changes", changes.name().toLowerCase(Locale.ROOT),
                "fullPass", fullDue && changes != Changes.CUT);
        return found;
    }

    private EventStamp stamp() {
        return new EventStamp(clock.millis(), "reconcile-" + UUID.randomUUID());
    }

    private static void log(String company, Findings found) {
        Log.info("reconciliation", "companyId", company, "findings", found.counts().toString());
    }

    /**
     * The product's hooks in the company, each disabled one made active again; null when the company has neither
     * contracts nor a hook, and leaves the list.
     */
    private List<ProcoreRecords.Hook> hooks(String company, Findings found) {
        List<ProcoreRecords.Hook> hooks = procore.hooks(company, HookSetup.NAMESPACE).stream()
                .filter(h -> HookSetup.NAMESPACE.equals(h.namespace())
                        && (hookDestination == null || hookDestination.equals(h.destinationUrl())))
                .toList();
        if (store.contractIds(company).isEmpty() && hooks.isEmpty()) {
            // nothing of the company's to follow, and no hook to tell of anything: off the list until one appears
            store.unregisterCompany(company);
            found.add(LEFT);
            log(company, found);
            return null;
        }
        for (ProcoreRecords.Hook hook : hooks) {
            if (hook.disabled()) {
                // Procore stopped delivering (repeated discards, or people): nothing is told until it is active again
                procore.setHookStatus(company, hook.id(), "active");
                found.add(HOOK_REENABLED);
                Log.warn("procore webhook re-enabled", "companyId", company, "hookId", hook.id());
            }
        }
        return hooks;
    }

    /** Whether the hooks, together, are triggered by every resource the product follows. */
    private boolean triggered(String company, List<ProcoreRecords.Hook> hooks) {
        Set<String> resources = new HashSet<>();
        for (ProcoreRecords.Hook hook : hooks) {
            ProcoreResources.Seen<List<ProcoreRecords.Trigger>> triggers = ProcoreResources.read(
                    () -> procore.triggers(company, hook.id()));
            if (!triggers.seen()) {
                return false;
            }
            triggers.value().forEach(t -> resources.add(t.resourceName().toLowerCase(Locale.ROOT)));
        }
        return followed.stream().allMatch(r -> resources.contains(r.toLowerCase(Locale.ROOT)));
    }

    /** What a read of the changes came to. */
    private enum Changes {
        /** Everything Procore says changed since the mark was read. */
        READ,
        /** The budget ran out first: the same mark is read again at the next run. */
        CUT,
        /** Not read (no hook to trust, or Procore refused a list): only a full pass can tell. */
        UNREAD
    }

    /**
     * The projects Procore updated since the mark, and each delivery of the hooks Procore could not make (failed or
     * discarded, from the mark less Procore's 12 hours of retries) that the product never received, applied as the
     * queue's worker applies one that came and then recorded as received.
     */
    private Changes changesSince(String company, List<ProcoreRecords.Hook> hooks, long since, long now,
            EventStamp stamp, Budget budget, Findings found) {
        Instant from = Instant.ofEpochMilli(since).minus(CLOCK_MARGIN);
        ProcoreResources.Seen<List<ProcoreRecords.Project>> updated = ProcoreResources.read(
                () -> procore.projectsUpdated(company, from, Instant.ofEpochMilli(now).plus(CLOCK_MARGIN)));
        if (!updated.seen()) {
            return Changes.UNREAD;
        }
        for (ProcoreRecords.Project p : updated.value()) {
            if (p.companyId() != null && !p.companyId().equals(company)) {
                CompanyBinding.dropped(found, company, HookSetup.PROJECTS, p.id(), p.id(), p.companyId());
                continue;
            }
            resources.project(company, DeliveryProcessor.name(p), p.originId(), stamp, found);
            found.add(PROJECTS_UPDATED);
        }
        LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(since).minus(DISCARD_REACH), ZoneOffset.UTC);
        for (ProcoreRecords.Hook hook : hooks) {
            for (String status : List.of("failed", "discarded")) {
                ProcoreResources.Seen<List<ProcoreRecords.Delivery>> lost = ProcoreResources.read(
                        () -> procore.deliveries(company, hook.id(), status, day));
                if (!lost.seen()) {
                    return Changes.UNREAD;
                }
                for (ProcoreRecords.Delivery d : lost.value()) {
                    if (budget.spentOut()) {
                        found.add(CHANGES_CUT);
                        return Changes.CUT;
                    }
                    applyLost(company, d, found);
                }
            }
        }
        return Changes.READ;
    }

    /** One delivery Procore could not make: applied, unless the product received it after all. */
    private void applyLost(String company, ProcoreRecords.Delivery lost, Findings found) {
        ProcoreDelivery d;
        try {
            d = ProcoreDelivery.parse(lost.payload());
        } catch (MalformedEventException e) {
            // the next full pass reads what it named
            found.add(LOST_UNREADABLE);
            return;
        }
        if (!company.equals(d.companyId()) || !followed.contains(d.resourceName())
                || ledger.seen(Source.PROCORE.wire(), company, d.ulid()).isPresent()) {
            return;
        }
        deliveries.apply(d).counts().forEach(found::add);
        ledger.record(Source.PROCORE.wire(), company, d.ulid(), ApplyResult.APPLIED);
        found.add(LOST_DELIVERIES);
    }

    /**
     * Reads the company's projects one by one, in the order of their ids, from the one after {@code after} (null: from
     * the first), while the budget lasts.
     *
     * @return null when the pass reached its end; else the last project it read, where the next run goes on
     */
    private String fullPass(String company, List<ProcoreRecords.Hook> hooks, String after, Budget budget,
            EventStamp stamp, Findings found) {
        FullPass pass = new FullPass(company, hooks, stamp, found);
        // the company's projects, active and inactive
        for (ProcoreRecords.Project p : procore.projects(company)) {
            if (p.companyId() != null && !p.companyId().equals(company)) {
                CompanyBinding.dropped(found, company, HookSetup.PROJECTS, p.id(), p.id(), p.companyId());
                continue;
            }
            pass.read.put(p.id(), p);
        }
        pass.read.forEach((id, p) -> resources.project(company, DeliveryProcessor.name(p), p.originId(), stamp, found));
        store.projects(company).forEach(p -> pass.stored.put(p.projectId(), p));
        pass.known.addAll(store.primeContracts(company));
        // a project the product follows (a job's, or one a contract is in) that no list shows is asked for itself:
        // Procore leaves out of its lists what the service account may not see, so absent is unknown, never gone
        Set<String> ids = new TreeSet<>(Reconciler::byId);
        ids.addAll(pass.read.keySet());
        pass.stored.values().stream().filter(p -> p.jobNumber() != null).forEach(p -> ids.add(p.projectId()));
        pass.known.stream().filter(r -> !r.gone()).forEach(r -> ids.add(r.projectId()));
        found.add("projects read", pass.read.size());
        String last = after;
        for (String id : ids) {
            if (after != null && byId(id, after) <= 0) {
                continue;
            }
            if (budget.spentOut()) {
                return last;
            }
            project(pass, id);
            last = id;
        }
        return null;
    }

    /** Procore's ids are numbers: in their order, whatever their length (text when they are not). */
    static int byId(String a, String b) {
        boolean na = a.chars().allMatch(Character::isDigit);
        boolean nb = b.chars().allMatch(Character::isDigit);
        if (na && nb && a.length() != b.length()) {
            return Integer.compare(a.length(), b.length());
        }
        return a.compareTo(b);
    }

    /** What a full pass has read so far, for one company. */
    private final class FullPass {
        final String company;
        final List<ProcoreRecords.Hook> hooks;
        final EventStamp stamp;
        final Findings found;
        final Set<String> contracts;
        final Map<String, ProcoreRecords.Project> read = new LinkedHashMap<>();
        final Map<String, ProjectRecords.ProjectOrigin> stored = new LinkedHashMap<>();
        final List<PrimeContractRef> known = new ArrayList<>();
        /** The prime contracts Procore's deliveries say were deleted, read when first needed. */
        Set<String> deleted;

        FullPass(String company, List<ProcoreRecords.Hook> hooks, EventStamp stamp, Findings found) {
            this.company = company;
            this.hooks = hooks;
            this.stamp = stamp;
            this.found = found;
            this.contracts = new HashSet<>(store.contractIds(company));
        }

        Set<String> deleted() {
            if (deleted == null) {
                deleted = new HashSet<>();
                for (ProcoreRecords.Hook hook : hooks) {
                    deleted.addAll(procore.deletions(company, hook.id(), HookSetup.PRIME_CONTRACTS));
                }
            }
            return deleted;
        }
    }

    /**
     * One project of a full pass: itself when no list showed it, its prime contracts (one carrying a contract id of the
     * company is the contract in that project, wherever someone made it), each known one no longer listed read by
     * itself, and, where the company has a contract, the project's change orders and the contract's lines.
     */
    private void project(FullPass pass, String project) {
        String company = pass.company;
        EventStamp stamp = pass.stamp;
        Findings found = pass.found;
        if (!pass.read.containsKey(project)) {
            ProcoreResources.Seen<Optional<ProcoreRecords.Project>> alone = ProcoreResources.read(
                    () -> procore.project(company, project));
            found.add("projects read");
            if (alone.seen() && alone.value().isPresent() && (alone.value().get().companyId() == null
                    || alone.value().get().companyId().equals(company))) {
                ProcoreRecords.Project p = alone.value().get();
                pass.read.put(project, p);
                resources.project(company, DeliveryProcessor.name(p), p.originId(), stamp, found);
            } else {
                String why = !alone.seen() ? alone.why()
                        : alone.value().isEmpty() ? ProcoreResources.NOT_FOUND : ProcoreResources.ABSENT;
                resources.projectNotVisible(company, project, NotVisible.PROJECT, why, stamp, found);
                return;
            }
        }
        ProcoreResources.Seen<List<ProcoreRecords.PrimeContract>> pcs = ProcoreResources.read(
                () -> procore.primeContracts(company, project));
        if (!pcs.seen()) {
            // a project that could not be listed leaves its prime contracts unknown, never gone
            resources.projectNotVisible(company, project, NotVisible.PRIME_CONTRACTS, pcs.why(), stamp, found);
            return;
        }
        if (unseen(pass.stored, project, NotVisible.PRIME_CONTRACTS)) {
            resources.projectSeen(company, project, NotVisible.PRIME_CONTRACTS, stamp, found);
        }
        Set<String> present = new HashSet<>();
        for (ProcoreRecords.PrimeContract pc : pcs.value()) {
            if (pc.originId() != null && pass.contracts.contains(pc.originId())) {
                present.add(pc.id());
                resources.primeContract(company, project, pc.id(), Optional.of(pc), stamp, found);
            }
        }
        // one known before and no longer listed: read by itself; gone only when Procore says it was deleted (the read
        // shows it deleted, or the hook's deliveries tell its deletion), and unknown when the account cannot see it
        for (PrimeContractRef ref : pass.known) {
            if (!ref.projectId().equals(project) || ref.gone() || present.contains(ref.primeContractId())) {
                continue;
            }
            ProcoreResources.Seen<Optional<ProcoreRecords.PrimeContract>> alone = ProcoreResources.read(
                    () -> procore.primeContract(company, ref.projectId(), ref.primeContractId()));
            if (alone.seen() && alone.value().isPresent()) {
                present.add(ref.primeContractId());
                resources.primeContract(company, ref.projectId(), ref.primeContractId(), alone.value(), stamp, found);
            } else if (pass.deleted().contains(ref.primeContractId())) {
                resources.primeContract(company, ref.projectId(), ref.primeContractId(), Optional.empty(), stamp, found);
            } else {
                resources.primeContractNotVisible(company, ref, alone.seen() ? ProcoreResources.NOT_FOUND : alone.why(),
                        stamp, found);
            }
        }
        found.add("prime contracts read", present.size());
        if (present.isEmpty()) {
            return;
        }
        // the change orders of a project a contract of the company is in
        ProcoreResources.Seen<List<ProcoreRecords.ChangeOrder>> orders = ProcoreResources.read(
                () -> procore.changeOrders(company, project));
        if (!orders.seen()) {
            resources.projectNotVisible(company, project, NotVisible.CHANGE_ORDERS, orders.why(), stamp, found);
        } else {
            if (unseen(pass.stored, project, NotVisible.CHANGE_ORDERS)) {
                resources.projectSeen(company, project, NotVisible.CHANGE_ORDERS, stamp, found);
            }
            for (ProcoreRecords.ChangeOrder co : orders.value()) {
                resources.changeOrder(company, co, stamp, found);
            }
        }
        // the lines of the prime contracts in it as they stand now (a link just made, one just gone)
        for (PrimeContractRef ref : store.primeContracts(company)) {
            if (!ref.gone() && ref.projectId().equals(project)) {
                resources.lines(company, ref, stamp, found);
            }
        }
    }

    /**
     * The share of the company's budget one run may spend: {@link Settings#budgetShare()} of what is left of its hourly
     * window (as Procore's headers last named it, or the assumed limit), and never so much that what is left falls
     * below the rest of it.
     */
    private final class Budget {
        private final String company;
        private final long startSent;
        private final long allowance;
        private final long reserve;

        /** @param bounded false: a whole pass asked for by hand, paced by the rate limits only */
        Budget(String company, boolean bounded) {
            this.company = company;
            ProcoreRecords.RateBudget now = procore.budget(company);
            long limit = now.hourlyLimit() > 0 ? now.hourlyLimit() : settings.hourlyLimit();
            long left = now.hourlyKnown() ? now.hourlyRemaining() : limit;
            this.startSent = now.sent();
            this.allowance = bounded ? Math.max(1, (long) Math.floor(settings.budgetShare() * left)) : Long.MAX_VALUE;
            this.reserve = bounded ? left - allowance : Long.MIN_VALUE;
        }

        long spent() {
            return procore.budget(company).sent() - startSent;
        }

        boolean spentOut() {
            ProcoreRecords.RateBudget now = procore.budget(company);
            return now.sent() - startSent >= allowance || (now.hourlyKnown() && now.hourlyRemaining() <= reserve);
        }
    }
}
