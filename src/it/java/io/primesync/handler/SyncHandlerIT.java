package io.primesync.handler;

import static io.primesync.testing.Answers.assertProblem;
import static io.primesync.testing.Answers.reasonCodes;
import static io.primesync.testing.Answers.strings;
import static io.primesync.testing.Answers.texts;
import static io.primesync.testing.Answers.violationFields;
import static io.primesync.testing.Snapshot.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.domain.Caller;
import io.primesync.domain.Level;
import io.primesync.http.Route;
import io.primesync.testing.Api;
import io.primesync.testing.Response;
import io.primesync.testing.UserRoutes;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code POST .../{contractId}/import} and {@code POST .../{contractId}/reimport}. */
class SyncHandlerIT {
    private static final Pattern UUID = Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

    private final Api api = Api.onLocalDynamo();

    // ------------------------------------------------------------------ import

    @Test
    void anImportIsAcceptedAtOnceAndTheWorkerCreatesTheContractInItsJobsProject() {
        api.staged(snapshot("I-1", "J-1", 1).lump("A", "100.00").unit("B", "Concrete", "4", "CY", "5.00", "20.00"));
        Instant at = api.later();
        Response response = api.user.importing("I-1").send();
        assertEquals(202, response.status(), response.body());
        assertEquals("application/json", response.header("Content-Type"));
        JsonNode sync = response.json();
        assertTrue(UUID.matcher(sync.path("syncId").asText()).matches(), response.body());
        assertEquals("/v1" + Route.SYNC.path(api.company, "I-1", sync.path("syncId").asText()),
                response.header("Location"));
        assertEquals("import", sync.path("kind").asText());
        assertEquals("pending", sync.path("status").asText());
        assertEquals("I-1", sync.path("contractId").asText());
        assertEquals(api.project, sync.path("projectId").asText());
        assertTrue(sync.path("procorePrimeContractId").isNull(), "the worker creates it");
        assertEquals(1, sync.path("erpVersion").asLong());
        assertEquals("0.00", sync.path("previousAmount").asText());
        assertEquals("120.00", sync.path("newAmount").asText());
        assertEquals(List.of(2, 0, 0), List.of(sync.path("added").asInt(), sync.path("changed").asInt(), sync.path("removed").asInt()));
        assertEquals(List.of(0, 2), List.of(sync.path("progress").path("linesWritten").asInt(),
                sync.path("progress").path("linesTotal").asInt()));
        assertEquals(at.toString(), sync.path("requestedAt").asText());
        assertEquals(Api.USER, sync.path("requestedBy").asText());
        assertTrue(sync.path("finishedAt").isNull() && sync.path("error").isNull(), response.body());
        assertEquals(sync, api.user.sync("I-1", sync.path("syncId").asText()).send().json(), "the sync route shows it");

        // accepted, not written yet: still staged, and neither an import nor a re-import may start
        JsonNode staged = api.listed("I-1", "staged");
        assertEquals("pending", staged.path("lastSync").path("status").asText());
        assertEquals(List.of("SYNC_IN_PROGRESS"), reasonCodes(staged.path("import").path("reasons")));
        JsonNode busy = assertProblem(api.user.importing("I-1").send(), 409, "IMPORT_NOT_ALLOWED");
        assertEquals(List.of("SYNC_IN_PROGRESS"), reasonCodes(busy.path("reasons")));
        assertEquals(sync.path("syncId").asText(), busy.path("reasons").get(0).path("details").path("syncId").asText());
        assertTrue(api.procore.primeContracts(api.company, api.project).isEmpty(), "Procore untouched before the worker");

        assertEquals(1, api.drain(), "one message, one delivery");
        JsonNode done = api.user.sync("I-1", sync.path("syncId").asText()).send().json();
        assertEquals("applied", done.path("status").asText(), done.toString());
        assertEquals(List.of(2, 2), List.of(done.path("progress").path("linesWritten").asInt(),
                done.path("progress").path("linesTotal").asInt()));
        assertEquals(at.toString(), done.path("finishedAt").asText());
        JsonNode pc = api.procore.primeContractOf(api.company, api.project, "I-1");
        assertNotNull(pc, "the prime contract is in the job's project");
        assertEquals(pc.path("id").asText(), done.path("procorePrimeContractId").asText());
        assertEquals("unit", pc.path("accounting_method").asText(), "a contract with unit-price lines");
        assertEquals("Prime contract I-1", pc.path("title").asText());
        JsonNode lines = api.procoreLines("I-1");
        assertEquals(List.of("I-1:A", "I-1:B"), texts(lines, "origin_id"));
        assertEquals(0, new BigDecimal("100.00").compareTo(new BigDecimal(lines.get(0).path("amount").asText())));
        assertEquals(0, new BigDecimal("4").compareTo(new BigDecimal(lines.get(1).path("quantity").asText())));
        assertEquals("CY", lines.get(1).path("uom").asText());

        JsonNode summary = api.listed("I-1", "synced");
        assertNull(api.listed("I-1", "staged"));
        assertEquals(1, summary.path("syncedErpVersion").asLong());
        assertEquals(at.toString(), summary.path("lastSyncedAt").asText());
        assertEquals("120.00", summary.path("contractAmount").asText());
        assertEquals("120.00", summary.path("erpContractAmount").asText());
        assertEquals(List.of(api.project), strings(summary.path("projectIds")));
        assertEquals(api.project, summary.path("jobProjectId").asText());
        assertEquals(pc.path("id").asText(), summary.path("procorePrimeContractId").asText());
        assertEquals(done, summary.path("lastSync"));
        assertEquals(0, summary.path("pendingChanges").path("added").asInt() + summary.path("pendingChanges").path("changed").asInt()
                + summary.path("pendingChanges").path("removed").asInt());
        assertFalse(summary.path("reimport").path("enabled").asBoolean());
        assertEquals(List.of("NO_UNSYNCED_CHANGES"), reasonCodes(summary.path("reimport").path("reasons")));
        assertFalse(summary.path("import").path("enabled").asBoolean());
        assertEquals(List.of("ALREADY_IMPORTED"), reasonCodes(summary.path("import").path("reasons")));
        JsonNode history = api.historyItems("I-1");
        assertEquals(1, history.size());
        assertEquals(done, history.get(0), "the history lists the sync as it ended");
    }

    @Test
    void theSyncRouteKnowsOnlyTheContractsOwnSyncs() {
        api.imported(snapshot("I-S", "J-S", 1).lump("A", "10.00"));
        api.imported(snapshot("I-T", "J-T", 1).lump("A", "10.00"));
        String syncId = api.historyItems("I-S").get(0).path("syncId").asText();
        assertEquals(200, api.user.sync("I-S", syncId).send().status());
        assertProblem(api.user.sync("I-T", syncId).send(), 404, "NOT_FOUND");
        assertProblem(api.user.sync("I-S", "5a3c9e10-0d5f-4b7e-8c21-6f4d2b9a7e31").send(), 404, "NOT_FOUND");
        assertProblem(api.user.sync("NOPE", syncId).send(), 404, "NOT_FOUND");
        assertEquals(List.of("syncId"), violationFields(assertProblem(api.user.sync("I-S", "not a sync id").send(), 400,
                "VALIDATION_FAILED")));
        assertProblem(api.user.sync("I-S", syncId).as(api.otherCompany().admin()).send(), 403, "FORBIDDEN");
    }

    @Test
    void anImportIsRefusedWithEveryReasonAndChangesNothing() {
        api.spectrum.upsert(snapshot("I-2", "J-2", 1).status("unapproved").lump("A", "10.00"));
        JsonNode before = api.listed("I-2", "staged");
        JsonNode problem = assertProblem(api.user.importing("I-2").send(), 409, "IMPORT_NOT_ALLOWED");
        assertEquals(List.of("CONTRACT_UNAPPROVED", "JOB_NOT_SYNCED"), reasonCodes(problem.path("reasons")));
        assertEquals(before, api.listed("I-2", "staged"));
        assertEquals(0, api.historyItems("I-2").size());

        api.spectrum.upsert(snapshot("I-3", "J-3", 1).lump("A", "10.00"));
        api.procoreSide.syncJob("J-3", api.project);
        api.spectrum.delete("I-3", 1);
        assertEquals(List.of("CONTRACT_DELETED_IN_ERP"),
                reasonCodes(assertProblem(api.user.importing("I-3").send(), 409, "IMPORT_NOT_ALLOWED").path("reasons")));
        assertEquals("deleted", api.listed("I-3", "staged").path("erpStatus").asText());

        api.spectrum.upsert(snapshot("I-4", "J-4", 1).lump("A", "10.00"));
        api.procoreSide.syncJob("J-4", api.project);
        api.procoreSide.syncJob("J-4", api.otherProject); // two projects with the job's origin
        JsonNode links = assertProblem(api.user.importing("I-4").send(), 409, "IMPORT_NOT_ALLOWED");
        assertEquals(List.of("LINKED_TO_MULTIPLE_PROJECTS"), reasonCodes(links.path("reasons")));
        assertEquals(List.of(api.project, api.otherProject), strings(links.path("reasons").get(0).path("details").path("projectIds")));
        assertNotNull(api.listed("I-4", "staged"));
    }

    @Test
    void aSecondImportIs409AlreadyImported() {
        api.imported(snapshot("I-5", "J-5", 1).lump("A", "10.00"));
        JsonNode first = api.listed("I-5", "synced");
        api.later();
        JsonNode problem = assertProblem(api.user.importing("I-5").send(), 409, "IMPORT_NOT_ALLOWED");
        assertEquals(List.of("ALREADY_IMPORTED"), reasonCodes(problem.path("reasons")));
        assertEquals(List.of(api.project), strings(problem.path("reasons").get(0).path("details").path("projectIds")));
        assertEquals(first, api.listed("I-5", "synced"), "nothing changed");
        assertEquals(1, api.historyItems("I-5").size());
    }

    @Test
    void anImportUnderAnIdempotencyKeyIsAnsweredAgainInsteadOfRefused() {
        api.staged(snapshot("I-K", "J-K", 1).lump("A", "10.00"));
        Response first = api.user.importing("I-K").key("import-I-K").send();
        assertEquals(202, first.status(), first.body());
        assertNull(first.header("Idempotent-Replayed"));
        api.drain();
        api.later();
        Response again = api.user.importing("I-K").key("import-I-K").send();
        assertEquals(202, again.status(), "a retry after a lost answer gets the import, not ALREADY_IMPORTED");
        assertEquals(first.header("Location"), again.header("Location"));
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(first.body(), again.body());
        assertEquals(1, api.historyItems("I-K").size());
        assertProblem(api.user.reimport("I-K").key("import-I-K").send(), 422, "IDEMPOTENCY_KEY_REUSED");
        assertProblem(api.user.importing("I-K").key("another-key").send(), 409, "IMPORT_NOT_ALLOWED");
    }

    @Test
    void anImportNeedsStandardOnTheCompanyAndAdminOnTheProject() {
        api.staged(snapshot("I-6", "J-6", 1).lump("A", "10.00"));
        JsonNode before = api.listed("I-6", "staged");

        JsonNode reader = assertProblem(api.user.importing("I-6").as(api.caller(Level.READ_ONLY, Level.ADMIN)).send(), 403, "FORBIDDEN");
        assertEquals(List.of("MISSING_PERMISSION"), reasonCodes(reader.path("reasons")));
        JsonNode details = reader.path("reasons").get(0).path("details");
        assertEquals("standard", details.path("required").path("erp_integrations").asText());
        assertEquals("admin", details.path("required").path("prime_contracts").asText());
        assertEquals("read_only", details.path("held").path("erp_integrations").asText());
        assertEquals(api.project, details.path("projectId").asText());

        JsonNode project = assertProblem(api.user.importing("I-6").as(api.caller(Level.STANDARD, Level.STANDARD)).send(), 403, "FORBIDDEN");
        assertEquals(List.of("MISSING_PERMISSION"), reasonCodes(project.path("reasons")));
        assertEquals("standard", project.path("reasons").get(0).path("details").path("held").path("prime_contracts").asText());

        JsonNode none = assertProblem(api.user.importing("I-6").as(api.caller(Level.NONE, Level.ADMIN)).send(), 403, "FORBIDDEN");
        assertTrue(none.path("reasons").isMissingNode(), "no read access: no reasons either");
        assertEquals(before, api.listed("I-6", "staged"), "no refusal changed anything");

        Response standard = api.user.importing("I-6").as(api.caller(Level.STANDARD, Level.ADMIN)).send();
        assertEquals(202, standard.status(), standard.body());
    }

    @Test
    void aForbiddenImportStillReportsEveryOtherReason() {
        api.spectrum.upsert(snapshot("I-7", "J-7", 1).status("unapproved").lump("A", "10.00"));
        api.procoreSide.syncJob("J-7", api.project);
        JsonNode problem = assertProblem(api.user.importing("I-7").as(api.caller(Level.READ_ONLY, Level.READ_ONLY)).send(), 403, "FORBIDDEN");
        assertEquals(List.of("CONTRACT_UNAPPROVED", "MISSING_PERMISSION"), reasonCodes(problem.path("reasons")));
    }

    @Test
    void importRequestsAreCheckedAtTheDoor() {
        api.staged(snapshot("I-8", "J-8", 1).lump("A", "10.00"));
        assertProblem(api.user.importing("NOPE").send(), 404, "NOT_FOUND");
        assertEquals(List.of("contractId"), violationFields(assertProblem(api.user.importing("-I-8").send(), 400, "VALIDATION_FAILED")));
        assertEquals(List.of("x"), violationFields(assertProblem(api.user.importing("I-8").json("{\"x\":1}").send(), 400, "VALIDATION_FAILED")));
        assertProblem(api.user.importing("I-8").json("nope").send(), 400, "VALIDATION_FAILED");
        assertProblem(api.user.importing("I-8").json("[1]").send(), 400, "VALIDATION_FAILED");
        assertProblem(api.user.importing("I-8").rawBody("{}").header("Content-Type", "text/plain").send(), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(api.user.importing("I-8").rawBody("{}").send(), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(api.user.importing("I-8").rawBody(" ".repeat(16 * 1024 + 1)).send(), 413, "PAYLOAD_TOO_LARGE");
        assertNotNull(api.listed("I-8", "staged"), "still staged after every refusal");

        Response empty = api.user.importing("I-8").json("{}").send();
        assertEquals(202, empty.status(), empty.body());
    }

    // ------------------------------------------------------------------ re-import

    @Test
    void aReimportBringsTheErpVersionOverAndRecordsIt() {
        api.imported(snapshot("R-1", "J-1", 1).lump("A", "100.00").lump("B", "20.00").lump("C", "5.00"));
        api.later();
        api.spectrum.upsert(snapshot("R-1", "J-1", 2).lump("A", "110.00").lump("C", "5.00").lump("D", "7.50"));
        Instant at = api.later();

        Response response = api.user.reimport("R-1").send();
        assertEquals(202, response.status(), response.body());
        assertEquals("application/json", response.header("Content-Type"));
        assertNull(response.header("Idempotent-Replayed"));
        JsonNode result = response.json();
        assertTrue(UUID.matcher(result.path("syncId").asText()).matches(), response.body());
        assertEquals("reimport", result.path("kind").asText());
        assertEquals("pending", result.path("status").asText());
        assertEquals("R-1", result.path("contractId").asText());
        assertEquals(api.project, result.path("projectId").asText());
        assertEquals(2, result.path("erpVersion").asLong());
        assertEquals("125.00", result.path("previousAmount").asText());
        assertEquals("122.50", result.path("newAmount").asText());
        assertEquals(1, result.path("added").asInt());
        assertEquals(1, result.path("changed").asInt());
        assertEquals(1, result.path("removed").asInt());
        assertEquals(at.toString(), result.path("requestedAt").asText());
        assertEquals(Api.USER, result.path("requestedBy").asText());
        String primeContract = api.procore.primeContractOf(api.company, api.project, "R-1").path("id").asText();
        assertEquals(primeContract, result.path("procorePrimeContractId").asText(), "the one the import made");

        // until the worker has written it, the contract reads as before, and says a sync is in progress
        JsonNode waiting = api.listed("R-1", "synced");
        assertEquals(1, waiting.path("syncedErpVersion").asLong());
        assertEquals("pending", waiting.path("lastSync").path("status").asText());
        assertEquals(List.of("SYNC_IN_PROGRESS"), reasonCodes(api.user.eligibility("R-1").send().json().path("reasons")));
        JsonNode busy = assertProblem(api.user.reimport("R-1").send(), 409, "REIMPORT_NOT_ALLOWED");
        assertEquals(List.of("SYNC_IN_PROGRESS"), reasonCodes(busy.path("reasons")));
        assertEquals(3, api.procoreLines("R-1").size(), "Procore still holds the imported lines");

        api.drain();
        JsonNode listed = api.listed("R-1", "synced");
        assertEquals(2, listed.path("syncedErpVersion").asLong());
        assertEquals("122.50", listed.path("contractAmount").asText());
        assertEquals(at.toString(), listed.path("lastSyncedAt").asText());
        assertEquals("applied", listed.path("lastSync").path("status").asText());
        assertEquals(0, listed.path("pendingChanges").path("added").asInt() + listed.path("pendingChanges").path("changed").asInt()
                + listed.path("pendingChanges").path("removed").asInt());
        JsonNode eligibility = api.user.eligibility("R-1").send().json();
        assertEquals(List.of("NO_UNSYNCED_CHANGES"), reasonCodes(eligibility.path("reasons")));
        JsonNode history = api.historyItems("R-1");
        assertEquals(List.of("reimport", "import"), texts(history, "kind"));
        assertEquals(List.of("applied", "applied"), texts(history, "status"));
        assertEquals(result.path("syncId").asText(), history.get(0).path("syncId").asText());
        assertEquals(List.of(3, 3), List.of(history.get(0).path("progress").path("linesWritten").asInt(),
                history.get(0).path("progress").path("linesTotal").asInt()), "one update, one creation, one removal");
        JsonNode lines = api.procoreLines("R-1");
        assertEquals(List.of("R-1:A", "R-1:C", "R-1:D"), texts(lines, "origin_id"), "B removed, D added, in Procore");
        assertEquals(0, new BigDecimal("110.00").compareTo(new BigDecimal(lines.get(0).path("amount").asText())));

        // a double click: the second finds nothing left to re-import
        JsonNode again = assertProblem(api.user.reimport("R-1").send(), 409, "REIMPORT_NOT_ALLOWED");
        assertEquals(List.of("NO_UNSYNCED_CHANGES"), reasonCodes(again.path("reasons")));
        assertEquals(2, api.historyItems("R-1").size());
    }

    @Test
    void aRefusedReimportNamesEveryReasonAndChangesNothing() {
        api.imported(snapshot("R-2", "J-2", 1).lump("A", "10.00"));
        api.spectrum.upsert(snapshot("R-2", "J-2", 2).status("unapproved").lump("A", "10.00"));
        api.procoreSide.syncJob("J-2", api.otherProject); // a second project with the job's origin: the contract is in both
        api.procoreSide.pcco("R-2", api.procoreSide.projectOf("J-2"), "CO-9", "approved");
        api.spectrum.delete("R-2", 2);
        JsonNode before = api.listed("R-2", "synced");

        JsonNode problem = assertProblem(api.user.reimport("R-2").send(), 409, "REIMPORT_NOT_ALLOWED");
        assertEquals(List.of("CONTRACT_DELETED_IN_ERP", "CONTRACT_UNAPPROVED",
                "LINKED_TO_MULTIPLE_PROJECTS", "APPROVED_CHANGE_ORDERS"), reasonCodes(problem.path("reasons")));
        assertTrue(problem.path("detail").asText().contains("4 reasons"), problem.toString());
        assertEquals(before, api.listed("R-2", "synced"));
        assertEquals(1, api.historyItems("R-2").size());
    }

    @Test
    void aContractNeverImportedOrUnlinkedCannotBeReimported() {
        api.staged(snapshot("R-3", "J-3", 1).lump("A", "10.00"));
        JsonNode notImported = assertProblem(api.user.reimport("R-3").send(), 409, "REIMPORT_NOT_ALLOWED");
        assertEquals(List.of("NOT_IMPORTED"), reasonCodes(notImported.path("reasons")));
        assertNotNull(api.listed("R-3", "staged"));

        api.imported(snapshot("R-4", "J-4", 1).lump("A", "10.00"));
        api.spectrum.upsert(snapshot("R-4", "J-4", 2).lump("A", "12.00"));
        api.procoreSide.unlink("R-4", api.procoreSide.projectOf("J-4"));
        JsonNode unlinked = assertProblem(api.user.reimport("R-4").send(), 409, "REIMPORT_NOT_ALLOWED");
        assertEquals(List.of("NOT_LINKED_TO_PROJECT"), reasonCodes(unlinked.path("reasons")));
        assertEquals(1, api.listed("R-4", "synced").path("syncedErpVersion").asLong());

        assertProblem(api.user.reimport("UNKNOWN").send(), 404, "NOT_FOUND");
        assertProblem(api.user.reimport("UNKNOWN").key("k-404").send(), 404, "NOT_FOUND");
        assertEquals(List.of("contractId"), violationFields(assertProblem(api.user.reimport("a b").send(), 400, "VALIDATION_FAILED")));
    }

    @Test
    void aReimportNeedsAdminOnBothAndAForbiddenOneStillNamesEveryReason() {
        api.imported(snapshot("R-5", "J-5", 1).lump("A", "10.00"));
        api.spectrum.upsert(snapshot("R-5", "J-5", 2).lump("A", "12.00"));
        JsonNode before = api.listed("R-5", "synced");

        JsonNode standard = assertProblem(api.user.reimport("R-5").as(api.caller(Level.STANDARD, Level.ADMIN)).send(), 403, "FORBIDDEN");
        assertEquals(List.of("MISSING_PERMISSION"), reasonCodes(standard.path("reasons")));
        assertEquals("admin", standard.path("reasons").get(0).path("details").path("required").path("erp_integrations").asText());
        assertEquals("standard", standard.path("reasons").get(0).path("details").path("held").path("erp_integrations").asText());

        JsonNode project = assertProblem(api.user.reimport("R-5").as(api.caller(Level.ADMIN, Level.READ_ONLY)).send(), 403, "FORBIDDEN");
        assertEquals(List.of("MISSING_PERMISSION"), reasonCodes(project.path("reasons")));
        JsonNode details = project.path("reasons").get(0).path("details");
        assertEquals("read_only", details.path("held").path("prime_contracts").asText());
        assertEquals(api.project, details.path("projectId").asText());

        Caller otherProjectOnly = Api.caller(Api.USER, api.company, Level.ADMIN, Level.ADMIN, api.otherProject);
        assertEquals(List.of("MISSING_PERMISSION"), reasonCodes(assertProblem(api.user.reimport("R-5").as(otherProjectOnly).send(),
                403, "FORBIDDEN").path("reasons")));

        JsonNode none = assertProblem(api.user.reimport("R-5").as(api.caller(Level.NONE, Level.ADMIN)).send(), 403, "FORBIDDEN");
        assertTrue(none.path("reasons").isMissingNode());
        assertEquals(before, api.listed("R-5", "synced"), "no refusal changed anything");

        api.reimported("R-5");
        JsonNode both = assertProblem(api.user.reimport("R-5").as(api.caller(Level.READ_ONLY, Level.READ_ONLY)).send(), 403, "FORBIDDEN");
        assertEquals(List.of("NO_UNSYNCED_CHANGES", "MISSING_PERMISSION"), reasonCodes(both.path("reasons")));
    }

    @Test
    void aPreviewOfAnOlderErpVersionIsStale() {
        api.imported(snapshot("R-6", "J-6", 1).lump("A", "10.00"));
        api.spectrum.upsert(snapshot("R-6", "J-6", 2).lump("A", "12.00"));
        assertEquals(2, api.user.eligibility("R-6").send().json().path("erpVersion").asLong());
        api.spectrum.upsert(snapshot("R-6", "J-6", 3).lump("A", "13.00"));

        JsonNode stale = assertProblem(api.user.reimport("R-6").json("{\"expectedErpVersion\":2}").send(), 409, "STALE_PREVIEW");
        assertTrue(stale.path("reasons").isMissingNode(), stale.toString());
        assertTrue(stale.path("detail").asText().contains("3"), stale.toString());
        assertEquals(1, api.listed("R-6", "synced").path("syncedErpVersion").asLong(), "nothing applied");
        assertProblem(api.user.reimport("R-6").json("{\"expectedErpVersion\":4}").send(), 409, "STALE_PREVIEW");

        JsonNode result = api.applied("R-6", api.user.reimport("R-6").json("{\"expectedErpVersion\":3}").send());
        assertEquals(3, result.path("erpVersion").asLong(), result.toString());
        assertEquals("13.00", result.path("newAmount").asText());
        assertEquals(3, api.listed("R-6", "synced").path("syncedErpVersion").asLong());
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstResponseExactly() {
        api.imported(snapshot("R-7", "J-7", 1).lump("A", "10.00"));
        api.spectrum.upsert(snapshot("R-7", "J-7", 2).lump("A", "12.00"));
        api.later();
        Response first = api.user.reimport("R-7").key("key-1").send();
        assertEquals(202, first.status(), first.body());
        assertNull(first.header("Idempotent-Replayed"));
        api.drain();

        api.later();
        api.spectrum.upsert(snapshot("R-7", "J-7", 3).lump("A", "15.00"));
        Response replay = api.user.reimport("R-7").key("key-1").send();
        assertEquals(202, replay.status(), replay.body());
        assertEquals("true", replay.header("Idempotent-Replayed"));
        assertEquals("application/json", replay.header("Content-Type"));
        assertEquals(first.body(), replay.body(), "the same body, not a new re-import");
        assertEquals(2, replay.json().path("erpVersion").asLong());
        assertEquals(2, api.listed("R-7", "synced").path("syncedErpVersion").asLong(), "version 3 was not applied by the replay");
        assertEquals(2, api.historyItems("R-7").size());

        Response fresh = api.user.reimport("R-7").key("key-2").send();
        assertEquals(202, fresh.status(), fresh.body());
        assertEquals(3, fresh.json().path("erpVersion").asLong());
    }

    @Test
    void aRefusalStoresNothingUnderItsKeySoTheSameKeyWorksOnceTheCauseIsFixed() {
        api.imported(snapshot("R-8", "J-8", 1).lump("A", "10.00"));
        Response refused = api.user.reimport("R-8").key("key-r").send();
        JsonNode problem = assertProblem(refused, 409, "REIMPORT_NOT_ALLOWED");
        assertEquals(List.of("NO_UNSYNCED_CHANGES"), reasonCodes(problem.path("reasons")));
        Response refusedAgain = api.user.reimport("R-8").key("key-r").send();
        assertProblem(refusedAgain, 409, "REIMPORT_NOT_ALLOWED");
        assertNull(refusedAgain.header("Idempotent-Replayed"), "evaluated again, not replayed");

        api.spectrum.upsert(snapshot("R-8", "J-8", 2).lump("A", "11.00"));
        Response accepted = api.user.reimport("R-8").key("key-r").send();
        assertEquals(202, accepted.status(), accepted.body());
        assertNull(accepted.header("Idempotent-Replayed"));
        api.drain();
        assertEquals(2, api.listed("R-8", "synced").path("syncedErpVersion").asLong());
        Response replay = api.user.reimport("R-8").key("key-r").send();
        assertEquals("true", replay.header("Idempotent-Replayed"), "accepted work is stored and replayed");
        assertEquals(accepted.body(), replay.body());
    }

    @Test
    void theSameKeyForAnotherContractOrBodyIs422AndChangesNothing() {
        api.imported(snapshot("R-9", "J-9", 1).lump("A", "10.00"));
        api.spectrum.upsert(snapshot("R-9", "J-9", 2).lump("A", "11.00"));
        api.imported(snapshot("R-10", "J-10", 1).lump("A", "10.00"));
        api.spectrum.upsert(snapshot("R-10", "J-10", 2).lump("A", "11.00"));
        assertEquals(202, api.user.reimport("R-9").key("shared").send().status());
        JsonNode before = api.listed("R-10", "synced");

        JsonNode other = assertProblem(api.user.reimport("R-10").key("shared").send(), 422, "IDEMPOTENCY_KEY_REUSED");
        assertTrue(other.path("reasons").isMissingNode());
        assertProblem(api.user.reimport("R-9").key("shared").json("{\"expectedErpVersion\":2}").send(), 422, "IDEMPOTENCY_KEY_REUSED");
        assertEquals(before, api.listed("R-10", "synced"), "R-10 was not re-imported");

        // keys belong to their user: another user's "shared" is another key
        Caller colleague = Api.caller("user-2", api.company, Level.ADMIN, Level.ADMIN, api.procoreSide.projectOf("J-10"));
        Response theirs = api.user.reimport("R-10").key("shared").as(colleague).send();
        assertEquals(202, theirs.status(), theirs.body());
        assertEquals("user-2", theirs.json().path("requestedBy").asText());
    }

    @Test
    void anInvalidKeyIs400AndAnInvalidRequestDoesNotUseTheKeyUp() {
        api.imported(snapshot("R-11", "J-11", 1).lump("A", "10.00"));
        api.spectrum.upsert(snapshot("R-11", "J-11", 2).lump("A", "11.00"));
        for (String key : List.of("", "k".repeat(129), "clé", "a\tb", "a\nb", "\u007f")) {
            JsonNode problem = assertProblem(api.user.reimport("R-11").key(key).send(), 400, "VALIDATION_FAILED");
            assertEquals(List.of("Idempotency-Key"), violationFields(problem), key);
        }
        assertProblem(api.user.reimport("R-11").key("k-ok").json("{\"expectedErpVersion\":\"2\"}").send(), 400, "VALIDATION_FAILED");
        assertEquals(1, api.listed("R-11", "synced").path("syncedErpVersion").asLong());

        String longest = "~" + "k".repeat(63) + " " + "k".repeat(63);
        Response ok = api.user.reimport("R-11").key(longest).json("{\"expectedErpVersion\":2}").send();
        assertEquals(202, ok.status(), ok.body());
        api.drain();
        Response sameKeyAfter400 = api.user.reimport("R-11").key("k-ok").json("{\"expectedErpVersion\":2}").send();
        assertEquals(409, sameKeyAfter400.status(), "the 400 did not store a response under k-ok: " + sameKeyAfter400.body());
        assertEquals("REIMPORT_NOT_ALLOWED", sameKeyAfter400.json().path("code").asText());
        assertNull(sameKeyAfter400.header("Idempotent-Replayed"));
    }

    @Test
    void badReimportBodiesAreRefusedBeforeAnyWork() {
        api.imported(snapshot("R-12", "J-12", 1).lump("A", "10.00"));
        api.spectrum.upsert(snapshot("R-12", "J-12", 2).lump("A", "11.00"));
        for (String body : List.of("{\"expectedErpVersion\":\"2\"}", "{\"expectedErpVersion\":0}",
                "{\"expectedErpVersion\":-1}", "{\"expectedErpVersion\":1.5}", "{\"expectedErpVersion\":true}",
                "{\"expectedErpVersion\":99999999999999999999}")) {
            assertEquals(List.of("expectedErpVersion"),
                    violationFields(assertProblem(api.user.reimport("R-12").json(body).send(), 400, "VALIDATION_FAILED")), body);
        }
        assertEquals(List.of("other"), violationFields(assertProblem(api.user.reimport("R-12").json("{\"other\":1}").send(), 400, "VALIDATION_FAILED")));
        assertEquals(List.of("other", "expectedErpVersion"), violationFields(assertProblem(
                api.user.reimport("R-12").json("{\"other\":1,\"expectedErpVersion\":\"x\"}").send(), 400, "VALIDATION_FAILED")));
        assertEquals(List.of("body"), violationFields(assertProblem(api.user.reimport("R-12").json("[]").send(), 400, "VALIDATION_FAILED")));
        assertEquals(List.of("body"), violationFields(assertProblem(api.user.reimport("R-12").json("2").send(), 400, "VALIDATION_FAILED")));
        for (String body : List.of("nope", "{", "{\"expectedErpVersion\":2}x", "{\"expectedErpVersion\":2,\"expectedErpVersion\":2}")) {
            assertProblem(api.user.reimport("R-12").json(body).send(), 400, "VALIDATION_FAILED");
        }
        assertProblem(api.user.reimport("R-12").rawBody("{\"expectedErpVersion\":2}").header("Content-Type", "text/plain").send(),
                415, "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(api.user.reimport("R-12").rawBody("{\"expectedErpVersion\":2}").send(), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(api.user.reimport("R-12").rawBody("{\"a\":\"" + "x".repeat(16 * 1024) + "\"}").header("Content-Type", "text/plain").send(),
                413, "PAYLOAD_TOO_LARGE");
        assertEquals(1, api.listed("R-12", "synced").path("syncedErpVersion").asLong(), "no bad body changed anything");
        assertEquals(1, api.historyItems("R-12").size());

        Response nullVersion = api.user.reimport("R-12").json("{\"expectedErpVersion\":null}")
                .header("Content-Type", "application/json; charset=utf-8").send();
        assertEquals(202, nullVersion.status(), nullVersion.body());
    }

    @Test
    void aBase64EncodedBodyIsReadLikeAnyOther() {
        api.imported(snapshot("R-13", "J-13", 1).lump("A", "10.00"));
        api.spectrum.upsert(snapshot("R-13", "J-13", 2).lump("A", "11.00"));
        api.spectrum.upsert(snapshot("R-13", "J-13", 3).lump("A", "12.00"));
        UserRoutes.Request stale = api.user.reimport("R-13").header("Content-Type", "application/json")
                .base64Body("{\"expectedErpVersion\":2}".getBytes(StandardCharsets.UTF_8));
        assertProblem(stale.send(), 409, "STALE_PREVIEW");
        Response ok = api.user.reimport("R-13").header("Content-Type", "application/json")
                .base64Body("{\"expectedErpVersion\":3}".getBytes(StandardCharsets.UTF_8)).send();
        assertEquals(202, ok.status(), ok.body());
        assertEquals(3, ok.json().path("erpVersion").asLong());
    }

    @Test
    void concurrentReimportsApplyExactlyOnce() throws Exception {
        api.imported(snapshot("R-14", "J-14", 1).lump("A", "10.00"));
        api.spectrum.upsert(snapshot("R-14", "J-14", 2).lump("A", "11.00").lump("B", "1.00"));
        List<Response> responses = race(8, i -> i % 2 == 0 ? api.user.reimport("R-14").send()
                : api.user.reimport("R-14").key("race-" + i).send());
        int accepted = 0;
        for (Response r : responses) {
            if (r.status() == 202) {
                accepted++;
            } else {
                JsonNode problem = r.json();
                assertEquals(409, r.status(), r.body());
                List<String> reasons = reasonCodes(problem.path("reasons"));
                boolean refused = problem.path("code").asText().equals("REIMPORT_NOT_ALLOWED")
                        && (reasons.contains("SYNC_IN_PROGRESS") || reasons.contains("NO_UNSYNCED_CHANGES"));
                assertTrue(refused || problem.path("code").asText().equals("CONFLICT"), r.body());
            }
        }
        assertEquals(1, accepted, "exactly one re-import is accepted");
        api.drain();
        assertEquals(List.of("reimport", "import"), texts(api.historyItems("R-14"), "kind"));
        assertEquals(List.of("R-14:A", "R-14:B"), texts(api.procoreLines("R-14"), "origin_id"), "each line once");
    }

    @Test
    void concurrentRequestsWithOneKeyGiveOneReimportAndOneAnswer() throws Exception {
        api.imported(snapshot("R-15", "J-15", 1).lump("A", "10.00"));
        api.spectrum.upsert(snapshot("R-15", "J-15", 2).lump("A", "11.00"));
        List<Response> responses = race(6, i -> api.user.reimport("R-15").key("one-key").send());
        Set<String> syncIds = new HashSet<>();
        for (Response r : responses) {
            if (r.status() == 202) {
                syncIds.add(r.json().path("syncId").asText());
            } else {
                assertProblem(r, 409, "CONFLICT");
                assertNotNull(r.header("Retry-After"), r.body());
            }
        }
        assertEquals(1, syncIds.size(), "every success is the same re-import: " + syncIds);
        Response after = api.user.reimport("R-15").key("one-key").send();
        assertEquals(202, after.status(), after.body());
        assertEquals("true", after.header("Idempotent-Replayed"));
        assertEquals(syncIds, Set.of(after.json().path("syncId").asText()));
        assertEquals(2, api.historyItems("R-15").size());
    }

    private interface Call {
        Response run(int i);
    }

    private static List<Response> race(int threads, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.run(n);
                }));
            }
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> f : futures) {
                responses.add(f.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
