package io.primesync.handler;

import static io.primesync.testing.Answers.assertProblem;
import static io.primesync.testing.Answers.reasonCodes;
import static io.primesync.testing.Answers.strings;
import static io.primesync.testing.Answers.texts;
import static io.primesync.testing.Answers.violationFields;
import static io.primesync.testing.Snapshot.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.domain.Level;
import io.primesync.testing.Api;
import io.primesync.testing.Response;
import io.primesync.testing.UserRoutes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /companies/{companyId}/erp/prime-contracts} and {@code .../{contractId}/history}. */
class ListContractsHandlerIT {
    private final Api api = Api.onLocalDynamo();

    @Test
    void theSyncedTabShowsImportedContractsWithEverySummaryField() {
        api.staged(snapshot("K-1", "J-1", 1).title("Riverside MOB")
                .lump("A", "Sitework", "100.00").unit("B", "Concrete", "2", "EA", "25.00", "50.00"));
        Instant importedAt = api.clock.instant();
        api.applied("K-1", api.user.importing("K-1").send());
        api.later();
        api.spectrum.upsert(snapshot("K-1", "J-1", 2).title("Riverside MOB").lump("A", "Sitework", "120.00").lump("C", "Paint", "10.00"));

        Response response = api.user.list().send();
        assertEquals(200, response.status(), response.body());
        assertEquals("application/json", response.header("Content-Type"));
        JsonNode body = response.json();
        assertTrue(body.path("nextCursor").isNull(), response.body());
        assertEquals(1, body.path("items").size(), response.body());
        JsonNode item = body.path("items").get(0);
        assertEquals("K-1", item.path("contractId").asText());
        assertEquals("J-1", item.path("jobNumber").asText());
        assertEquals("Riverside MOB", item.path("title").asText());
        assertEquals("approved", item.path("erpStatus").asText());
        assertEquals(List.of(api.project), strings(item.path("projectIds")), "the import linked the job's project");
        assertEquals(api.project, item.path("jobProjectId").asText());
        assertEquals(2, item.path("erpVersion").asLong());
        assertEquals(1, item.path("syncedErpVersion").asLong());
        assertEquals(importedAt.toString(), item.path("lastSyncedAt").asText());
        assertTrue(item.path("contractAmount").isTextual(), "money is a string");
        assertEquals("150.00", item.path("contractAmount").asText());
        assertEquals("130.00", item.path("erpContractAmount").asText());
        assertEquals(1, item.path("pendingChanges").path("added").asInt(), "C is new");
        assertEquals(1, item.path("pendingChanges").path("changed").asInt(), "A changed");
        assertEquals(1, item.path("pendingChanges").path("removed").asInt(), "B is gone");
        assertTrue(item.path("reimport").path("enabled").asBoolean(), response.body());
        assertEquals(List.of(), reasonCodes(item.path("reimport").path("reasons")));
        assertFalse(item.path("import").path("enabled").asBoolean());
        assertEquals(List.of("ALREADY_IMPORTED"), reasonCodes(item.path("import").path("reasons")));

        Response explicit = api.user.list().query("status", "synced").send();
        assertEquals(response.body(), explicit.body(), "synced is the default tab");
        Response staged = api.user.list().query("status", "staged").send();
        assertEquals(200, staged.status());
        assertEquals(0, staged.json().path("items").size(), "an imported contract is no longer staged: " + staged.body());
    }

    @Test
    void theStagedTabShowsContractsNeverImportedWithNullSyncFields() {
        api.spectrum.upsert(snapshot("S-2", "J-2", 3).lump("A", "10.00").lump("B", "5.25"));
        api.spectrum.upsert(snapshot("S-1", "J-1", 1).status("unapproved").lump("A", "7.00"));
        api.procoreSide.syncJob("J-2", api.project);

        Response response = api.user.list().query("status", "staged").send();
        assertEquals(200, response.status(), response.body());
        JsonNode items = response.json().path("items");
        assertEquals(List.of("S-1", "S-2"), texts(items, "contractId"), "ordered by contract id");
        JsonNode s1 = items.get(0);
        assertEquals("unapproved", s1.path("erpStatus").asText());
        assertTrue(s1.path("syncedErpVersion").isNull(), response.body());
        assertTrue(s1.path("lastSyncedAt").isNull(), response.body());
        assertTrue(s1.path("contractAmount").isNull(), response.body());
        assertTrue(s1.path("jobProjectId").isNull(), response.body());
        assertEquals(0, s1.path("projectIds").size());
        assertEquals("7.00", s1.path("erpContractAmount").asText());
        assertEquals(1, s1.path("pendingChanges").path("added").asInt(), "never imported: every line is new");
        assertEquals(List.of("NOT_IMPORTED", "CONTRACT_UNAPPROVED", "JOB_NOT_SYNCED"),
                reasonCodes(s1.path("reimport").path("reasons")));
        assertEquals(List.of("CONTRACT_UNAPPROVED", "JOB_NOT_SYNCED"), reasonCodes(s1.path("import").path("reasons")));

        JsonNode s2 = items.get(1);
        assertEquals(api.project, s2.path("jobProjectId").asText());
        assertEquals("15.25", s2.path("erpContractAmount").asText());
        assertEquals(3, s2.path("erpVersion").asLong());
        assertEquals(2, s2.path("pendingChanges").path("added").asInt());
        assertTrue(s2.path("import").path("enabled").asBoolean(), response.body());
        assertEquals(List.of("NOT_IMPORTED"), reasonCodes(s2.path("reimport").path("reasons")));

        Response synced = api.user.list().send();
        assertEquals(0, synced.json().path("items").size(), synced.body());
    }

    @Test
    void readyKeepsOnlyContractsWhoseReimportIsEnabledForThisCaller() {
        for (String id : List.of("R-1", "R-2", "R-3")) {
            api.imported(snapshot(id, "J-" + id, 1).lump("A", "10.00"));
        }
        api.spectrum.upsert(snapshot("R-1", "J-R-1", 2).lump("A", "11.00"));
        api.spectrum.upsert(snapshot("R-3", "J-R-3", 2).lump("A", "10.00").lump("B", "1.00"));

        Response ready = api.user.list().query("ready", "true").send();
        assertEquals(200, ready.status(), ready.body());
        assertEquals(List.of("R-1", "R-3"), texts(ready.json().path("items"), "contractId"));
        for (JsonNode item : ready.json().path("items")) {
            assertTrue(item.path("reimport").path("enabled").asBoolean());
        }
        Response all = api.user.list().query("ready", "false").send();
        assertEquals(List.of("R-1", "R-2", "R-3"), texts(all.json().path("items"), "contractId"));

        Response first = api.user.list().query("ready", "true").query("limit", "1").send();
        assertEquals(List.of("R-1"), texts(first.json().path("items"), "contractId"));
        String cursor = first.json().path("nextCursor").asText();
        assertFalse(cursor.isEmpty(), first.body());
        Response second = api.user.list().query("ready", "true").query("limit", "1").query("cursor", cursor).send();
        assertEquals(List.of("R-3"), texts(second.json().path("items"), "contractId"), "R-2 is skipped, not ready");
        assertTrue(second.json().path("nextCursor").isNull(), second.body());

        Response readOnly = api.user.list().query("ready", "true").as(api.caller(Level.READ_ONLY, Level.ADMIN)).send();
        assertEquals(200, readOnly.status(), readOnly.body());
        assertEquals(0, readOnly.json().path("items").size(), "a reader may re-import nothing: " + readOnly.body());
        Response readOnlyAll = api.user.list().as(api.caller(Level.READ_ONLY, Level.ADMIN)).send();
        JsonNode r1 = readOnlyAll.json().path("items").get(0);
        assertEquals(List.of("MISSING_PERMISSION"), reasonCodes(r1.path("reimport").path("reasons")));
    }

    @Test
    void limitAndCursorPageThroughContractsInContractIdOrder() {
        for (String id : List.of("C-4", "C-2", "C-5", "C-1", "C-3")) {
            api.spectrum.upsert(snapshot(id, "J-1", 1).lump("A", "1.00"));
        }
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            UserRoutes.Request request = api.user.list().query("status", "staged").query("limit", "2");
            if (cursor != null) {
                request.query("cursor", cursor);
            }
            Response page = request.send();
            assertEquals(200, page.status(), page.body());
            sizes.add(page.json().path("items").size());
            seen.addAll(texts(page.json().path("items"), "contractId"));
            cursor = page.json().path("nextCursor").isNull() ? null : page.json().path("nextCursor").asText();
        } while (cursor != null && sizes.size() < 10);
        assertEquals(List.of("C-1", "C-2", "C-3", "C-4", "C-5"), seen);
        assertEquals(List.of(2, 2, 1), sizes);
    }

    @Test
    void theDefaultPageHoldsTwentyFiveAndAHundredIsAllowed() {
        for (int i = 1; i <= 26; i++) {
            api.spectrum.upsert(snapshot(String.format("D-%02d", i), "J-1", 1).lump("A", "1.00"));
        }
        Response first = api.user.list().query("status", "staged").send();
        assertEquals(25, first.json().path("items").size(), first.body());
        assertEquals("D-25", first.json().path("items").get(24).path("contractId").asText());
        Response rest = api.user.list().query("status", "staged").query("cursor", first.json().path("nextCursor").asText()).send();
        assertEquals(List.of("D-26"), texts(rest.json().path("items"), "contractId"));
        assertTrue(rest.json().path("nextCursor").isNull());

        Response hundred = api.user.list().query("status", "staged").query("limit", "100").send();
        assertEquals(26, hundred.json().path("items").size());
        assertTrue(hundred.json().path("nextCursor").isNull());
    }

    @Test
    void badQueryParametersAre400WithTheFieldNamed() {
        api.spectrum.upsert(snapshot("Q-1", "J-1", 1).lump("A", "1.00"));
        assertViolation(api.user.list().query("status", "all").send(), "status");
        assertViolation(api.user.list().query("status", "SYNCED").send(), "status");
        for (String limit : List.of("0", "101", "-1", "abc", "1.5", "", "1000", "00000000001")) {
            assertViolation(api.user.list().query("limit", limit).send(), "limit");
            assertViolation(api.user.history("Q-1").query("limit", limit).send(), "limit");
        }
        assertViolation(api.user.list().query("ready", "yes").send(), "ready");
        assertViolation(api.user.list().query("cursor", "!!not-base64!!").send(), "cursor");
        assertViolation(api.user.list().query("cursor", "x".repeat(401)).send(), "cursor");
        assertViolation(api.user.list().query("cursor", encode("c1:bad id with spaces")).send(), "cursor");
        assertViolation(api.user.list().query("cursor", encode("h1:S#0000000000001#abc")).send(), "cursor");
        assertViolation(api.user.list().query("cursor", encode("Q-1")).send(), "cursor");
        assertViolation(api.user.history("Q-1").query("cursor", encode("c1:Q-1")).send(), "cursor");
        assertViolation(api.user.history("Q-1").query("cursor", encode("h1:S#1#x")).send(), "cursor");
        assertViolation(api.user.history("Q-1").query("cursor", "%%%").send(), "cursor");
        assertViolation(api.user.list().company("12a").send(), "companyId");
        assertViolation(api.user.list().company("1".repeat(21)).send(), "companyId");
        assertViolation(api.user.history("-Q-1").send(), "contractId");
        assertViolation(api.user.history("Q 1").send(), "contractId");

        JsonNode twice = assertProblem(api.user.list().queryValues("status", "synced", "staged").send(), 400, "VALIDATION_FAILED");
        assertTrue(twice.path("detail").asText().contains("status"), twice.toString());
    }

    @Test
    void aCursorFromAnotherCompanyOnlyPositionsWithinTheCallersOwnContracts() {
        Api other = api.otherCompany();
        for (String id : List.of("K-1", "K-2", "K-3")) {
            other.spectrum.upsert(snapshot(id, "J-1", 1).title("Other company contract " + id).lump("A", "999.00"));
        }
        for (String id : List.of("K-1", "K-2", "K-3", "K-4")) {
            api.spectrum.upsert(snapshot(id, "J-1", 1).title("Own contract " + id).lump("A", "1.00"));
        }
        Response otherPage = other.user.list().query("status", "staged").query("limit", "1").send();
        String otherCursor = otherPage.json().path("nextCursor").asText();
        assertFalse(otherCursor.isEmpty(), otherPage.body());

        Response mine = api.user.list().query("status", "staged").query("cursor", otherCursor).send();
        assertEquals(200, mine.status(), mine.body());
        assertEquals(List.of("K-2", "K-3", "K-4"), texts(mine.json().path("items"), "contractId"));
        assertEquals(List.of("Own contract K-2", "Own contract K-3", "Own contract K-4"),
                texts(mine.json().path("items"), "title"));
        assertFalse(mine.body().contains("Other company"), mine.body());
        assertFalse(mine.body().contains("999.00"), mine.body());
        assertFalse(mine.body().contains(other.company), mine.body());

        // the other company's path with this company's token: nothing of it shows
        JsonNode refused = assertProblem(api.user.list().company(other.company).query("status", "staged").send(), 403, "FORBIDDEN");
        assertTrue(refused.path("reasons").isMissingNode(), refused.toString());
        assertFalse(refused.toString().contains("Other company"), refused.toString());
    }

    @Test
    void historyListsSyncsNewestFirstWithEveryFieldAndPages() {
        api.staged(snapshot("H-1", "J-1", 1).lump("A", "100.00"));
        Instant t0 = api.clock.instant();
        api.applied("H-1", api.user.importing("H-1").send());
        Instant t1 = api.later();
        api.spectrum.upsert(snapshot("H-1", "J-1", 2).lump("A", "100.00").lump("B", "20.00"));
        String sync2 = api.reimported("H-1").path("syncId").asText();
        Instant t2 = api.later();
        api.spectrum.upsert(snapshot("H-1", "J-1", 3).lump("A", "90.00").lump("B", "20.00"));
        api.reimported("H-1");
        Instant t3 = api.later();
        api.spectrum.upsert(snapshot("H-1", "J-1", 4).lump("A", "90.00"));
        api.reimported("H-1");

        Response all = api.user.history("H-1").send();
        assertEquals(200, all.status(), all.body());
        assertEquals("application/json", all.header("Content-Type"));
        JsonNode items = all.json().path("items");
        assertEquals(List.of("reimport", "reimport", "reimport", "import"), texts(items, "kind"));
        assertEquals(List.of(t3.toString(), t2.toString(), t1.toString(), t0.toString()), texts(items, "requestedAt"));
        assertEquals(List.of(t3.toString(), t2.toString(), t1.toString(), t0.toString()), texts(items, "finishedAt"));
        assertEquals(List.of("applied", "applied", "applied", "applied"), texts(items, "status"));
        assertEquals(List.of("4", "3", "2", "1"), texts(items, "erpVersion"));
        assertEquals(List.of("110.00", "120.00", "100.00", "0.00"), texts(items, "previousAmount"));
        assertEquals(List.of("90.00", "110.00", "120.00", "100.00"), texts(items, "newAmount"));
        assertEquals(List.of("0", "0", "1", "1"), texts(items, "added"));
        assertEquals(List.of("0", "1", "0", "0"), texts(items, "changed"));
        assertEquals(List.of("1", "0", "0", "0"), texts(items, "removed"));
        assertEquals(List.of(Api.USER, Api.USER, Api.USER, Api.USER), texts(items, "requestedBy"));
        assertEquals(sync2, items.get(2).path("syncId").asText());
        assertTrue(all.json().path("nextCursor").isNull());

        Response page1 = api.user.history("H-1").query("limit", "3").send();
        assertEquals(List.of("4", "3", "2"), texts(page1.json().path("items"), "erpVersion"));
        String cursor = page1.json().path("nextCursor").asText();
        assertFalse(cursor.isEmpty(), page1.body());
        Response page2 = api.user.history("H-1").query("limit", "3").query("cursor", cursor).send();
        assertEquals(200, page2.status(), page2.body());
        assertEquals(List.of("1"), texts(page2.json().path("items"), "erpVersion"));
        assertTrue(page2.json().path("nextCursor").isNull(), page2.body());

        Response pageA = api.user.history("H-1").query("limit", "2").send();
        Response pageB = api.user.history("H-1").query("limit", "2").query("cursor", pageA.json().path("nextCursor").asText()).send();
        assertEquals(List.of("4", "3"), texts(pageA.json().path("items"), "erpVersion"));
        assertEquals(List.of("2", "1"), texts(pageB.json().path("items"), "erpVersion"));
        assertTrue(pageB.json().path("nextCursor").isNull(), pageB.body());
    }

    @Test
    void historyOfAContractNeverSyncedIsEmptyAndOfAnUnknownOneIs404() {
        api.spectrum.upsert(snapshot("N-1", "J-1", 1).lump("A", "1.00"));
        Response empty = api.user.history("N-1").send();
        assertEquals(200, empty.status(), empty.body());
        assertEquals(0, empty.json().path("items").size());
        assertTrue(empty.json().path("nextCursor").isNull());

        JsonNode unknown = assertProblem(api.user.history("NOPE-1").send(), 404, "NOT_FOUND");
        assertTrue(unknown.path("reasons").isMissingNode());
        // a contract only the project side has named is not one Spectrum sent
        api.procoreSide.link("LINKED-ONLY", api.project);
        assertProblem(api.user.history("LINKED-ONLY").send(), 404, "NOT_FOUND");
        Response list = api.user.list().query("status", "staged").send();
        assertEquals(List.of("N-1"), texts(list.json().path("items"), "contractId"));
        // another company's contract of the same id is unknown here
        Api other = api.otherCompany();
        assertProblem(other.user.history("N-1").send(), 404, "NOT_FOUND");
    }

    @Test
    void wrongMethodsAndRoutesAre404() {
        assertProblem(api.user.list().method("POST").send(), 404, "NOT_FOUND");
        assertProblem(api.user.history("X-1").method("DELETE").send(), 404, "NOT_FOUND");
        assertProblem(api.user.importing("X-1").method("GET").sendTo(api.lists), 404, "NOT_FOUND");
    }

    private static void assertViolation(Response response, String field) {
        JsonNode problem = assertProblem(response, 400, "VALIDATION_FAILED");
        assertEquals(List.of(field), violationFields(problem), problem.toString());
    }

    private static String encode(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }
}
