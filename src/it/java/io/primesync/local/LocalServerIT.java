package io.primesync.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.http.Route;
import io.primesync.local.procore.SimulatorClient;
import io.primesync.testing.LocalDynamo;
import io.primesync.testing.TestTokens;
import io.primesync.webhook.Source;
import io.primesync.webhook.WebhookSignature;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local server end to end, over real HTTP: the demo loaded through the local Spectrum, its agent and the import route,
 * then every route driven as a client would, with the real handlers, authorizer and store behind it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalServerIT {
    private static final String CONTRACTS = Route.LIST.path(DemoData.COMPANY);
    /** The body API Gateway answers for a missing or refused token, from template.yaml's GatewayResponses. */
    private static final String UNAUTHORIZED_BODY = "{\"type\":\"https://primesync.io/problems/unauthorized\","
            + "\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"A valid bearer token is required.\","
            + "\"code\":\"UNAUTHORIZED\"}";

    @TempDir
    Path dataDir;

    private LocalServer server;
    private HttpApi api;
    private DemoLoader.Tokens tokens;

    /** The data directory inside {@code dir}: what lives beside it (the simulator's, the local Spectrum's) does too. */
    static LocalServer.Options options(Path dir) {
        return LocalServer.Options.defaults().withPort(0).withDataDir(dir == null ? null : dir.resolve("data"))
                .withEngineDir(LocalDynamo.buildDir().resolve("dynalite"));
    }

    @BeforeAll
    void start() throws IOException {
        server = LocalServer.start(options(dataDir).withDemo(true));
        api = new HttpApi(server.baseUri());
        tokens = server.demo().tokens();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void theDemoLoadsAndTheListShowsEveryStateWithItsReasons() {
        assertEquals(DemoData.contracts().size() - 1, server.demo().imported(), "every demo contract but the staged one is imported");
        // the second of the two polls after the changes re-sent, for the day, what had not changed in two weeks
        assertEquals(DemoData.contracts().stream().filter(c -> c.erpVersion() == DemoData.V1).count(),
                server.demo().duplicates());

        HttpApi.Answer list = api.get(CONTRACTS + "?limit=100", tokens.admin());
        assertEquals(200, list.status(), list::toString);
        Map<String, JsonNode> byId = byContractId(list.json().get("items"));
        for (DemoData.Contract c : DemoData.contracts()) {
            if (c.importedVersion() == 0) {
                assertFalse(byId.containsKey(c.contractId()), c.contractId() + " was never imported");
                continue;
            }
            JsonNode summary = byId.get(c.contractId());
            assertNotNull(summary, c.contractId() + " is missing from " + list);
            if (!c.contractId().equals(DemoData.DELETED)) {
                // a deletion carries a version of its own but leaves the last snapshot's in the summary
                assertEquals(c.erpVersion(), summary.get("erpVersion").asLong(), c.contractId());
            }
            assertEquals(c.importedVersion(), summary.get("syncedErpVersion").asLong(), c.contractId());
            List<String> reasons = new ArrayList<>(codes(summary.get("reimport").get("reasons")));
            assertEquals(c.ready(), summary.get("reimport").get("enabled").asBoolean(), c.contractId() + ": " + reasons);
            // exactly these: the README lists them for each demo contract
            assertEquals(new TreeSet<>(c.reasons()), new TreeSet<>(reasons), c.contractId());
        }
        JsonNode ready = byId.get(DemoData.READY).get("pendingChanges");
        assertEquals(List.of(1, 1, 1), List.of(ready.get("added").asInt(), ready.get("changed").asInt(),
                ready.get("removed").asInt()));
        JsonNode inSync = byId.get(DemoData.IN_SYNC).get("pendingChanges");
        assertEquals(0, inSync.get("added").asInt() + inSync.get("changed").asInt() + inSync.get("removed").asInt());
        assertEquals(DemoData.amount(DemoData.READY, DemoData.V1), byId.get(DemoData.READY).get("contractAmount").asText());
        assertEquals(DemoData.amount(DemoData.READY, DemoData.V2), byId.get(DemoData.READY).get("erpContractAmount").asText());
        JsonNode twoProjects = byId.get(DemoData.TWO_PROJECTS).get("projectIds");
        assertEquals(2, twoProjects.size(), twoProjects::toString);
        // the projects as people know them in Procore: their names and numbers, not Procore's ids alone
        JsonNode readyProjects = byId.get(DemoData.READY).get("projects");
        assertEquals(DemoData.contract(DemoData.READY).projectName(), readyProjects.get(0).get("name").asText());
        assertEquals(DemoData.contract(DemoData.READY).jobNumber(), readyProjects.get(0).get("number").asText());
        JsonNode approved = byId.get(DemoData.APPROVED_CO).get("reimport").get("reasons").get(0);
        assertTrue(approved.get("message").asText().contains(DemoData.APPROVED_PCCO + " \""), approved::toString);
        assertEquals(DemoData.APPROVED_PCCO, approved.get("details").get("changeOrders").get(0).get("number").asText());
        assertTrue(server.demoRequests() > 0, "the demo was loaded through the API");

        HttpApi.Answer staged = api.get(CONTRACTS + "?status=staged", tokens.admin());
        assertEquals(200, staged.status(), staged::toString);
        JsonNode stagedContract = byContractId(staged.json().get("items")).get(DemoData.STAGED);
        assertNotNull(stagedContract, staged::toString);
        assertTrue(codes(stagedContract.get("reimport").get("reasons")).contains("NOT_IMPORTED"));

        HttpApi.Answer readyOnly = api.get(CONTRACTS + "?ready=true&limit=100", tokens.admin());
        assertEquals(Set.of(DemoData.READY, DemoData.LARGE, DemoData.READY_2, DemoData.EDITED),
                byContractId(readyOnly.json().get("items")).keySet());

        HttpApi.Answer viewer = api.get(CONTRACTS + "?limit=100", tokens.readOnly());
        assertEquals(200, viewer.status(), viewer::toString);
        JsonNode viewerReady = byContractId(viewer.json().get("items")).get(DemoData.READY).get("reimport");
        assertFalse(viewerReady.get("enabled").asBoolean());
        assertTrue(codes(viewerReady.get("reasons")).contains("MISSING_PERMISSION"), viewerReady::toString);

        HttpApi.Answer other = api.get(CONTRACTS, tokens.otherCompany());
        assertEquals(403, other.status(), other::toString);
        assertFalse(other.text().contains(DemoData.READY), "another company's user learns nothing about the contracts");
    }

    @Test
    @Order(2)
    void thePreviewShowsExactlyWhatChangedBetweenTheSnapshots() {
        HttpApi.Answer answer = api.get(CONTRACTS + "/" + DemoData.READY + "/reimport-eligibility", tokens.admin());
        assertEquals(200, answer.status(), answer::toString);
        JsonNode body = answer.json();
        assertTrue(body.get("eligible").asBoolean(), answer::toString);
        assertEquals(0, body.get("reasons").size());
        assertEquals(DemoData.V2, body.get("erpVersion").asLong());
        JsonNode preview = body.get("preview");
        assertEquals(DemoData.amount(DemoData.READY, DemoData.V1), preview.get("currentAmount").asText());
        assertEquals(DemoData.amount(DemoData.READY, DemoData.V2), preview.get("newAmount").asText());
        assertEquals(List.of("09-900"), itemCodes(preview.get("added")));
        assertEquals(List.of("05-100"), itemCodes(preview.get("removed")));
        assertEquals(1, preview.get("changed").size());
        JsonNode changed = preview.get("changed").get(0);
        assertEquals("03-300", changed.get("itemCode").asText());
        assertEquals("600000.00", changed.get("before").get("amount").asText());
        assertEquals("650000.00", changed.get("after").get("amount").asText());
        assertEquals("Concrete, incl. podium slab", changed.get("after").get("description").asText());
        JsonNode earthwork = DemoDataLine.find(preview, "02-100");
        assertNull(earthwork, "an unchanged line is not in the preview");

        HttpApi.Answer large = api.get(CONTRACTS + "/" + DemoData.LARGE + "/reimport-eligibility", tokens.admin());
        assertEquals(200, large.status(), large::toString);
        JsonNode largePreview = large.json().get("preview");
        assertEquals(List.of("L0601", "L0602"), itemCodes(largePreview.get("added")));
        assertEquals(List.of("L0500"), itemCodes(largePreview.get("removed")));
        assertEquals(2, largePreview.get("changed").size());
        assertEquals(DemoData.amount(DemoData.LARGE, DemoData.V2), largePreview.get("newAmount").asText());

        assertEquals(404, api.get(CONTRACTS + "/NO-SUCH-CONTRACT/reimport-eligibility", tokens.admin()).status());
    }

    @Test
    @Order(3)
    void aReimportAppliesOnceInProcoreAsPreviewedAndAReplayedKeyReturnsTheFirstResponse() throws InterruptedException {
        HttpApi.Answer previewed = api.get(CONTRACTS + "/" + DemoData.READY + "/reimport-eligibility", tokens.admin());
        JsonNode preview = previewed.json().get("preview");
        String path = CONTRACTS + "/" + DemoData.READY + "/reimport";
        String body = "{\"expectedErpVersion\":" + DemoData.V2 + "}";
        HttpApi.Answer first = api.post(path, tokens.admin(), body, "Idempotency-Key", "demo-it-1");
        assertEquals(202, first.status(), first::toString);
        JsonNode result = first.json();
        assertEquals(DemoData.READY, result.get("contractId").asText());
        assertEquals(DemoData.V2, result.get("erpVersion").asLong());
        assertEquals(DemoData.amount(DemoData.READY, DemoData.V1), result.get("previousAmount").asText());
        assertEquals(DemoData.amount(DemoData.READY, DemoData.V2), result.get("newAmount").asText());
        assertEquals(List.of(1, 1, 1), List.of(result.get("added").asInt(), result.get("changed").asInt(),
                result.get("removed").asInt()));
        assertEquals("demo-admin", result.get("requestedBy").asText());
        assertNull(first.header("Idempotent-Replayed"));
        String location = first.header("Location");
        assertEquals("/v1" + CONTRACTS + "/" + DemoData.READY + "/syncs/" + result.get("syncId").asText(), location,
                "the path as called through the stage");

        HttpApi.Answer replay = api.post(path, tokens.admin(), body, "Idempotency-Key", "demo-it-1");
        assertEquals(202, replay.status(), replay::toString);
        assertEquals("true", replay.header("Idempotent-Replayed"));
        assertEquals(result, replay.json());

        // the server's worker takes the message from the queue and writes it to the Procore simulator
        JsonNode sync = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            sync = api.get(location, tokens.readOnly()).json();
            if (sync.get("status").asText().equals("applied") || sync.get("status").asText().equals("failed")) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("applied", sync.get("status").asText(), String.valueOf(sync));
        assertEquals(3, sync.get("progress").get("linesWritten").asInt(), sync.toString());

        // Procore now holds Spectrum's version 2, changed exactly as the preview said
        SimulatorClient procore = new SimulatorClient(server.procoreUri());
        String project = DemoData.contract(DemoData.READY).projectId();
        JsonNode pc = procore.primeContractOf(DemoData.COMPANY, project, DemoData.READY);
        Map<String, String> held = new LinkedHashMap<>();
        for (JsonNode line : procore.lineItems(DemoData.COMPANY, project, pc.get("id").asText())) {
            String code = line.get("origin_id").asText().substring(DemoData.READY.length() + 1);
            assertNull(held.put(code, new BigDecimal(line.get("amount").asText()).setScale(2).toPlainString()),
                    "no line twice: " + code);
        }
        Map<String, String> expected = new LinkedHashMap<>();
        for (DemoData.Line line : DemoData.lines(DemoData.READY, DemoData.V2)) {
            expected.put(line.itemCode(), new BigDecimal(line.amount()).setScale(2).toPlainString());
        }
        assertEquals(new TreeMap<>(expected), new TreeMap<>(held));
        assertTrue(held.containsKey(preview.get("added").get(0).get("itemCode").asText()));
        assertFalse(held.containsKey(preview.get("removed").get(0).get("itemCode").asText()));
        JsonNode changed = preview.get("changed").get(0);
        assertEquals(new BigDecimal(changed.get("after").get("amount").asText()).setScale(2).toPlainString(),
                held.get(changed.get("itemCode").asText()), changed.toString());

        HttpApi.Answer again = api.post(path, tokens.admin(), body, "Idempotency-Key", "demo-it-2");
        assertEquals(409, again.status(), again::toString);
        assertTrue(codes(again.json().get("reasons")).contains("NO_UNSYNCED_CHANGES"), again::toString);

        HttpApi.Answer eligibility = api.get(CONTRACTS + "/" + DemoData.READY + "/reimport-eligibility", tokens.admin());
        assertFalse(eligibility.json().get("eligible").asBoolean());
        assertEquals(Set.of("NO_UNSYNCED_CHANGES"), codes(eligibility.json().get("reasons")));

        JsonNode summary = byContractId(api.get(CONTRACTS + "?limit=100", tokens.admin()).json().get("items"))
                .get(DemoData.READY);
        assertEquals(DemoData.V2, summary.get("syncedErpVersion").asLong());
        assertEquals(DemoData.amount(DemoData.READY, DemoData.V2), summary.get("contractAmount").asText());
        assertEquals(pc.get("id").asText(), summary.get("procorePrimeContractId").asText());
        JsonNode pending = summary.get("pendingChanges");
        assertEquals(0, pending.get("added").asInt() + pending.get("changed").asInt() + pending.get("removed").asInt());

        HttpApi.Answer history = api.get(CONTRACTS + "/" + DemoData.READY + "/history", tokens.readOnly());
        assertEquals(200, history.status(), history::toString);
        JsonNode items = history.json().get("items");
        assertEquals(2, items.size(), history::toString);
        assertEquals("reimport", items.get(0).get("kind").asText());
        assertEquals(result.get("syncId").asText(), items.get(0).get("syncId").asText());
        assertEquals("applied", items.get(0).get("status").asText());
        assertEquals("import", items.get(1).get("kind").asText());
    }

    @Test
    @Order(4)
    void aRefusedReimportNamesEveryReason() {
        HttpApi.Answer refused = api.post(CONTRACTS + "/" + DemoData.APPROVED_CO + "/reimport", tokens.admin(), null);
        assertEquals(409, refused.status(), refused::toString);
        assertEquals("application/problem+json", refused.header("Content-Type"));
        JsonNode problem = refused.json();
        assertEquals("REIMPORT_NOT_ALLOWED", problem.get("code").asText());
        JsonNode reason = problem.get("reasons").get(0);
        assertEquals("APPROVED_CHANGE_ORDERS", reason.get("code").asText(), refused::toString);
        // Procore's id of the demo's approved change order (numbered PCCO-001 in Procore)
        assertEquals("[\"" + SampleEvents.DEMO_CHANGE_ORDER_ID + "\"]", reason.get("details").get("pccoIds").toString(),
                refused::toString);

        HttpApi.Answer viewer = api.post(CONTRACTS + "/" + DemoData.LARGE + "/reimport", tokens.readOnly(), null);
        assertEquals(403, viewer.status(), viewer::toString);
        assertTrue(codes(viewer.json().get("reasons")).contains("MISSING_PERMISSION"), viewer::toString);
    }

    @Test
    @Order(5)
    void aWebhookWithABadSignatureIsRefusedAndStoresNothing() {
        String body = "{\"id\":\"it-bad-signature\",\"type\":\"job.unsynced\",\"companyId\":\"1001\","
                + "\"occurredAt\":\"2026-01-01T00:00:00Z\",\"data\":{\"jobNumber\":\"24-105\"}}";
        String wrongSecret = WebhookSignature.sign("not-the-secret".getBytes(StandardCharsets.UTF_8),
                Instant.now().getEpochSecond(), body.getBytes(StandardCharsets.UTF_8));
        HttpApi.Answer refused = api.post(Route.PROCORE_WEBHOOK.path(), null, body, WebhookSignature.HEADER, wrongSecret);
        assertEquals(401, refused.status(), refused::toString);
        assertEquals("INVALID_SIGNATURE", refused.json().get("code").asText());

        HttpApi.Answer unsigned = api.post(Route.PROCORE_WEBHOOK.path(), null, body);
        assertEquals(401, unsigned.status(), unsigned::toString);

        // IN-SYNC's job is still synced: the unsigned event changed nothing
        JsonNode inSync = byContractId(api.get(CONTRACTS + "?limit=100", tokens.admin()).json().get("items"))
                .get(DemoData.IN_SYNC);
        assertFalse(codes(inSync.get("reimport").get("reasons")).contains("JOB_NOT_SYNCED"), inSync::toString);
    }

    @Test
    @Order(6)
    void whatApiGatewayAnswersItself() {
        HttpApi.Answer unknown = api.get("/companies/1001/nothing-here", tokens.admin());
        assertEquals(404, unknown.status());
        assertEquals("application/problem+json", unknown.header("Content-Type"));
        JsonNode problem = unknown.json();
        assertEquals("NOT_FOUND", problem.get("code").asText());
        assertEquals(404, problem.get("status").asInt());
        for (String field : List.of("type", "title", "detail")) {
            assertTrue(problem.hasNonNull(field), field);
        }

        HttpApi.Answer wrongMethod = api.post(CONTRACTS, tokens.admin(), "{}");
        // as API Gateway answers it: MISSING_AUTHENTICATION_TOKEN, which the template makes a 404 problem
        assertEquals(404, wrongMethod.status());
        assertEquals("NOT_FOUND", wrongMethod.json().get("code").asText());
        assertEquals(unknown.text(), wrongMethod.text());
        assertEquals("application/problem+json", wrongMethod.header("Content-Type"));

        HttpApi.Answer noToken = api.get(CONTRACTS, null);
        assertEquals(401, noToken.status());
        assertEquals(UNAUTHORIZED_BODY, noToken.text());
        assertEquals("application/problem+json", noToken.header("Content-Type"));

        HttpApi.Answer notBearer = api.send(api.request(CONTRACTS).header("Authorization", "Basic dXNlcjpwYXNz").build());
        assertEquals(401, notBearer.status());
        assertEquals(UNAUTHORIZED_BODY, notBearer.text());

        String forged = TestTokens.signWithOtherKey("demo-admin", Map.of("companies", Map.of("1001", Map.of("erp_integrations", "admin"))),
                Instant.now().plus(Duration.ofHours(1)));
        HttpApi.Answer badSignature = api.get(CONTRACTS, forged);
        assertEquals(401, badSignature.status());
        assertEquals(UNAUTHORIZED_BODY, badSignature.text());

        HttpApi.Answer staged = api.get("/v1" + CONTRACTS + "?status=staged", tokens.admin());
        assertEquals(200, staged.status(), "the stage prefix of the AWS URL works too: " + staged);

        byte[] huge = new byte[LocalServer.MAX_BODY + 1];
        HttpApi.Answer tooLarge = api.send(api.request(Route.SPECTRUM_WEBHOOK.path()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build());
        assertEquals(413, tooLarge.status());
        assertEquals("PAYLOAD_TOO_LARGE", tooLarge.json().get("code").asText());
    }

    @Test
    @Order(6)
    void aScheduleRunsAtOnceWhenAskedLocally() {
        HttpApi.Answer run = api.post(LocalServer.SCHEDULES_PATH + "Reconcile", null, null);
        assertEquals(200, run.status(), run::toString);
        assertTrue(run.json().get("companies").asInt() >= 1, run::toString);
        assertTrue(run.json().has("findings"), run::toString);
        HttpApi.Answer unknown = api.post(LocalServer.SCHEDULES_PATH + "NoSuchSchedule", null, null);
        assertEquals(404, unknown.status(), unknown::toString);
        assertTrue(unknown.text().contains("Sweep, Reconcile"), "it names the schedules there are: " + unknown);
        assertEquals(405, api.get(LocalServer.SCHEDULES_PATH + "Reconcile", null).status());
    }

    @Test
    @Order(7)
    void loadingTheDemoAgainChangesNothing() throws IOException {
        DemoLoader.Loaded again = DemoLoader.load(server.baseUri(), server.procoreUri(), server.runtime().identity(),
                LocalRuntime.environment(server.runtime().api().function("WebhookFunction"), server.runtime()),
                server.demoSpectrum(), System.err);
        // the local Spectrum holds the demo: nothing is written to it or polled again, nothing is imported again
        assertEquals(List.of(0, 0, 0, 0), List.of(again.applied(), again.duplicates(), again.stale(), again.imported()));
    }

    @Test
    @Order(8)
    void dataSurvivesARestartOnTheSameDirectory(@TempDir Path otherDir) throws Exception {
        String company = "7007";
        Map<String, Object> data = new LinkedHashMap<>(DemoData.snapshot(DemoData.IN_SYNC, DemoData.V1));
        data.put("contractId", "RESTART-1");
        byte[] body = LocalJson.bytes(Map.of("id", "it-restart-1", "type", "prime_contract.upserted",
                "companyId", company, "occurredAt", "2026-01-01T00:00:00Z", "data", data));
        String token = TestTokens.sign("u-7007",
                Map.of("companies", Map.of(company, Map.of("erp_integrations", "read_only"))),
                Instant.now().plus(Duration.ofHours(1)));

        try (LocalServer first = LocalServer.start(options(otherDir))) {
            HttpApi.Answer applied = postSigned(new HttpApi(first.baseUri()), body);
            assertEquals("applied", applied.json().get("result").asText(), applied::toString);
            first.spectrum().database().job("7", "J-RESTART", "Kept across a restart", "A");
        }
        assertTrue(Files.list(otherDir.resolve("data")).findAny().isPresent(), "the engine wrote into the data directory");
        try (LocalServer second = LocalServer.start(options(otherDir))) {
            HttpApi again = new HttpApi(second.baseUri());
            HttpApi.Answer staged = again.get(Route.LIST.path(company) + "?status=staged", token);
            assertEquals(200, staged.status(), staged::toString);
            assertTrue(byContractId(staged.json().get("items")).containsKey("RESTART-1"), staged::toString);
            HttpApi.Answer duplicate = postSigned(again, body);
            assertEquals("duplicate", duplicate.json().get("result").asText(), "the webhook ledger survived too");
            assertTrue(second.spectrum().database().hasJob("7", "J-RESTART"), "and what was written in the local Spectrum");
        }
    }

    private static HttpApi.Answer postSigned(HttpApi api, byte[] body) {
        String signature = WebhookSignature.sign(LocalSettings.WEBHOOK_SECRETS.get(Source.SPECTRUM.secretName()).getBytes(StandardCharsets.UTF_8),
                Instant.now().getEpochSecond(), body);
        return api.post(Route.SPECTRUM_WEBHOOK.path(), null, new String(body, StandardCharsets.UTF_8),
                WebhookSignature.HEADER, signature);
    }

    static Map<String, JsonNode> byContractId(JsonNode items) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        items.forEach(i -> out.put(i.get("contractId").asText(), i));
        return out;
    }

    static Set<String> codes(JsonNode reasons) {
        Set<String> out = new TreeSet<>();
        reasons.forEach(r -> out.add(r.get("code").asText()));
        return out;
    }

    static List<String> itemCodes(JsonNode lines) {
        List<String> out = new ArrayList<>();
        lines.forEach(l -> out.add(l.get("itemCode").asText()));
        return out;
    }

    /** Finds a line by item code anywhere in a preview. */
    static final class DemoDataLine {
        static JsonNode find(JsonNode preview, String itemCode) {
            for (String part : List.of("added", "removed")) {
                for (JsonNode line : preview.get(part)) {
                    if (line.get("itemCode").asText().equals(itemCode)) {
                        return line;
                    }
                }
            }
            for (JsonNode change : preview.get("changed")) {
                if (change.get("itemCode").asText().equals(itemCode)) {
                    return change;
                }
            }
            return null;
        }
    }
}
