package io.primesync.handler;

import static io.primesync.testing.Answers.assertProblem;
import static io.primesync.testing.Answers.reasonCodes;
import static io.primesync.testing.Answers.strings;
import static io.primesync.testing.Snapshot.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.local.procore.ProcoreSimulator;
import io.primesync.procore.HookSetup;
import io.primesync.procore.ProcoreConfig;
import io.primesync.testing.Answers;
import io.primesync.testing.Api;
import io.primesync.testing.LocalDynamo;
import io.primesync.testing.LocalProcore;
import io.primesync.testing.Response;
import io.primesync.testing.SyncDrain;
import io.primesync.testing.TestClock;
import io.primesync.webhook.Source;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /webhooks/procore}: Procore's own deliveries (ids only), authenticated by the header the hook was made
 * with, de-duplicated by ulid, queued, and applied by the Procore event worker from what Procore holds now.
 */
class ProcoreWebhookIT {
    private static final int SIX_MIB = 6 * 1024 * 1024;

    private final Api api = Api.onLocalDynamo();

    // ------------------------------------------------------------------ what each resource tells

    @Test
    void aProjectsJobOriginSyncsAndUnsyncsTheJob() {
        api.spectrum.upsert(snapshot("P-1", "J-1", 1).lump("A", "10.00"));
        assertEquals(List.of("JOB_NOT_SYNCED"), reasonCodes(api.listed("P-1", "staged").path("import").path("reasons")));
        api.procoreSide.syncJob("J-1", api.project);
        assertEquals(api.project, api.listed("P-1", "staged").path("jobProjectId").asText());
        assertTrue(api.listed("P-1", "staged").path("import").path("enabled").asBoolean());
        api.procoreSide.syncJob("J-OTHER", api.project); // the project's origin is now another job
        assertTrue(api.listed("P-1", "staged").path("jobProjectId").isNull());
        api.procoreSide.syncJob("J-1", api.otherProject);
        assertEquals(api.otherProject, api.listed("P-1", "staged").path("jobProjectId").asText());
        api.procoreSide.unsyncJob("J-1");
        assertTrue(api.listed("P-1", "staged").path("jobProjectId").isNull());
        assertEquals(List.of("JOB_NOT_SYNCED"), reasonCodes(api.listed("P-1", "staged").path("import").path("reasons")));
    }

    @Test
    void twoProjectsWithTheJobsOriginAreTheTwoProjectsAnomaly() {
        api.staged(snapshot("P-2", "J-2", 1).lump("A", "10.00"));
        api.procoreSide.syncJob("J-2", api.otherProject);
        JsonNode listed = api.listed("P-2", "staged");
        assertEquals(List.of("LINKED_TO_MULTIPLE_PROJECTS"), reasonCodes(listed.path("import").path("reasons")));
        JsonNode reason = listed.path("import").path("reasons").get(0);
        assertEquals(List.of(api.project, api.otherProject), strings(reason.path("details").path("projectIds")),
                reason.toString());
        api.procoreSide.syncJob("J-OTHER", api.otherProject);
        assertTrue(api.listed("P-2", "staged").path("import").path("enabled").asBoolean());
    }

    @Test
    void aContractFollowsItsPrimeContractInProcore() {
        api.imported(snapshot("P-3", "J-3", 1).lump("A", "10.00"));
        api.spectrum.upsert(snapshot("P-3", "J-3", 2).lump("A", "11.00"));
        assertEquals(List.of(api.project), strings(api.listed("P-3", "synced").path("projectIds")));
        api.procoreSide.unlink("P-3", api.project);
        JsonNode gone = api.listed("P-3", "synced");
        assertEquals(List.of(), strings(gone.path("projectIds")));
        assertEquals(List.of("NOT_LINKED_TO_PROJECT"), reasonCodes(gone.path("reimport").path("reasons")));
        api.procoreSide.link("P-3", api.otherProject); // made again by hand, in another project
        JsonNode moved = api.listed("P-3", "synced");
        assertEquals(List.of(api.otherProject), strings(moved.path("projectIds")));
        assertTrue(moved.path("reimport").path("enabled").asBoolean(), moved.toString());
    }

    @Test
    void changeOrderStatusesBlockAndUnblockAReimport() {
        api.imported(snapshot("P-4", "J-4", 1).lump("A", "10.00"));
        api.spectrum.upsert(snapshot("P-4", "J-4", 2).lump("A", "11.00"));
        String co = api.procoreSide.pcco("P-4", api.project, "CO-1", "approved");
        JsonNode blocked = api.user.eligibility("P-4").send().json();
        assertEquals(List.of("APPROVED_CHANGE_ORDERS"), reasonCodes(blocked.path("reasons")));
        assertEquals(List.of(co), strings(blocked.path("reasons").get(0).path("details").path("pccoIds")));
        for (String status : List.of("draft", "pricing", "not_pricing", "pending", "revised", "proceeding",
                "not_proceeding", "pending_billable", "no_charge", "rejected", "void")) {
            api.procoreSide.pcco("P-4", api.project, "CO-1", status);
            assertTrue(api.user.eligibility("P-4").send().json().path("eligible").asBoolean(), status);
        }
        api.procoreSide.pcco("P-4", api.project, "CO-1", "approved");
        assertFalse(api.user.eligibility("P-4").send().json().path("eligible").asBoolean());
    }

    @Test
    void aChangeOrderApprovedThenVoidedDeliveredVoidFirstEndsVoid() {
        api.imported(snapshot("P-5", "J-5", 1).lump("A", "10.00"));
        api.spectrum.upsert(snapshot("P-5", "J-5", 2).lump("A", "11.00"));
        String pc = api.procore.primeContractOf(api.company, api.project, "P-5").path("id").asText();
        String path = "/rest/v1.0/projects/" + api.project + "/prime_change_orders";
        ObjectNode approved = Json.object();
        approved.putObject("change_order").put("contract_id", Long.parseLong(pc)).put("status", "approved")
                .put("title", "Approved, then voided");
        String co = api.procore.post(api.company, path, approved).path("id").asText();
        ObjectNode voided = Json.object();
        voided.putObject("change_order").put("status", "void");
        api.procore.patch(api.company, path + "/" + co, voided);
        JsonNode created = api.procoreSide.procoreDelivery("create", HookSetup.DEFAULT_CHANGE_ORDERS, co, api.project);
        JsonNode updated = api.procoreSide.procoreDelivery("update", HookSetup.DEFAULT_CHANGE_ORDERS, co, api.project);

        api.procoreSide.told(updated); // the void arrives first
        assertTrue(api.user.eligibility("P-5").send().json().path("eligible").asBoolean());
        api.procoreSide.told(created); // the approval's delivery, late: what Procore says now is still void
        JsonNode after = api.user.eligibility("P-5").send().json();
        assertTrue(after.path("eligible").asBoolean(), after.toString());
    }

    @Test
    void ourOwnWritesAreNotDriftAndAChangeMadeInProcoreIs() {
        api.imported(snapshot("P-6", "J-6", 1).lump("A", "10.00").lump("B", "20.00"));
        String pc = api.procore.primeContractOf(api.company, api.project, "P-6").path("id").asText();
        // the import's own writes, delivered as Procore does, naming the product's application
        for (JsonNode line : api.procoreLines("P-6")) {
            ObjectNode own = api.procoreSide.procoreDelivery("create", HookSetup.LINE_ITEMS, line.path("id").asText(), api.project);
            ((ObjectNode) own.path("metadata")).put("source_application_id", ProcoreSimulator.APPLICATION_ID);
            api.procoreSide.told(own);
        }
        JsonNode clean = api.listed("P-6", "synced");
        assertEquals(0, clean.path("procoreLinesChanged").asInt(), clean.toString());
        assertEquals(List.of("NO_UNSYNCED_CHANGES"), reasonCodes(clean.path("reimport").path("reasons")));
        api.procoreSide.reconcile();
        assertEquals(0, api.listed("P-6", "synced").path("procoreLinesChanged").asInt(), "read again: still no drift");

        // someone edits a line and adds one by hand in Procore, in a project whose schedule of values is always
        // editable (otherwise Procore would take it only with the contract set to Draft)
        api.procore.projectSettings(api.project, true, 2);
        JsonNode b = null;
        for (JsonNode line : api.procoreLines("P-6")) {
            if (line.path("origin_id").asText().endsWith(":B")) {
                b = line;
            }
        }
        String lines = "/rest/v1.0/prime_contracts/" + pc + "/line_items";
        ObjectNode edit = Json.object();
        edit.put("project_id", Long.parseLong(api.project));
        edit.putObject("line_item").put("amount", "25.00");
        api.procore.patch(api.company, lines + "/" + b.path("id").asText() + "?project_id=" + api.project, edit);
        api.procoreSide.told(api.procoreSide.procoreDelivery("update", HookSetup.LINE_ITEMS, b.path("id").asText(), api.project));
        ObjectNode added = Json.object();
        added.put("project_id", Long.parseLong(api.project));
        added.putObject("line_item").put("description", "Added in Procore").put("amount", "5.00");
        String addedId = api.procore.post(api.company, lines + "?project_id=" + api.project, added).path("id").asText();
        api.procoreSide.told(api.procoreSide.procoreDelivery("create", HookSetup.LINE_ITEMS, addedId, api.project));

        JsonNode drifted = api.listed("P-6", "synced");
        assertEquals(2, drifted.path("procoreLinesChanged").asInt(), drifted.toString());
        assertTrue(drifted.path("reimport").path("enabled").asBoolean(), "a re-import brings Procore back: " + drifted);
        assertEquals("40.00", drifted.path("contractAmount").asText(), "what Procore holds: 10 + 25 + 5");

        // the preview is the plan: Procore's values before, Spectrum's after, each line people touched in Procore said
        JsonNode preview = api.user.eligibility("P-6").send().json().path("preview");
        assertEquals("40.00", preview.path("currentAmount").asText(), preview.toString());
        assertEquals("30.00", preview.path("newAmount").asText(), preview.toString());
        assertEquals(0, preview.path("counts").path("added").asInt(), preview.toString());
        assertEquals(1, preview.path("counts").path("changed").asInt(), preview.toString());
        assertEquals(1, preview.path("counts").path("removed").asInt(), preview.toString());
        JsonNode changedB = preview.path("changed").get(0);
        assertEquals("B", changedB.path("itemCode").asText());
        assertEquals("25.00", changedB.path("before").path("amount").asText(), changedB.toString());
        assertEquals("20.00", changedB.path("after").path("amount").asText(), changedB.toString());
        assertEquals("changed", changedB.path("procore").path("change").asText(), changedB.toString());
        assertTrue(changedB.path("procore").path("changedAt").isTextual(), "when Procore says: " + changedB);
        JsonNode removedByHand = preview.path("removed").get(0);
        assertEquals("Added in Procore", removedByHand.path("description").asText(), removedByHand.toString());
        assertEquals("5.00", removedByHand.path("amount").asText(), removedByHand.toString());
        assertEquals("added", removedByHand.path("procore").path("change").asText(), removedByHand.toString());

        // confirmed; before the worker writes, someone changes A in Procore too, and no delivery tells of it yet
        Response accepted = api.user.reimport("P-6").send();
        assertEquals(202, accepted.status(), accepted.body());
        assertEquals(List.of(0, 1, 1), List.of(accepted.json().path("added").asInt(),
                accepted.json().path("changed").asInt(), accepted.json().path("removed").asInt()), accepted.body());
        assertEquals("40.00", accepted.json().path("previousAmount").asText(), accepted.body());
        JsonNode a = null;
        for (JsonNode line : api.procoreLines("P-6")) {
            if (line.path("origin_id").asText().endsWith(":A")) {
                a = line;
            }
        }
        ObjectNode late = Json.object();
        late.put("project_id", Long.parseLong(api.project));
        late.putObject("line_item").put("amount", "12.00");
        api.procore.patch(api.company, lines + "/" + a.path("id").asText() + "?project_id=" + api.project, late);
        JsonNode sync = api.applied("P-6", accepted);
        assertEquals(List.of("10.00", "20.00"), Answers.texts(api.procoreLines("P-6"), "amount"));

        // the history names every line it wrote over, with what it found, and what the preview had not shown
        JsonNode overwrites = sync.path("overwrites");
        assertEquals(3, overwrites.path("total").asInt(), overwrites.toString());
        assertEquals(1, overwrites.path("notAsPreviewed").asInt(), overwrites.toString());
        Map<String, JsonNode> byDescription = new HashMap<>();
        overwrites.path("lines").forEach(l -> byDescription.put(l.path("description").asText(), l));
        JsonNode overA = overwrites.path("lines").get(0);
        assertEquals("A", overA.path("itemCode").asText(), "what the preview did not show comes first: " + overwrites);
        assertEquals(List.of("changed", "12.00", "10.00", "false"), List.of(overA.path("change").asText(),
                overA.path("found").asText(), overA.path("written").asText(), overA.path("previewed").asText()));
        JsonNode overB = byDescription.values().stream().filter(l -> "B".equals(l.path("itemCode").asText()))
                .findFirst().orElseThrow();
        assertEquals(List.of("changed", "25.00", "20.00", "true"), List.of(overB.path("change").asText(),
                overB.path("found").asText(), overB.path("written").asText(), overB.path("previewed").asText()));
        JsonNode overAdded = byDescription.get("Added in Procore");
        assertEquals(List.of("added", "5.00", "true"), List.of(overAdded.path("change").asText(),
                overAdded.path("found").asText(), overAdded.path("previewed").asText()));
        assertTrue(overAdded.path("written").isNull(), "removed: " + overAdded);
        assertEquals(sync.path("overwrites"), api.historyItems("P-6").get(0).path("overwrites"), "the history says so");
        JsonNode restored = api.listed("P-6", "synced");
        assertEquals(0, restored.path("procoreLinesChanged").asInt(), restored.toString());
        assertEquals(List.of("NO_UNSYNCED_CHANGES"), reasonCodes(restored.path("reimport").path("reasons")));
    }

    @Test
    void linesAnotherIntegrationWroteAreLeftAloneAndTheReimportSaysWhy() {
        api.imported(snapshot("P-9", "J-9", 1).lump("A", "10.00"));
        api.spectrum.upsert(snapshot("P-9", "J-9", 2).lump("A", "11.00"));
        String pc = api.procore.primeContractOf(api.company, api.project, "P-9").path("id").asText();
        // a billing integration adds its own line, with its own origin id (the project's SOV is always editable)
        api.procore.projectSettings(api.project, true, 2);
        ObjectNode theirs = Json.object();
        theirs.put("project_id", Long.parseLong(api.project));
        theirs.putObject("line_item").put("description", "Billing system holdback").put("amount", "5.00")
                .put("origin_id", "BILLING-77");
        String id = api.procore.post(api.company, "/rest/v1.0/prime_contracts/" + pc + "/line_items?project_id="
                + api.project, theirs).path("id").asText();
        api.procoreSide.told(api.procoreSide.procoreDelivery("create", HookSetup.LINE_ITEMS, id, api.project));

        JsonNode listed = api.listed("P-9", "synced");
        assertEquals(List.of("PROCORE_LINES_OWNED_ELSEWHERE"), reasonCodes(listed.path("reimport").path("reasons")),
                listed.toString());
        assertEquals(0, listed.path("procoreLinesChanged").asInt(), "not drift: not the product's line");
        Response refused = api.user.reimport("P-9").send();
        assertEquals(409, refused.status(), refused.body());
        assertTrue(refused.body().contains("PROCORE_LINES_OWNED_ELSEWHERE"), refused.body());
        assertTrue(Answers.texts(api.procoreLines("P-9"), "origin_id").contains("BILLING-77"), "left where it was");
    }

    @Test
    void aPrimeContractAnotherIntegrationWroteWithTheContractsIdIsNeverWrittenIntoNorDoubled() {
        api.staged(snapshot("P-10", "J-10", 1).lump("A", "10.00"));
        String project = api.procoreSide.projectOf("J-10");
        // Procore's own ERP Integrations tool (or another integration) made the contract's prime contract first
        ObjectNode theirs = Json.object();
        theirs.put("project_id", Long.parseLong(project));
        theirs.putObject("prime_contract").put("origin_id", "P-10").put("origin_data", "erp-integrations:77")
                .put("title", "Their contract").put("number", "P-10");
        String pc = api.procore.post(api.company, "/rest/v1.0/prime_contract", theirs).path("id").asText();
        api.procoreSide.told(api.procoreSide.procoreDelivery("create", HookSetup.PRIME_CONTRACTS, pc, project));

        JsonNode listed = api.listed("P-10", "staged");
        assertEquals(List.of("PROCORE_CONTRACT_OWNED_ELSEWHERE"), reasonCodes(listed.path("import").path("reasons")),
                listed.toString());
        assertEquals("origin_data \"erp-integrations:77\"", listed.path("import").path("reasons").get(0)
                .path("details").path("owner").asText(), listed.toString());
        Response refused = api.user.importing("P-10").send();
        assertEquals(409, refused.status(), refused.body());
        assertTrue(refused.body().contains("PROCORE_CONTRACT_OWNED_ELSEWHERE"), refused.body());
        assertEquals(1, api.procore.primeContracts(api.company, project).size(), "no second prime contract");
        assertEquals("erp-integrations:77", api.procore.primeContractOf(api.company, project, "P-10")
                .path("origin_data").asText(), "theirs, untouched");
    }

    @Test
    void theReconciliationCatchesWhatNoDeliveryTold() {
        api.imported(snapshot("P-7", "J-7", 1).lump("A", "10.00"));
        api.spectrum.upsert(snapshot("P-7", "J-7", 2).lump("A", "11.00"));
        api.staged(snapshot("P-8", "J-8", 1).lump("A", "10.00"));
        String pc = api.procore.primeContractOf(api.company, api.project, "P-7").path("id").asText();
        // changed in Procore, and never delivered
        ObjectNode approved = Json.object();
        approved.putObject("change_order").put("contract_id", Long.parseLong(pc)).put("status", "approved");
        String co = api.procore.post(api.company, "/rest/v1.0/projects/" + api.project + "/prime_change_orders", approved)
                .path("id").asText();
        ObjectNode unsync = Json.object();
        unsync.putObject("project").putNull("origin_id");
        api.procore.updateProject(api.company, api.procoreSide.projectOf("J-8"), unsync);
        assertTrue(api.user.eligibility("P-7").send().json().path("eligible").asBoolean(), "not told yet");
        assertTrue(api.listed("P-8", "staged").path("import").path("enabled").asBoolean(), "not told yet");

        JsonNode run = api.procoreSide.reconcile();
        assertTrue(run.path("companies").asInt() >= 1, run.toString());
        JsonNode blocked = api.user.eligibility("P-7").send().json();
        assertEquals(List.of("APPROVED_CHANGE_ORDERS"), reasonCodes(blocked.path("reasons")));
        assertEquals(List.of(co), strings(blocked.path("reasons").get(0).path("details").path("pccoIds")));
        assertEquals(List.of("JOB_NOT_SYNCED"), reasonCodes(api.listed("P-8", "staged").path("import").path("reasons")));
        assertTrue(run.path("findings").path("change orders changed").asInt() >= 1, run.toString());
        assertTrue(run.path("findings").path("job origins changed").asInt() >= 1, run.toString());
    }

    // ------------------------------------------------------------------ the route's answers

    @Test
    void aDeliveryIsAcceptedOnceThenADuplicateAndAResourceNotFollowedIsIgnored() {
        api.spectrum.upsert(snapshot("P-9", "J-9", 1).lump("A", "10.00"));
        api.procore.updateProject(api.company, api.project, originBody("J-9"));
        JsonNode delivery = api.procoreSide.procoreDelivery("update", "Projects", api.project, api.project);
        Response first = api.procoreSide.procoreDeliver(delivery);
        assertEquals(200, first.status(), first.body());
        assertEquals("accepted", first.json().path("result").asText());
        assertEquals(delivery.path("ulid").asText(), first.json().path("id").asText());
        Response again = api.procoreSide.procoreDeliver(delivery);
        assertEquals("duplicate", again.json().path("result").asText(), again.body());
        ObjectNode retried = ((ObjectNode) delivery).deepCopy().put("id", 99); // Procore's retry: same ulid, new id
        assertEquals("duplicate", api.procoreSide.procoreDeliver(retried).json().path("result").asText());
        assertEquals(1, api.procoreSide.drainProcore(), "queued once");
        assertEquals(api.project, api.listed("P-9", "staged").path("jobProjectId").asText());

        ObjectNode submittal = api.procoreSide.procoreDelivery("update", "Submittals", "77", api.project);
        assertEquals("ignored", api.procoreSide.procoreDeliver(submittal).json().path("result").asText());
        assertEquals(0, api.procoreSide.drainProcore(), "an ignored delivery is not queued");

        // a ulid is per company: another company's delivery with the same ulid is its own
        Api other = api.otherCompany();
        ObjectNode theirs = ((ObjectNode) delivery).deepCopy().put("company_id", Long.parseLong(other.company));
        ((ObjectNode) theirs.path("metadata")).put("source_company_id", Long.parseLong(other.company));
        assertEquals("accepted", api.procoreSide.procoreDeliver(theirs).json().path("result").asText());
    }

    @Test
    void theAuthorizationMatrix() {
        Api other = api.otherCompany();
        // a rotation under way (new and old), and a secret for the other company alone
        Api rotating = new Api(api.tableName, LocalDynamo.get()::client, TestClock.startingNow(), api.company,
                Map.of(Source.PROCORE.secretName(), "{\"" + api.company + "\": [\"new-secret-0123456\", \"old-secret-0123456\"],"
                        + " \"" + other.company + "\": \"their-secret-0123456\"}"));
        ObjectNode ours = rotating.procoreSide.procoreDelivery("update", "Projects", rotating.project, rotating.project);
        byte[] body = Json.write(ours).getBytes(StandardCharsets.UTF_8);

        for (String refused : Arrays.asList(null, "", "Bearer", "Bearer ", "Bearer wrong", "new-secret-0123456",
                "Basic new-secret-0123456", "Bearer new-secret-01234567", "Bearer new-secret-012345",
                "bearer  new-secret-0123456 x", "Bearer local-procore-secret", "Bearer their-secret-0123456")) {
            JsonNode problem = assertProblem(rotating.procoreSide.procoreDeliver(body, refused), 401, "INVALID_SIGNATURE");
            assertTrue(problem.path("detail").asText().contains("Authorization"), problem.toString());
        }
        assertEquals(0, rotating.procoreSide.drainProcore(), "nothing refused was queued");

        Response byNew = rotating.procoreSide.procoreDeliver(body, "Bearer new-secret-0123456");
        assertEquals("accepted", byNew.json().path("result").asText(), byNew.body());
        ObjectNode second = rotating.procoreSide.procoreDelivery("update", "Projects", rotating.project, rotating.project);
        Response byOld = rotating.procoreSide.procoreDeliver(Json.write(second).getBytes(StandardCharsets.UTF_8), "Bearer old-secret-0123456");
        assertEquals("accepted", byOld.json().path("result").asText(), "the old secret, until the rotation ends");
        assertEquals(2, rotating.procoreSide.drainProcore());

        // the other company's secret opens its deliveries, not ours
        ObjectNode theirs = other.procoreSide.procoreDelivery("update", "Projects", other.project, other.project);
        Response forThem = rotating.procoreSide.procoreDeliver(Json.write(theirs).getBytes(StandardCharsets.UTF_8), "Bearer their-secret-0123456");
        assertEquals("accepted", forThem.json().path("result").asText(), forThem.body());

        // the rotation ended: the old secret is refused
        Api rotated = new Api(api.tableName, LocalDynamo.get()::client, TestClock.startingNow(), api.company,
                Map.of(Source.PROCORE.secretName(), "{\"" + api.company + "\": \"new-secret-0123456\"}"));
        ObjectNode third = rotated.procoreSide.procoreDelivery("update", "Projects", rotated.project, rotated.project);
        assertProblem(rotated.procoreSide.procoreDeliver(Json.write(third).getBytes(StandardCharsets.UTF_8), "Bearer old-secret-0123456"),
                401, "INVALID_SIGNATURE");
    }

    @Test
    void anAuthenticatedBodyThatIsNoDeliveryIsAnswered200DroppedWithWhatWasWrongAndIsNotQueued() {
        String auth = "Bearer local-procore-secret";
        for (String body : List.of("[]", "42", "null", "\"text\"", "{", "{}x")) {
            dropped(api.procoreSide.procoreDeliver(body.getBytes(StandardCharsets.UTF_8), auth), "");
        }
        JsonNode empty = dropped(api.procoreSide.procoreDeliver("{}".getBytes(StandardCharsets.UTF_8), auth), "ulid");
        for (String field : List.of("company_id", "event_type", "resource_name", "resource_id")) {
            assertTrue(empty.path("why").asText().contains(field), empty.toString());
        }
        List<Map.Entry<String, Consumer<ObjectNode>>> broken = List.of(
                Map.entry("ulid", d -> d.put("ulid", "not-a-ulid")),
                Map.entry("ulid", d -> d.put("ulid", 17)),
                Map.entry("company_id", d -> d.put("company_id", "acme")),
                Map.entry("company_id", d -> d.put("company_id", -1)),
                Map.entry("project_id", d -> d.put("project_id", "P-1")),
                Map.entry("event_type", d -> d.put("event_type", "explode")),
                Map.entry("resource_name", d -> d.put("resource_name", "x".repeat(300))),
                Map.entry("resource_id", d -> d.put("resource_id", 1.5)),
                Map.entry("resource_id", d -> d.put("resource_id", "1".repeat(30))),
                Map.entry("metadata", d -> d.put("metadata", "text")),
                Map.entry("metadata.source_company_id", d -> ((ObjectNode) d.path("metadata")).put("source_company_id", 1)));
        for (Map.Entry<String, Consumer<ObjectNode>> b : broken) {
            ObjectNode d = api.procoreSide.procoreDelivery("update", "Projects", api.project, api.project);
            b.getValue().accept(d);
            JsonNode answer = dropped(api.procoreSide.procoreDeliver(Json.write(d).getBytes(StandardCharsets.UTF_8), auth),
                    b.getKey());
            assertFalse(answer.toString().contains("explode") || answer.toString().contains("acme"),
                    "nothing of the body is echoed: " + answer);
        }
        byte[] huge = new byte[SIX_MIB + 1];
        Arrays.fill(huge, (byte) ' ');
        dropped(api.procoreSide.procoreDeliver(huge, auth), "6 MiB");
        // without the hook's header it is no delivery of Procore's at all
        assertProblem(api.procoreSide.procoreDeliver("{".getBytes(StandardCharsets.UTF_8), "Bearer wrong"), 401,
                "INVALID_SIGNATURE");
        assertEquals(0, api.procoreSide.drainProcore(), "nothing was queued");
        assertEquals(0, new SyncDrain(api.procoreWorker, api.procoreQueueUrl).drain());
    }

    /** A 200 that drops the delivery, saying why (naming {@code naming}), with no id. */
    private static JsonNode dropped(Response answer, String naming) {
        assertEquals(200, answer.status(), answer.body());
        JsonNode json = answer.json();
        assertEquals("dropped", json.path("result").asText(), answer.body());
        assertTrue(json.path("id").isNull(), answer.body());
        assertTrue(json.path("why").asText().contains(naming), answer.body());
        assertFalse(answer.body().contains("Exception"), answer.body());
        return json;
    }

    @Test
    void aDeliveryWhoseFetchIsRateLimitedIsSentAgainLaterWithoutCountingTowardTheDeadLetterQueue() {
        // no waiting inside the call: a delivery held back goes back to the queue (the clock keeps real time)
        Api api = new Api(this.api.tableName, LocalDynamo.get()::client, TestClock.running(), LocalDynamo.newCompanyId(),
                Map.of(ProcoreConfig.MAX_INLINE_WAIT_SECONDS, "0"));
        api.spectrum.upsert(snapshot("P-10", "J-10", 1).lump("A", "10.00"));
        api.procore.updateProject(api.company, api.project, originBody("J-10"));
        LocalProcore.get().client().fault(Json.object().put("companyId", api.company).put("status", 429).put("count", 1)
                .put("resetSeconds", 1).put("method", "GET"));
        Response accepted = api.procoreSide.procoreDeliver(api.procoreSide.procoreDelivery("update", "Projects", api.project, api.project));
        assertEquals("accepted", accepted.json().path("result").asText(), "answered at once, fetched later");
        SyncDrain drain = new SyncDrain(api.procoreWorker, api.procoreQueueUrl);
        assertTrue(drain.drain() >= 2, "sent again once, then applied");
        assertEquals(1, drain.maxReceiveCount(), "a wait is not a failed receive");
        assertEquals(api.project, api.listed("P-10", "staged").path("jobProjectId").asText());
    }

    private static ObjectNode originBody(String origin) {
        ObjectNode body = Json.object();
        body.putObject("project").put("origin_id", origin);
        return body;
    }
}
