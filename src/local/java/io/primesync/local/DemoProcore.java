package io.primesync.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.local.procore.SimulatorClient;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The demo company's Procore side, made in the simulator through Procore's own API as a Procore user would make it:
 * the company, the product's webhook, one project per demo job (its {@code origin_id} the job number), and after the
 * imports what people do in Procore: a job's project unsynced, a second project given a job's origin, a change order
 * approved. Idempotent: what is there already is found and kept.
 */
final class DemoProcore {
    static final int DEMO_SPIKE_LIMIT = 250;

    /** A Procore user's client (not the product's): what it changes is not the product's own write. */
    private final SimulatorClient procore;
    private final URI base;

    DemoProcore(URI base) {
        this.base = base;
        this.procore = new SimulatorClient(base);
    }

    /**
     * Creates what is missing and checks that Procore's project ids are the demo's.
     *
     * @param hookUrl where the product's webhook delivers, or null for none
     */
    void prepare(URI hookUrl, String secret) throws IOException {
        try {
            procore.company(DemoData.COMPANY);
            procore.company(DemoData.OTHER_COMPANY);
            // the demo's service account is granted more than Procore's default spike limit (25 requests in 10 s), as
            // Procore grants apps that need it: loading the demo is some 60 calls, and should take seconds, not a minute
            procore.rateLimits(DemoData.COMPANY, 3600, DEMO_SPIKE_LIMIT);
            if (hookUrl != null) {
                hook(hookUrl, secret); // before the projects: their creation is delivered too
            }
            Map<String, String> byName = new LinkedHashMap<>();
            for (JsonNode p : procore.list(DemoData.COMPANY, "/rest/v1.0/projects?company_id=" + DemoData.COMPANY)) {
                byName.put(p.path("name").asText(), p.path("id").asText());
            }
            for (DemoData.Contract c : DemoData.contracts()) {
                // the project's number as people know it is the job's, as companies that sync jobs often keep it
                ensure(byName, c.projectId(), c.projectName(), c.jobNumber(), c.jobNumber());
                if (c.otherProjectId() != null) {
                    ensure(byName, c.otherProjectId(), c.projectName() + " (second project)", c.jobNumber() + "-2", null);
                }
            }
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The product's hook for the demo company, delivering to {@code url} (made, or pointed there). */
    void hook(URI url, String secret) throws IOException {
        try {
            ProcoreHooks.inSimulator(base.toString(), DemoData.COMPANY, url.toString(), secret);
        } catch (RuntimeException e) {
            throw new IOException("the demo's Procore webhook: " + e.getMessage(), e);
        }
    }

    /** What people do in Procore after the imports; each only when not done yet. Answers whether any was done. */
    boolean afterImports() throws IOException {
        DemoData.Contract noJob = DemoData.contract(DemoData.NO_JOB);
        boolean changed = origin(noJob.projectId(), null);
        DemoData.Contract two = DemoData.contract(DemoData.TWO_PROJECTS);
        changed |= origin(two.otherProjectId(), two.jobNumber());
        DemoData.Contract co = DemoData.contract(DemoData.APPROVED_CO);
        changed |= changeOrder(co.projectId(), co.contractId(), DemoData.APPROVED_PCCO, "approved");
        changed |= editLine(DemoData.contract(DemoData.EDITED), DemoData.EDITED_LINE, DemoData.EDITED_AMOUNT);
        changed |= withdraw(DemoData.contract(DemoData.NOT_VISIBLE).projectId());
        return changed;
    }

    /**
     * The service account loses a project, as when someone takes the DMSA out of the project's Directory; then a
     * person changes the project, so Procore's delivery makes the product read it (and find it answers 404). Only when
     * the account still has it.
     */
    private boolean withdraw(String projectId) throws IOException {
        try {
            String grant = "/_simulator/projects/" + projectId + "/grant";
            if (!procore.control("GET", grant, null).path("visible").asBoolean(true)) {
                return false;
            }
            procore.control("PUT", grant, Json.object().put("visible", false).put("status", 404));
            JsonNode p = procore.get(DemoData.COMPANY, "/rest/v1.0/projects/" + projectId + "?company_id=" + DemoData.COMPANY);
            ObjectNode body = Json.object();
            body.putObject("project").put("name", p.path("name").asText());
            procore.updateProject(DemoData.COMPANY, projectId, body);
            return true;
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * A line raised by hand in Procore, as a project manager does it: the prime contract set to Draft (Procore's lock),
     * the line edited, the contract approved again. Only when the line does not have that amount yet.
     */
    private boolean editLine(DemoData.Contract c, String itemCode, String amount) throws IOException {
        try {
            JsonNode pc = procore.primeContractOf(DemoData.COMPANY, c.projectId(), c.contractId());
            if (pc == null) {
                throw new IOException("no Procore prime contract of " + c.contractId() + " in project " + c.projectId());
            }
            String id = pc.path("id").asText();
            JsonNode line = null;
            for (JsonNode l : procore.lineItems(DemoData.COMPANY, c.projectId(), id)) {
                if ((c.contractId() + ":" + itemCode).equals(l.path("origin_id").asText())) {
                    line = l;
                }
            }
            if (line == null || new BigDecimal(line.path("amount").asText()).compareTo(new BigDecimal(amount)) == 0) {
                return false;
            }
            String contract = "/rest/v1.0/prime_contract/" + id;
            String status = pc.path("status").asText();
            procore.patch(DemoData.COMPANY, contract, primeContract(c.projectId(), "Draft"));
            ObjectNode edit = Json.object();
            edit.put("project_id", Long.parseLong(c.projectId()));
            edit.putObject("line_item").put("amount", amount);
            procore.patch(DemoData.COMPANY, "/rest/v1.0/prime_contracts/" + id + "/line_items/" + line.path("id").asText()
                    + "?project_id=" + c.projectId(), edit);
            procore.patch(DemoData.COMPANY, contract, primeContract(c.projectId(), status));
            return true;
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static ObjectNode primeContract(String projectId, String status) {
        ObjectNode body = Json.object();
        body.put("project_id", Long.parseLong(projectId));
        body.putObject("prime_contract").put("status", status);
        return body;
    }

    /** Sets a project's job origin, unless it has that one already. */
    private boolean origin(String projectId, String jobNumber) throws IOException {
        try {
            JsonNode p = procore.get(DemoData.COMPANY, "/rest/v1.0/projects/" + projectId + "?company_id=" + DemoData.COMPANY);
            if (Objects.equals(p.path("origin_id").asText(null), jobNumber)) {
                return false;
            }
            ObjectNode body = Json.object();
            body.putObject("project").put("origin_id", jobNumber);
            procore.updateProject(DemoData.COMPANY, projectId, body);
            return true;
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private void ensure(Map<String, String> byName, String expectedId, String name, String number, String jobNumber)
            throws IOException {
        String id = byName.get(name);
        if (id == null) {
            id = procore.createProject(DemoData.COMPANY, name, number, jobNumber);
        }
        if (!id.equals(expectedId)) {
            throw new IOException("the Procore simulator gave the demo project \"" + name + "\" id " + id + ", not "
                    + expectedId + ": its state does not belong to this data directory; remove both, or use another"
                    + " --data-dir");
        }
    }

    /** Puts a change order in the given status on a contract's Procore prime contract, unless one is there. */
    private boolean changeOrder(String projectId, String contractId, String number, String status) throws IOException {
        try {
            JsonNode pc = procore.primeContractOf(DemoData.COMPANY, projectId, contractId);
            if (pc == null) {
                throw new IOException("no Procore prime contract of " + contractId + " in project " + projectId);
            }
            String path = "/rest/v1.0/projects/" + projectId + "/prime_change_orders";
            for (JsonNode co : procore.list(DemoData.COMPANY, path + "?filters[contract_id]=" + pc.path("id").asText())) {
                if (number.equals(co.path("number").asText())) {
                    return false;
                }
            }
            ObjectNode body = Json.object();
            body.putObject("change_order").put("contract_id", pc.path("id").asLong()).put("number", number)
                    .put("title", "Owner-requested scope change").put("status", status);
            procore.post(DemoData.COMPANY, path, body);
            return true;
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
