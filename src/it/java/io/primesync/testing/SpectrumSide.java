package io.primesync.testing;

import static io.primesync.testing.Answers.assertApplied;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.handler.WebhookHandler;
import io.primesync.http.Route;
import io.primesync.json.Json;
import io.primesync.local.GatewayEvents;
import io.primesync.local.LocalSettings;
import io.primesync.webhook.Envelope;
import io.primesync.webhook.Source;
import io.primesync.webhook.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The ERP side as the product hears it: signed envelopes of the company's agent (snapshots, deletions) sent to the
 * webhook route, and any webhook delivery a test wants to shape (a bad signature, another content type, base64).
 */
public final class SpectrumSide {
    private final String company;
    private final String tableName;
    private final TestClock clock;
    private final WebhookHandler webhooks;
    /** The functions' configuration: the company's agent signs with the company's secret of it. */
    private final Function<String, String> env;
    private final AtomicReference<Instant> lastOccurredAt = new AtomicReference<>();

    SpectrumSide(String company, String tableName, TestClock clock, WebhookHandler webhooks,
            Function<String, String> env) {
        this.company = company;
        this.tableName = tableName;
        this.clock = clock;
        this.webhooks = webhooks;
        this.env = env;
    }

    /** A webhook delivery: by default a signed application/json POST of the body, signed now. */
    public final class Delivery {
        private final Source source;
        private byte[] body;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private boolean base64;
        private boolean signed = true;
        private Long signedAt;
        private byte[] secret;

        Delivery(Source source, byte[] body) {
            this.source = source;
            this.body = body;
            headers.put("Content-Type", "application/json");
        }

        public Delivery contentType(String value) {
            if (value == null) {
                headers.remove("Content-Type");
            } else {
                headers.put("Content-Type", value);
            }
            return this;
        }

        /** Replaces the signature header with this value (null: no header). */
        public Delivery signature(String value) {
            signed = false;
            if (value == null) {
                headers.remove(WebhookSignature.HEADER);
            } else {
                headers.put(WebhookSignature.HEADER, value);
            }
            return this;
        }

        public Delivery signedAt(long epochSeconds) {
            signedAt = epochSeconds;
            return this;
        }

        public Delivery signedWith(String otherSecret) {
            secret = otherSecret.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** Signs the body as it is now, then sends this other body under that signature. */
        public Delivery tamperedTo(byte[] other) {
            headers.put(WebhookSignature.HEADER, signatureFor(body));
            signed = false;
            body = other;
            return this;
        }

        public Delivery base64() {
            base64 = true;
            return this;
        }

        public Delivery header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        private String signatureFor(byte[] bytes) {
            byte[] key = secret != null ? secret
                    : LocalSettings.secretFor(env, source, company).getBytes(StandardCharsets.UTF_8);
            long t = signedAt != null ? signedAt : clock.instant().getEpochSecond();
            return WebhookSignature.sign(key, t, bytes);
        }

        public APIGatewayProxyRequestEvent event() {
            GatewayEvents event = GatewayEvents.to(source == Source.SPECTRUM ? Route.SPECTRUM_WEBHOOK
                    : Route.PROCORE_WEBHOOK);
            headers.forEach(event::header);
            if (signed) {
                event.header(WebhookSignature.HEADER, signatureFor(body));
            }
            return (base64 ? event.base64Body(body) : event.body(new String(body, StandardCharsets.UTF_8))).event();
        }

        public Response send() {
            APIGatewayProxyRequestEvent event = event();
            return Response.of(webhooks.handleRequest(event, null), tableName, event);
        }
    }

    /** The company's agent's secret: what an agent of its own signs with. */
    public String secret() {
        return LocalSettings.secretFor(env, Source.SPECTRUM, company);
    }

    public Delivery delivery(Source source, byte[] body) {
        return new Delivery(source, body);
    }

    public Delivery delivery(Source source, JsonNode envelope) {
        return new Delivery(source, Json.write(envelope).getBytes(StandardCharsets.UTF_8));
    }

    public Response deliver(Source source, JsonNode envelope) {
        return delivery(source, envelope).send();
    }

    public static String newEventId() {
        return "evt-" + UUID.randomUUID();
    }

    /**
     * An event of this company with a fresh id. Each event occurs a millisecond after the previous one and after
     * any sync made now, as events do when a person acts on them one after the other.
     */
    public ObjectNode envelope(String type, JsonNode data) {
        return envelope(newEventId(), type, nextOccurredAt(), data);
    }

    public Instant nextOccurredAt() {
        Instant floor = clock.instant().plusMillis(1);
        return lastOccurredAt.updateAndGet(last -> last == null || last.isBefore(floor) ? floor : last.plusMillis(1));
    }

    public ObjectNode envelope(String id, String type, Instant occurredAt, JsonNode data) {
        return Envelope.json(id, type, company, occurredAt.toString(), data);
    }

    public void upsert(Snapshot snapshot) {
        assertApplied(deliver(Source.SPECTRUM, envelope("prime_contract.upserted", snapshot.json())));
    }

    public void delete(String contractId, long erpVersion) {
        assertApplied(deliver(Source.SPECTRUM, envelope("prime_contract.deleted",
                Json.object().put("contractId", contractId).put("erpVersion", erpVersion))));
    }
}
