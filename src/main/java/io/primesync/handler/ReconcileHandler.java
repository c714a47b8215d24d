package io.primesync.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.logging.Log;
import io.primesync.logging.Metrics;
import io.primesync.procore.HookSetup;
import io.primesync.procore.ProcoreException;
import io.primesync.procore.ProcorePriming;
import io.primesync.service.CompanyBinding;
import io.primesync.service.DeliveryProcessor;
import io.primesync.service.ProcoreRules;
import io.primesync.service.Reconciler;
import io.primesync.store.DynamoPriming;
import io.primesync.store.ProcoreFacts;
import io.primesync.store.Table;
import io.primesync.store.WebhookLedger;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ReconcileFunction}, on a schedule: for every company that imported a contract, reads what Procore says
 * changed since the last run (the deliveries it could not make, the projects it updated) and, once a day or when the
 * deliveries cannot be trusted, Procore's whole side, within a share of the company's budget ({@link Reconciler#run}),
 * so a delivery Procore discarded is caught within one period. It says what it found, by kind.
 */
public final class ReconcileHandler extends PrimedHandler {
    /** A company is not begun with less time than this left in the run: it waits for the next. */
    static final long TIME_LEFT_FOR_ONE_COMPANY_MILLIS = 120_000;

    private final Reconciler reconciler;
    /** The deployed function's wiring, for priming's one real read; null in tests. */
    private AppContext app;

    /** What Lambda calls: wired from the environment. */
    public ReconcileHandler() {
        this(AppContext.fromEnvironment());
    }

    public ReconcileHandler(AppContext app) {
        this(app.reconciler());
        this.app = app;
    }

    public ReconcileHandler(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    @Override
    protected boolean talksToProcore() {
        return true;
    }

    @Override
    protected List<String> primingEvents() {
        return List.of();
    }

    /**
     * A reconciliation of company {@code 0} on priming's store and Procore: an hourly run (the hook, its triggers, the
     * projects updated, a delivery Procore gave up on, applied) and a full pass; then a read of company 0's marks in
     * the real table.
     */
    @Override
    protected void primeOwnCode() {
        Clock clock = Clock.systemUTC();
        Table table = DynamoPriming.table(pk -> pk.equals(DynamoPriming.reconcileKey(PRIMING_COMPANY))
                ? DynamoPriming.reconcileMarks(PRIMING_COMPANY, clock) : null);
        ProcorePriming.withClient(procore -> {
            ProcoreFacts facts = new ProcoreFacts(table, clock);
            Reconciler primed = new Reconciler(facts, procore, clock, ProcoreRules.DEFAULT, null,
                    Reconciler.Settings.DEFAULT, HookSetup.followed(name -> null), new WebhookLedger(table, clock),
                    new DeliveryProcessor(facts, procore, clock, HookSetup.DEFAULT_CHANGE_ORDERS, null));
            primed.run(PRIMING_COMPANY);
            primed.reconcile(PRIMING_COMPANY);
        });
        if (app != null) {
            app.procoreFacts().reconcileMarks(PRIMING_COMPANY);
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        Map<String, Integer> totals = new TreeMap<>();
        int companies = 0;
        int postponed = 0;
        try (Log.Scope ignored = Log.begin(context == null ? null : context.getAwsRequestId(), null)) {
            List<String> all = new ArrayList<>(reconciler.companies());
            // each run starts elsewhere in the list, so runs cut short by their time do not always leave the same
            // companies behind
            if (!all.isEmpty()) {
                Collections.rotate(all, (int) ((System.currentTimeMillis() / 60_000) % all.size()));
            }
            for (String company : all) {
                companies++;
                if (context != null && context.getRemainingTimeInMillis() < TIME_LEFT_FOR_ONE_COMPANY_MILLIS) {
                    postponed++;
                    Log.warn("reconciliation postponed", "companyId", company, "error", "no time left in this run");
                    continue;
                }
                try {
                    reconciler.run(company).counts().forEach((k, v) -> totals.merge(k, v, Integer::sum));
                } catch (ProcoreException e) {
                    // Procore's limit or an outage: this company waits for the next run
                    postponed++;
                    Log.warn("reconciliation postponed", "companyId", company, "error", e.getClass().getSimpleName());
                } catch (RuntimeException e) {
                    // the store failed us for this company: the others are still read, and it waits for the next run
                    postponed++;
                    Log.error("reconciliation failed; postponed", e, "companyId", company);
                }
            }
            Log.info("reconciliations", "companies", companies, "postponed", postponed, "findings", totals.toString());
            // the findings' kinds are the reconciliation's own few words, never anything Procore sent
            totals.forEach((kind, n) -> Metrics.emit(Metrics.Metric.RECONCILIATION_FINDINGS, n, Map.of("Finding", kind)));
            int mismatches = totals.getOrDefault(CompanyBinding.MISMATCH, 0);
            if (mismatches > 0) {
                Metrics.emit(Metrics.Metric.PROCORE_COMPANY_MISMATCHES, mismatches);
            }
            Metrics.emit(Metrics.Metric.COMPANIES_RECONCILED, companies - postponed);
            Metrics.emit(Metrics.Metric.COMPANIES_POSTPONED, postponed);
        }
        ObjectNode out = Json.object();
        out.put("companies", companies);
        out.put("postponed", postponed);
        ObjectNode findings = out.putObject("findings");
        totals.forEach(findings::put);
        Json.MAPPER.writeValue(output, out);
    }
}
