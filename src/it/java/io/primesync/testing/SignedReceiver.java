package io.primesync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.primesync.json.Json;
import io.primesync.webhook.WebhookSignature;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A stand-in for the product's {@code POST /webhooks/spectrum} that checks each event's signature with the product's
 * own code and keeps what it took: for the agent's plumbing, where the product's handling is not what is tested.
 */
public final class SignedReceiver implements AutoCloseable {
    private final HttpServer server;
    private final List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());

    public SignedReceiver(String secret) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/webhooks/spectrum", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean signed = WebhookSignature.verify(exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER), body,
                    List.of(secret.getBytes(StandardCharsets.UTF_8)), System.currentTimeMillis() / 1000);
            if (signed) {
                received.add(Json.read(body));
            }
            byte[] answer = (signed ? "{\"result\":\"applied\"}" : "{\"code\":\"INVALID_SIGNATURE\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(signed ? 200 : 401, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    /** Where the agent delivers. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/spectrum");
    }

    /** The events taken, signed as the product takes them. */
    public List<JsonNode> received() {
        return received;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
