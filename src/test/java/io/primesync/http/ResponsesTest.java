package io.primesync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.domain.Reason;
import io.primesync.domain.ReasonCode;
import io.primesync.domain.Violation;
import io.primesync.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponsesTest {
    private static JsonNode body(APIGatewayProxyResponseEvent response) {
        return Json.read(response.getBody().getBytes(StandardCharsets.UTF_8));
    }

    private static void assertCommonHeaders(APIGatewayProxyResponseEvent response) {
        assertEquals("no-store", response.getHeaders().get("Cache-Control"));
        assertEquals("nosniff", response.getHeaders().get("X-Content-Type-Options"));
        assertFalse(response.getIsBase64Encoded());
    }

    @Test
    void jsonResponse() {
        APIGatewayProxyResponseEvent r = Responses.json(201, Map.of("contractId", "C-1"));
        assertEquals(201, r.getStatusCode());
        assertEquals("application/json", r.getHeaders().get("Content-Type"));
        assertEquals("{\"contractId\":\"C-1\"}", r.getBody());
        assertCommonHeaders(r);
    }

    @Test
    void extraHeadersAreAddedButCannotTurnCachingBackOn() {
        APIGatewayProxyResponseEvent r = Responses.json(200, Json.object(),
                Map.of("Idempotent-Replayed", "true", "Cache-Control", "max-age=3600"));
        assertEquals("true", r.getHeaders().get("Idempotent-Replayed"));
        assertCommonHeaders(r);
    }

    @Test
    void plainProblem() {
        APIGatewayProxyResponseEvent r = Responses.problem(new ApiException(ErrorCode.NOT_FOUND, "No such contract"));
        assertEquals(404, r.getStatusCode());
        assertEquals("application/problem+json", r.getHeaders().get("Content-Type"));
        assertCommonHeaders(r);
        JsonNode b = body(r);
        assertEquals("https://primesync.io/problems/not-found", b.get("type").textValue());
        assertEquals("Not Found", b.get("title").textValue());
        assertEquals(404, b.get("status").intValue());
        assertEquals("No such contract", b.get("detail").textValue());
        assertEquals("NOT_FOUND", b.get("code").textValue());
        assertEquals(5, b.size(), "no reasons or violations when none were given");
    }

    @Test
    void problemWithReasons() {
        ApiException e = ApiException.refused(ErrorCode.REIMPORT_NOT_ALLOWED, "The contract cannot be re-imported",
                List.of(new Reason(ReasonCode.CONTRACT_UNAPPROVED, "Approve the contract in the ERP first."),
                        new Reason(ReasonCode.LINKED_TO_MULTIPLE_PROJECTS, "Remove the extra link.",
                                Map.of("projectIds", List.of("2002", "2003")))));
        APIGatewayProxyResponseEvent r = Responses.problem(e);
        assertEquals(409, r.getStatusCode());
        JsonNode b = body(r);
        assertEquals("https://primesync.io/problems/reimport-not-allowed", b.get("type").textValue());
        assertEquals("Re-import Not Allowed", b.get("title").textValue());
        JsonNode reasons = b.get("reasons");
        assertEquals(2, reasons.size());
        assertEquals("CONTRACT_UNAPPROVED", reasons.get(0).get("code").textValue());
        assertEquals("Approve the contract in the ERP first.", reasons.get(0).get("message").textValue());
        assertFalse(reasons.get(0).has("details"));
        assertEquals("LINKED_TO_MULTIPLE_PROJECTS", reasons.get(1).get("code").textValue());
        assertEquals("2003", reasons.get(1).get("details").get("projectIds").get(1).textValue());
        assertFalse(b.has("violations"));
    }

    @Test
    void problemWithViolations() {
        ApiException e = ApiException.invalid(ErrorCode.INVALID_CONTRACT, "The contract breaks 1 rule",
                List.of(new Violation("data.lineItems[12].amount", "money must be a string with two decimals")));
        JsonNode b = body(Responses.problem(e));
        assertEquals(422, b.get("status").intValue());
        assertEquals("data.lineItems[12].amount", b.get("violations").get(0).get("field").textValue());
        assertEquals("money must be a string with two decimals", b.get("violations").get(0).get("message").textValue());
        assertFalse(b.has("reasons"));
    }

    @Test
    void problemCarriesTheExceptionsHeaders() {
        APIGatewayProxyResponseEvent r = Responses.problem(
                new ApiException(ErrorCode.CONFLICT, "Retry").withHeader("Retry-After", "2"));
        assertEquals(409, r.getStatusCode());
        assertEquals("2", r.getHeaders().get("Retry-After"));
        assertCommonHeaders(r);
    }

    @Test
    void serviceUnavailableAlwaysSaysWhenToRetry() {
        APIGatewayProxyResponseEvent plain = Responses.problem(new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Later"));
        assertEquals(503, plain.getStatusCode());
        assertEquals("30", plain.getHeaders().get("Retry-After"));

        APIGatewayProxyResponseEvent given = Responses.problem(ApiException.unavailable("Later", Duration.ofSeconds(7)));
        assertEquals("7", given.getHeaders().get("Retry-After"));

        assertNull(Responses.problem(new ApiException(ErrorCode.CONFLICT, "Retry")).getHeaders().get("Retry-After"));
    }

    @Test
    void unexpectedQuotesOnlyTheRequestId() {
        APIGatewayProxyResponseEvent r = Responses.unexpected("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
        assertEquals(500, r.getStatusCode());
        JsonNode b = body(r);
        assertEquals("INTERNAL", b.get("code").textValue());
        assertEquals("https://primesync.io/problems/internal", b.get("type").textValue());
        assertEquals("An unexpected error happened. Request id: c6af9ac6-7b61-11e6-9a41-93e8deadbeef.",
                b.get("detail").textValue());
        assertEquals(5, b.size());
        assertCommonHeaders(r);
    }

    @Test
    void unexpectedDoesNotEchoSomethingThatIsNotARequestId() {
        assertEquals("An unexpected error happened.", body(Responses.unexpected(null)).get("detail").textValue());
        assertEquals("An unexpected error happened.",
                body(Responses.unexpected("<script>alert(1)</script>")).get("detail").textValue());
    }

    @ParameterizedTest
    @CsvSource({
        "VALIDATION_FAILED,400,validation-failed", "UNAUTHORIZED,401,unauthorized",
        "INVALID_SIGNATURE,401,invalid-signature", "FORBIDDEN,403,forbidden", "NOT_FOUND,404,not-found",
        "BAD_REQUEST,400,bad-request", "REIMPORT_NOT_ALLOWED,409,reimport-not-allowed",
        "IMPORT_NOT_ALLOWED,409,import-not-allowed", "STALE_PREVIEW,409,stale-preview", "CONFLICT,409,conflict",
        "PAYLOAD_TOO_LARGE,413,payload-too-large", "UNSUPPORTED_MEDIA_TYPE,415,unsupported-media-type",
        "IDEMPOTENCY_KEY_REUSED,422,idempotency-key-reused", "INVALID_CONTRACT,422,invalid-contract",
        "SERVICE_UNAVAILABLE,503,service-unavailable", "INTERNAL,500,internal",
        "TOO_MANY_REQUESTS,429,too-many-requests", "GATEWAY_TIMEOUT,504,gateway-timeout"
    })
    void everyCodeHasItsStatusAndType(ErrorCode code, int status, String slug) {
        assertEquals(status, code.status());
        assertEquals("https://primesync.io/problems/" + slug, code.type());
        assertFalse(code.title().isBlank());
        APIGatewayProxyResponseEvent r = Responses.problem(new ApiException(code, "d"));
        assertEquals(status, r.getStatusCode());
        assertEquals(code.name(), body(r).get("code").textValue());
    }

    @Test
    void everyCodeIsCovered() {
        assertEquals(18, ErrorCode.values().length);
    }

    @Test
    void apiExceptionCapturesNoStackTrace() {
        ApiException e = new ApiException(ErrorCode.CONFLICT, "Try again");
        assertEquals(0, e.getStackTrace().length);
        assertEquals("CONFLICT: Try again", e.getMessage());
        assertTrue(e.headers().isEmpty());
    }
}
