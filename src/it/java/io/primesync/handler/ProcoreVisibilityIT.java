package io.primesync.handler;

import static io.primesync.testing.Answers.reasonCodes;
import static io.primesync.testing.Answers.strings;
import static io.primesync.testing.Snapshot.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.procore.HookSetup;
import io.primesync.testing.Api;
import io.primesync.testing.Figures;
import io.primesync.testing.Snapshot;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unknown is not deleted: a project made inactive, a project or a prime contract the service account loses (Procore
 * answers 403 or 404 and leaves it out of its lists), change orders it may not read. Nothing is unlinked; the contract
 * says PROCORE_NOT_VISIBLE with what, why, since when and the grant needed; access given back restores its state
 * without a re-import. And an approved change order blocks a re-import on 1-, 2- and 3-tier projects alike.
 */
class ProcoreVisibilityIT {
    private final Api api = Api.onLocalDynamo();

    /** The contract imported at version 1, with version 2 waiting: re-importable while Procore's side is known. */
    private void reimportable(String contract, String job) {
        api.imported(snapshot(contract, job, 1).lump("A", "10.00"));
        api.spectrum.upsert(snapshot(contract, job, 2).lump("A", "11.00"));
        assertTrue(api.listed(contract, "synced").path("reimport").path("enabled").asBoolean());
    }

    /**
     * The reconciliation of the test's company (what the schedule's run does for each company; the shared table holds
     * every test's companies, and this test is about its own).
     */
    private String reconcile() {
        api.clock.advance(java.time.Duration.ofMillis(1));
        return api.app.reconciler().reconcile(api.company).toString();
    }

    private void grant(String what, String id, boolean visible, int status) {
        api.procore.control("PUT", "/_simulator/" + what + "/" + id + "/grant", Json.object().put("visible", visible)
                .put("status", status));
    }

    @Test
    void aProjectMadeInactiveIsStillTheJobsAndTheContractStaysLinked() {
        reimportable("V-1", "J-V1");
        ObjectNode inactive = Json.object();
        inactive.putObject("project").put("active", false);
        api.procore.updateProject(api.company, api.project, inactive);
        api.procoreSide.told(api.procoreSide.procoreDelivery("update", HookSetup.PROJECTS, api.project, api.project));
        reconcile();
        JsonNode listed = api.listed("V-1", "synced");
        assertEquals(api.project, listed.path("jobProjectId").asText(), "inactive projects are asked for: still the job's");
        assertEquals(List.of(api.project), strings(listed.path("projectIds")));
        assertTrue(listed.path("reimport").path("enabled").asBoolean(), listed.toString());
    }

    @ParameterizedTest(name = "Procore answers {0}")
    @ValueSource(ints = {404, 403})
    void aProjectTheServiceAccountLosesIsUnknownNeverUnlinkedAndComesBackWithAccess(int status) {
        reimportable("V-2", "J-V2");
        grant("projects", api.project, false, status);
        String run = reconcile();
        JsonNode listed = api.listed("V-2", "synced");
        assertEquals(api.project, listed.path("jobProjectId").asText(), "the job still synced to it: " + run);
        assertEquals(List.of(api.project), strings(listed.path("projectIds")), "nothing unlinked");
        assertEquals(List.of("PROCORE_NOT_VISIBLE"), reasonCodes(listed.path("reimport").path("reasons")));
        JsonNode unseen = listed.path("reimport").path("reasons").get(0).path("details").path("notVisible").get(0);
        assertEquals("project", unseen.path("what").asText(), unseen.toString());
        assertEquals(api.project, unseen.path("projectId").asText());
        assertEquals(status == 403 ? "403 Forbidden" : "404 Not Found", unseen.path("why").asText());
        assertTrue(unseen.path("since").asText().startsWith("20"), unseen.toString());
        assertTrue(unseen.path("need").asText().contains("Directory"), unseen.toString());
        JsonNode eligibility = api.user.eligibility("V-2").send().json();
        assertEquals(List.of("PROCORE_NOT_VISIBLE"), reasonCodes(eligibility.path("reasons")));

        // a delivery about the project meanwhile unlinks nothing either
        api.procoreSide.told(api.procoreSide.procoreDelivery("update", HookSetup.PROJECTS, api.project, api.project));
        assertEquals(api.project, api.listed("V-2", "synced").path("jobProjectId").asText());

        grant("projects", api.project, true, status);
        reconcile();
        JsonNode back = api.listed("V-2", "synced");
        assertTrue(back.path("reimport").path("enabled").asBoolean(), back.toString());
        assertEquals(List.of(api.project), strings(back.path("projectIds")));
        assertEquals(1, back.path("syncedErpVersion").asInt(), "restored without a re-import");
        Figures.print("[procore visibility] a project answering " + status + " to the service account: unknown, nothing"
                + " unlinked, PROCORE_NOT_VISIBLE named it; access given back restored the contract without a re-import");
    }

    @Test
    void aPrimeContractHiddenFromTheServiceAccountStaysLinkedAndUnknown() {
        reimportable("V-3", "J-V3");
        String pc = api.procore.primeContractOf(api.company, api.project, "V-3").path("id").asText();
        grant("prime-contracts", pc, false, 404);
        reconcile();
        JsonNode listed = api.listed("V-3", "synced");
        assertEquals(List.of(api.project), strings(listed.path("projectIds")), "Procore never said it was deleted");
        assertEquals(List.of("PROCORE_NOT_VISIBLE"), reasonCodes(listed.path("reimport").path("reasons")));
        JsonNode unseen = listed.path("reimport").path("reasons").get(0).path("details").path("notVisible").get(0);
        assertEquals("primeContract", unseen.path("what").asText());
        assertEquals(pc, unseen.path("primeContractId").asText());
        grant("prime-contracts", pc, true, 404);
        reconcile();
        assertTrue(api.listed("V-3", "synced").path("reimport").path("enabled").asBoolean());
    }

    @ParameterizedTest(name = "{0}-tier change orders")
    @ValueSource(ints = {1, 2, 3})
    void anApprovedChangeOrderBlocksAReimportOnEveryTierConfiguration(int tiers) {
        String contract = "V-4-" + tiers;
        reimportable(contract, "J-V4-" + tiers);
        api.procore.control("PUT", "/_simulator/projects/" + api.project + "/settings",
                Json.object().put("changeOrderTiers", tiers));
        String pc = api.procore.primeContractOf(api.company, api.project, contract).path("id").asText();
        if (tiers < 3) {
            api.procoreSide.pcco(contract, api.project, "CO-" + tiers, "approved");
        } else {
            // a 3-tier project approves its prime contract's changes in change order packages
            String pkg = api.procore.control("POST", "/_simulator/projects/" + api.project + "/change-order-packages",
                    Json.object().put("contract_id", Long.parseLong(pc)).put("status", "approved")
                            .put("title", "Owner change")).path("id").asText();
            api.procoreSide.told(api.procoreSide.procoreDelivery("create", HookSetup.DEFAULT_CHANGE_ORDERS, pkg,
                    api.project));
        }
        JsonNode blocked = api.user.eligibility(contract).send().json();
        assertEquals(List.of("APPROVED_CHANGE_ORDERS"), reasonCodes(blocked.path("reasons")), blocked.toString());
        reconcile();
        assertEquals(List.of("APPROVED_CHANGE_ORDERS"), reasonCodes(api.user.eligibility(contract).send().json()
                .path("reasons")), "the reconciliation reads them the same way");
    }

    @Test
    void changeOrdersTheServiceAccountMayNotReadAreUnknownNotNoneApproved() {
        reimportable("V-5", "J-V5");
        api.procore.control("PUT", "/_simulator/projects/" + api.project + "/settings",
                Json.object().put("changeOrderTiers", 3));
        // a 3-tier project whose packages answer 403: its change orders cannot be read at all
        api.procore.control("POST", "/_simulator/faults", Json.object().put("companyId", api.company).put("status", 403)
                .put("count", 1).put("path", "/rest/v1.0/change_order_packages"));
        reconcile();
        JsonNode listed = api.listed("V-5", "synced");
        assertEquals(List.of("PROCORE_NOT_VISIBLE"), reasonCodes(listed.path("reimport").path("reasons")), listed.toString());
        assertEquals("changeOrders", listed.path("reimport").path("reasons").get(0).path("details").path("notVisible")
                .get(0).path("what").asText());
        reconcile();
        assertTrue(api.listed("V-5", "synced").path("reimport").path("enabled").asBoolean(), "read again: none approved");
    }

    /**
     * A re-import of a contract whose lines span 5 of Procore's pages (a cap of 7 a page, 33 lines) leaves Procore's
     * schedule of values equal to the snapshot: every page read before the plan, none of Procore's lines cut off.
     */
    @Test
    void aReimportOfAContractWhoseLinesSpanFivePagesLeavesProcoreEqual() {
        Snapshot first = snapshot("V-6", "J-V6", 1);
        for (int i = 0; i < 33; i++) {
            first.lump(String.format("L%02d", i), (100 + i) + ".00");
        }
        api.imported(first);
        Snapshot second = snapshot("V-6", "J-V6", 2);
        for (int i = 2; i < 36; i++) {
            // two removed, every third changed, three added
            second.lump(String.format("L%02d", i), (i % 3 == 0 ? 500 + i : 100 + i) + ".00");
        }
        api.spectrum.upsert(second);
        api.procore.perPageMax(7);
        try {
            JsonNode applied = api.reimported("V-6");
            assertEquals("applied", applied.path("status").asText(), applied.toString());
        } finally {
            api.procore.perPageMax(1000);
        }
        String pc = api.procore.primeContractOf(api.company, api.project, "V-6").path("id").asText();
        Map<String, String> held = new TreeMap<>();
        for (JsonNode line : api.procore.lineItems(api.company, api.project, pc)) {
            held.put(line.path("origin_id").asText(), new BigDecimal(line.path("amount").asText())
                    .setScale(2).toPlainString());
        }
        Map<String, String> wanted = new TreeMap<>();
        for (int i = 2; i < 36; i++) {
            wanted.put("V-6:" + String.format("L%02d", i), (i % 3 == 0 ? 500 + i : 100 + i) + ".00");
        }
        assertEquals(wanted, held, "Procore's schedule of values is the snapshot's");
    }
}
