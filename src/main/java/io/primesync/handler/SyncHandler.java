package io.primesync.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.domain.Caller;
import io.primesync.domain.SyncRecord;
import io.primesync.domain.Violation;
import io.primesync.http.ApiException;
import io.primesync.http.ErrorCode;
import io.primesync.domain.Ids;
import io.primesync.json.Json;
import io.primesync.http.Requests;
import io.primesync.http.Responses;
import io.primesync.service.ContractService;
import io.primesync.service.Idempotency;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code POST .../{contractId}/import} (the first import) and {@code POST .../{contractId}/reimport} (with
 * Idempotency-Key and expectedErpVersion, applied exactly once).
 */
public final class SyncHandler extends ApiHandler {
    static final String IMPORT = "/companies/{companyId}/erp/prime-contracts/{contractId}/import";
    static final String REIMPORT = "/companies/{companyId}/erp/prime-contracts/{contractId}/reimport";
    /** The only body these routes take is a tiny JSON object. */
    static final int MAX_BODY_BYTES = 16 * 1024;

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final ContractService contracts;
    private final Idempotency idempotency;

    /** What Lambda calls: wired from the environment. */
    public SyncHandler() {
        this(AppContext.fromEnvironment());
    }

    private SyncHandler(AppContext app) {
        this(app.contracts(), app.idempotency());
    }

    public SyncHandler(ContractService contracts, Idempotency idempotency) {
        this.contracts = contracts;
        this.idempotency = idempotency;
    }

    @Override
    protected List<String> primingEvents() {
        return List.of("reimport.json");
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event) {
        if (!"POST".equals(event.getHttpMethod())) {
            throw notFound();
        }
        if (IMPORT.equals(event.getResource())) {
            return importContract(event);
        }
        if (REIMPORT.equals(event.getResource())) {
            return reimport(event);
        }
        throw notFound();
    }

    private APIGatewayProxyResponseEvent importContract(APIGatewayProxyRequestEvent event) {
        Caller caller = caller(event);
        String companyId = pathId(event, Ids.Kind.COMPANY_ID);
        String contractId = pathId(event, Ids.Kind.CONTRACT_ID);
        String key = idempotencyKey(event);
        JsonNode body = jsonBody(event);
        if (body != null && body.size() > 0) {
            throw ApiException.invalidField(body.fieldNames().next(), "is not a field of an import request; send no body");
        }
        return once(caller, companyId, key, "import\n" + contractId, (syncId, resumed) -> new Idempotency.Response(201,
                Json.write(Views.summary(contracts.importContract(caller, companyId, contractId, syncId, resumed))), false));
    }

    private APIGatewayProxyResponseEvent reimport(APIGatewayProxyRequestEvent event) {
        Caller caller = caller(event);
        String companyId = pathId(event, Ids.Kind.COMPANY_ID);
        String contractId = pathId(event, Ids.Kind.CONTRACT_ID);
        String key = idempotencyKey(event);
        Long expected = expectedErpVersion(jsonBody(event));
        return once(caller, companyId, key, contractId + "\n" + (expected == null ? "" : expected),
                (syncId, resumed) -> new Idempotency.Response(200, Json.write(Views.syncResult(
                        contracts.reimport(caller, companyId, contractId, expected, syncId, resumed), contractId)), false));
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
     * replays the first accepted answer and resumes a first attempt that failed.
     */
    private APIGatewayProxyResponseEvent once(Caller caller, String companyId, String key, String request,
            Idempotency.Work work) {
        if (key == null) {
            return replayable(work.run(Idempotency.newSyncId(), false));
        }
        return replayable(idempotency.execute(companyId, caller.userId(), key, sha256(request), work));
    }

    /** A stored response goes out as it was first sent; a replay says so in a header. */
    private static APIGatewayProxyResponseEvent replayable(Idempotency.Response response) {
        return Responses.rendered(response.status(), response.body(),
                response.replayed() ? Map.of("Idempotent-Replayed", "true") : Map.of());
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

    private static Long expectedErpVersion(JsonNode body) {
        if (body == null) {
            return null;
        }
        List<Violation> violations = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("expectedErpVersion")) {
                violations.add(new Violation(name, "is not a field of a re-import request"));
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
            throw ApiException.invalid(ErrorCode.VALIDATION_FAILED, "The re-import request is not valid.", violations);
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
