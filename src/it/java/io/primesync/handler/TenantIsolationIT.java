package io.primesync.handler;

import static io.primesync.testing.Answers.assertProblem;
import static io.primesync.testing.Snapshot.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.logging.LogTest;
import io.primesync.service.CompanyBinding;
import io.primesync.testing.Api;
import io.primesync.testing.LocalDynamo;
import io.primesync.testing.Response;
import io.primesync.testing.TestClock;
import io.primesync.webhook.Source;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * One customer can never act for another through the webhook routes: each company's events are checked with its
 * own secrets, so a company's secret (which its agent holds, and its Procore admins can read in its hook) vouches
 * for nothing of another company's.
 */
class TenantIsolationIT {
    private final String a = LocalDynamo.newCompanyId();
    private final String b = LocalDynamo.newCompanyId();
    private final String aNew = "company-a-secret-new-" + a;
    private final String aOld = "company-a-secret-old-" + a;
    private final String bOnly = "company-b-secret-" + b;

    /** Both sources' secrets by company, A in the middle of a rotation. */
    private Map<String, String> secrets(boolean aRotating) {
        String value = "{\"" + a + "\": [\"" + aNew + "\"" + (aRotating ? ", \"" + aOld + "\"" : "") + "], \"" + b
                + "\": \"" + bOnly + "\"}";
        return Map.of(Source.SPECTRUM.secretName(), value, Source.PROCORE.secretName(), value);
    }

    private Api company(String id, boolean aRotating) {
        LocalDynamo dynamo = LocalDynamo.get();
        return new Api(dynamo.tableName(), dynamo::client, TestClock.startingNow(), id, secrets(aRotating));
    }

    private static Response upsert(Api api, String contractId, String secret) {
        return api.spectrum.delivery(Source.SPECTRUM, api.spectrum.envelope("prime_contract.upserted",
                snapshot(contractId, "J-" + contractId, 1).lump("A", "10.00").json())).signedWith(secret).send();
    }

    @Test
    void aCompanysSpectrumSecretSignsNothingForAnotherCompany() {
        Api companyA = company(a, true);
        Api companyB = company(b, true);

        JsonNode refused = assertProblem(upsert(companyB, "TI-1", aNew), 401, "INVALID_SIGNATURE");
        assertTrue(refused.path("detail").asText().contains("secret of the company the body names"), refused.toString());
        assertProblem(upsert(companyB, "TI-1", aOld), 401, "INVALID_SIGNATURE");
        assertEquals(0, companyB.user.list().query("status", "staged").send().json().path("items").size(), "nothing stored for B");
        assertEquals(0, companyA.user.list().query("status", "staged").send().json().path("items").size(), "nor for A");

        assertEquals(200, upsert(companyB, "TI-1", bOnly).status());
        assertEquals(List.of("TI-1"), ids(companyB.user.list().query("status", "staged").send().json()));

        // A's rotation: its old and new secrets both work for A, and neither for B
        assertEquals(200, upsert(companyA, "TI-2", aNew).status());
        assertEquals(200, upsert(companyA, "TI-3", aOld).status());
        assertProblem(upsert(companyA, "TI-4", bOnly), 401, "INVALID_SIGNATURE");

        // A's rotation ends: its old secret is refused, B's is untouched
        Api rotatedA = company(a, false);
        Api stillB = company(b, false);
        assertProblem(upsert(rotatedA, "TI-5", aOld), 401, "INVALID_SIGNATURE");
        assertEquals(200, upsert(rotatedA, "TI-5", aNew).status());
        assertEquals(200, upsert(stillB, "TI-6", bOnly).status());
        assertEquals(List.of("TI-2", "TI-3", "TI-5"), ids(rotatedA.user.list().query("status", "staged").send().json()));
        assertEquals(List.of("TI-1", "TI-6"), ids(stillB.user.list().query("status", "staged").send().json()));
    }

    @Test
    void aCompanysProcoreHookSecretOpensNothingOfAnotherCompany() {
        Api companyA = company(a, true);
        Api companyB = company(b, true);
        byte[] forB = body(companyB.procoreSide.procoreDelivery("update", "Projects", companyB.project, companyB.project));

        for (String secret : List.of(aNew, aOld)) {
            JsonNode refused = assertProblem(companyB.procoreSide.procoreDeliver(forB, "Bearer " + secret), 401,
                    "INVALID_SIGNATURE");
            assertTrue(refused.path("detail").asText().contains("of this company"), refused.toString());
        }
        assertEquals(0, companyB.procoreSide.drainProcore(), "nothing refused was queued");
        assertEquals("accepted", companyB.procoreSide.procoreDeliver(forB, "Bearer " + bOnly).json().path("result").asText());
        assertEquals(1, companyB.procoreSide.drainProcore());

        byte[] forA = body(companyA.procoreSide.procoreDelivery("update", "Projects", companyA.project, companyA.project));
        assertEquals("accepted", companyA.procoreSide.procoreDeliver(forA, "Bearer " + aOld).json().path("result").asText(),
                "A's old secret while A rotates");
        Api rotatedA = company(a, false);
        byte[] again = body(rotatedA.procoreSide.procoreDelivery("update", "Projects", companyA.project, companyA.project));
        assertProblem(rotatedA.procoreSide.procoreDeliver(again, "Bearer " + aOld), 401, "INVALID_SIGNATURE");
        assertEquals("accepted", rotatedA.procoreSide.procoreDeliver(again, "Bearer " + aNew).json().path("result").asText());
    }

    @Test
    void tenThousandDeliveriesForOtherCompaniesUnderOneCompanysSecretAreAllRefused() {
        Api companyA = company(a, false);
        List<String> before = companyA.app.reconciler().companies();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int refused = 0;
        for (int i = 0; i < 10_000; i++) {
            long victim;
            do {
                victim = random.nextLong(1, 1_000_000_000_000L);
            } while (Long.toString(victim).equals(a));
            ObjectNode delivery = companyA.procoreSide.procoreDelivery("create", "Projects",
                    Long.toString(random.nextLong(1, 1L << 40)), null);
            delivery.put("company_id", victim);
            ((ObjectNode) delivery.path("metadata")).put("source_company_id", victim);
            Response r = companyA.procoreSide.procoreDeliver(body(delivery), "Bearer " + aNew);
            if (r.status() == 401) {
                refused++;
            } else {
                assertEquals(401, r.status(), r.body());
            }
        }
        assertEquals(10_000, refused);
        assertEquals(0, companyA.procoreSide.drainProcore(), "nothing was queued");
        assertEquals(before, companyA.app.reconciler().companies(), "the reconciliation's list is unchanged");
    }

    @Test
    void aDeliveryNamingAnotherCompanysProjectChangesNothingOfTheCompanys() {
        Api companyA = company(a, false);
        Api companyB = company(b, false);
        companyB.staged(snapshot("TI-B", "J-TI-B", 1).lump("A", "10.00"));
        String bProject = companyB.procoreSide.projectOf("J-TI-B");
        // in its own Procore company, A makes a project whose origin is B's job, and in it a prime contract carrying
        // B's contract id
        String aProject = companyA.procore.createProject(a, "Another company's project", "J-TI-B");
        String aContract = companyA.procoreSide.link("TI-B", aProject);
        // Procore's documentation does not say whether a read under B's header can answer A's project: either way
        for (boolean across : List.of(true, false)) {
            companyA.procore.readsAcrossCompanies(across);
            try {
                List<JsonNode> lines = LogTest.capturedLines(() -> {
                    companyB.procoreSide.told(companyB.procoreSide.procoreDelivery("update", "Projects", aProject, aProject));
                    companyB.procoreSide.told(companyB.procoreSide.procoreDelivery("create", "Prime Contracts", aContract,
                            aProject));
                });
                JsonNode listed = companyB.listed("TI-B", "staged");
                assertEquals(bProject, listed.path("jobProjectId").asText(), "B's job stays with B's project: " + listed);
                assertEquals(0, listed.path("projectIds").size(), "B's contract is in no project of A's: " + listed);
                long dropped = lines.stream().filter(l -> l.path("message").asText().equals("procore event")
                        && l.path("findings").asText().contains(CompanyBinding.MISMATCH)).count();
                assertEquals(across ? 2 : 0, dropped, lines.toString());
                if (across) {
                    assertEquals(2, lines.stream().filter(l -> l.path("message").asText().startsWith(
                            "Procore answered a record of another company")).count(), lines.toString());
                }
            } finally {
                companyA.procore.readsAcrossCompanies(false);
            }
        }
    }

    private static byte[] body(JsonNode delivery) {
        return Json.write(delivery).getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("items").forEach(i -> out.add(i.path("contractId").asText()));
        return out;
    }
}
