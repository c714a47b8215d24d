package io.primesync.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.http.ApiException;
import io.primesync.http.ErrorCode;
import io.primesync.http.Json;
import io.primesync.http.Requests;
import io.primesync.http.Responses;
import io.primesync.store.ApplyResult;
import io.primesync.webhook.Envelope;
import io.primesync.webhook.Source;
import io.primesync.webhook.WebhookParser;
import io.primesync.webhook.WebhookSignature;
import java.util.Locale;

/**
 * {@code POST /webhooks/spectrum} and {@code POST /webhooks/procore}. Checks run cheapest first and nothing is
 * stored before all of them pass: size, content type, signature, JSON, schema, contract rules.
 */
public final class WebhookHandler extends ApiHandler {
    /** Held so the SnapStart hook stays registered for the life of the function. */
    private Priming priming;
    static final String SPECTRUM = "/webhooks/spectrum";
    static final String PROCORE = "/webhooks/procore";
    public static final int MAX_BODY_BYTES = 6 * 1024 * 1024;

    /** What Lambda calls: wired from the environment, and primed before a SnapStart snapshot ({@link Priming}). */
    public WebhookHandler() {
        this(AppContext.fromEnvironment());
        priming = Priming.register((in, out, context) -> {
            handleRequest(in, out, context);
            app.webhooks().prime();
        }, Priming.apiEvent("POST", SPECTRUM, SPECTRUM, "null").replace("\"body\":null", "\"body\":\"{}\""));
    }

    public WebhookHandler(AppContext app) {
        super(app);
        app.webhooks();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event) {
        if (!"POST".equals(event.getHttpMethod())) {
            throw notFound();
        }
        Source source;
        if (SPECTRUM.equals(event.getResource())) {
            source = Source.SPECTRUM;
        } else if (PROCORE.equals(event.getResource())) {
            source = Source.PROCORE;
        } else {
            throw notFound();
        }
        byte[] body = Requests.body(event);
        if (body.length > MAX_BODY_BYTES) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "A webhook body may be at most 6 MiB.");
        }
        if (!isJson(Requests.header(event, "Content-Type"))) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Webhook bodies must be sent as application/json.");
        }
        String signature = Requests.header(event, WebhookSignature.HEADER);
        long now = app.clock().millis() / 1000;
        if (signature == null || !WebhookSignature.verify(signature, body, app.webhookSecrets(source).current(), now)) {
            throw new ApiException(ErrorCode.INVALID_SIGNATURE, "The " + WebhookSignature.HEADER
                    + " header is missing, malformed, too old, or does not match the body.");
        }
        Envelope envelope = WebhookParser.parse(source, Json.read(body));
        ApplyResult result = app.webhooks().receive(source, envelope);
        ObjectNode answer = Json.object();
        answer.put("id", envelope.id());
        answer.put("result", result.wire());
        return Responses.json(200, answer);
    }

    /** application/json, with or without parameters such as charset, in any letter case. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json");
    }
}
