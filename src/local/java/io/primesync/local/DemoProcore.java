package io.primesync.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.local.procore.ProcoreSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo company's Procore side, made in the simulator through Procore's own API as a Procore user would make it:
 * the company, one project per demo job (its {@code origin_id} the job number) and the second project of the contract
 * linked to two. Idempotent: projects that are there already are found by name and kept.
 */
final class DemoProcore {
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;

    DemoProcore(URI base) {
        this.base = base;
    }

    /** Creates what is missing and checks that Procore's project ids are the demo's. */
    void prepare() throws IOException {
        for (String company : new String[] {DemoData.COMPANY, DemoData.OTHER_COMPANY}) {
            send(HttpRequest.newBuilder(base.resolve("/_simulator/companies/" + company))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), null);
        }
        Map<String, String> byName = new LinkedHashMap<>();
        for (JsonNode p : get("/rest/v1.0/projects?company_id=" + DemoData.COMPANY + "&per_page=1000")) {
            byName.put(p.path("name").asText(), p.path("id").asText());
        }
        for (DemoData.Contract c : DemoData.contracts()) {
            ensure(byName, c.projectId(), c.title(), c.jobNumber());
            if (c.otherProjectId() != null) {
                ensure(byName, c.otherProjectId(), c.title() + " (second project)", null);
            }
        }
    }

    private void ensure(Map<String, String> byName, String expectedId, String name, String jobNumber) throws IOException {
        String id = byName.get(name);
        if (id == null) {
            ObjectNode body = Json.object();
            body.put("company_id", Long.parseLong(DemoData.COMPANY));
            ObjectNode project = body.putObject("project");
            project.put("name", name);
            project.put("origin_id", jobNumber);
            id = post("/rest/v1.0/projects", body).path("id").asText();
        }
        if (!id.equals(expectedId)) {
            throw new IOException("the Procore simulator gave the demo project \"" + name + "\" id " + id + ", not "
                    + expectedId + ": its state does not belong to this data directory; remove both, or use another"
                    + " --data-dir");
        }
    }

    /** Puts a change order in the given status on a contract's Procore prime contract, unless one is there. */
    void changeOrder(String projectId, String contractId, String number, String status) throws IOException {
        String pc = null;
        for (JsonNode c : get("/rest/v1.0/prime_contracts?project_id=" + projectId + "&per_page=1000")) {
            if (contractId.equals(c.path("origin_id").asText())) {
                pc = c.path("id").asText();
            }
        }
        if (pc == null) {
            throw new IOException("no Procore prime contract of " + contractId + " in project " + projectId);
        }
        for (JsonNode co : get("/rest/v1.0/projects/" + projectId + "/prime_change_orders?filters[contract_id]=" + pc)) {
            if (number.equals(co.path("number").asText())) {
                return;
            }
        }
        ObjectNode body = Json.object();
        body.putObject("prime_change_order").put("contract_id", Long.parseLong(pc)).put("number", number)
                .put("title", "Owner-requested scope change").put("status", status);
        post("/rest/v1.0/projects/" + projectId + "/prime_change_orders", body);
    }

    private JsonNode get(String path) throws IOException {
        return send(HttpRequest.newBuilder(base.resolve(path.replace("[", "%5B").replace("]", "%5D"))).GET()
                .header("Authorization", "Bearer " + token()).header("Procore-Company-Id", DemoData.COMPANY).build(), path);
    }

    private JsonNode post(String path, ObjectNode body) throws IOException {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token())
                .header("Procore-Company-Id", DemoData.COMPANY).build(), path);
    }

    private String token() throws IOException {
        if (token == null) {
            String form = "grant_type=client_credentials&client_id=" + enc(ProcoreSimulator.CLIENT_ID) + "&client_secret="
                    + enc(ProcoreSimulator.CLIENT_SECRET);
            token = send(HttpRequest.newBuilder(base.resolve("/oauth/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), "/oauth/token").path("access_token").asText();
        }
        return token;
    }

    private JsonNode send(HttpRequest request, String what) throws IOException {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() >= 300) {
                throw new IOException("the Procore simulator refused " + what + ": " + response.statusCode() + " "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            return response.body().length == 0 ? Json.object() : Json.read(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
