package io.primesync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.domain.LineItem;
import io.primesync.json.Json;
import io.primesync.local.procore.ProcoreSimulator;
import io.primesync.local.procore.SimulatorClient;
import io.primesync.procore.CallListener;
import io.primesync.procore.HookSetup;
import io.primesync.procore.LinePlan;
import io.primesync.procore.ProcoreClient;
import io.primesync.procore.ProcoreConfig;
import io.primesync.procore.ProcoreRecords.PrimeContract;
import io.primesync.procore.ProcoreRecords.PrimeContractFields;
import io.primesync.service.DeliveryProcessor;
import io.primesync.service.Findings;
import io.primesync.service.ProcoreRules;
import io.primesync.service.Reconciler;
import io.primesync.testing.Fixtures;
import io.primesync.testing.InMemoryLedger;
import io.primesync.testing.InMemoryStore;
import io.primesync.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The reconciliation's share of Procore's budget: for companies of 10, 100 and 1,000 projects (one imported contract
 * of 3 lines in each, and the product's hook), the Procore requests of a whole full pass read at once (what every
 * run cost before it read incrementally), of the scheduled runs that carry the first full pass under the budget, of an
 * hourly run when nothing changed, and of one after 5 changes whose deliveries Procore discarded. Procore is the
 * simulator at its documented example limits (600 an hour, 25 in 10 seconds), on a clock of its own that the waits
 * move on, so an hour passes in no time; requests and 429s are the simulator's own count.
 */
final class ReconcileBench {
    /** One company's figures. */
    record Row(int projects, int wholePass, int wholePassThrottled, List<Integer> firstPassRuns, int quietRun,
            int quietThrottled, int changedRun, int changedFound, int throttled) {}

    static final int HOURLY = 600;
    static final int SPIKE = 25;
    static final int CHANGES = 5;
    private static final List<LineItem> LINES = List.of(Fixtures.line("A", "100.00"), Fixtures.line("B", "200.00"),
            Fixtures.line("C", "300.00"));

    List<Row> run(List<Integer> sizes) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (int n : sizes) {
            rows.add(measure(n));
        }
        return rows;
    }

    private Row measure(int projects) throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-12-01T08:00:00Z"));
        try (ProcoreSimulator sim = ProcoreSimulator.start(0, null, clock)) {
            String company = Integer.toString(7000 + projects);
            SimulatorClient control = new SimulatorClient(sim.baseUri());
            control.company(company);
            control.rateLimits(company, 1_000_000, 1_000_000);
            Map<String, String> env = sim.clientEnvironment();
            ProcoreClient procore = new ProcoreClient(ProcoreConfig.from(env::get, () -> env.get("PROCORE_CLIENT_SECRET")),
                    clock, CallListener.NONE, millis -> clock.advance(Duration.ofMillis(millis)));
            InMemoryStore store = new InMemoryStore();
            List<String[]> made = new ArrayList<>();
            for (int i = 0; i < projects; i++) {
                String job = "J-" + i;
                String contract = "C-" + i;
                String project = control.createProject(company, "Project " + i, job);
                InMemoryStore.Contract c = store.put(company, contract, job, LINES);
                PrimeContract pc = procore.createPrimeContract(company, project, new PrimeContractFields(contract,
                        job + " Prime Contract", contract, "Draft", "amount", null));
                procore.syncLineItems(company, project, pc.id(), LINES.stream().map(l -> LinePlan.line(contract, l)).toList());
                store.change(c, x -> {
                    x.synced(1, LINES);
                    x.primeContractId = pc.id();
                });
                made.add(new String[] {project, pc.id()});
            }
            new HookSetup(procore, HookSetup.DEFAULT_PAYLOAD_VERSION).ensure(company, "https://primesync.example/webhooks/procore",
                    "bench-secret", HookSetup.followed(name -> null));
            // Procore gives up on every delivery at once: only the reconciliation can tell what changed
            control.control("PUT", "/_simulator/webhooks", Json.object().put("dropShare", 1.0));
            clock.advance(Duration.ofHours(2));

            InMemoryLedger ledger = new InMemoryLedger();
            DeliveryProcessor deliveries = new DeliveryProcessor(store, procore, clock, HookSetup.DEFAULT_CHANGE_ORDERS,
                    ProcoreSimulator.APPLICATION_ID);
            Reconciler reconciler = new Reconciler(store, procore, clock, ProcoreRules.DEFAULT, null,
                    Reconciler.Settings.DEFAULT, HookSetup.followed(name -> null), ledger, deliveries);

            // what a whole pass costs, counted with the limits lifted: a large company's does not fit in an hour
            int[] whole = requests(control, company, () -> reconciler.reconcile(company));
            control.rateLimits(company, HOURLY, SPIKE);
            clock.advance(Duration.ofHours(1));
            List<Integer> firstPass = new ArrayList<>();
            int throttled = whole[1];
            do {
                int[] r = requests(control, company, () -> reconciler.run(company));
                firstPass.add(r[0]);
                throttled += r[1];
                clock.advance(Duration.ofHours(1));
            } while (store.reconcileMarks(company).fullCursor() != null && firstPass.size() < 50);
            int[] quiet = requests(control, company, () -> reconciler.run(company));
            throttled += quiet[1];

            // approved change orders on 5 contracts, made in Procore; their deliveries are discarded
            clock.advance(Duration.ofMinutes(20));
            for (int i = 0; i < CHANGES; i++) {
                String[] p = made.get(i * projects / CHANGES);
                ObjectNode co = Json.object();
                co.putObject("change_order").put("contract_id", Long.parseLong(p[1])).put("status", "approved")
                        .put("title", "Approved in Procore");
                control.post(company, "/rest/v1.0/projects/" + p[0] + "/prime_change_orders", co);
            }
            clock.advance(Duration.ofMinutes(40));
            Findings[] changed = new Findings[1];
            int[] after = requests(control, company, () -> changed[0] = reconciler.run(company));
            throttled += after[1];
            int found = 0;
            for (int i = 0; i < projects; i++) {
                found += store.head(company, "C-" + i).orElseThrow().approvedPccoIds().size();
            }
            System.out.printf("  %,d projects: whole pass %,d requests; first pass in %d runs %s; quiet run %d; "
                    + "after %d changes %d (found %d); 429s %d%n", projects, whole[0], firstPass.size(), firstPass,
                    quiet[0], CHANGES, after[0], found, throttled);
            return new Row(projects, whole[0], whole[1], firstPass, quiet[0], quiet[1], after[0], found, throttled);
        }
    }

    /** The company's requests (and 429s) the step made, as the simulator counted them, its sign-ins included. */
    private static int[] requests(SimulatorClient control, String company, Runnable step) {
        JsonNode before = control.requests(company);
        step.run();
        JsonNode after = control.requests(company);
        return new int[] {after.path("total").asInt() - before.path("total").asInt(),
                after.path("throttled").asInt() - before.path("throttled").asInt()};
    }
}
