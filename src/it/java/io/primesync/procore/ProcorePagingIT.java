package io.primesync.procore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.local.http.LocalHttp;
import io.primesync.local.http.Reply;
import io.primesync.local.procore.SimulatorClient;
import io.primesync.procore.ProcoreRecords.Line;
import io.primesync.procore.ProcoreRecords.PrimeContract;
import io.primesync.procore.ProcoreRecords.PrimeContractFields;
import io.primesync.testing.Figures;
import io.primesync.testing.LocalDynamo;
import io.primesync.testing.LocalProcore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Procore caps a list's pages per endpoint, below what the client asks: each list is read to its end by {@code Link}
 * and {@code Total}, never cut at the first short page. Projects, prime contracts, line items and change orders at 0,
 * 1, cap, cap + 1 and 3 × cap + 7 records, with caps of 7, 100 and 300, while the client asks for 1,000 a page.
 */
class ProcorePagingIT {
    private final LocalProcore local = LocalProcore.get();
    private final SimulatorClient simulator = local.client();

    @AfterEach
    void capBack() {
        simulator.perPageMax(1000);
    }

    private ProcoreClient client() {
        Map<String, String> env = new HashMap<>(local.env());
        env.put(ProcoreConfig.PAGE_SIZE, "1000");
        return new ProcoreClient(ProcoreConfig.from(env::get, () -> env.get(ProcoreConfig.CLIENT_SECRET)),
                Clock.systemUTC(), CallListener.NONE);
    }

    private static List<Integer> counts(int cap) {
        return List.of(0, 1, cap, cap + 1, 3 * cap + 7);
    }

    /** Reads each count's list under each cap; answers what went wrong, if anything. */
    private List<String> read(String what, List<Integer> caps, Function<Integer, Set<String>> made,
            Function<Integer, Integer> readBack) {
        List<String> wrong = new ArrayList<>();
        for (int cap : caps) {
            for (int n : counts(cap)) {
                simulator.perPageMax(1000);
                Set<String> ids = made.apply(n);
                simulator.perPageMax(cap);
                int seen = readBack.apply(n);
                if (seen != ids.size()) {
                    wrong.add(what + ": " + ids.size() + " made, " + seen + " read with a cap of " + cap);
                }
            }
        }
        return wrong;
    }

    @Test
    void everyListIsReadToItsEndWhateverPageCapProcoreChose() {
        ProcoreClient procore = client();
        List<String> wrong = new ArrayList<>();
        Map<Integer, String> companies = new HashMap<>();
        Map<Integer, String> projects = new HashMap<>();
        Map<Integer, PrimeContract> contracts = new HashMap<>();

        // projects of a company
        wrong.addAll(read("projects", List.of(7, 100, 300), n -> {
            String company = local.company(LocalDynamo.newCompanyId(), true);
            companies.put(n, company);
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < n; i++) {
                ids.add(simulator.createProject(company, "Paged project " + i, null));
            }
            return ids;
        }, n -> procore.projects(companies.get(n)).size()));

        // prime contracts of a project
        String company = local.company(LocalDynamo.newCompanyId(), true);
        wrong.addAll(read("prime contracts", List.of(7, 100, 300), n -> {
            String project = simulator.createProject(company, "Contracts " + n + " " + projects.size(), null);
            projects.put(n, project);
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < n; i++) {
                String origin = "PG-" + project + "-" + i;
                ids.add(procore.createPrimeContract(company, project, new PrimeContractFields(origin, "Paged " + i,
                        origin, "Draft", "amount", null)).id());
            }
            return ids;
        }, n -> procore.primeContracts(company, projects.get(n)).size()));

        // line items of a prime contract, and change orders of a project
        String project = simulator.createProject(company, "Lines", null);
        wrong.addAll(read("line items", List.of(7, 100, 300), n -> {
            String origin = "PL-" + n + "-" + contracts.size();
            PrimeContract pc = procore.createPrimeContract(company, project, new PrimeContractFields(origin, "Lines " + n,
                    origin, "Draft", "amount", null));
            contracts.put(n, pc);
            List<Line> lines = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                lines.add(new Line(null, origin + ":" + i, "Line " + i, new BigDecimal("1.00"), null, null, null));
            }
            Set<String> ids = new HashSet<>();
            for (int from = 0; from < lines.size(); from += 1000) {
                procore.syncLineItems(company, project, pc.id(), lines.subList(from, Math.min(lines.size(), from + 1000)))
                        .entities().forEach(l -> ids.add(l.id()));
            }
            return ids;
        }, n -> procore.lineItems(company, project, contracts.get(n).id()).size()));

        Map<Integer, String> coProjects = new HashMap<>();
        wrong.addAll(read("change orders", List.of(7, 100, 300), n -> {
            String p = simulator.createProject(company, "Change orders " + n, null);
            coProjects.put(n, p);
            String origin = "PCO-" + p;
            PrimeContract pc = procore.createPrimeContract(company, p, new PrimeContractFields(origin, "CO", origin,
                    "Draft", "amount", null));
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < n; i++) {
                ObjectNode body = Json.object();
                body.putObject("change_order").put("contract_id", Long.parseLong(pc.id())).put("number", "CO-" + i)
                        .put("status", "pending");
                ids.add(simulator.post(company, "/rest/v1.0/projects/" + p + "/prime_change_orders", body)
                        .path("id").asText());
            }
            return ids;
        }, n -> procore.changeOrders(company, coProjects.get(n)).size()));

        Figures.print("[paging] projects, prime contracts, line items and change orders at 0, 1, cap, cap + 1 and"
                + " 3 × cap + 7 records, caps 7, 100 and 300, 1,000 asked a page: lists cut short: "
                + wrong.size());
        assertEquals(List.of(), wrong);
    }

    /** An endpoint that takes no {@code page} and says neither {@code Link} nor {@code Total}: read once, not forever. */
    @Test
    void aListThatIgnoresThePageIsReadOnce() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        try (LocalHttp server = LocalHttp.create("unpaged", r -> {
            if (r.rawPath().equals("/oauth/token")) {
                return Reply.json(200, "{\"access_token\": \"t\", \"token_type\": \"bearer\", \"expires_in\": 7200,"
                        + " \"created_at\": " + Instant.now().getEpochSecond() + "}");
            }
            asked.incrementAndGet();
            return Reply.json(200, "[{\"id\": 1, \"name\": \"One\"}, {\"id\": 2, \"name\": \"Two\"}]");
        }, (status, method, target, why) -> Reply.json(status, "{}"), LocalHttp.Limits.defaults(), 2)) {
            int port = server.listen(0);
            Map<String, String> env = new HashMap<>(local.env());
            env.put(ProcoreConfig.API_URL, "http://127.0.0.1:" + port);
            env.put(ProcoreConfig.LOGIN_URL, "http://127.0.0.1:" + port);
            ProcoreClient procore = new ProcoreClient(ProcoreConfig.from(env::get,
                    () -> env.get(ProcoreConfig.CLIENT_SECRET)), Clock.systemUTC(), CallListener.NONE);
            assertEquals(2, procore.projects("1001").size());
            assertEquals(2, asked.get(), "the first page, and the same page again: the end");
        }
    }
}
