package io.primesync.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.handler.AppContext;
import io.primesync.handler.SyncHandler;
import io.primesync.handler.WebhookHandler;
import io.primesync.json.Json;
import io.primesync.local.DemoData;
import io.primesync.local.DemoLoader;
import io.primesync.local.HandlerTarget;
import io.primesync.local.LocalSettings;
import io.primesync.local.ProcoreHooks;
import io.primesync.local.SampleEvents;
import io.primesync.local.procore.Deliveries;
import io.primesync.local.procore.SimulatorClient;
import io.primesync.webhook.Envelope;
import io.primesync.webhook.ProcoreDelivery;
import io.primesync.webhook.Source;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events built from the samples in events/, and the demo company put in place through the real handlers (never by
 * writing items directly), so that every sample event finds the state it is about, with more contracts on top.
 */
public final class DemoState {
    public static final String COMPANY = SampleEvents.COMPANY;
    public static final String PROJECT = DemoData.contract(DemoData.READY).projectId();
    public static final String JOB = DemoData.contract(DemoData.READY).jobNumber();
    private static final PojoSerializer<APIGatewayProxyRequestEvent> EVENTS =
            LambdaEventSerializers.serializerFor(APIGatewayProxyRequestEvent.class, DemoState.class.getClassLoader());
    private static final AtomicLong IDS = new AtomicLong();

    private final Path eventsDir;

    public DemoState(Path eventsDir) {
        this.eventsDir = eventsDir;
    }

    /** Runs {@code work} with the handlers' one-line request logs silenced (they go to standard output). */
    public static void quietly(Runnable work) {
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            work.run();
        } finally {
            System.setOut(out);
        }
    }

    /**
     * Seeds the demo company through the handlers of {@code app}, its Procore side in the (fresh) simulator at
     * {@code procore}; fails on any answer but the expected one. Imports are written by the worker's handler.
     */
    public void seed(AppContext app, URI procore, int extraContracts) {
        WebhookHandler webhooks = LocalSettings.handler(WebhookHandler.class, app);
        HandlerTarget target = new HandlerTarget(app);
        HandlerTarget.load(app, procore);
        for (int i = 1; i <= extraContracts; i++) {
            String contract = String.format("PC-25%03d", i);
            // on the job of the demo's ready contract, whose project is the job's in Procore already
            String job = DemoData.contract(DemoData.READY).jobNumber();
            expect(200, webhooks.handleRequest(snapshot(COMPANY, contract, job, 1, lines(20, 1)), null));
            if (i % 2 == 1) {
                DemoLoader.Answer accepted = target.importContract(contract);
                if (accepted.status() != 202) {
                    throw new IllegalStateException("seeding the demo company: import of " + contract + " answered "
                            + accepted.status() + " " + accepted.body());
                }
            }
        }
    }

    /**
     * The reconciliation's steady state: the product's hook in the demo company (delivering to {@code hookUrl}, a sink
     * that takes every delivery), and one run of the reconciliation done, so that the next run is the hourly one that
     * reads what changed since, not the company's first full pass.
     */
    public void reconciledOnce(AppContext app, URI procore, String hookUrl) {
        ProcoreHooks.inSimulator(procore.toString(), COMPANY, hookUrl, "local-procore-secret");
        app.reconciler().run(COMPANY);
    }

    /**
     * Accepts a re-import of the demo's ready contract through the sync function's handler (not written yet) and answers the SQS
     * event that would bring its message to the worker.
     */
    public JsonNode acceptedReimport(AppContext app) {
        APIGatewayProxyResponseEvent accepted = LocalSettings.handler(SyncHandler.class, app)
                .handleRequest(userEvent("reimport.json", DemoData.READY), null);
        expect(202, accepted);
        String syncId = Json.read(accepted.getBody().getBytes(StandardCharsets.UTF_8)).path("syncId").asText();
        return SampleEvents.syncWorker(COMPANY, DemoData.READY, syncId);
    }

    private static void expect(int status, APIGatewayProxyResponseEvent response) {
        if (response.getStatusCode() != status) {
            throw new IllegalStateException("seeding the demo company: expected " + status + " but got "
                    + response.getStatusCode() + " " + response.getBody());
        }
    }

    /** A sample event file as API Gateway would deliver it. */
    public APIGatewayProxyRequestEvent event(String file) {
        return EVENTS.fromJson(read(file).toString());
    }

    /** A webhook sample, signed now. */
    public APIGatewayProxyRequestEvent resigned(String file) {
        ObjectNode event = read(file);
        SampleEvents.sign(event, event.path("resource").asText().endsWith("/procore") ? Source.PROCORE : Source.SPECTRUM,
                Instant.now().getEpochSecond());
        return EVENTS.fromJson(event.toString());
    }

    /** A user-route sample aimed at another contract of the demo company. */
    public APIGatewayProxyRequestEvent userEvent(String file, String contractId) {
        ObjectNode event = read(file);
        String from = "/" + event.path("pathParameters").path("contractId").asText() + "/";
        String to = "/" + contractId + "/";
        event.put("path", event.get("path").asText().replace(from, to));
        ((ObjectNode) event.get("requestContext")).put("path",
                event.get("requestContext").get("path").asText().replace(from, to));
        ((ObjectNode) event.get("pathParameters")).put("contractId", contractId);
        return EVENTS.fromJson(event.toString());
    }

    /** Writes a webhook sample, signed now, to {@code target} (the cold-start JVMs read events from files). */
    public void writeResigned(String file, Path target) throws IOException {
        ObjectNode event = read(file);
        SampleEvents.sign(event, event.path("resource").asText().endsWith("/procore") ? Source.PROCORE : Source.SPECTRUM,
                Instant.now().getEpochSecond());
        Files.writeString(target, event.toString());
    }

    /** Writes a signed snapshot event to {@code target}, as a file a function JVM can be given. */
    public void writeSnapshot(Path target, String companyId, String contractId, String jobNumber, long erpVersion,
            ArrayNode lines) throws IOException {
        ObjectNode event = read("webhook-spectrum-contract-upserted.json");
        event.put("body", Json.write(envelope(companyId, "prime_contract.upserted",
                snapshotData(contractId, jobNumber, erpVersion, lines))));
        SampleEvents.sign(event, Source.SPECTRUM, Instant.now().getEpochSecond());
        Files.writeString(target, event.toString());
    }

    /**
     * Makes the project the job's in the simulator (its {@code origin_id}), as a Procore user would, and lets the
     * product apply Procore's delivery of that change.
     */
    public static void syncJob(AppContext app, URI procore, String companyId, String jobNumber, String projectId) {
        ObjectNode body = Json.object();
        body.putObject("project").put("origin_id", jobNumber);
        new SimulatorClient(procore).updateProject(companyId, projectId, body);
        ObjectNode delivery = Deliveries.body("v2.0", Long.parseLong(companyId),
                Long.valueOf(projectId), "update", "Projects", Long.parseLong(projectId), null, null, Instant.now());
        app.deliveryProcessor().apply(ProcoreDelivery.parse(delivery));
    }

    /** A Spectrum snapshot of a contract with the given lines (its value is their sum). */
    public APIGatewayProxyRequestEvent snapshot(String companyId, String contractId, String jobNumber, long erpVersion,
            ArrayNode lines) {
        return webhook(Source.SPECTRUM, envelope(companyId, "prime_contract.upserted",
                snapshotData(contractId, jobNumber, erpVersion, lines)));
    }

    public static ObjectNode snapshotData(String contractId, String jobNumber, long erpVersion, ArrayNode lines) {
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        for (int i = 0; i < lines.size(); i++) {
            total = total.add(new BigDecimal(lines.get(i).get("amount").asText()));
        }
        ObjectNode data = Json.object();
        data.put("contractId", contractId);
        data.put("jobNumber", jobNumber);
        data.put("title", "Prime contract " + contractId + " - medical office building");
        data.put("status", "approved");
        data.put("erpVersion", erpVersion);
        data.put("originalContractAmount", total.toPlainString());
        data.put("retainagePercent", "10.00");
        data.set("lineItems", lines);
        return data;
    }

    private APIGatewayProxyRequestEvent webhook(Source source, ObjectNode envelope) {
        String sample = source == Source.SPECTRUM ? "webhook-spectrum-contract-upserted.json" : "webhook-procore-job-synced.json";
        ObjectNode event = read(sample);
        event.put("body", Json.write(envelope));
        SampleEvents.sign(event, source, Instant.now().getEpochSecond());
        return EVENTS.fromJson(event.toString());
    }

    /** A webhook body: the envelope around {@code data}, with a fresh event id. */
    public static String envelopeJson(String companyId, String type, ObjectNode data) {
        return Json.write(envelope(companyId, type, data));
    }

    private static ObjectNode envelope(String companyId, String type, ObjectNode data) {
        return Envelope.json("demo-evt-" + IDS.incrementAndGet() + "-" + System.nanoTime(), type, companyId,
                Instant.now().toString(), data);
    }

    /**
     * {@code count} lines as an ERP sends them: codes {@code A00001}..., a description of realistic length, every
     * fourth line priced by unit. {@code version} 2 and later change every twentieth amount, drop every hundredth
     * line and add one line per hundred, as a typical change between two ERP versions does.
     */
    public static ArrayNode lines(int count, long version) {
        ArrayNode lines = Json.MAPPER.createArrayNode();
        List<Integer> indexes = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            if (version < 2 || i % 100 != 50) {
                indexes.add(i);
            }
        }
        if (version >= 2) {
            for (int i = 1; i <= Math.max(1, count / 100); i++) {
                indexes.add(count + i);
            }
        }
        for (int i : indexes) {
            ObjectNode line = lines.addObject();
            line.put("itemCode", String.format("A%05d", i));
            line.put("description", "Work package " + i + " - " + TRADES[i % TRADES.length]);
            boolean changed = version >= 2 && i % 20 == 0;
            if (i % 4 == 0) {
                BigDecimal quantity = BigDecimal.valueOf(10 + i % 90);
                BigDecimal price = new BigDecimal((100 + i % 400) + "." + String.format("%02d", (i * 7) % 100))
                        .add(changed ? BigDecimal.ONE : BigDecimal.ZERO);
                line.put("amount", quantity.multiply(price).toPlainString());
                line.put("quantity", quantity.toPlainString());
                line.put("unitOfMeasure", "EA");
                line.put("unitPrice", price.toPlainString());
            } else {
                BigDecimal amount = new BigDecimal((1000 + i * 3) + "." + String.format("%02d", i % 100))
                        .add(changed ? new BigDecimal("250.00") : BigDecimal.ZERO);
                line.put("amount", amount.toPlainString());
            }
        }
        return lines;
    }

    private static final String[] TRADES = {
        "concrete formwork, level 2", "structural steel erection", "curtain wall glazing", "mechanical rough-in",
        "electrical distribution", "interior framing and drywall", "roofing and flashing", "site utilities",
    };

    private ObjectNode read(String file) {
        try {
            return (ObjectNode) Json.read(Files.readAllBytes(eventsDir.resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
