package io.primesync.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.primesync.http.Route;
import io.primesync.local.GatewayEvents;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The webhook routes' door per address: a flooding address is answered 429 before anything of its request is read. */
class WebhookGateTest {
    private final AtomicLong nanos = new AtomicLong();
    // no store, no queue, no secrets: a request the gate refuses never reaches them
    private final WebhookHandler handler = new WebhookHandler(null, null, null, Clock.systemUTC(),
            new SourceGate(1, 2, nanos::get));

    private APIGatewayProxyResponseEvent send(String sourceIp, String body) {
        return handler.handleRequest(GatewayEvents.to(Route.SPECTRUM_WEBHOOK).sourceIp(sourceIp)
                .header("Content-Type", "text/plain").body(body).event(), null);
    }

    @Test
    void aFloodingAddressIsAnswered429WithRetryAfterBeforeItsBodyIsRead() {
        assertEquals(415, send("203.0.113.7", "x").getStatusCode(), "read, and refused for its type");
        assertEquals(415, send("203.0.113.7", "x").getStatusCode());
        APIGatewayProxyResponseEvent refused = send("203.0.113.7", "x".repeat(7 * 1024 * 1024));
        assertEquals(429, refused.getStatusCode(), "not 413: the body was never looked at");
        assertEquals("1", refused.getHeaders().get("Retry-After"));
        assertTrue(refused.getBody().contains("TOO_MANY_REQUESTS"), refused.getBody());
        assertEquals(415, send("198.51.100.9", "x").getStatusCode(), "another address is not held back");
        nanos.addAndGet(1_000_000_000L);
        assertEquals(415, send("203.0.113.7", "x").getStatusCode(), "a second later, one more");
    }
}
