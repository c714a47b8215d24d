package io.primesync.local.spectrum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.agent.Mapping;
import io.primesync.agent.SpectrumContract;
import io.primesync.agent.SpectrumReader;
import io.primesync.json.Json;
import io.primesync.testing.SignedReceiver;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local Spectrum over HTTP: Spectrum's schedule-of-values import with its authorisation and its rules, the control
 * surface writing what Spectrum's screens allow, its faults, and the agent it runs every period delivering signed
 * events (each contract once, never a half-saved one, a read failure deleting nothing).
 */
class LocalSpectrumIT {
    private static final String SECRET = "local-spectrum-it-secret";
    private final HttpClient http = HttpClient.newHttpClient();
    private LocalSpectrum spectrum;
    private SignedReceiver product;

    @BeforeEach
    void start() throws Exception {
        spectrum = LocalSpectrum.start(0);
        product = new SignedReceiver(SECRET);
    }

    @AfterEach
    void stop() throws Exception {
        product.close();
        spectrum.close();
    }

    private HttpResponse<String> call(String method, String path, String json, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(spectrum.baseUri().resolve(path)).header("Content-Type",
                "application/json").method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String company, String authorizationId) {
        return "Basic " + Base64.getEncoder().encodeToString((company + ":" + authorizationId)
                .getBytes(StandardCharsets.UTF_8));
    }

    private List<SpectrumContract> contracts() throws Exception {
        List<SpectrumContract> out = new ArrayList<>();
        try (Connection db = spectrum.database().reader()) {
            new SpectrumReader(Mapping.defaults()).read(db, "1", out::add);
        }
        return out;
    }

    private static JsonNode json(String body) {
        return Json.read(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theScheduleOfValuesImportTakesWhatItsRulesAllow() throws Exception {
        String sov = "{\"Job_Number\": \"24-101\", \"Customer_Code\": \"OWNER1\", \"Original_Contract_Amount\": \"300.00\","
                + " \"Items\": [{\"Billing_Item\": \"A\", \"Billing_Description\": \"Sitework\", \"Original_Contract_Amount\":"
                + " \"100.00\"}, {\"Billing_Item\": \"B\", \"Billing_Description\": \"Framing\", \"Original_Contract_Amount\":"
                + " \"200.00\"}]}";
        HttpResponse<String> refused = call("POST", "/contract/scheduleofvalues", sov, basic("1", "not-ours"));
        assertEquals(401, refused.statusCode());
        assertEquals("A", json(refused.body()).path("response").get(0).path("Error_Code").asText());
        HttpResponse<String> unbalanced = call("POST", "/contract/scheduleofvalues", sov.replace("\"300.00\"", "\"999.00\"")
                .replace("\"Sitework\"", "\"" + "S".repeat(31) + "\""), basic("1", LocalSpectrum.AUTHORIZATION_ID));
        assertEquals(400, unbalanced.statusCode());
        assertTrue(unbalanced.body().contains("longer than 30 characters") && unbalanced.body().contains("add up to 300.00"),
                unbalanced.body());
        assertEquals(List.of(), contracts(), "nothing saved");
        HttpResponse<String> good = call("POST", "/contract/scheduleofvalues", sov, basic("1", LocalSpectrum.AUTHORIZATION_ID));
        assertEquals(200, good.statusCode(), good.body());
        assertEquals("G", json(good.body()).path("response").get(0).path("Error_Code").asText());
        assertEquals(2, contracts().get(0).items().size());

        // Spectrum's screens allow what the import refuses: out of balance
        assertEquals(200, call("PUT", "/_spectrum/companies/1/contracts/24-101/OWNER1", "{\"originalContract\": \"999.00\","
                + " \"items\": [{\"code\": \"A\", \"description\": \"Sitework\", \"amount\": \"100.00\"}]}", null).statusCode());
        assertEquals(0, new BigDecimal("999.00").compareTo(contracts().get(0).originalAmount()));
        assertEquals(200, call("DELETE", "/_spectrum/companies/1/contracts/24-101/OWNER1", null, null).statusCode());
        assertEquals(List.of(), contracts());
    }

    @Test
    void theAgentItRunsSendsEachContractOnceAndNeverAHalfSavedOne() throws Exception {
        call("POST", "/_spectrum/companies/1/jobs", "{\"jobNumber\": \"24-101\", \"description\": \"Riverside\","
                + " \"status\": \"A\"}", null);
        call("PUT", "/_spectrum/companies/1/contracts/24-101/OWNER1", "{\"originalContract\": \"300.00\", \"items\": ["
                + "{\"code\": \"A\", \"description\": \"Sitework\", \"amount\": \"100.00\"},"
                + "{\"code\": \"B\", \"description\": \"Framing\", \"amount\": \"200.00\"}]}", null);
        // a read failure first
        call("POST", "/_spectrum/faults", "{\"readFailures\": 2}", null);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        spectrum.runAgent(Map.of("1", "1001"), product.url(), Map.of("1001", SECRET), Duration.ofMillis(100),
                Files.createTempDirectory("local-spectrum-agent"), log::add);
        await(() -> product.received().size() == 1, log);
        assertTrue(log.stream().anyMatch(l -> l.contains("read failed")), log.toString());
        // a schedule of values saved while the agent reads it
        call("POST", "/_spectrum/faults", "{\"halfSaved\": true}", null);
        await(() -> log.stream().anyMatch(l -> l.contains("1 being saved")), log);
        Thread.sleep(500);
        assertEquals(1, product.received().size(), "the half-saved state is never sent, and the saved one is"
                + " unchanged: " + log);
        call("PUT", "/_spectrum/companies/1/contracts/24-101/OWNER1", "{\"originalContract\": \"350.00\", \"items\": ["
                + "{\"code\": \"A\", \"description\": \"Sitework\", \"amount\": \"150.00\"},"
                + "{\"code\": \"B\", \"description\": \"Framing\", \"amount\": \"200.00\"}]}", null);
        await(() -> product.received().size() == 2, log);
        JsonNode changed = product.received().get(1);
        assertEquals("1.24-101.OWNER1", changed.path("data").path("contractId").asText());
        assertEquals("350.00", changed.path("data").path("originalContractAmount").asText());
        assertTrue(changed.path("data").path("erpVersion").asLong()
                > product.received().get(0).path("data").path("erpVersion").asLong());
    }

    private static void await(BooleanSupplier condition, List<String> log) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "waited in vain: " + log);
            Thread.sleep(50);
        }
    }
}
