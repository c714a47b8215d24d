package io.primesync.local.spectrum;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.agent.Agent;
import io.primesync.agent.Mapping;
import io.primesync.agent.Poller;
import io.primesync.agent.Sender;
import io.primesync.agent.Snapshots;
import io.primesync.json.Json;
import io.primesync.local.http.LocalHttp;
import io.primesync.local.http.Reply;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local Spectrum: its Info-Link database ({@link SpectrumDatabase}), Spectrum's documented schedule-of-values
 * import ({@code POST /contract/scheduleofvalues}, Basic {@code Company_Code:Authorization_ID}, with its rules), a
 * control surface that is not Spectrum's under {@code /_spectrum/} (jobs, contracts written as Spectrum's screens
 * allow, faults), and the agent run against it every period, delivering to a product's Spectrum webhook.
 */
public final class LocalSpectrum implements AutoCloseable {
    /** The only Authorization ID the local Spectrum takes; any other is refused as Spectrum does ({@code A}). */
    public static final String AUTHORIZATION_ID = "local-spectrum-auth";
    /** The rule the agent of local runs decides a contract's status by (the agent's default). */
    public static final Snapshots.StatusRule STATUS_RULE = Snapshots.StatusRule.JOB_ACTIVE_AND_BALANCED;
    /** Successful polls without a contract before the agent of local runs sends its deletion. */
    public static final int DELETE_AFTER = 2;
    private static final Pattern JOBS = Pattern.compile("^/_spectrum/companies/([^/]{1,3})/jobs$");
    private static final Pattern CONTRACT = Pattern.compile("^/_spectrum/companies/([^/]{1,3})/contracts/([^/]{1,10})/([^/]{1,10})$");

    private final SpectrumDatabase db;
    private final Mapping mapping;
    private final LocalHttp http;
    private final AtomicInteger readFailures = new AtomicInteger();
    private volatile boolean halfSaved;
    private volatile Runnable restore;
    private final List<ScheduledExecutorService> agents = new ArrayList<>();
    private int port;

    private LocalSpectrum(Mapping mapping, Path dataFile) throws SQLException {
        this.mapping = mapping;
        this.db = dataFile == null ? SpectrumDatabase.inMemory(mapping) : SpectrumDatabase.file(mapping, dataFile);
        this.http = LocalHttp.create("local-spectrum", this::handle,
                (status, method, target, why) -> Reply.json(status == 413 || status == 414 || status == 431 ? status
                        : 400, "{\"error\":\"bad request\"}"), LocalHttp.Limits.defaults(), 4);
    }

    /** A local Spectrum in memory. @param port 0 for a free one */
    public static LocalSpectrum start(int port) throws IOException {
        return start(port, null);
    }

    /**
     * A local Spectrum whose database is kept in {@code dataFile} (null: in memory).
     *
     * @param port 0 for a free one
     */
    public static LocalSpectrum start(int port, Path dataFile) throws IOException {
        try {
            LocalSpectrum s = new LocalSpectrum(Mapping.defaults(), dataFile);
            s.port = s.http.listen(port);
            return s;
        } catch (SQLException e) {
            throw new IOException("the local Spectrum's database: " + e.getMessage(), e);
        }
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public SpectrumDatabase database() {
        return db;
    }

    /** The agent's way to the database, with the control surface's read failures. */
    public Agent.Database connections() {
        return () -> {
            if (readFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new SQLException("the local Spectrum's database is not answering (a fault of /_spectrum/faults)");
            }
            return db.reader();
        };
    }

    /** Where the agent of {@link #runAgent} keeps a Spectrum company's state and spool. */
    public static Path agentDir(Path stateDir, String company) {
        return stateDir.resolve("company-" + company);
    }

    /**
     * Runs the agent every {@code period} for each company (Spectrum code → Procore company id), delivering to the
     * product's Spectrum webhook signed with that company's secret; its state and spool under {@code stateDir}.
     */
    public void runAgent(Map<String, String> companies, URI webhook, Map<String, String> secrets, Duration period,
            Path stateDir, Consumer<String> log) throws IOException {
        Sender.Transport transport = Sender.http(webhook);
        for (Map.Entry<String, String> company : companies.entrySet()) {
            Clock clock = Clock.systemUTC();
            Poller poller = new Poller(mapping, Map.of(company.getKey(), company.getValue()),
                    STATUS_RULE, DELETE_AFTER, clock);
            poller.betweenReads(this::halfSave);
            Path dir = agentDir(stateDir, company.getKey());
            Agent agent = Agent.inDirectory(connections(), mapping, poller, dir, new Sender(transport,
                            secrets.get(company.getValue()).getBytes(StandardCharsets.UTF_8), clock,
                            line -> log.accept("agent " + company.getKey() + ": " + line), Thread::sleep, 3, 200),
                    line -> log.accept("agent " + company.getKey() + ": " + line));
            ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "spectrum-agent-" + company.getKey());
                t.setDaemon(true);
                return t;
            });
            loop.scheduleWithFixedDelay(() -> {
                try {
                    agent.runOnce();
                } catch (IOException | RuntimeException e) {
                    log.accept("agent " + company.getKey() + ": " + e.getMessage());
                }
            }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
            agents.add(loop);
        }
    }

    /**
     * The control surface's fault of a schedule of values saved while the agent reads it: between the two reads of a
     * poll, one item is taken out (the save half done), and between the two reads of the next poll it is back (the
     * save done). Each of those polls reads two different contracts, so the half state is never sent.
     */
    private void halfSave() {
        Runnable undo = restore;
        restore = null;
        if (undo != null) {
            undo.run();
            return;
        }
        if (!halfSaved) {
            return;
        }
        halfSaved = false;
        String t = mapping.name("fixed.table");
        List<String> columns = List.of(mapping.name("fixed.company"), mapping.name("fixed.job"),
                mapping.name("fixed.customer"), mapping.name("fixed.code"), mapping.name("fixed.description"),
                mapping.name("fixed.additionalDescription"), mapping.name("fixed.amount"));
        try (Connection c = db.admin(); ResultSet rs = c.createStatement().executeQuery("SELECT TOP 1 "
                + String.join(", ", columns) + " FROM " + t + " ORDER BY " + String.join(", ", columns.subList(0, 4)))) {
            if (!rs.next()) {
                return;
            }
            Object[] row = new Object[columns.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = rs.getObject(i + 1);
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + t + " WHERE " + columns.get(0)
                    + " = ? AND " + columns.get(1) + " = ? AND " + columns.get(2) + " = ? AND " + columns.get(3) + " = ?")) {
                for (int i = 0; i < 4; i++) {
                    delete.setObject(i + 1, row[i]);
                }
                delete.executeUpdate();
            }
            restore = () -> {
                try (Connection again = db.admin(); PreparedStatement insert = again.prepareStatement("INSERT INTO " + t
                        + " (" + String.join(", ", columns) + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    for (int i = 0; i < row.length; i++) {
                        insert.setObject(i + 1, row[i]);
                    }
                    insert.executeUpdate();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            };
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Reply handle(LocalHttp.Request r) throws Exception {
        String path = r.rawPath();
        JsonNode body = r.body() == null || r.body().length == 0 ? Json.object() : readJson(r.body());
        if (body == null) {
            return Reply.json(400, "{\"error\":\"the body is not JSON\"}");
        }
        if (path.equals("/contract/scheduleofvalues") && r.method().equals("POST")) {
            return scheduleOfValues(r, body);
        }
        Matcher jobs = JOBS.matcher(path);
        if (jobs.matches() && r.method().equals("POST")) {
            db.job(jobs.group(1), text(body, "jobNumber"), text(body, "description"),
                    body.path("status").asText("A"));
            return Reply.json(201, "{}");
        }
        Matcher contract = CONTRACT.matcher(path);
        if (contract.matches() && r.method().equals("PUT")) {
            List<SpectrumDatabase.Item> items = new ArrayList<>();
            for (JsonNode i : body.path("items")) {
                items.add(new SpectrumDatabase.Item(text(i, "group"), text(i, "code"), text(i, "description"),
                        text(i, "amount"), text(i, "quantity"), text(i, "unit"), text(i, "unitPrice")));
            }
            db.contract(contract.group(1), contract.group(2), contract.group(3), text(body, "originalContract"),
                    body.path("unitPricing").asBoolean(false), text(body, "retentionPercent"), items);
            return Reply.json(200, "{}");
        }
        if (contract.matches() && r.method().equals("DELETE")) {
            db.deleteContract(contract.group(1), contract.group(2), contract.group(3));
            return Reply.json(200, "{}");
        }
        if (path.equals("/_spectrum/faults") && r.method().equals("POST")) {
            readFailures.set(Math.max(0, body.path("readFailures").asInt(0)));
            halfSaved = body.path("halfSaved").asBoolean(false);
            return Reply.json(200, "{}");
        }
        if (path.equals("/_spectrum/faults") && r.method().equals("DELETE")) {
            readFailures.set(0);
            halfSaved = false;
            return Reply.json(200, "{}");
        }
        return Reply.json(404, "{\"error\":\"not found\"}");
    }

    /**
     * Spectrum's schedule-of-values import, with its rules: Basic {@code Company_Code:Authorization_ID}; each item's
     * {@code Billing_Item} at most 10 characters, {@code Billing_Description} 30, {@code
     * Additional_Billing_Description} 40, amounts 10.2; the items summing to the contract's original amount. Each
     * problem is a row with Spectrum's {@code Error_Code} ({@code A} not authorised, {@code I} invalid, {@code M}
     * missing); a good import answers one {@code G} row.
     */
    private Reply scheduleOfValues(LocalHttp.Request r, JsonNode body) throws SQLException {
        String company = null;
        String authorization = null;
        String header = r.header("Authorization");
        if (header != null && header.startsWith("Basic ")) {
            try {
                String[] pair = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8)
                        .split(":", 2);
                company = pair[0];
                authorization = pair.length > 1 ? pair[1] : null;
            } catch (IllegalArgumentException e) {
                company = null;
            }
        }
        if (company == null || !AUTHORIZATION_ID.equals(authorization)) {
            return rows(401, List.of(row("A", "Authorization_ID is not authorised for this company")));
        }
        List<ObjectNode> errors = new ArrayList<>();
        String job = text(body, "Job_Number");
        String customer = text(body, "Customer_Code");
        BigDecimal original = decimal(body, "Original_Contract_Amount", errors);
        if (job == null || job.isBlank()) {
            errors.add(row("M", "Job_Number is required"));
        }
        if (customer == null || customer.isBlank()) {
            errors.add(row("M", "Customer_Code is required"));
        }
        boolean unit = body.path("Unit_Price").asBoolean(false);
        List<SpectrumDatabase.Item> items = new ArrayList<>();
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode i : body.path("Items")) {
            String code = text(i, "Billing_Item");
            String description = text(i, "Billing_Description");
            String more = text(i, "Additional_Billing_Description");
            if (code == null || code.isBlank() || code.length() > 10) {
                errors.add(row(code == null ? "M" : "I", "Billing_Item must be 1 to 10 characters"));
            }
            if (description != null && description.length() > 30) {
                errors.add(row("I", "Billing_Description " + code + " is longer than 30 characters"));
            }
            if (more != null && more.length() > 40) {
                errors.add(row("I", "Additional_Billing_Description " + code + " is longer than 40 characters"));
            }
            BigDecimal amount = decimal(i, "Original_Contract_Amount", errors);
            sum = sum.add(amount == null ? BigDecimal.ZERO : amount);
            String desc = more == null ? description : description + " " + more;
            items.add(unit ? new SpectrumDatabase.Item(text(i, "Bill_Group_Code"), code, desc, plain(amount),
                    text(i, "Quantity"), text(i, "Unit_Of_Measure"), text(i, "Unit_Price"))
                    : SpectrumDatabase.Item.fixed(code, desc, plain(amount)));
        }
        if (original != null && sum.compareTo(original) != 0) {
            errors.add(row("I", "the items add up to " + sum.toPlainString() + ", not the contract's original amount "
                    + original.toPlainString()));
        }
        if (!errors.isEmpty()) {
            return rows(400, errors);
        }
        db.contract(company, job, customer, plain(original), unit, null, items);
        return rows(200, List.of(row("G", "")));
    }

    private static BigDecimal decimal(JsonNode node, String field, List<ObjectNode> errors) {
        String v = text(node, field);
        if (v == null) {
            errors.add(row("M", field + " is required"));
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(v);
            if (d.scale() > 2 || d.precision() - d.scale() > 10) {
                errors.add(row("I", field + " " + v + " is not an amount of 10.2"));
            }
            return d;
        } catch (NumberFormatException e) {
            errors.add(row("I", field + " " + v + " is not a number"));
            return null;
        }
    }

    private static String plain(BigDecimal d) {
        return d == null ? null : d.toPlainString();
    }

    private static ObjectNode row(String code, String description) {
        return Json.object().put("Error_Code", code).put("Error_Description", description);
    }

    private static Reply rows(int status, List<ObjectNode> rows) {
        ObjectNode o = Json.object();
        ArrayNode list = o.putArray("response");
        rows.forEach(list::add);
        return Reply.json(status, Json.write(o));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static JsonNode readJson(byte[] body) {
        try {
            return Json.read(body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() throws SQLException {
        agents.forEach(ScheduledExecutorService::shutdownNow);
        http.close();
        db.close();
    }
}
