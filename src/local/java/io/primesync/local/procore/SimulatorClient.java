package io.primesync.local.procore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A plain client of the Procore simulator: its API read and written as any Procore API client would (a token from
 * the client credentials, {@code Procore-Company-Id}, every page of a list), and its {@code /_simulator/} control
 * surface. By default it acts as the people working in Procore, so what it changes is not the product's doing. For the demo, the tests and the benchmarks; deliberately not the product's own Procore client, so what it
 * reads is a second opinion on what the product wrote.
 */
public final class SimulatorClient {
    private final URI base;
    private final String clientId;
    private final String clientSecret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;

    /** A client of the people working in Procore: what it changes carries no integration's application id. */
    public SimulatorClient(URI base) {
        this(base, ProcoreSimulator.USER_CLIENT_ID, ProcoreSimulator.USER_CLIENT_SECRET);
    }

    public SimulatorClient(URI base, String clientId, String clientSecret) {
        this.base = base;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    public URI base() {
        return base;
    }

    /** Creates the company (idempotent). */
    public void company(String companyId) {
        control("POST", "/_simulator/companies/" + companyId, null);
    }

    /** Creates a project in the company and answers its id. */
    public String createProject(String companyId, String name, String originId) {
        return createProject(companyId, name, null, originId);
    }

    /** A project with its number as people know it ({@code project_number}; null: none). */
    public String createProject(String companyId, String name, String number, String originId) {
        ObjectNode body = Json.object();
        body.put("company_id", Long.parseLong(companyId));
        body.putObject("project").put("name", name).put("project_number", number).put("origin_id", originId);
        return post(companyId, "/rest/v1.0/projects", body).path("id").asText();
    }

    /**
     * Changes a project, as people do in Procore: {@code body} is {@code {"project": {...}}}; the company goes in the
     * body as well, where Procore's description requires it.
     */
    public JsonNode updateProject(String companyId, String projectId, ObjectNode body) {
        body.put("company_id", Long.parseLong(companyId));
        return patch(companyId, "/rest/v1.0/projects/" + projectId + "?company_id=" + companyId, body);
    }

    /** Every item of a list, page by page ({@code path} without {@code page} or {@code per_page}). */
    public ArrayNode list(String companyId, String path) {
        ArrayNode all = Json.MAPPER.createArrayNode();
        // v2.0 wraps a list in data and gives at most 100 a page
        boolean v2 = path.startsWith("/rest/v2.0/");
        int full = v2 ? 100 : 1000;
        for (int page = 1; ; page++) {
            JsonNode answer = get(companyId, path + (path.contains("?") ? "&" : "?") + "per_page=" + full + "&page=" + page);
            JsonNode items = v2 ? answer.path("data") : answer;
            items.forEach(all::add);
            if (items.size() < full) {
                return all;
            }
        }
    }

    /** The prime contracts of a project. */
    public ArrayNode primeContracts(String companyId, String projectId) {
        return list(companyId, "/rest/v1.0/prime_contracts?project_id=" + projectId);
    }

    /** The prime contract of a project made from an ERP contract (its origin id), or null. */
    public JsonNode primeContractOf(String companyId, String projectId, String contractId) {
        for (JsonNode pc : primeContracts(companyId, projectId)) {
            if (contractId.equals(pc.path("origin_id").asText(null))) {
                return pc;
            }
        }
        return null;
    }

    /** The line items of a prime contract, every page. */
    public ArrayNode lineItems(String companyId, String projectId, String primeContractId) {
        return list(companyId, "/rest/v1.0/prime_contracts/" + primeContractId + "/line_items?project_id=" + projectId);
    }

    public JsonNode get(String companyId, String path) {
        return send(authorized(companyId, path).GET().build(), "GET " + path);
    }

    public JsonNode post(String companyId, String path, JsonNode body) {
        return send(authorized(companyId, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(), "POST " + path);
    }

    public JsonNode patch(String companyId, String path, JsonNode body) {
        return send(authorized(companyId, path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(Json.write(body))).build(), "PATCH " + path);
    }

    public JsonNode delete(String companyId, String path) {
        return send(authorized(companyId, path).DELETE().build(), "DELETE " + path);
    }

    /** A call of the control surface (no OAuth). */
    public JsonNode control(String method, String path, JsonNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(Json.write(body)));
        return send(b.build(), method + " " + path);
    }

    /**
     * The next {@code count} matching calls of the company fail as the fault says (see docs/procore.md, "The local
     * Procore simulator", its control surface).
     */
    public void fault(ObjectNode fault) {
        control("POST", "/_simulator/faults", fault);
    }

    /** Whether reads under one company's header answer another company's projects (see SimState). */
    public void readsAcrossCompanies(boolean on) {
        control("PUT", "/_simulator/settings", Json.object().put("readsAcrossCompanies", on));
    }

    /** A project's settings: "Enable Always Editable Schedule of Values", and its change order tiers. */
    public void projectSettings(String projectId, boolean alwaysEditableSov, int changeOrderTiers) {
        control("PUT", "/_simulator/projects/" + projectId + "/settings",
                Json.object().put("alwaysEditableSov", alwaysEditableSov).put("changeOrderTiers", changeOrderTiers));
    }

    /** The company's units of measure, as its Company Admin lists them. */
    public void units(String companyId, List<String> units) {
        control("PUT", "/_simulator/companies/" + companyId + "/units", Json.MAPPER.valueToTree(units));
    }

    /** What owner invoices billed of the prime contract's lines, by line origin id. */
    public void billed(String primeContractId, Map<String, String> byLineOrigin) {
        ObjectNode body = Json.object();
        byLineOrigin.forEach(body::put);
        control("PUT", "/_simulator/prime-contracts/" + primeContractId + "/billed", body);
    }

    /** Whether Procore lets a contract out of Draft be set back to Draft through the API (unconfirmed; on by default). */
    public void backToDraft(boolean allowed) {
        control("PUT", "/_simulator/settings", Json.object().put("backToDraft", allowed));
    }

    /** The largest page any list gives, whatever {@code per_page} asks (Procore caps pages per endpoint). */
    public void perPageMax(int cap) {
        control("PUT", "/_simulator/limits", Json.object().put("perPageMax", cap));
    }

    public void clearFaults() {
        control("DELETE", "/_simulator/faults", null);
    }

    /** The rate limits of one company (the others keep theirs). */
    public void rateLimits(String companyId, int hourly, int spike) {
        control("PUT", "/_simulator/rate-limits", Json.object().put("companyId", companyId).put("hourly", hourly)
                .put("spike", spike));
    }

    /** Creates a hook for the company (webhooks API v2.0); answers it. */
    public JsonNode createHook(String companyId, String namespace, String destinationUrl, Map<String, String> headers,
            String payloadVersion) {
        ObjectNode body = Json.object();
        body.put("payload_version", payloadVersion).put("namespace", namespace).put("destination_url", destinationUrl);
        ObjectNode h = body.putObject("destination_headers");
        headers.forEach(h::put);
        return post(companyId, webhooks(companyId) + "/hooks", body).path("data");
    }

    /** Sets a hook's status, as people do in Procore's Developer Tools ({@code active} or {@code disabled}). */
    public JsonNode setHookStatus(String companyId, String hookId, String status) {
        return patch(companyId, webhooks(companyId) + "/hooks/" + hookId, Json.object().put("status", status)).path("data");
    }

    /** A hook as Procore shows it. */
    public JsonNode hook(String companyId, String hookId) {
        return get(companyId, webhooks(companyId) + "/hooks/" + hookId).path("data");
    }

    /** Adds a trigger to a hook. */
    public JsonNode createTrigger(String companyId, String hookId, String resourceName, String eventType) {
        ObjectNode body = Json.object().put("resource_name", resourceName).put("event_type", eventType);
        return post(companyId, webhooks(companyId) + "/hooks/" + hookId + "/triggers", body).path("data");
    }

    private static String webhooks(String companyId) {
        return "/rest/v2.0/companies/" + companyId + "/webhooks";
    }

    /** The delivery settings and counts: {@code pending}, {@code dropped}, {@code duplicated}. */
    public JsonNode webhooks() {
        return control("GET", "/_simulator/webhooks", null);
    }

    /** Waits until no delivery is pending (or the patience runs out); answers the settings and counts. */
    public JsonNode awaitDeliveries(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            JsonNode state = webhooks();
            if (state.path("pending").asLong() == 0 || System.nanoTime() > deadline) {
                return state;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return state;
            }
        }
    }

    /** The counts of the company's calls by method and path template, 429s included. */
    public JsonNode requests(String companyId) {
        return control("GET", "/_simulator/requests?company_id=" + companyId, null);
    }

    private HttpRequest.Builder authorized(String companyId, String path) {
        return HttpRequest.newBuilder(base.resolve(path.replace("[", "%5B").replace("]", "%5D")))
                .header("Authorization", "Bearer " + token()).header("Procore-Company-Id", companyId)
                .header("Accept", "application/json");
    }

    private synchronized String token() {
        if (token == null) {
            ObjectNode grant = Json.object().put("grant_type", "client_credentials").put("client_id", clientId)
                    .put("client_secret", clientSecret);
            token = send(HttpRequest.newBuilder(base.resolve("/oauth/token"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(grant))).build(), "POST /oauth/token")
                    .path("access_token").asText();
        }
        return token;
    }

    private JsonNode send(HttpRequest request, String what) {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException("the Procore simulator did not answer " + what, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (response.statusCode() == 401 && attempt == 1 && request.headers().firstValue("Authorization").isPresent()) {
                synchronized (this) {
                    token = null;
                }
                request = HttpRequest.newBuilder(request, (n, v) -> !n.equalsIgnoreCase("Authorization"))
                        .header("Authorization", "Bearer " + token()).build();
                continue;
            }
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("the Procore simulator refused " + what + ": " + response.statusCode()
                        + " " + new String(response.body(), StandardCharsets.UTF_8));
            }
            return response.body().length == 0 ? Json.object() : Json.read(response.body());
        }
    }
}
