package io.primesync.local;

import static io.primesync.local.DemoData.COMPANY;

import io.primesync.http.Route;
import io.primesync.local.DemoLoader.Answer;
import io.primesync.webhook.Source;
import io.primesync.webhook.WebhookSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The demo loaded through the routes of a running server, as its admin. */
record DemoHttpTarget(URI base, String adminToken, HttpClient http) implements DemoLoader.Target {
    DemoHttpTarget(URI base, String adminToken) {
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
        return send(HttpRequest.newBuilder(base.resolve(Route.LIST.path(COMPANY) + "?limit=100&status="
                + status)).header("Authorization", "Bearer " + adminToken).GET().build());
    }

    @Override
    public URI procoreHookUrl() {
        return base.resolve(Route.PROCORE_WEBHOOK.path());
    }

    @Override
    public void procoreChanged() {
        // the hook delivers to the server, whose Procore event worker applies each delivery
    }

    private static final int MAX_ATTEMPTS = 10;

    private URI contract(String contractId) {
        return base.resolve(Route.LIST.path(COMPANY) + "/" + contractId + "/");
    }

    /** Sends the request; a 429 (API Gateway's throttle, as in AWS) is waited out as its Retry-After says. */
    private Answer send(HttpRequest request) throws IOException {
        try {
            for (int attempt = 1; ; attempt++) {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 429 || attempt == MAX_ATTEMPTS) {
                    return new Answer(response.statusCode(), response.body());
                }
                long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
                Thread.sleep(Math.min(10, Math.max(1, seconds)) * 1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading the demo", e);
        }
    }
}
