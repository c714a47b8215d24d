package io.primesync.procore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primesync.json.Json;
import io.primesync.procore.ProcoreRecords.Line;
import io.primesync.procore.ProcoreRecords.PrimeContract;
import io.primesync.procore.ProcoreRecords.PrimeContractFields;
import io.primesync.procore.ProcoreRecords.SyncOutcome;
import io.primesync.testing.Figures;
import io.primesync.testing.LocalDynamo;
import io.primesync.testing.LocalProcore;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Procore client against a Procore: the project's simulator always, and Procore's sandbox when its settings are in
 * the environment ({@code PROCORE_SANDBOX_API_URL}, {@code PROCORE_SANDBOX_LOGIN_URL}, {@code
 * PROCORE_SANDBOX_CLIENT_ID}, {@code PROCORE_SANDBOX_CLIENT_SECRET}, {@code PROCORE_SANDBOX_COMPANY_ID}, {@code
 * PROCORE_SANDBOX_PROJECT_ID}). The same calls, the same expectations: what the product relies on of Procore's API.
 * On the sandbox, the test works in a prime contract of its own (a fresh origin id) in the given project.
 */
class ProcoreClientContractIT {
    /** Where the calls go: the client's settings, the company and project to work in. */
    record Target(String name, Map<String, String> env, String companyId, String projectId) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Target> targets() {
        List<Target> targets = new ArrayList<>();
        LocalProcore local = LocalProcore.get();
        String company = local.company(LocalDynamo.newCompanyId(), true);
        String project = local.client().createProject(company, "Contract test project", null);
        Map<String, String> env = new HashMap<>(local.env());
        env.put(ProcoreConfig.PAGE_SIZE, "10");
        targets.add(new Target("simulator", env, company, project));
        Map<String, String> sandbox = new HashMap<>();
        for (String name : List.of("API_URL", "LOGIN_URL", "CLIENT_ID", "CLIENT_SECRET", "COMPANY_ID", "PROJECT_ID")) {
            String value = System.getenv("PROCORE_SANDBOX_" + name);
            if (value != null && !value.isBlank()) {
                sandbox.put(name, value);
            }
        }
        if (sandbox.size() == 6) {
            targets.add(new Target("sandbox", Map.of(ProcoreConfig.API_URL, sandbox.get("API_URL"),
                    ProcoreConfig.LOGIN_URL, sandbox.get("LOGIN_URL"), ProcoreConfig.CLIENT_ID, sandbox.get("CLIENT_ID"),
                    ProcoreConfig.CLIENT_SECRET, sandbox.get("CLIENT_SECRET"), ProcoreConfig.PAGE_SIZE, "10"),
                    sandbox.get("COMPANY_ID"), sandbox.get("PROJECT_ID")));
            Figures.print("[contract] Procore sandbox at " + sandbox.get("API_URL") + ": the contract tests run there too");
        } else {
            Figures.print("[contract] Procore sandbox: skipped (set PROCORE_SANDBOX_API_URL, _LOGIN_URL, _CLIENT_ID,"
                    + " _CLIENT_SECRET, _COMPANY_ID and _PROJECT_ID to run the contract tests against it)");
            targets.add(new Target("sandbox (not configured)", null, null, null));
        }
        return targets.stream();
    }

    private static ProcoreClient client(Target target) {
        Assumptions.assumeTrue(target.env() != null, "Procore's sandbox is not configured");
        return new ProcoreClient(ProcoreConfig.from(target.env()::get, () -> target.env().get(ProcoreConfig.CLIENT_SECRET)),
                Clock.systemUTC(), CallListener.NONE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void projectsAreReadAndAnUnknownOneIsEmpty(Target target) {
        ProcoreClient procore = client(target);
        Optional<ProcoreRecords.Project> project = procore.project(target.companyId(), target.projectId());
        assertTrue(project.isPresent(), "the project is there");
        assertEquals(target.projectId(), project.get().id());
        assertTrue(procore.projects(target.companyId()).stream().anyMatch(p -> p.id().equals(target.projectId())));
        assertTrue(procore.project(target.companyId(), "999999999999").isEmpty(), "an unknown project is not an error");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void aPrimeContractIsCreatedFoundByItsOriginIdAndUpdated(Target target) {
        ProcoreClient procore = client(target);
        String origin = "CT-" + UUID.randomUUID().toString().substring(0, 8);
        PrimeContract created = procore.createPrimeContract(target.companyId(), target.projectId(),
                new PrimeContractFields(origin, "Contract test " + origin, origin, "Draft", "unit", new BigDecimal("10")));
        assertNotNull(created.id());
        assertEquals(origin, created.originId());
        assertEquals("unit", created.accountingMethod());
        PrimeContract shown = procore.primeContract(target.companyId(), target.projectId(), created.id()).orElseThrow();
        assertEquals(created.id(), shown.id());
        assertEquals("Contract test " + origin, shown.title());
        assertEquals(0, new BigDecimal("10").compareTo(shown.retainagePercent()));
        assertEquals(ProcoreRecords.ORIGIN_DATA, shown.originData(), "marked as the product's");
        assertFalse(shown.ownedElsewhere());
        assertTrue(procore.primeContracts(target.companyId(), target.projectId()).stream()
                .anyMatch(pc -> origin.equals(pc.originId())), "listed, with its origin id");
        PrimeContract updated = procore.updatePrimeContract(target.companyId(), target.projectId(), created.id(),
                new PrimeContractFields(origin, "Contract test " + origin + " (renamed)", origin, "Draft", "unit", null));
        assertEquals("Contract test " + origin + " (renamed)", updated.title());
        assertTrue(procore.primeContract(target.companyId(), target.projectId(), "999999999999").isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void lineItemsAreUpsertedByOriginIdListedPageByPageAndDeletedOnce(Target target) {
        ProcoreClient procore = client(target);
        String origin = newOrigin();
        PrimeContract pc = draft(procore, target, origin, "unit");
        List<Line> lines = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            lines.add(i % 2 == 0
                    ? new Line(null, origin + ":U" + i, "Unit line " + i, new BigDecimal(i * 3 + ".50"), new BigDecimal("3"),
                            new BigDecimal(i + ".50").add(new BigDecimal(i * 2)), "EA")
                    : new Line(null, origin + ":L" + i, "Lump line " + i, new BigDecimal(1000 + i + ".25"), null, null, null));
        }
        // a unit line's amount is its quantity times its unit cost
        lines.replaceAll(l -> l.quantity() == null ? l : new Line(null, l.originId(), l.description(),
                l.quantity().multiply(l.unitCost()), l.quantity(), l.unitCost(), l.uom()));
        SyncOutcome first = procore.syncLineItems(target.companyId(), target.projectId(), pc.id(), lines);
        assertEquals(List.of(), first.errors());
        assertEquals(25, first.entities().size());

        List<Line> held = procore.lineItems(target.companyId(), target.projectId(), pc.id());
        assertEquals(25, held.size(), "three pages of 10 read whole");
        LinePlan plan = LinePlan.of(origin, List.of(), held);
        assertEquals(25, plan.removals().size());
        for (Line wanted : lines) {
            Line got = held.stream().filter(l -> wanted.originId().equals(l.originId())).findFirst().orElseThrow();
            assertTrue(LinePlan.same(got, wanted), "as written: " + got + " vs " + wanted);
        }

        // the same origin ids again: updated, never a second line; a record Procore cannot take is refused alone
        List<Line> again = new ArrayList<>(lines.subList(0, 2));
        again.set(0, new Line(null, again.get(0).originId(), "Lump line 1 (revised)", new BigDecimal("999.99"), null, null, null));
        String otherPc = procore.createPrimeContract(target.companyId(), target.projectId(),
                new PrimeContractFields(origin + "-B", "Contract test " + origin + " B", origin + "-B", "Draft", "amount", null)).id();
        SyncOutcome taken = procore.syncLineItems(target.companyId(), target.projectId(), otherPc,
                List.of(new Line(null, lines.get(5).originId(), "Same origin elsewhere", BigDecimal.ONE, null, null, null)));
        assertEquals(1, taken.errors().size(), "origin ids are unique in the company: " + taken);
        assertEquals(lines.get(5).originId(), taken.errors().get(0).originId());
        assertFalse(taken.errors().get(0).message().isBlank());
        SyncOutcome second = procore.syncLineItems(target.companyId(), target.projectId(), pc.id(), again);
        assertEquals(List.of(), second.errors());
        held = procore.lineItems(target.companyId(), target.projectId(), pc.id());
        assertEquals(25, held.size(), "upserts by origin id add no line");
        Line revised = held.stream().filter(l -> again.get(0).originId().equals(l.originId())).findFirst().orElseThrow();
        assertEquals("Lump line 1 (revised)", revised.description());
        assertEquals(0, new BigDecimal("999.99").compareTo(revised.amount()));

        // a unit line made lump-sum loses its unit fields
        Line unit = lines.get(1);
        procore.syncLineItems(target.companyId(), target.projectId(), pc.id(),
                List.of(new Line(null, unit.originId(), unit.description(), unit.amount(), null, null, null)));
        Line lump = procore.lineItems(target.companyId(), target.projectId(), pc.id()).stream()
                .filter(l -> unit.originId().equals(l.originId())).findFirst().orElseThrow();
        assertEquals(null, lump.quantity(), lump.toString());

        for (Line line : held) {
            procore.deleteLineItem(target.companyId(), target.projectId(), pc.id(), line.id());
        }
        procore.deleteLineItem(target.companyId(), target.projectId(), pc.id(), held.get(0).id());
        assertEquals(List.of(), procore.lineItems(target.companyId(), target.projectId(), pc.id()),
                "every line deleted; deleting one already gone is done, not an error");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void credentialsProcoreRefusesAreARefusalInWords(Target target) {
        client(target);
        Map<String, String> env = new HashMap<>(target.env());
        ProcoreClient wrong = new ProcoreClient(ProcoreConfig.from(env::get, () -> "not-the-secret"), Clock.systemUTC(),
                CallListener.NONE);
        ProcoreException.Refused refused = Assertions.assertThrows(ProcoreException.Refused.class,
                () -> wrong.project(target.companyId(), target.projectId()));
        assertEquals("PROCORE_CREDENTIALS_REFUSED", refused.code());
        assertTrue(refused.getMessage().contains("client id and secret"), refused.getMessage());
    }

    /** Procore's Retry-After says when to come back, though the window's reset is later. */
    @Test
    void a429IsWaitedOutAsItsRetryAfterSays() {
        Target target = targets().findFirst().orElseThrow();
        ProcoreClient procore = client(target);
        LocalProcore.get().client().fault(Json.object().put("companyId", target.companyId()).put("status", 429)
                .put("count", 1).put("resetSeconds", 40).put("retryAfter", 1).put("method", "GET"));
        long start = System.nanoTime();
        assertTrue(procore.project(target.companyId(), target.projectId()).isPresent());
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertTrue(seconds < 20, "came back after Retry-After's second, not the reset's 40: " + seconds + " s");
    }

    /**
     * Procore's lock on a schedule of values: lines of a contract out of Draft are refused (record by record in a sync
     * action), its accounting method is fixed once it has lines, and project_id goes in the body of an update.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void anApprovedContractsLinesAreLockedAndItsMethodFixed(Target target) {
        ProcoreClient procore = client(target);
        String origin = newOrigin();
        PrimeContract pc = draft(procore, target, origin, "amount");
        Line line = new Line(null, origin + ":A", "Line A", new BigDecimal("100.00"), null, null, null);
        assertEquals(List.of(), procore.syncLineItems(target.companyId(), target.projectId(), pc.id(), List.of(line)).errors());
        procore.updatePrimeContract(target.companyId(), target.projectId(), pc.id(),
                new PrimeContractFields(origin, "Contract test " + origin, origin, "Approved", null, null));
        SyncOutcome locked = procore.syncLineItems(target.companyId(), target.projectId(), pc.id(),
                List.of(new Line(null, origin + ":A", "Line A", new BigDecimal("150.00"), null, null, null)));
        assertEquals(1, locked.errors().size(), "refused record by record: " + locked);
        ProcoreException.Refused method = Assertions.assertThrows(ProcoreException.Refused.class,
                () -> procore.updatePrimeContract(target.companyId(), target.projectId(), pc.id(),
                        new PrimeContractFields(origin, "Contract test " + origin, origin, "Draft", "unit", null)));
        assertTrue(method.getMessage().contains("accounting_method"), method.getMessage());
        PrimeContract draft = procore.updatePrimeContract(target.companyId(), target.projectId(), pc.id(),
                new PrimeContractFields(origin, "Contract test " + origin, origin, "Draft", null, null));
        assertEquals("Draft", draft.status());
        assertEquals(List.of(), procore.syncLineItems(target.companyId(), target.projectId(), pc.id(),
                List.of(new Line(null, origin + ":A", "Line A", new BigDecimal("150.00"), null, null, null))).errors(),
                "in Draft again, its lines change");
    }

    /**
     * Procore takes only the company's units of measure on a line: another is refused record by record, naming the
     * field, and a calculated line's amount is Procore's quantity × unit cost.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void aLinesUnitMustBeOneOfTheCompanysAndACalculatedAmountIsProcores(Target target) {
        ProcoreClient procore = client(target);
        String origin = newOrigin();
        PrimeContract pc = draft(procore, target, origin, "unit");
        SyncOutcome unknown = procore.syncLineItems(target.companyId(), target.projectId(), pc.id(), List.of(
                new Line(null, origin + ":A", "Line A", new BigDecimal("25.00"), new BigDecimal("10"),
                        new BigDecimal("2.50"), "NOT-A-UNIT-" + origin)));
        assertEquals(1, unknown.errors().size(), "refused: " + unknown);
        assertEquals(List.of("uom"), unknown.errors().get(0).fields(), unknown.errors().get(0).message());
        SyncOutcome known = procore.syncLineItems(target.companyId(), target.projectId(), pc.id(), List.of(
                new Line(null, origin + ":A", "Line A", new BigDecimal("25.00"), new BigDecimal("10"),
                        new BigDecimal("2.50"), "EA")));
        assertEquals(List.of(), known.errors());
        Line held = procore.lineItems(target.companyId(), target.projectId(), pc.id()).get(0);
        assertEquals(0, new BigDecimal("25.00").compareTo(held.amount()), "10 × 2.50, as Procore works it out");
    }

    private static String newOrigin() {
        return "CT-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new prime contract in Draft, where its lines may be written. */
    private static PrimeContract draft(ProcoreClient procore, Target target, String origin, String method) {
        return procore.createPrimeContract(target.companyId(), target.projectId(),
                new PrimeContractFields(origin, "Contract test " + origin, origin, "Draft", method, null));
    }
}
