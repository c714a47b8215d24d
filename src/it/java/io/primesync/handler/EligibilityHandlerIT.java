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
import io.primesync.domain.Caller;
import io.primesync.domain.Level;
import io.primesync.json.Json;
import io.primesync.testing.Api;
import io.primesync.testing.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /companies/{companyId}/erp/prime-contracts/{contractId}/reimport-eligibility}. */
class EligibilityHandlerIT {
    private final Api api = Api.onLocalDynamo();

    @Test
    void thePreviewShowsEveryAddedChangedAndRemovedLineAndBothAmounts() throws Exception {
        api.imported(snapshot("E-1", "J-1", 1)
                .lump("A", "Sitework", "100.00")
                .unit("B", "Concrete", "10", "CY", "5.00", "50.00")
                .lump("R", "Retired scope", "30.00")
                .lump("S", "Same", "1.00"));
        api.spectrum.upsert(snapshot("E-1", "J-1", 2)
                .lump("S", "Same", "1.00")
                .lump("A", "Sitework and grading", "100.00")
                .unit("B", "Concrete", "12", "CY", "5.00", "60.00")
                .unit("N", "Rebar", "2.5", "TN", "6.2000", "15.50"));

        Response response = api.user.eligibility("E-1").send();
        assertEquals(200, response.status(), response.body());
        assertEquals("application/json", response.header("Content-Type"));
        JsonNode body = response.json();
        assertEquals("E-1", body.path("contractId").asText());
        assertTrue(body.path("eligible").asBoolean(), response.body());
        assertEquals(0, body.path("reasons").size());
        assertEquals(2, body.path("erpVersion").asLong());
        JsonNode preview = body.path("preview");
        assertEquals("181.00", preview.path("currentAmount").asText());
        assertEquals("176.50", preview.path("newAmount").asText());

        assertEquals(Json.MAPPER.readTree("[{\"itemCode\":\"N\",\"description\":\"Rebar\",\"amount\":\"15.50\","
                + "\"quantity\":\"2.5\",\"unitOfMeasure\":\"TN\",\"unitPrice\":\"6.2000\"}]"), preview.path("added"));
        assertEquals(Json.MAPPER.readTree("[{\"itemCode\":\"R\",\"description\":\"Retired scope\",\"amount\":\"30.00\"}]"),
                preview.path("removed"), "a lump-sum line has no unit fields at all");
        JsonNode changed = preview.path("changed");
        assertEquals(List.of("A", "B"), texts(changed, "itemCode"), "S did not change; order follows the ERP");
        assertEquals(Json.MAPPER.readTree("{\"itemCode\":\"A\",\"description\":\"Sitework\",\"amount\":\"100.00\"}"),
                changed.get(0).path("before"));
        assertEquals(Json.MAPPER.readTree("{\"itemCode\":\"A\",\"description\":\"Sitework and grading\",\"amount\":\"100.00\"}"),
                changed.get(0).path("after"));
        assertEquals(Json.MAPPER.readTree("{\"itemCode\":\"B\",\"description\":\"Concrete\",\"amount\":\"50.00\","
                + "\"quantity\":\"10\",\"unitOfMeasure\":\"CY\",\"unitPrice\":\"5.00\"}"), changed.get(1).path("before"));
        assertEquals(Json.MAPPER.readTree("{\"itemCode\":\"B\",\"description\":\"Concrete\",\"amount\":\"60.00\","
                + "\"quantity\":\"12\",\"unitOfMeasure\":\"CY\",\"unitPrice\":\"5.00\"}"), changed.get(1).path("after"));

        JsonNode listed = api.listed("E-1", "synced");
        assertEquals(1, listed.path("pendingChanges").path("added").asInt());
        assertEquals(2, listed.path("pendingChanges").path("changed").asInt());
        assertEquals(1, listed.path("pendingChanges").path("removed").asInt());
    }

    @Test
    void aContractNeverImportedIsNotEligibleAndItsPreviewIsTheWholeContract() {
        api.spectrum.upsert(snapshot("E-2", "J-2", 4).lump("A", "10.00").lump("B", "2.50"));
        JsonNode body = ok(api.user.eligibility("E-2").send());
        assertFalse(body.path("eligible").asBoolean());
        assertEquals(List.of("NOT_IMPORTED", "JOB_NOT_SYNCED"), reasonCodes(body.path("reasons")));
        JsonNode jobReason = body.path("reasons").get(1);
        assertEquals("J-2", jobReason.path("details").path("jobNumber").asText());
        assertTrue(jobReason.path("message").asText().contains("J-2"), jobReason.toString());
        assertEquals(4, body.path("erpVersion").asLong());
        assertEquals("0.00", body.path("preview").path("currentAmount").asText());
        assertEquals("12.50", body.path("preview").path("newAmount").asText());
        assertEquals(List.of("A", "B"), texts(body.path("preview").path("added"), "itemCode"));
        assertEquals(0, body.path("preview").path("changed").size());
        assertEquals(0, body.path("preview").path("removed").size());
    }

    @Test
    void everyFailingRuleIsReportedAtOnceWithItsDetails() {
        api.imported(snapshot("E-3", "J-3", 1).lump("A", "10.00"));
        api.spectrum.upsert(snapshot("E-3", "J-3", 2).status("unapproved").lump("A", "10.00"));
        api.procoreSide.syncJob("J-3", api.otherProject); // a second project with the job's origin: the contract is in both
        String co2 = api.procoreSide.pcco("E-3", api.project, "CO-2", "approved");
        String co1 = api.procoreSide.pcco("E-3", api.project, "CO-1", "approved");
        api.procoreSide.pcco("E-3", api.project, "CO-3", "pending");
        api.spectrum.delete("E-3", 2);

        JsonNode body = ok(api.user.eligibility("E-3").as(api.caller(Level.READ_ONLY, Level.ADMIN)).send());
        assertFalse(body.path("eligible").asBoolean());
        List<String> codes = reasonCodes(body.path("reasons"));
        assertEquals(List.of("CONTRACT_DELETED_IN_ERP", "CONTRACT_UNAPPROVED",
                "LINKED_TO_MULTIPLE_PROJECTS", "APPROVED_CHANGE_ORDERS", "MISSING_PERMISSION"), codes,
                "deleted, it is not also told that nothing changed in Spectrum");
        JsonNode links = reason(body, "LINKED_TO_MULTIPLE_PROJECTS");
        assertEquals(List.of(api.project, api.otherProject), strings(links.path("details").path("projectIds")));
        JsonNode orders = reason(body, "APPROVED_CHANGE_ORDERS");
        assertEquals(List.of(co2, co1), strings(orders.path("details").path("pccoIds")),
                "Procore's ids, in order; the pending CO-3 is no obstacle");
        assertEquals(List.of("CO-2", "CO-1"), texts(orders.path("details").path("changeOrders"), "number"),
                "with the numbers people see in Procore");
        assertTrue(orders.path("message").asText().contains("CO-2 \"Change CO-2\" (id " + co2 + ")"),
                orders.toString());
        assertEquals(List.of("Project of company " + api.company, "Second project of company " + api.company),
                texts(links.path("details").path("projects"), "name"), "and the projects' names");
        JsonNode permission = reason(body, "MISSING_PERMISSION");
        assertEquals("admin", permission.path("details").path("required").path("erp_integrations").asText());
        assertEquals("read_only", permission.path("details").path("held").path("erp_integrations").asText());
        assertEquals(0, body.path("preview").path("added").size() + body.path("preview").path("changed").size()
                + body.path("preview").path("removed").size());
    }

    @Test
    void aContractUnlinkedFromEveryProjectSaysSo() {
        api.imported(snapshot("E-4", "J-4", 1).lump("A", "10.00"));
        api.spectrum.upsert(snapshot("E-4", "J-4", 2).lump("A", "11.00"));
        api.procoreSide.unlink("E-4", api.project);
        JsonNode body = ok(api.user.eligibility("E-4").send());
        assertEquals(List.of("NOT_LINKED_TO_PROJECT"), reasonCodes(body.path("reasons")));
        assertEquals(0, body.path("reasons").get(0).path("details").path("projectIds").size());
        api.procoreSide.link("E-4", api.project);
        assertTrue(ok(api.user.eligibility("E-4").send()).path("eligible").asBoolean());
    }

    @Test
    void anUnknownContractIs404AndABadIdentifierIs400() {
        JsonNode unknown = assertProblem(api.user.eligibility("UNKNOWN-1").send(), 404, "NOT_FOUND");
        assertTrue(unknown.path("reasons").isMissingNode());
        api.procoreSide.pcco("PCO-ONLY", api.project, "CO-1", "approved");
        assertProblem(api.user.eligibility("PCO-ONLY").send(), 404, "NOT_FOUND");
        api.spectrum.delete("DELETED-ONLY", 3);
        assertProblem(api.user.eligibility("DELETED-ONLY").send(), 404, "NOT_FOUND");

        for (String bad : List.of("-E", ".E", "E 1", "E/1", "E#1", "É-1", "E".repeat(65))) {
            JsonNode problem = assertProblem(api.user.eligibility(bad).send(), 400, "VALIDATION_FAILED");
            assertEquals(List.of("contractId"), violationFields(problem), bad);
        }
        // 64 characters is a valid id: unknown here, so 404 rather than 400
        assertProblem(api.user.eligibility("E".repeat(64)).send(), 404, "NOT_FOUND");
        JsonNode company = assertProblem(api.user.eligibility("E-1").company("x1").send(), 400, "VALIDATION_FAILED");
        assertEquals(List.of("companyId"), violationFields(company));
    }

    @Test
    void aCallerWithoutReadAccessLearnsNothing() {
        api.spectrum.upsert(snapshot("E-5", "J-5", 1).title("Confidential tower").lump("A", "10.00"));
        JsonNode problem = assertProblem(api.user.eligibility("E-5").as(api.caller(Level.NONE, Level.ADMIN)).send(), 403, "FORBIDDEN");
        assertTrue(problem.path("reasons").isMissingNode(), problem.toString());
        assertFalse(problem.toString().contains("Confidential"), problem.toString());
        Caller nothing = new Caller(Api.USER, Map.of(), Map.of());
        assertProblem(api.user.eligibility("E-5").as(nothing).send(), 403, "FORBIDDEN");
        // the same answer whether the contract exists or not
        JsonNode unknown = assertProblem(api.user.eligibility("NOPE").as(api.caller(Level.NONE, Level.ADMIN)).send(), 403, "FORBIDDEN");
        assertTrue(unknown.path("reasons").isMissingNode());
        assertTrue(ok(api.user.eligibility("E-5").as(api.caller(Level.READ_ONLY, Level.NONE)).send()).has("preview"));
    }

    private static JsonNode ok(Response response) {
        assertEquals(200, response.status(), response.body());
        return response.json();
    }

    private static JsonNode reason(JsonNode body, String code) {
        for (JsonNode reason : body.path("reasons")) {
            if (reason.path("code").asText().equals(code)) {
                return reason;
            }
        }
        throw new AssertionError("no reason " + code + " in " + body);
    }
}
