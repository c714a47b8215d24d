package io.primesync.local;

import io.primesync.local.auth.LocalIdentity;
import io.primesync.webhook.Envelope;
import io.primesync.json.Json;
import io.primesync.webhook.Source;
import io.primesync.webhook.WebhookSignature;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The demo company: one contract in each state the product distinguishes, loaded the way real data arrives,
 * through the signed webhook routes and the import route of a running local server. Event ids and ERP versions
 * are fixed, so loading twice into the same data directory changes nothing (duplicates, stale versions,
 * contracts already imported).
 */
public final class DemoData {
    public static final String COMPANY = "1001";
    public static final String OTHER_COMPANY = "9009";

    /** Imported, then changed in the ERP (a line added, one changed, one removed): ready to re-import. */
    public static final String READY = "DEMO-READY";
    /** Imported, then set back to unapproved in the ERP while changed. */
    public static final String UNAPPROVED = "DEMO-UNAPPROVED";
    /** Imported, then its job was unsynced from the project. */
    public static final String NO_JOB = "DEMO-NO-JOB";
    /** Imported, then linked to a second project on the project side. */
    public static final String TWO_PROJECTS = "DEMO-TWO-PROJECTS";
    /** Imported and unchanged since. */
    public static final String IN_SYNC = "DEMO-IN-SYNC";
    /** Imported, changed in the ERP, and a change order was approved on the project. */
    public static final String APPROVED_CO = "DEMO-APPROVED-CO";
    /** Imported, then deleted in the ERP (and nothing changed before: there is nothing to re-import either). */
    public static final String DELETED = "DEMO-DELETED";
    /** Known from the ERP, job synced, never imported (the "Staged" tab; re-import refused as NOT_IMPORTED). */
    public static final String STAGED = "DEMO-STAGED";
    /** 600 line items, imported, then changed: ready to re-import. */
    public static final String LARGE = "DEMO-LARGE";

    public static final String APPROVED_PCCO = "PCCO-001";
    public static final int LARGE_LINES = 600;

    /**
     * One demo contract.
     *
     * @param projectId the project its job is synced to
     * @param otherProjectId a second project it is linked to, or null
     * @param erpVersion the ERP version after loading
     * @param importedVersion the version imported, or 0 when never imported
     * @param reasons the reasons a re-import by the admin is refused, none when it is ready
     */
    public record Contract(String contractId, String jobNumber, String projectId, String otherProjectId, String title,
            int erpVersion, int importedVersion, List<String> reasons) {
        public boolean ready() {
            return reasons.isEmpty();
        }
    }

    /** A line item as the ERP sends it; the unit fields are null on lump-sum lines. */
    public record Line(String itemCode, String description, String amount, String quantity, String unitOfMeasure,
            String unitPrice) {
        static Line lump(String itemCode, String description, String amount) {
            return new Line(itemCode, description, amount, null, null, null);
        }

        Map<String, Object> json() {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("itemCode", itemCode);
            line.put("description", description);
            line.put("amount", amount);
            if (quantity != null) {
                line.put("quantity", quantity);
                line.put("unitOfMeasure", unitOfMeasure);
                line.put("unitPrice", unitPrice);
            }
            return line;
        }
    }

    /** The bearer tokens printed for the demo. */
    public record Tokens(String admin, String readOnly, String otherCompany) {}

    /** What a load did. */
    public record Loaded(Tokens tokens, int applied, int duplicates, int stale, int imported) {}

    private static final List<Contract> CONTRACTS = List.of(
            new Contract(READY, "24-101", "2002", null, "Riverside Medical Office Building", 2, 1, List.of()),
            new Contract(UNAPPROVED, "24-102", "2003", null, "Harbor View Parking Structure", 2, 1,
                    List.of("CONTRACT_UNAPPROVED")),
            new Contract(NO_JOB, "24-103", "2004", null, "Maple Street Elementary Renovation", 2, 1,
                    List.of("JOB_NOT_SYNCED")),
            new Contract(TWO_PROJECTS, "24-104", "2005", "2006", "Lakeside Distribution Center", 2, 1,
                    List.of("LINKED_TO_MULTIPLE_PROJECTS")),
            new Contract(IN_SYNC, "24-105", "2007", null, "Civic Center Library Expansion", 1, 1,
                    List.of("NO_UNSYNCED_CHANGES")),
            new Contract(APPROVED_CO, "24-106", "2008", null, "North Campus Science Hall", 2, 1,
                    List.of("APPROVED_CHANGE_ORDERS")),
            new Contract(DELETED, "24-107", "2009", null, "Westgate Retail Pad B", 2, 1,
                    List.of("CONTRACT_DELETED_IN_ERP", "NO_UNSYNCED_CHANGES")),
            new Contract(STAGED, "24-108", "2010", null, "Airport Terminal C Fit-Out", 1, 0, List.of("NOT_IMPORTED")),
            new Contract(LARGE, "24-109", "2011", null, "Regional Hospital Tower (unit-price)", 2, 1, List.of()));

    private DemoData() {}

    public static List<Contract> contracts() {
        return CONTRACTS;
    }

    public static Contract contract(String contractId) {
        return CONTRACTS.stream().filter(c -> c.contractId().equals(contractId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no demo contract " + contractId));
    }

    /** Every project of the demo company. */
    public static List<String> projectIds() {
        List<String> ids = new ArrayList<>();
        for (Contract c : CONTRACTS) {
            ids.add(c.projectId());
            if (c.otherProjectId() != null) {
                ids.add(c.otherProjectId());
            }
        }
        return ids;
    }

    /** The line items of a demo contract at an ERP version. */
    public static List<Line> lines(String contractId, int erpVersion) {
        if (contractId.equals(LARGE)) {
            return largeLines(erpVersion);
        }
        List<Line> lines = new ArrayList<>(List.of(
                Line.lump("01-000", "General conditions", "250000.00"),
                new Line("02-100", "Earthwork", "400000.00", "4000", "CY", "100.00"),
                Line.lump("03-300", "Cast-in-place concrete", "600000.00"),
                Line.lump("05-100", "Structural steel", "750000.00")));
        if (erpVersion >= 2) {
            // one line changed, one removed, one added
            lines.set(2, Line.lump("03-300", "Cast-in-place concrete, incl. podium slab", "650000.00"));
            lines.remove(3);
            lines.add(Line.lump("09-900", "Painting and coatings", "120000.00"));
        }
        return lines;
    }

    private static List<Line> largeLines(int erpVersion) {
        List<Line> lines = new ArrayList<>();
        for (int i = 1; i <= LARGE_LINES; i++) {
            String code = String.format("L%04d", i);
            if (i % 3 == 0) {
                BigDecimal quantity = BigDecimal.valueOf(10 + i % 40);
                BigDecimal unitPrice = BigDecimal.valueOf(125 + i % 17).setScale(2, RoundingMode.UNNECESSARY);
                lines.add(new Line(code, "Unit-price item " + i, money(quantity.multiply(unitPrice)),
                        quantity.toPlainString(), "EA", money(unitPrice)));
            } else {
                lines.add(Line.lump(code, "Lump-sum item " + i, money(BigDecimal.valueOf(1000L + i * 7L))));
            }
        }
        if (erpVersion >= 2) {
            lines.set(9, Line.lump("L0010", "Lump-sum item 10 (revised)", "2500.00"));
            lines.set(99, Line.lump("L0100", "Lump-sum item 100 (revised)", "9100.00"));
            lines.remove(499);
            lines.add(Line.lump("L0601", "Added scope: rooftop screen", "48000.00"));
            lines.add(Line.lump("L0602", "Added scope: helipad lighting", "36500.00"));
        }
        return lines;
    }

    /** The ERP snapshot of a demo contract at a version, as the ERP's webhook carries it. */
    public static Map<String, Object> snapshot(String contractId, int erpVersion) {
        Contract c = contract(contractId);
        List<Line> lines = lines(contractId, erpVersion);
        BigDecimal total = BigDecimal.ZERO;
        List<Map<String, Object>> json = new ArrayList<>();
        for (Line line : lines) {
            total = total.add(new BigDecimal(line.amount()));
            json.add(line.json());
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("contractId", c.contractId());
        data.put("jobNumber", c.jobNumber());
        data.put("title", c.title());
        data.put("status", contractId.equals(UNAPPROVED) && erpVersion >= 2 ? "unapproved" : "approved");
        data.put("erpVersion", erpVersion);
        data.put("originalContractAmount", money(total));
        data.put("lineItems", json);
        return data;
    }

    /** The sum of a demo contract's lines at a version. */
    public static String amount(String contractId, int erpVersion) {
        return (String) snapshot(contractId, erpVersion).get("originalContractAmount");
    }

    private static String money(BigDecimal value) {
        return value.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
    }

    /** One thing the demo does: a webhook event to send, or a first import to perform. */
    /** One signed ERP event of the demo: a snapshot or a deletion. */
    record Event(String id, String type, Map<String, Object> data) {}

    /** The ERP's events before the imports: every contract's first snapshot. */
    static List<Event> firstSnapshots() {
        List<Event> events = new ArrayList<>();
        for (Contract c : CONTRACTS) {
            events.add(new Event(prefix(c) + "-v1", "prime_contract.upserted", snapshot(c.contractId(), 1)));
        }
        return events;
    }

    /** The ERP's events after the imports: the second versions and the deletion. */
    static List<Event> laterChanges() {
        List<Event> events = new ArrayList<>();
        for (Contract c : CONTRACTS) {
            if (c.importedVersion() == 0) {
                continue;
            }
            if (c.contractId().equals(DELETED)) {
                events.add(new Event(prefix(c) + "-deleted", "prime_contract.deleted",
                        Map.of("contractId", c.contractId(), "erpVersion", 2)));
            } else if (c.erpVersion() >= 2) {
                events.add(new Event(prefix(c) + "-v2", "prime_contract.upserted", snapshot(c.contractId(), 2)));
            }
        }
        return events;
    }

    private static String prefix(Contract c) {
        return "demo-" + c.contractId().toLowerCase();
    }

    /**
     * The demo's users: an admin of company 1001 and of its projects' Prime Contracts, a viewer of both, and an admin
     * of another company; for the tokens, the web page's sign-in and the local identity provider's.
     */
    public static List<LocalIdentity.User> users() {
        Map<String, Object> projectsAdmin = new LinkedHashMap<>();
        Map<String, Object> projectsRead = new LinkedHashMap<>();
        for (String p : projectIds()) {
            projectsAdmin.put(p, Map.of("prime_contracts", "admin"));
            projectsRead.put(p, Map.of("prime_contracts", "read_only"));
        }
        return List.of(
                new LocalIdentity.User("admin", "demo-admin", "Admin on ERP Integrations of company " + COMPANY
                        + " and on Prime Contracts of its projects: may import and re-import.", Map.of(
                        "companies", Map.of(COMPANY, Map.of("erp_integrations", "admin")), "projects", projectsAdmin)),
                new LocalIdentity.User("viewer", "demo-viewer", "Read Only on ERP Integrations of company " + COMPANY
                        + " and on Prime Contracts of its projects: sees everything, may change nothing.", Map.of(
                        "companies", Map.of(COMPANY, Map.of("erp_integrations", "read_only")), "projects", projectsRead)),
                new LocalIdentity.User("other", "other-admin", "Admin of another company (" + OTHER_COMPANY
                        + ") only: sees nothing of company " + COMPANY + ".", Map.of(
                        "companies", Map.of(OTHER_COMPANY, Map.of("erp_integrations", "admin")), "projects", Map.of())));
    }

    /** The tokens for the demo users, valid for 30 days from {@code now}. */
    public static Tokens tokens(LocalIdentity identity, Instant now) {
        Instant exp = now.plus(Duration.ofDays(30));
        List<String> signed = users().stream().map(u -> identity.sign(u, exp)).toList();
        return new Tokens(signed.get(0), signed.get(1), signed.get(2));
    }

    /** The signed envelope of a webhook event, at a fixed time derived from its place in the demo. */
    static byte[] envelope(Event event, int index) {
        return Json.write(Envelope.json(event.id(), event.type(), COMPANY,
                Instant.parse("2025-03-03T14:00:00Z").plusSeconds(60L * index).toString(),
                Json.MAPPER.valueToTree(event.data()))).getBytes(StandardCharsets.UTF_8);
    }

    /** Where the demo is loaded: the routes of a running server, or the handlers themselves. */
    public interface Target {
        /** A webhook delivery; answers the status and body. */
        Answer webhook(Source source, byte[] body, String signature) throws IOException;

        /** The admin's first import of a contract. */
        Answer importContract(String contractId) throws IOException;

        /** The admin's evaluation of a contract. */
        Answer eligibility(String contractId) throws IOException;

        /** The admin's read of one sync of a contract. */
        Answer sync(String contractId, String syncId) throws IOException;

        /** The admin's listing of the synced or staged contracts (at most 100). */
        Answer list(String status) throws IOException;

        /**
         * The URL Procore's webhook delivers to while the demo loads, or null when the product hears of Procore's
         * changes through {@link #procoreChanged} alone.
         */
        URI procoreHookUrl();

        /** Lets the product read what changed in Procore when no hook delivers (a reconciliation run). */
        void procoreChanged() throws IOException;
    }

    public record Answer(int status, String body) {}

    /**
     * Loads the demo into the server at {@code base}, whose Procore webhook route is at {@code hookUrl}.
     *
     * @param env the environment of the webhook function, for the secrets it checks
     */
    static Loaded load(URI base, URI procore, LocalIdentity identity, Function<String, String> env, PrintStream log)
            throws IOException {
        Tokens tokens = tokens(identity, Instant.now());
        return load(new HttpTarget(base, tokens.admin()), procore, env, tokens, log);
    }

    /** How long the demo waits for one of its imports to be written to Procore, or for Procore's news to arrive. */
    private static final Duration IMPORT_WAIT = Duration.ofSeconds(90);

    /**
     * Loads the demo through any target, its Procore side made in the simulator at {@code procore} as Procore users
     * make it; the product hears of it the way it hears of Procore (the hook's deliveries, or a reconciliation). Every
     * step must get the answer it expects, every import must be applied in Procore, and every contract must end with
     * the reasons it is there to show.
     */
    public static Loaded load(Target target, URI procore, Function<String, String> env, Tokens tokens, PrintStream log)
            throws IOException {
        DemoProcore procoreSide = new DemoProcore(procore);
        URI hook = target.procoreHookUrl();
        procoreSide.prepare(hook, hook == null ? null : firstProcoreSecret(env));
        int[] counts = new int[3];
        int index = 0;
        for (Event event : firstSnapshots()) {
            deliver(target, env, event, index++, counts);
        }
        Map<String, Object> imported = listed(target, "synced");
        target.procoreChanged();
        List<String> toImport = new ArrayList<>();
        for (Contract c : CONTRACTS) {
            if (c.importedVersion() > 0 && !imported.containsKey(c.contractId())) {
                toImport.add(c.contractId());
            }
        }
        awaitJobsSynced(target, toImport);
        int importedNow = 0;
        for (String contractId : toImport) {
            Answer answer = target.importContract(contractId);
            if (answer.status() != 202) {
                throw new IOException("the demo import of " + contractId + " was refused: " + answer.status() + " "
                        + answer.body());
            }
            awaitApplied(target, contractId, answer);
            importedNow++;
        }
        // what people then do in Procore: a job unsynced, a job's second project, a change order approved
        boolean procoreChanged = procoreSide.afterImports();
        for (Event event : laterChanges()) {
            deliver(target, env, event, index++, counts);
        }
        target.procoreChanged();
        if (importedNow > 0 || procoreChanged || counts[0] > 0) {
            // a first load: wait until every contract shows what it is there to show (a second finds what users did)
            awaitReasons(target);
        }
        log.printf("Demo company %s: %d events applied, %d duplicates, %d stale; %d contracts imported%n", COMPANY,
                counts[0], counts[1], counts[2], importedNow);
        return new Loaded(tokens, counts[0], counts[1], counts[2], importedNow);
    }

    private static void deliver(Target target, Function<String, String> env, Event event, int index, int[] counts)
            throws IOException {
        byte[] body = envelope(event, index);
        Answer answer = target.webhook(Source.SPECTRUM, body, LocalSettings.signature(env, Source.SPECTRUM, body));
        if (answer.status() != 200) {
            throw new IOException("demo event " + event.id() + " was refused: " + answer.status() + " " + answer.body());
        }
        Object result = LocalJson.readMap(answer.body().getBytes(StandardCharsets.UTF_8)).get("result");
        counts["applied".equals(result) ? 0 : "duplicate".equals(result) ? 1 : 2]++;
    }

    /** The contracts of a listing, by id. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> listed(Target target, String status) throws IOException {
        Answer answer = target.list(status);
        if (answer.status() != 200) {
            throw new IOException("the demo's " + status + " listing answered " + answer.status() + " " + answer.body());
        }
        Map<String, Object> byId = new LinkedHashMap<>();
        for (Object item : (List<Object>) LocalJson.readMap(answer.body().getBytes(StandardCharsets.UTF_8)).get("items")) {
            Map<String, Object> m = (Map<String, Object>) item;
            byId.put((String) m.get("contractId"), m);
        }
        return byId;
    }

    /** Waits until the product has heard from Procore that each contract's job is synced to its project. */
    @SuppressWarnings("unchecked")
    private static void awaitJobsSynced(Target target, List<String> contractIds) throws IOException {
        await("the jobs of " + contractIds + " synced to their projects", () -> {
            Map<String, Object> staged = listed(target, "staged");
            for (String id : contractIds) {
                Object item = staged.get(id);
                if (item == null || !contract(id).projectId().equals(((Map<String, Object>) item).get("jobProjectId"))) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Waits until every contract shows the re-import reasons it is in the demo for. */
    @SuppressWarnings("unchecked")
    private static void awaitReasons(Target target) throws IOException {
        String[] last = {""};
        await("every demo contract's re-import reasons", () -> {
            Map<String, Object> all = listed(target, "synced");
            all.putAll(listed(target, "staged"));
            StringBuilder wrong = new StringBuilder();
            for (Contract c : CONTRACTS) {
                Map<String, Object> item = (Map<String, Object>) all.get(c.contractId());
                List<String> codes = new ArrayList<>();
                if (item != null) {
                    for (Object r : (List<Object>) ((Map<String, Object>) item.get("reimport")).get("reasons")) {
                        codes.add((String) ((Map<String, Object>) r).get("code"));
                    }
                }
                if (!codes.equals(c.reasons())) {
                    wrong.append(' ').append(c.contractId()).append(" has ").append(codes);
                }
            }
            last[0] = wrong.toString();
            return wrong.length() == 0;
        }, () -> last[0]);
    }

    interface Check {
        boolean holds() throws IOException;
    }

    private static void await(String what, Check check) throws IOException {
        await(what, check, () -> "");
    }

    private static void await(String what, Check check, java.util.function.Supplier<String> detail) throws IOException {
        long deadline = System.nanoTime() + IMPORT_WAIT.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the demo waited " + IMPORT_WAIT.toSeconds() + " s for " + what
                        + " from Procore's side, in vain:" + detail.get());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** Points the demo company's hook at the server's public URL, once it listens there. */
    static void pointHook(URI procore, URI hookUrl, Function<String, String> env) throws IOException {
        new DemoProcore(procore).hook(hookUrl, firstProcoreSecret(env));
    }

    /** The secret the product's hook sends back (the first configured for Procore's route). */
    private static String firstProcoreSecret(Function<String, String> env) {
        String secret = ProcoreHooks.secretFor(COMPANY, env.apply(Source.PROCORE.secretName()) == null
                ? LocalSettings.webhookSecret(Source.PROCORE) : env.apply(Source.PROCORE.secretName()));
        if (secret == null) {
            throw new IllegalStateException(Source.PROCORE.secretName() + " covers no secret for company " + COMPANY);
        }
        return secret;
    }

    /** Waits until the import is written to Procore; one that fails stops the demo with Procore's reason. */
    private static void awaitApplied(Target target, String contractId, Answer accepted) throws IOException {
        String syncId = LocalJson.readMap(accepted.body().getBytes(StandardCharsets.UTF_8)).get("syncId").toString();
        String[] last = {""};
        await("the import of " + contractId + " written to Procore", () -> {
            Answer sync = target.sync(contractId, syncId);
            Object status = sync.status() == 200
                    ? LocalJson.readMap(sync.body().getBytes(StandardCharsets.UTF_8)).get("status") : null;
            if ("failed".equals(status)) {
                throw new IOException("the demo import of " + contractId + " failed: " + sync.body());
            }
            last[0] = " " + sync.body();
            return "applied".equals(status);
        }, () -> last[0]);
    }

    /** The routes of a running server. */
    private record HttpTarget(URI base, String adminToken, HttpClient http) implements Target {
        HttpTarget(URI base, String adminToken) {
            this(base, adminToken, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
        }

        @Override
        public Answer webhook(Source source, byte[] body, String signature) throws IOException {
            return send(HttpRequest.newBuilder(base.resolve("/webhooks/" + source.wire()))
                    .header("Content-Type", "application/json")
                    .header(WebhookSignature.HEADER, signature)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        }

        @Override
        public Answer importContract(String contractId) throws IOException {
            return send(HttpRequest.newBuilder(contract(contractId).resolve("import"))
                    .header("Authorization", "Bearer " + adminToken)
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
        }

        @Override
        public Answer eligibility(String contractId) throws IOException {
            return send(HttpRequest.newBuilder(contract(contractId).resolve("reimport-eligibility"))
                    .header("Authorization", "Bearer " + adminToken).GET().build());
        }

        @Override
        public Answer sync(String contractId, String syncId) throws IOException {
            return send(HttpRequest.newBuilder(contract(contractId).resolve("syncs/" + syncId))
                    .header("Authorization", "Bearer " + adminToken).GET().build());
        }

        @Override
        public Answer list(String status) throws IOException {
            return send(HttpRequest.newBuilder(base.resolve("/companies/" + COMPANY + "/erp/prime-contracts?limit=100&status="
                    + status)).header("Authorization", "Bearer " + adminToken).GET().build());
        }

        @Override
        public URI procoreHookUrl() {
            return base.resolve("/webhooks/procore");
        }

        @Override
        public void procoreChanged() {
            // the hook delivers to the server, whose Procore event worker applies each delivery
        }

        private URI contract(String contractId) {
            return base.resolve("/companies/" + COMPANY + "/erp/prime-contracts/" + contractId + "/");
        }

        private Answer send(HttpRequest request) throws IOException {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                return new Answer(response.statusCode(), response.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while loading the demo", e);
            }
        }
    }

    /** Where serve --demo leaves the tokens as shell exports, so another terminal can {@code source} them. */
    public static final Path TOKEN_FILE = Path.of(".primesync", "demo-tokens.sh");

    /**
     * Writes the tokens, the API's base URL and the Procore simulator's as shell exports; the file is readable by its
     * owner only.
     */
    public static Path writeTokenFile(URI base, URI procore, Tokens tokens) throws IOException {
        Files.createDirectories(TOKEN_FILE.getParent());
        String exports = String.join("\n",
                "# PrimeSync demo tokens (signed by the local identity provider, valid 30 days)",
                "export API='" + base + "/companies/" + COMPANY + "/erp/prime-contracts'",
                "export ADMIN='" + tokens.admin() + "'",
                "export VIEWER='" + tokens.readOnly() + "'",
                "export OTHER='" + tokens.otherCompany() + "'",
                "export PROCORE='" + procore + "'",
                "");
        Files.writeString(TOKEN_FILE, exports);
        try {
            Files.setPosixFilePermissions(TOKEN_FILE, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // the tokens only open the local demo
        }
        return TOKEN_FILE;
    }

    /** What to paste into a shell to try the API on the demo. */
    public static String instructions(URI base, URI procore, Tokens tokens) {
        String api = base + "/companies/" + COMPANY + "/erp/prime-contracts";
        return String.join("\n",
                "",
                "Demo company " + COMPANY + " is loaded. Tokens (valid 30 days), also in " + TOKEN_FILE
                        + " (run: source " + TOKEN_FILE + "):",
                "",
                "  export ADMIN='" + tokens.admin() + "'",
                "  export VIEWER='" + tokens.readOnly() + "'",
                "  export OTHER='" + tokens.otherCompany() + "'",
                "",
                "ADMIN is admin of company " + COMPANY + " and of every demo project; VIEWER can only read company "
                        + COMPANY + "; OTHER is admin of company " + OTHER_COMPANY + " only.",
                "",
                "List the synced contracts, each with its re-import status and every reason it is refused:",
                "  curl -s -H \"Authorization: Bearer $ADMIN\" '" + api + "?limit=100'",
                "The staged ones (never imported):",
                "  curl -s -H \"Authorization: Bearer $ADMIN\" '" + api + "?status=staged'",
                "Preview what a re-import of " + READY + " would change:",
                "  curl -s -H \"Authorization: Bearer $ADMIN\" " + api + "/" + READY + "/reimport-eligibility",
                "Re-import it: 202 with the sync and its Location, written to Procore by the worker (repeat with the same"
                        + " key: the first response again, with Idempotent-Replayed: true):",
                "  curl -s -i -X POST -H \"Authorization: Bearer $ADMIN\" -H 'Idempotency-Key: demo-1' " + api + "/"
                        + READY + "/reimport",
                "Its status and progress: curl the Location it answered, with the same Authorization header.",
                "What Procore holds (the simulator at " + procore + ", read as a Procore API client reads it):",
                "  PCTOKEN=$(curl -s -X POST " + procore + "/oauth/token -d grant_type=client_credentials -d client_id="
                        + io.primesync.local.procore.ProcoreSimulator.CLIENT_ID + " -d client_secret="
                        + io.primesync.local.procore.ProcoreSimulator.CLIENT_SECRET + " | jq -r .access_token)",
                "  curl -s -H \"Authorization: Bearer $PCTOKEN\" -H 'Procore-Company-Id: " + COMPANY + "' '" + procore
                        + "/rest/v1.0/prime_contracts?project_id=" + contract(READY).projectId() + "'",
                "Its history:",
                "  curl -s -H \"Authorization: Bearer $ADMIN\" " + api + "/" + READY + "/history",
                "A refused re-import (409 with the reason APPROVED_CHANGE_ORDERS):",
                "  curl -s -X POST -H \"Authorization: Bearer $ADMIN\" " + api + "/" + APPROVED_CO + "/reimport",
                "The first import of the staged contract:",
                "  curl -s -X POST -H \"Authorization: Bearer $ADMIN\" " + api + "/" + STAGED + "/import",
                "Change something in Procore as a person, and watch the reasons change (Procore's webhook tells the"
                        + " product): the approved change order of " + APPROVED_CO + " back to pending:",
                "  PEOPLE=$(curl -s -X POST " + procore + "/oauth/token -d grant_type=client_credentials -d client_id="
                        + io.primesync.local.procore.ProcoreSimulator.USER_CLIENT_ID + " -d client_secret="
                        + io.primesync.local.procore.ProcoreSimulator.USER_CLIENT_SECRET + " | jq -r .access_token)",
                "  curl -s -X PATCH -H \"Authorization: Bearer $PEOPLE\" -H 'Procore-Company-Id: " + COMPANY
                        + "' -H 'Content-Type: application/json' -d '{\"prime_change_order\": {\"status\": \"pending\"}}' "
                        + procore + "/rest/v1.0/projects/" + contract(APPROVED_CO).projectId() + "/prime_change_orders/"
                        + SampleEvents.DEMO_CHANGE_ORDER_ID,
                "  curl -s -H \"Authorization: Bearer $ADMIN\" " + api + "/" + APPROVED_CO + "/reimport-eligibility",
                "");
    }
}
