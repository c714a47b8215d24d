package io.primesync.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.domain.Caller;
import io.primesync.domain.Ids;
import io.primesync.domain.Violation;
import io.primesync.http.ApiException;
import io.primesync.http.ErrorCode;
import io.primesync.http.Requests;
import io.primesync.http.Responses;
import io.primesync.http.Route;
import io.primesync.json.Json;
import io.primesync.service.Idempotency;
import io.primesync.service.SyncService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST .../{contractId}/import} (the first import) and {@code POST .../{contractId}/reimport} (with
 * Idempotency-Key and expectedErpVersion): each accepted exactly once, answered 202 with the sync, and written to
 * Procore by the worker.
 */
public final class SyncHandler extends ApiHandler {
    /** The only body these routes take is a tiny JSON object. */
    static final int MAX_BODY_BYTES = 16 * 1024;

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final SyncService syncs;
    private final Idempotency idempotency;

    /** What Lambda calls: wired from the environment. */
    public SyncHandler() {
        this(AppContext.fromEnvironment());
    }

    public SyncHandler(AppContext app) {
        this(app.syncs(), app.idempotency());
    }

    public SyncHandler(SyncService syncs, Idempotency idempotency) {
        this.syncs = syncs;
        this.idempotency = idempotency;
    }

    @Override
    protected List<String> primingEvents() {
        return List.of("reimport.json");
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event) {
        return switch (Route.of(event).orElseThrow(ApiHandler::notFound)) {
            case IMPORT -> importContract(event);
            case REIMPORT -> reimport(event);
            default -> throw notFound();
        };
    }

    private APIGatewayProxyResponseEvent importContract(APIGatewayProxyRequestEvent event) {
        Caller caller = caller(event);
        String companyId = pathId(event, Ids.Kind.COMPANY_ID);
        String contractId = pathId(event, Ids.Kind.CONTRACT_ID);
        String key = idempotencyKey(event);
        Long expected = expectedErpVersion(jsonBody(event), "an import");
        // without a version the fingerprint is what it always was, so keys stored before still match
        return once(event, caller, companyId, key, "import\n" + contractId + (expected == null ? "" : "\n" + expected),
                (syncId, resumed) -> syncs.importContract(caller, companyId, contractId, expected, syncId, resumed));
    }

    private APIGatewayProxyResponseEvent reimport(APIGatewayProxyRequestEvent event) {
        Caller caller = caller(event);
        String companyId = pathId(event, Ids.Kind.COMPANY_ID);
        String contractId = pathId(event, Ids.Kind.CONTRACT_ID);
        String key = idempotencyKey(event);
        Long expected = expectedErpVersion(jsonBody(event), "a re-import");
        return once(event, caller, companyId, key, contractId + "\n" + (expected == null ? "" : expected),
                (syncId, resumed) -> syncs.reimport(caller, companyId, contractId, expected, syncId, resumed));
    }

    private static String idempotencyKey(APIGatewayProxyRequestEvent event) {
        String key = Requests.header(event, IDEMPOTENCY_KEY);
        if (key != null && !Ids.isIdempotencyKey(key)) {
            throw ApiException.invalidField(IDEMPOTENCY_KEY, "must be 1 to 128 printable ASCII characters");
        }
        return key;
    }

    /**
     * Runs a sync once: without a key, under a fresh sync id; with one, through the Idempotency-Key record, which
     * answers again with the first accepted sync and resumes a first attempt that failed.
     */
    private APIGatewayProxyResponseEvent once(APIGatewayProxyRequestEvent event, Caller caller, String companyId,
            String key, String request, Idempotency.Work work) {
        Idempotency.Outcome outcome = key == null
                ? new Idempotency.Outcome(work.run(Idempotency.newSyncId(), false), false)
                : idempotency.execute(companyId, caller.userId(), key, sha256(request), work);
        return accepted(event, outcome);
    }

    /**
     * 202: the sync is accepted and will be written to Procore; its route, in {@code Location}, says how far it got.
     * An answer given again for the same Idempotency-Key is the first one, and says so in a header.
     */
    private static APIGatewayProxyResponseEvent accepted(APIGatewayProxyRequestEvent event,
            Idempotency.Outcome outcome) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Location", syncRoute(event, outcome.sync().syncId()));
        if (outcome.replayed()) {
            headers.put("Idempotent-Replayed", "true");
        }
        return Responses.json(202, Views.sync(outcome.sync()), headers);
    }

    /** The path the client called (with the stage, as API Gateway saw it), its last segment made the sync's route. */
    static String syncRoute(APIGatewayProxyRequestEvent event, String syncId) {
        String path = event.getRequestContext() != null && event.getRequestContext().getPath() != null
                ? event.getRequestContext().getPath() : event.getPath();
        if (path == null) {
            path = Route.REIMPORT.path(Requests.path(event, "companyId"), Requests.path(event, "contractId"));
        }
        return path.substring(0, path.lastIndexOf('/')) + "/syncs/" + syncId;
    }

    /** Empty, or a JSON object; anything else is refused before any work. */
    private static JsonNode jsonBody(APIGatewayProxyRequestEvent event) {
        byte[] bytes = Requests.body(event);
        if (bytes.length == 0) {
            return null;
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "The request body is larger than " + MAX_BODY_BYTES + " bytes; this route takes a tiny JSON object.");
        }
        String contentType = Requests.header(event, "Content-Type");
        if (!Requests.isJson(contentType)) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.");
        }
        JsonNode body = Json.read(bytes);
        if (!body.isObject()) {
            throw ApiException.invalidField("body", "must be a JSON object");
        }
        return body;
    }

    /** The optional {@code expectedErpVersion} of an import's or re-import's body ({@code request}: "a re-import"). */
    private static Long expectedErpVersion(JsonNode body, String request) {
        if (body == null) {
            return null;
        }
        List<Violation> violations = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("expectedErpVersion")) {
                violations.add(new Violation(name, "is not a field of " + request + " request"));
            }
        }
        JsonNode version = body.get("expectedErpVersion");
        Long expected = null;
        if (version != null && !version.isNull()) {
            if (version.isIntegralNumber() && version.canConvertToLong() && version.asLong() >= 1) {
                expected = version.asLong();
            } else {
                violations.add(new Violation("expectedErpVersion", "must be a whole number of at least 1"));
            }
        }
        if (!violations.isEmpty()) {
            throw ApiException.invalid(ErrorCode.VALIDATION_FAILED, "The " + request.substring(request.indexOf(' ') + 1)
                    + " request is not valid.", violations);
        }
        return expected;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
