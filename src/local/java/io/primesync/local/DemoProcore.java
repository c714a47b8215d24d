package io.primesync.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.local.procore.SimulatorClient;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo company's Procore side, made in the simulator through Procore's own API as a Procore user would make it:
 * the company, one project per demo job (its {@code origin_id} the job number) and the second project of the contract
 * linked to two. Idempotent: projects that are there already are found by name and kept.
 */
final class DemoProcore {
    static final int DEMO_SPIKE_LIMIT = 250;

    private final SimulatorClient procore;

    DemoProcore(URI base) {
        this.procore = new SimulatorClient(base);
    }

    /** Creates what is missing and checks that Procore's project ids are the demo's. */
    void prepare() throws IOException {
        try {
            procore.company(DemoData.COMPANY);
            procore.company(DemoData.OTHER_COMPANY);
            // the demo's service account is granted more than Procore's default spike limit (25 requests in 10 s), as
            // Procore grants apps that need it: loading the demo is some 60 calls, and should take seconds, not a minute
            procore.rateLimits(DemoData.COMPANY, 3600, DEMO_SPIKE_LIMIT);
            Map<String, String> byName = new LinkedHashMap<>();
            for (JsonNode p : procore.list(DemoData.COMPANY, "/rest/v1.0/projects?company_id=" + DemoData.COMPANY)) {
                byName.put(p.path("name").asText(), p.path("id").asText());
            }
            for (DemoData.Contract c : DemoData.contracts()) {
                ensure(byName, c.projectId(), c.title(), c.jobNumber());
                if (c.otherProjectId() != null) {
                    ensure(byName, c.otherProjectId(), c.title() + " (second project)", null);
                }
            }
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private void ensure(Map<String, String> byName, String expectedId, String name, String jobNumber) throws IOException {
        String id = byName.get(name);
        if (id == null) {
            id = procore.createProject(DemoData.COMPANY, name, jobNumber);
        }
        if (!id.equals(expectedId)) {
            throw new IOException("the Procore simulator gave the demo project \"" + name + "\" id " + id + ", not "
                    + expectedId + ": its state does not belong to this data directory; remove both, or use another"
                    + " --data-dir");
        }
    }

    /** Puts a change order in the given status on a contract's Procore prime contract, unless one is there. */
    void changeOrder(String projectId, String contractId, String number, String status) throws IOException {
        try {
            JsonNode pc = procore.primeContractOf(DemoData.COMPANY, projectId, contractId);
            if (pc == null) {
                throw new IOException("no Procore prime contract of " + contractId + " in project " + projectId);
            }
            String path = "/rest/v1.0/projects/" + projectId + "/prime_change_orders";
            for (JsonNode co : procore.list(DemoData.COMPANY, path + "?filters[contract_id]=" + pc.path("id").asText())) {
                if (number.equals(co.path("number").asText())) {
                    return;
                }
            }
            ObjectNode body = Json.object();
            body.putObject("prime_change_order").put("contract_id", pc.path("id").asLong()).put("number", number)
                    .put("title", "Owner-requested scope change").put("status", status);
            procore.post(DemoData.COMPANY, path, body);
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
