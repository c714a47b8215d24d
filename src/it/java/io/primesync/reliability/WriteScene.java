package io.primesync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.domain.Caller;
import io.primesync.domain.LineItem;
import io.primesync.handler.AppContext;
import io.primesync.handler.ListContractsHandler;
import io.primesync.handler.SweeperHandler;
import io.primesync.handler.SyncHandler;
import io.primesync.handler.SyncWorkerHandler;
import io.primesync.handler.WebhookHandler;
import io.primesync.json.Json;
import io.primesync.local.LocalSettings;
import io.primesync.local.procore.SimulatorClient;
import io.primesync.procore.CallListener;
import io.primesync.queue.SqsSyncQueue;
import io.primesync.store.ContractStore;
import io.primesync.store.EventStamp;
import io.primesync.store.ProcoreFacts;
import io.primesync.testing.Fixtures;
import io.primesync.testing.LocalDynamo;
import io.primesync.testing.LocalProcore;
import io.primesync.testing.LocalSqs;
import io.primesync.testing.SyncDrain;
import io.primesync.testing.TestClock;
import io.primesync.webhook.Source;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One company writing to the Procore simulator through the real handlers: its project, its own sync queue (messages
 * come back a second after a worker fails them), a clock the test moves, and "processes": each a context of its own,
 * as each Lambda execution environment is, with a listener on every Procore call it makes.
 */
final class WriteScene {
    static final String USER = "writer";

    final String company = LocalDynamo.newCompanyId();
    final String project;
    final String job = "J-W";
    final Caller admin;
    /** Real time, moved ahead past a lease when a test needs it: Procore's rate-limit windows keep the real time. */
    final TestClock clock = TestClock.running();
    final String table;
    final String queueUrl = LocalSqs.get().newQueue("write-" + UUID.randomUUID(), 1);
    final SimulatorClient procore = LocalProcore.get().client();
    private final Map<String, String> extraEnv;
    private final AtomicInteger events = new AtomicInteger();

    /** One execution environment: its context and handlers. */
    final class Process {
        final AppContext app;
        final SyncHandler sync;
        final ListContractsHandler list;
        final WebhookHandler webhook;
        final SyncWorkerHandler worker;
        final SweeperHandler sweeper;
        final SyncDrain queue;

        Process(CallListener listener, Supplier<SqsClient> sqs) {
            Map<String, String> env = new LinkedHashMap<>(Rig.env(table));
            env.put(SqsSyncQueue.QUEUE_URL, queueUrl);
            env.put(AppContext.SYNC_RETRY_SECONDS, "1");
            env.putAll(extraEnv);
            app = new AppContext(env::get, clock, () -> LocalDynamo.get().client(), sqs);
            if (listener != null) {
                app.listenToProcore(listener);
            }
            sync = LocalSettings.handler(SyncHandler.class, app);
            list = LocalSettings.handler(ListContractsHandler.class, app);
            webhook = LocalSettings.handler(WebhookHandler.class, app);
            worker = LocalSettings.handler(SyncWorkerHandler.class, app);
            sweeper = LocalSettings.handler(SweeperHandler.class, app);
            queue = new SyncDrain(worker, queueUrl);
        }
    }

    /**
     * @param generous whether the company gets limits no test reaches, or Procore's default ones
     * @param extraEnv configuration on top of the tests' (batch size, timeouts)
     */
    WriteScene(boolean generous, Map<String, String> extraEnv) {
        this(generous, extraEnv, LocalDynamo.get().tableName());
    }

    WriteScene(boolean generous, Map<String, String> extraEnv, String table) {
        this.table = table;
        this.extraEnv = Map.copyOf(extraEnv);
        LocalProcore.get().company(company, generous);
        project = procore.createProject(company, "Project of " + company, job);
        admin = Rig.admin(USER, company, project);
    }

    Process process(CallListener listener) {
        return new Process(listener, LocalSqs.get()::client);
    }

    Process process(CallListener listener, Supplier<SqsClient> sqs) {
        return new Process(listener, sqs);
    }

    // ---------------------------------------------------------------- the ERP and the project side

    void stage(Process p, String contractId, long version, List<LineItem> lines) {
        if (version == 1) {
            // the project was made with the job as its origin; what the Procore event worker records of it (read
            // here without a Procore call, which the write tests count)
            new ProcoreFacts(p.app.table(), clock).applyJobProject(company, job, project, true,
                    new EventStamp(clock.millis(), "project-" + project));
        }
        snapshot(p, contractId, version, lines);
    }

    void snapshot(Process p, String contractId, long version, List<LineItem> lines) {
        webhook(p, Source.SPECTRUM, "prime_contract.upserted",
                Rig.snapshotData(Fixtures.snapshot(contractId, job, version, lines)));
    }

    private void webhook(Process p, Source source, String type, ObjectNode data) {
        String body = Json.write(Rig.envelope("w-" + company + "-" + events.incrementAndGet(), type, company,
                Instant.now().toString(), data));
        APIGatewayProxyResponseEvent r = p.webhook.handleRequest(Rig.webhook(source, body, Instant.now().getEpochSecond()), null);
        assertEquals(200, r.getStatusCode(), r.getBody());
        assertEquals("applied", Rig.json(r).path("result").asText(), r.getBody());
    }

    // ---------------------------------------------------------------- the user's requests

    APIGatewayProxyResponseEvent importContract(Process p, String contractId) {
        return p.sync.handleRequest(Rig.importContract(admin, company, contractId), null);
    }

    APIGatewayProxyResponseEvent reimport(Process p, String contractId, String key) {
        return p.sync.handleRequest(Rig.reimport(admin, company, contractId, key), null);
    }

    JsonNode sync(Process p, String contractId, String syncId) {
        APIGatewayProxyResponseEvent r = p.list.handleRequest(Rig.syncStatus(admin, company, contractId, syncId), null);
        assertEquals(200, r.getStatusCode(), r.getBody());
        return Rig.json(r);
    }

    JsonNode history(Process p, String contractId) {
        return Rig.json(p.list.handleRequest(Rig.history(admin, company, contractId), null)).path("items");
    }

    ContractStore store(Process p) {
        return new ContractStore(p.app.table(), clock);
    }

    // ---------------------------------------------------------------- what Procore holds

    JsonNode primeContract(String contractId) {
        return procore.primeContractOf(company, project, contractId);
    }

    ArrayNode lines(String contractId) {
        JsonNode pc = primeContract(contractId);
        return pc == null ? Json.MAPPER.createArrayNode() : procore.lineItems(company, project, pc.path("id").asText());
    }

    /** The request counts of this company and of the login service, by method and path template. */
    JsonNode requests() {
        return procore.requests(company);
    }

    /**
     * Where Procore's schedule of values differs from the ERP lines, field by field ("" when it equals them): a line
     * missing, one there twice, one too many, or a field that is not the ERP's.
     */
    String differences(String contractId, List<LineItem> lines) {
        Map<String, String> expected = new TreeMap<>();
        for (LineItem l : lines) {
            expected.put(contractId + ":" + l.itemCode(), fields(l.description(), l.amount(), l.quantity(),
                    l.unitOfMeasure(), l.unitPrice()));
        }
        Map<String, String> held = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode line : lines(contractId)) {
            String origin = line.path("origin_id").asText(null);
            String value = fields(line.path("description").asText(null), decimal(line, "amount"),
                    decimal(line, "quantity"), text(line, "uom"), decimal(line, "unit_cost"));
            if (held.put(origin, value) != null) {
                problems.add(origin + " is there twice");
            }
        }
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String got = held.remove(e.getKey());
            if (got == null) {
                problems.add(e.getKey() + " is missing");
            } else if (!got.equals(e.getValue())) {
                problems.add(e.getKey() + " is " + got + ", not " + e.getValue());
            }
        }
        held.keySet().forEach(k -> problems.add(k + " should not be there"));
        return problems.size() > 5 ? problems.subList(0, 5) + " and " + (problems.size() - 5) + " more"
                : problems.isEmpty() ? "" : problems.toString();
    }

    private static String fields(String description, BigDecimal amount, BigDecimal quantity, String uom, BigDecimal unit) {
        return description + "|" + plain(amount) + "|" + plain(quantity) + "|" + (uom == null || uom.isBlank() ? null : uom)
                + "|" + plain(unit);
    }

    private static String plain(BigDecimal d) {
        return d == null ? null : d.stripTrailingZeros().toPlainString();
    }

    private static BigDecimal decimal(JsonNode line, String field) {
        String t = text(line, field);
        return t == null || t.isBlank() ? null : new BigDecimal(t);
    }

    private static String text(JsonNode line, String field) {
        JsonNode v = line.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    // ---------------------------------------------------------------- contracts of any size

    /**
     * {@code count} lines; with {@code unit}, every other one priced by unit. Version 2 changes the first and every
     * 20th line (amount and description), removes every 100th (the last of a contract under 100 lines), adds one per
     * hundred, and, with {@code unit}, turns one unit line into a lump-sum one and one lump-sum line into a unit line.
     */
    static List<LineItem> contract(int count, boolean unit, long version) {
        List<LineItem> lines = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            // small contracts lose their last line and change their first, so every version 2 removes and changes
            if (version >= 2 && (i % 100 == 50 || count < 100 && i == count)) {
                continue;
            }
            boolean changed = version >= 2 && (i % 20 == 0 || i == 1);
            boolean unitLine = unit && (i % 2 == 0) != (version >= 2 && (i == 3 || i == 4));
            String code = String.format("L%05d", i);
            String description = "Work package " + i + (changed ? " (revised)" : "");
            if (unitLine) {
                BigDecimal quantity = BigDecimal.valueOf(5 + i % 40);
                BigDecimal price = new BigDecimal((20 + i % 300) + "." + String.format("%02d", i % 100))
                        .add(changed ? BigDecimal.ONE : BigDecimal.ZERO);
                lines.add(new LineItem(code, description, quantity.multiply(price), quantity, "EA", price));
            } else {
                BigDecimal amount = new BigDecimal((1000 + i * 3) + "." + String.format("%02d", i % 100));
                lines.add(LineItem.lumpSum(code, description,
                        (changed ? amount.add(new BigDecimal("250.00")) : amount).toPlainString()));
            }
        }
        if (version >= 2) {
            for (int i = 1; i <= Math.max(1, count / 100); i++) {
                lines.add(LineItem.lumpSum(String.format("N%05d", i), "Added work " + i, (500 + i) + ".00"));
            }
        }
        return lines;
    }
}
