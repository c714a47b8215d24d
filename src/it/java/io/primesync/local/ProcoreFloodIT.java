package io.primesync.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.auth.Claims;
import io.primesync.domain.Caller;
import io.primesync.domain.ChangeOrderName;
import io.primesync.domain.ContractFacts;
import io.primesync.domain.Eligibility;
import io.primesync.domain.Reason;
import io.primesync.http.Route;
import io.primesync.json.Json;
import io.primesync.local.procore.SimulatorClient;
import io.primesync.procore.LinePlan;
import io.primesync.procore.ProcoreClient;
import io.primesync.procore.ProcoreRecords;
import io.primesync.store.ContractDetail;
import io.primesync.store.ContractHead;
import io.primesync.store.ContractStore;
import io.primesync.testing.Answers;
import io.primesync.testing.Figures;
import io.primesync.testing.LocalDynamo;
import io.primesync.testing.Snapshot;
import io.primesync.testing.TestTokens;
import io.primesync.webhook.Envelope;
import io.primesync.webhook.Source;
import io.primesync.webhook.WebhookSignature;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * 2,000 changes made in Procore (the simulator of a running local server) over 50 contracts: projects' job origins,
 * prime contracts deleted and made again by hand, line items edited, added and deleted, change orders made and moved
 * between statuses. Procore delivers them to the server's webhook route shuffled, 30 % of them twice, 10 % never. The
 * product's view of every contract is then compared with what Procore holds: after the deliveries alone (some were
 * lost), and after one run of the reconciliation, when it must match, and the re-import rules must answer on it.
 */
class ProcoreFloodIT {
    private static final long SEED = 20261201L;
    private static final int CHANGES = 2_000;
    private static final int CONTRACTS = 50;
    private static final int IMPORTED = 30;
    private static final String[] STATUSES = {"draft", "pricing", "not_pricing", "pending", "revised", "proceeding",
        "not_proceeding", "pending_billable", "no_charge", "approved", "approved", "approved", "rejected", "void"};

    private final String company = LocalDynamo.newCompanyId();
    private LocalServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void afterOneReconciliationTheProductSeesWhatProcoreHolds() throws Exception {
        // no API Gateway throttle: the flood is Procore's, and what is measured is what the product makes of it
        server = LocalServer.start(LocalServer.Options.defaults().withPort(0).inMemory().withThrottling(false)
                .withEngineDir(LocalDynamo.buildDir().resolve("dynalite"))
                .withLogs(new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream())));
        SimulatorClient people = new SimulatorClient(server.procoreUri());
        people.company(company);
        people.rateLimits(company, 1_000_000, 100_000);
        String hookId = ProcoreHooks.inSimulator(server.procoreUri().toString(), company, server.baseUri()
                + Route.PROCORE_WEBHOOK.path(), LocalSettings.WEBHOOK_SECRETS.get(Source.PROCORE.secretName())).hook().id();
        ProcoreClient procore = ProcoreHooks.client(ProcoreHooks.simulatorSettings(server.procoreUri().toString()));
        ContractStore store = server.runtime().app().contractStore();

        // 50 contracts, each with a job and its project; 30 imported
        String[] projects = new String[CONTRACTS];
        for (int c = 0; c < CONTRACTS; c++) {
            projects[c] = people.createProject(company, "Flood project " + c, job(c));
        }
        String token = adminToken(projects);
        for (int c = 0; c < CONTRACTS; c++) {
            snapshot(c);
        }
        settle(people);
        for (int c = 0; c < IMPORTED; c++) {
            HttpResponse<String> accepted = send(HttpRequest.newBuilder(contractUri(c, "import"))
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(202, accepted.statusCode(), accepted.body());
        }
        awaitImports(store);
        settle(people);
        for (int c = 0; c < IMPORTED; c++) {
            primeContracts.put(contract(c), people.primeContractOf(company, projects[c], contract(c)));
        }
        assertEquals(0, mismatches(store, procore, people, token, false).size(), "before the flood, all is told");

        // the flood: Procore delivers shuffled, some twice, some never, some with a body the product cannot read; at
        // two thirds, the hook is disabled (as Procore does after repeated discards) and the rest is never delivered
        people.control("PUT", "/_simulator/webhooks", Json.object().put("dropShare", 0.10).put("duplicateShare", 0.30)
                .put("malformedShare", 0.05).put("maxJitterMs", 300));
        JsonNode before = people.webhooks();
        Random random = new Random(SEED);
        Map<String, Integer> kinds = new TreeMap<>();
        for (int i = 0; i < CHANGES; i++) {
            if (i == CHANGES * 2 / 3) {
                settle(people);
                people.setHookStatus(company, hookId, "disabled");
            }
            kinds.merge(change(random, people, projects), 1, Integer::sum);
        }
        settle(people);
        int[] delivered = delivered(people);
        long droppedInFlood = people.webhooks().path("dropped").asLong() - before.path("dropped").asLong();
        people.control("PUT", "/_simulator/webhooks", Json.object().put("malformedShare", 0.0));
        people.setHookStatus(company, hookId, "active");
        // A lost delivery is often made good by a later one of the same resource, so the flood alone may leave
        // nothing missed. One more change is told to the product, then undone with every delivery lost: that one
        // only the reconciliation can catch.
        people.control("PUT", "/_simulator/webhooks", Json.object().put("dropShare", 0.0));
        origin(people, projects[0], job(0));
        settle(people);
        people.control("PUT", "/_simulator/webhooks", Json.object().put("dropShare", 1.0));
        origin(people, projects[0], null);
        kinds.merge("project origin, every delivery lost", 1, Integer::sum);
        settle(people);
        // and disabled again, as Procore left it: the reconciliation must make it active
        people.setHookStatus(company, hookId, "disabled");
        JsonNode after = people.webhooks();
        people.control("PUT", "/_simulator/webhooks", Json.object().put("dropShare", 0.0).put("duplicateShare", 0.0));
        long dropped = after.path("dropped").asLong() - before.path("dropped").asLong();
        long duplicated = after.path("duplicated").asLong() - before.path("duplicated").asLong();
        long malformed = after.path("malformed").asLong() - before.path("malformed").asLong();

        List<String> afterDelivery = mismatches(store, procore, people, token, false);
        LambdaFunction reconcile = server.runtime().function("ReconcileFunction");
        LambdaFunction.Result run = reconcile.invoke(LocalEvents.scheduled("ReconcileFunction"),
                new LocalContext(UUID.randomUUID().toString(), reconcile, new PrintStream(OutputStream.nullOutputStream())));
        assertTrue(!run.failed(), new String(run.json(), StandardCharsets.UTF_8));
        JsonNode report = Json.read(run.json());
        List<String> afterReconciliation = mismatches(store, procore, people, token, true);
        String hookStatus = people.hook(company, hookId).path("status").asText();

        Figures.print("[procore flood] changes made in Procore=" + CHANGES + " " + kinds);
        Figures.print("[procore flood] deliveries made=" + delivered[0] + " (ulids " + delivered[1] + "), dropped="
                + dropped + ", second copies made=" + duplicated + ", duplicates seen by the product=" + delivered[2]
                + ", malformed bodies=" + malformed + ", answered 2xx at the first attempt=" + delivered[3]
                + ", tried more than once=" + delivered[4] + ", left waiting=" + delivered[5]);
        Figures.print("[procore flood] the hook disabled at change " + CHANGES * 2 / 3 + "; after the reconciliation it is "
                + hookStatus);
        Figures.print("[procore flood] contracts whose view differs from Procore after the deliveries alone: "
                + afterDelivery.size() + " of " + CONTRACTS);
        Figures.print("[procore flood] one reconciliation run: " + report);
        Figures.print("[procore flood] contracts whose view differs from Procore after the reconciliation: "
                + afterReconciliation.size());
        afterReconciliation.forEach(m -> Figures.print("[procore flood] MISMATCH " + m));
        assertEquals(List.of(), afterReconciliation);
        assertTrue(dropped > 0 && duplicated > 0 && delivered[2] > 0, "the flood dropped and doubled deliveries");
        assertTrue(malformed > 0, "some bodies were malformed");
        assertEquals(0, delivered[4], "every delivery answered 2xx at its first attempt: none stalled the hook's queue");
        assertEquals(0, delivered[5], "nothing left waiting behind a bad delivery");
        assertEquals(delivered[0] - (int) droppedInFlood, delivered[3], "every delivery made was answered 2xx at once");
        assertTrue(report.path("findings").path("hooks re-enabled").asInt() >= 1, "re-enabled: " + report);
        assertEquals("active", hookStatus, "the reconciliation made the hook active again");
        assertTrue(afterDelivery.size() > 0, "deliveries were lost, so something was missed until the reconciliation");
    }

    // ---------------------------------------------------------------- the changes people make in Procore

    /** In Procore, a project's job origin set (or cleared, with null). */
    private void origin(SimulatorClient people, String project, String origin) {
        ObjectNode body = Json.object();
        body.putObject("project").put("origin_id", origin);
        people.updateProject(company, project, body);
    }

    private String change(Random r, SimulatorClient people, String[] projects) {
        int roll = r.nextInt(100);
        int c = r.nextInt(CONTRACTS);
        if (roll < 20) {
            // a project's job origin: another job (its second project), none, or its own again
            String project = projects[r.nextInt(CONTRACTS)];
            int pick = r.nextInt(10);
            String origin = pick < 3 ? job(r.nextInt(CONTRACTS)) : pick < 5 ? null : job(indexOf(projects, project));
            origin(people, project, origin);
            return "project origin";
        }
        c = r.nextInt(IMPORTED);
        JsonNode pc = primeContracts.get(contract(c));
        if (roll < 30 || pc == null) {
            if (pc != null) {
                people.delete(company, "/rest/v1.0/prime_contract/" + pc.path("id").asText() + "?project_id="
                        + projects[c]);
                primeContracts.put(contract(c), null);
                return "prime contract deleted";
            }
            ObjectNode body = Json.object();
            body.put("project_id", Long.parseLong(projects[c]));
            body.putObject("prime_contract").put("origin_id", contract(c)).put("title", "Made again by hand");
            primeContracts.put(contract(c), people.post(company, "/rest/v1.0/prime_contract", body));
            return "prime contract made by hand";
        }
        String project = projects[c];
        String pcId = pc.path("id").asText();
        if (roll < 65) {
            String path = "/rest/v1.0/projects/" + project + "/prime_change_orders";
            List<String> ours = new ArrayList<>();
            for (JsonNode co : people.list(company, path)) {
                if (co.path("contract_id").asText().equals(pcId)) {
                    ours.add(co.path("id").asText());
                }
            }
            ObjectNode body = Json.object();
            ObjectNode fields = body.putObject("change_order").put("status", STATUSES[r.nextInt(STATUSES.length)]);
            if (!ours.isEmpty() && r.nextInt(10) < 7) {
                people.patch(company, path + "/" + ours.get(r.nextInt(ours.size())), body);
                return "change order status";
            }
            fields.put("contract_id", Long.parseLong(pcId)).put("title", "Change " + r.nextInt(1000));
            people.post(company, path, body);
            return "change order made";
        }
        String lines = "/rest/v1.0/prime_contracts/" + pcId + "/line_items";
        JsonNode held = people.lineItems(company, project, pcId);
        int what = r.nextInt(10);
        // as people do it in Procore: its lines change only in Draft, so the contract is set to Draft and back
        return unlocked(people, project, pcId, () -> {
            if (what < 5 && held.size() > 0) {
                JsonNode line = held.get(r.nextInt(held.size()));
                ObjectNode body = Json.object();
                body.put("project_id", Long.parseLong(project));
                body.putObject("line_item").put("amount", (1 + r.nextInt(99_999)) + ".00");
                people.patch(company, lines + "/" + line.path("id").asText() + "?project_id=" + project, body);
                return "line item edited";
            }
            if (what < 8 || held.size() == 0) {
                ObjectNode body = Json.object();
                body.put("project_id", Long.parseLong(project));
                body.putObject("line_item").put("description", "Added in Procore " + r.nextInt(1000))
                        .put("amount", (1 + r.nextInt(9_999)) + ".00");
                people.post(company, lines + "?project_id=" + project, body);
                return "line item added";
            }
            people.delete(company, lines + "/" + held.get(r.nextInt(held.size())).path("id").asText() + "?project_id="
                    + project);
            return "line item deleted";
        });
    }

    /** Runs a change of the contract's lines with the contract in Draft, then puts its status back. */
    private String unlocked(SimulatorClient people, String project, String pcId, Supplier<String> change) {
        String status = people.get(company, "/rest/v1.0/prime_contract/" + pcId + "?project_id=" + project)
                .path("status").asText();
        status(people, project, pcId, "Draft");
        String what = change.get();
        status(people, project, pcId, status);
        return what;
    }

    private void status(SimulatorClient people, String project, String pcId, String status) {
        ObjectNode body = Json.object();
        body.put("project_id", Long.parseLong(project));
        body.putObject("prime_contract").put("status", status);
        people.patch(company, "/rest/v1.0/prime_contract/" + pcId, body);
    }

    /** The prime contract of each imported contract in Procore as the test left it (null: deleted). */
    private final Map<String, JsonNode> primeContracts = new HashMap<>();

    // ---------------------------------------------------------------- the comparison

    /**
     * Per contract: the projects of its job, the projects it is in, its approved change orders, how many of its
     * Procore lines differ from what was synced, and the re-import reasons the API gives, against the same computed
     * from what Procore holds. Answers the contracts that differ.
     */
    private List<String> mismatches(ContractStore store, ProcoreClient procore, SimulatorClient people, String token,
            boolean detail) throws Exception {
        Map<String, List<String>> jobProjects = new HashMap<>();
        Map<String, ProcoreRecords.PrimeContract> primeContracts = new HashMap<>();
        Map<String, List<String>> approved = new HashMap<>();
        for (ProcoreRecords.Project p : procore.projects(company)) {
            if (p.originId() != null) {
                jobProjects.computeIfAbsent(p.originId(), k -> new ArrayList<>()).add(p.id());
            }
            for (ProcoreRecords.PrimeContract pc : procore.primeContracts(company, p.id())) {
                if (pc.originId() != null) {
                    primeContracts.put(pc.originId(), pc);
                }
            }
        }
        for (ProcoreRecords.PrimeContract pc : primeContracts.values()) {
            for (ProcoreRecords.ChangeOrder co : procore.changeOrders(company, pc.projectId())) {
                if (pc.id().equals(co.primeContractId()) && "approved".equals(co.status())) {
                    approved.computeIfAbsent(pc.originId(), k -> new ArrayList<>()).add(co.id());
                }
            }
        }
        Map<String, JsonNode> listed = new HashMap<>();
        for (String status : List.of("synced", "staged")) {
            HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(server.baseUri() + Route.LIST.path(company)
                    + "?limit=100&status=" + status)).header("Authorization", "Bearer " + token).build());
            assertEquals(200, page.statusCode(), page.body());
            Json.read(page.body().getBytes(StandardCharsets.UTF_8)).path("items")
                    .forEach(item -> listed.put(item.path("contractId").asText(), item));
        }
        Caller admin = Claims.toCaller("flood-admin", permissions);
        List<String> out = new ArrayList<>();
        for (int c = 0; c < CONTRACTS; c++) {
            String id = contract(c);
            ContractDetail d = store.load(company, id).orElseThrow();
            ContractHead h = d.head();
            List<String> truthJob = sortedIds(jobProjects.getOrDefault(job(c), List.of()));
            ProcoreRecords.PrimeContract pc = primeContracts.get(id);
            List<String> truthLinked = pc == null ? List.of() : List.of(pc.projectId());
            List<String> truthApproved = sortedIds(approved.getOrDefault(id, List.of()));
            int truthDrift = 0;
            if (pc != null && h.imported() && pc.id().equals(h.procorePrimeContractId())) {
                truthDrift = LinePlan.of(id, d.syncedLines(), procore.lineItems(company, pc.projectId(), pc.id())).writes();
            }
            TreeSet<String> in = new TreeSet<>(truthLinked);
            if (truthJob.size() > 1) {
                in.addAll(truthJob);
            }
            ContractFacts truth = new ContractFacts(id, h.jobNumber(), h.erpVersion(), h.syncedErpVersion(), h.imported(),
                    h.deleted(), h.status(), truthJob.isEmpty() ? null : truthJob.get(0), sortedIds(new ArrayList<>(in)),
                    h.pending(), truthApproved.stream().map(co -> new ChangeOrderName(co, null, null)).toList(), null,
                    truthDrift, 0, null, Map.of(), h.procoreStatus(), true, false);
            List<String> truthReasons = codes(h.imported() ? Eligibility.forReimport(truth, admin, company)
                    : Eligibility.forImport(truth, admin, company));

            JsonNode item = listed.get(id);
            List<String> seenReasons = new ArrayList<>();
            item.path(h.imported() ? "reimport" : "import").path("reasons")
                    .forEach(r -> seenReasons.add(r.path("code").asText()));
            String seen = "job " + store.jobProjects(company, job(c)) + " in " + h.linkedProjectIds() + " approved "
                    + h.approvedPccoIds() + " drift " + h.procoreDriftLines() + " reasons " + seenReasons;
            String held = "job " + truthJob + " in " + truthLinked + " approved " + truthApproved + " drift " + truthDrift
                    + " reasons " + truthReasons;
            if (!seen.equals(held)) {
                out.add(id + ": the product sees " + seen + ", Procore holds " + held);
            }
        }
        return out;
    }

    private static List<String> codes(List<Reason> reasons) {
        List<String> out = new ArrayList<>();
        reasons.forEach(r -> out.add(r.code().name()));
        return out;
    }

    private static List<String> sortedIds(List<String> ids) {
        List<String> out = new ArrayList<>(ids);
        out.sort(Comparator.comparingLong(Long::parseLong));
        return out;
    }

    // ---------------------------------------------------------------- waiting for Procore and the workers

    /** Until Procore has no delivery left to make and the product's Procore event queue is empty. */
    private void settle(SimulatorClient people) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        String queue = server.runtime().queues().url(LocalRuntime.PROCORE_EVENT_QUEUE);
        int quiet = 0;
        while (quiet < 3) {
            assertTrue(System.nanoTime() < deadline, "Procore's deliveries did not settle: " + people.webhooks());
            long pending = people.webhooks().path("pending").asLong();
            Map<QueueAttributeName, String> counts = server.runtime().queues().client().getQueueAttributes(b -> b
                    .queueUrl(queue).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            boolean empty = counts.values().stream().allMatch("0"::equals);
            quiet = pending == 0 && empty ? quiet + 1 : 0;
            Thread.sleep(200);
        }
    }

    private void awaitImports(ContractStore store) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        for (int c = 0; c < IMPORTED; c++) {
            while (!store.head(company, contract(c)).map(ContractHead::imported).orElse(false)) {
                assertTrue(System.nanoTime() < deadline, contract(c) + " was not imported");
                Thread.sleep(100);
            }
        }
    }

    /**
     * Of the hooks' deliveries (webhooks API v2.0): made (copies), distinct ulids, second copies of a ulid the product
     * answered (a duplicate), delivered at the first attempt, tried more than once, and left waiting (enqueued or
     * retrying).
     */
    private int[] delivered(SimulatorClient people) {
        Map<String, Integer> copiesAnswered = new HashMap<>();
        int made = 0;
        int atOnce = 0;
        int retried = 0;
        int waiting = 0;
        String webhooks = "/rest/v2.0/companies/" + company + "/webhooks";
        for (JsonNode hook : people.list(company, webhooks + "/hooks?namespace=primesync")) {
            for (JsonNode d : people.list(company, webhooks + "/hooks/" + hook.path("id").asText() + "/deliveries")) {
                made++;
                String status = d.path("status").asText();
                copiesAnswered.merge(d.path("payload").path("ulid").asText(), "delivered".equals(status) ? 1 : 0,
                        Integer::sum);
                int attempts = d.path("delivery_attempts").size();
                atOnce += "delivered".equals(status) && attempts == 1 ? 1 : 0;
                retried += attempts > 1 ? 1 : 0;
                waiting += "enqueued".equals(status) || "retrying".equals(status) ? 1 : 0;
            }
        }
        int duplicatesSeen = copiesAnswered.values().stream().mapToInt(n -> Math.max(0, n - 1)).sum();
        return new int[] {made, copiesAnswered.size(), duplicatesSeen, atOnce, retried, waiting};
    }

    // ---------------------------------------------------------------- the ERP side and the API

    private void snapshot(int c) throws Exception {
        Snapshot snapshot = Snapshot.snapshot(contract(c), job(c), 1);
        for (int i = 0; i < 6; i++) {
            snapshot.lump("L" + i, (100 + 7 * i + c) + ".00");
        }
        String body = Json.write(Envelope.json("flood-" + company + "-" + c, "prime_contract.upserted",
                company, Instant.now().toString(), snapshot.json()));
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignature.sign(LocalSettings.WEBHOOK_SECRETS.get(Source.SPECTRUM.secretName())
                .getBytes(StandardCharsets.UTF_8), Instant.now().getEpochSecond(), raw);
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server.baseUri() + Route.SPECTRUM_WEBHOOK.path()))
                .header("Content-Type", "application/json").header(WebhookSignature.HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(raw)).build());
        assertEquals(200, r.statusCode(), r.body());
    }

    /** Admin of the company and of every project of the test (the token's and the rules' caller). */
    private Map<String, Object> permissions = Map.of();

    private String adminToken(String[] projects) {
        Map<String, Object> projectLevels = new LinkedHashMap<>();
        for (String p : projects) {
            projectLevels.put(p, Map.of("prime_contracts", "admin"));
        }
        permissions = Map.of(Claims.COMPANIES, Map.of(company, Map.of("erp_integrations", "admin")),
                Claims.PROJECTS, projectLevels);
        return TestTokens.sign("flood-admin", permissions, Instant.now().plus(Duration.ofHours(2)));
    }

    private URI contractUri(int c, String action) {
        return URI.create(server.baseUri() + Route.LIST.path(company) + "/" + contract(c) + "/" + action);
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static int indexOf(String[] values, String value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i].equals(value)) {
                return i;
            }
        }
        throw new IllegalArgumentException(value);
    }

    private static String contract(int c) {
        return "PF-" + c;
    }

    private static String job(int c) {
        return "JF-" + c;
    }
}
