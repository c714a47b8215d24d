package io.primesync.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.logging.Log;
import io.primesync.procore.ProcoreException;
import io.primesync.service.ProjectSide;
import io.primesync.store.ProcoreFacts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ReconcileFunction}, on a schedule: for every company that imported a contract, re-reads Procore's side
 * (projects' job origins, the prime contracts of its contracts, their change orders and lines) and applies what
 * changed, so a delivery Procore discarded is caught within one period. It says what it found, by kind.
 */
public final class ReconcileHandler extends PrimedHandler {
    private final ProjectSide projectSide;
    private final ProcoreFacts facts;

    /** What Lambda calls: wired from the environment. */
    public ReconcileHandler() {
        this(AppContext.fromEnvironment());
    }

    private ReconcileHandler(AppContext app) {
        this(app.projectSide(), app.contractStore().procoreFacts());
    }

    public ReconcileHandler(ProjectSide projectSide, ProcoreFacts facts) {
        this.projectSide = projectSide;
        this.facts = facts;
    }

    @Override
    protected List<String> primingEvents() {
        return List.of();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        Map<String, Integer> totals = new TreeMap<>();
        int companies = 0;
        int postponed = 0;
        try (Log.Scope ignored = Log.begin(context == null ? null : context.getAwsRequestId(), null)) {
            for (String company : facts.companies()) {
                companies++;
                try {
                    projectSide.reconcile(company).counts().forEach((k, v) -> totals.merge(k, v, Integer::sum));
                } catch (ProcoreException e) {
                    // Procore's limit or an outage: this company waits for the next run
                    postponed++;
                    Log.warn("reconciliation postponed", "companyId", company, "error", e.getClass().getSimpleName());
                }
            }
            Log.info("reconciliations", "companies", companies, "postponed", postponed, "findings", totals.toString());
            Map<String, Integer> metrics = new TreeMap<>(totals);
            metrics.put("companies reconciled", companies - postponed);
            metrics.put("companies postponed", postponed);
            io.primesync.logging.Metrics.counts("ReconcileFunction", metrics);
        }
        ObjectNode out = Json.object();
        out.put("companies", companies);
        out.put("postponed", postponed);
        ObjectNode findings = out.putObject("findings");
        totals.forEach(findings::put);
        Json.MAPPER.writeValue(output, out);
    }
}
