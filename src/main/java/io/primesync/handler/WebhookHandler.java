package io.primesync.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.auth.CompanyKeys;
import io.primesync.auth.WebhookSecrets;
import io.primesync.domain.SnapshotValidator;
import io.primesync.domain.Violation;
import io.primesync.http.ApiException;
import io.primesync.http.ErrorCode;
import io.primesync.http.Requests;
import io.primesync.http.Responses;
import io.primesync.http.Route;
import io.primesync.json.Json;
import io.primesync.logging.Log;
import io.primesync.logging.Metrics;
import io.primesync.service.ProcoreDeliveries;
import io.primesync.service.WebhookService;
import io.primesync.store.ApplyResult;
import io.primesync.webhook.Envelope;
import io.primesync.webhook.MalformedEventException;
import io.primesync.webhook.ProcoreDelivery;
import io.primesync.webhook.ProcoreWebhookAuth;
import io.primesync.webhook.Source;
import io.primesync.webhook.WebhookEvent;
import io.primesync.webhook.WebhookParser;
import io.primesync.webhook.WebhookSignature;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code POST /webhooks/spectrum} (the ERP agent's signed envelopes) and {@code POST /webhooks/procore} (Procore's own
 * deliveries). Checks run cheapest first and nothing is stored before all of them pass: size, content type, signature
 * or header, JSON, schema, contract rules.
 */
public final class WebhookHandler extends ApiHandler {
    public static final int MAX_BODY_BYTES = 6 * 1024 * 1024;
    /** A valid snapshot that warming up parses and checks; it is never stored. */
    private static final String PRIMING_SNAPSHOT = "/priming/spectrum-snapshot.json";

    private final WebhookService webhooks;
    /** Built on the first Procore delivery: the Spectrum route needs no queue. */
    private final Supplier<ProcoreDeliveries> procore;
    private final Function<Source, WebhookSecrets> secrets;
    private final Clock clock;
    private final SourceGate gate;

    /** What Lambda calls: wired from the environment. */
    public WebhookHandler() {
        this(AppContext.fromEnvironment());
    }

    public WebhookHandler(AppContext app) {
        this(app.webhooks(), app::procoreDeliveries, app::webhookSecrets, app.clock(), app.webhookGate());
    }

    public WebhookHandler(WebhookService webhooks, Supplier<ProcoreDeliveries> procore,
            Function<Source, WebhookSecrets> secrets, Clock clock) {
        this(webhooks, procore, secrets, clock, new SourceGate(SourceGate.DEFAULT_RATE, SourceGate.DEFAULT_BURST,
                System::nanoTime));
    }

    WebhookHandler(WebhookService webhooks, Supplier<ProcoreDeliveries> procore,
            Function<Source, WebhookSecrets> secrets, Clock clock, SourceGate gate) {
        this.webhooks = webhooks;
        this.procore = procore;
        this.secrets = secrets;
        this.clock = clock;
        this.gate = gate;
    }

    @Override
    protected List<String> primingEvents() {
        return List.of("webhook-spectrum.json");
    }

    /** Besides the unsigned priming request: what an accepted delivery runs, short of storing (parse, rules, lookup). */
    @Override
    public void warmUp() {
        super.warmUp();
        try (InputStream in = WebhookHandler.class.getResourceAsStream(PRIMING_SNAPSHOT)) {
            if (in == null) {
                throw new IOException(PRIMING_SNAPSHOT + " is missing from the jar");
            }
            Envelope envelope = WebhookParser.parse(Source.SPECTRUM, Json.read(in.readAllBytes()));
            SnapshotValidator.validate(((WebhookEvent.SnapshotUpserted) envelope.event()).snapshot());
            webhooks.seen(Source.SPECTRUM, envelope.companyId(), envelope.id());
        } catch (IOException | RuntimeException e) {
            Log.warn("warm-up of the webhook path failed", "error", e.getClass().getName());
        }
        // read now, so that secrets this deployment may not use are named in the log at start, not at a delivery
        for (Source source : Source.values()) {
            try {
                secrets.apply(source).keys();
            } catch (RuntimeException refused) {
                // logged by WebhookSecrets with what to fix; each delivery is answered 503 until it is fixed
            }
        }
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event) {
        Source source = switch (Route.of(event).orElseThrow(ApiHandler::notFound)) {
            case SPECTRUM_WEBHOOK -> Source.SPECTRUM;
            case PROCORE_WEBHOOK -> Source.PROCORE;
            default -> throw notFound();
        };
        // before anything is read of it: one address flooding the routes is answered at once
        OptionalLong wait = gate.admit(Requests.sourceIp(event));
        if (wait.isPresent()) {
            throw new ApiException(ErrorCode.TOO_MANY_REQUESTS, "Too many requests from this address; retry after "
                    + wait.getAsLong() + " s.").withHeader("Retry-After", Long.toString(wait.getAsLong()));
        }
        if (source == Source.PROCORE) {
            return procoreDelivery(event);
        }
        byte[] body = Requests.body(event);
        if (body.length > MAX_BODY_BYTES) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "A webhook body may be at most 6 MiB.");
        }
        if (!Requests.isJson(Requests.header(event, "Content-Type"))) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Webhook bodies must be sent as application/json.");
        }
        String signature = Requests.header(event, WebhookSignature.HEADER);
        long now = clock.millis() / 1000;
        if (!WebhookSignature.wellFormed(signature, now)) {
            throw invalidSignature("The " + WebhookSignature.HEADER + " header is missing, malformed or too old.");
        }
        // a company's events are checked with that company's secrets only: the body names the company. A body that
        // names none is still checked (with every company's secrets), so that its sender learns what is wrong with it
        // and a stranger learns nothing
        String companyId = WebhookParser.companyId(body);
        CompanyKeys keys = secrets.apply(source).keys();
        if (!WebhookSignature.verify(signature, body, companyId == null ? keys.all() : keys.of(companyId), now)) {
            throw invalidSignature("The " + WebhookSignature.HEADER + " header does not match the body under a"
                    + " secret of the company the body names.");
        }
        Envelope envelope = WebhookParser.parse(source, Json.read(body), clock.instant());
        if (!envelope.companyId().equals(companyId)) {
            throw invalidSignature("The body names its company twice.");
        }
        Log.with("companyId", envelope.companyId());
        ApplyResult result = webhooks.receive(source, envelope);
        ObjectNode answer = Json.object();
        answer.put("id", envelope.id());
        answer.put("result", result.wire());
        Metrics.emit(Metrics.Metric.WEBHOOK_RESULTS, 1, Map.of("Source", source.wire(), "Result", result.wire()));
        return Responses.json(200, answer);
    }

    /**
     * Procore's delivery: the header the hook was made with, checked before the body is read and again for the
     * delivery's company; then the body; then queued (or recognised as a duplicate), never fetched here. Procore
     * pauses a hook's whole queue on a delivery it does not get a 2xx for, and discards it after 12 hours: an
     * authenticated delivery that is no delivery the product can read (a body too large, not JSON, fields missing) is
     * logged without its body, counted, and answered 200 {@code dropped}; the reconciliation reads what it might have
     * said.
     */
    private APIGatewayProxyResponseEvent procoreDelivery(APIGatewayProxyRequestEvent event) {
        String authorization = Requests.header(event, ProcoreWebhookAuth.HEADER);
        CompanyKeys keys = secrets.apply(Source.PROCORE).keys();
        if (!ProcoreWebhookAuth.matches(authorization, keys.all())) {
            throw invalidSignature("The Authorization header is missing, or is not the one the Procore webhook was"
                    + " made with.");
        }
        ProcoreDelivery delivery;
        try {
            byte[] body = Requests.body(event);
            if (body.length > MAX_BODY_BYTES) {
                throw new IllegalArgumentException("the body is over 6 MiB");
            }
            if (!Requests.isJson(Requests.header(event, "Content-Type"))) {
                throw new IllegalArgumentException("the body is not sent as application/json");
            }
            delivery = ProcoreDelivery.parse(Json.read(body));
        } catch (ApiException | IllegalArgumentException | Json.MalformedJsonException
                | MalformedEventException unreadable) {
            // the product's own words and the fields it found wrong, never what the body holds
            String why = unreadable.getMessage() + (unreadable instanceof MalformedEventException m
                    ? " Fields: " + String.join(", ", m.violations().stream().map(Violation::field).toList()) + "." : "");
            Log.warn("procore delivery dropped", "why", why);
            Metrics.emit(Metrics.Metric.WEBHOOK_RESULTS, 1, Map.of("Source", Source.PROCORE.wire(), "Result",
                    DROPPED));
            ObjectNode answer = Json.object();
            answer.putNull("id");
            answer.put("result", DROPPED);
            answer.put("why", why);
            return Responses.json(200, answer);
        }
        if (!ProcoreWebhookAuth.matches(authorization, keys.of(delivery.companyId()))) {
            throw invalidSignature("The Authorization header is not the one the Procore webhook of this company was"
                    + " made with.");
        }
        Log.with("companyId", delivery.companyId());
        ProcoreDeliveries.Result result = procore.get().receive(delivery);
        ObjectNode answer = Json.object();
        answer.put("id", delivery.ulid());
        answer.put("result", result.wire());
        Metrics.emit(Metrics.Metric.WEBHOOK_RESULTS, 1, Map.of("Source", Source.PROCORE.wire(), "Result", result.wire()));
        return Responses.json(200, answer);
    }

    /** What an authenticated Procore delivery the product cannot read is answered. */
    static final String DROPPED = "dropped";

    private static ApiException invalidSignature(String detail) {
        return new ApiException(ErrorCode.INVALID_SIGNATURE, detail);
    }
}
