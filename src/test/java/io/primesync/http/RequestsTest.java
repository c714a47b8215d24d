package io.primesync.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.primesync.domain.Violation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestsTest {
    private static APIGatewayProxyRequestEvent event() {
        return new APIGatewayProxyRequestEvent();
    }

    @Test
    void everythingIsNullSafe() {
        APIGatewayProxyRequestEvent empty = event();
        assertNull(Requests.header(empty, "Authorization"));
        assertNull(Requests.query(empty, "limit"));
        assertTrue(Requests.queryValues(empty, "limit").isEmpty());
        assertNull(Requests.path(empty, "companyId"));
        assertNull(Requests.requestId(empty));
        assertNull(Requests.authorizer(empty));
        assertArrayEquals(new byte[0], Requests.body(empty));

        assertNull(Requests.header(null, "Authorization"));
        assertNull(Requests.query(null, "limit"));
        assertNull(Requests.path(null, "companyId"));
        assertNull(Requests.requestId(null));
        assertArrayEquals(new byte[0], Requests.body(null));

        APIGatewayProxyRequestEvent withEmptyContext = event().withRequestContext(
                new APIGatewayProxyRequestEvent.ProxyRequestContext());
        assertNull(Requests.requestId(withEmptyContext));
        assertNull(Requests.authorizer(withEmptyContext));
    }

    @Test
    void headerNamesAreCaseInsensitive() {
        APIGatewayProxyRequestEvent e = event().withHeaders(Map.of("authorization", "Bearer x"));
        assertEquals("Bearer x", Requests.header(e, "Authorization"));
        assertEquals("Bearer x", Requests.header(e, "AUTHORIZATION"));
    }

    @Test
    void headerFromMultiValueHeadersAlone() {
        APIGatewayProxyRequestEvent e = event().withMultiValueHeaders(Map.of("Idempotency-Key", List.of("k-1")));
        assertEquals("k-1", Requests.header(e, "idempotency-key"));
    }

    @Test
    void headerGivenInBothMapsWithTheSameValue() {
        APIGatewayProxyRequestEvent e = event()
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withMultiValueHeaders(Map.of("content-type", List.of("application/json", "application/json")));
        assertEquals("application/json", Requests.header(e, "Content-Type"));
    }

    @Test
    void headerGivenTwiceWithDifferentValuesIsRefused() {
        APIGatewayProxyRequestEvent e = event()
                .withMultiValueHeaders(Map.of("Idempotency-Key", List.of("a", "b")));
        ApiException error = assertThrows(ApiException.class, () -> Requests.header(e, "Idempotency-Key"));
        assertEquals(ErrorCode.VALIDATION_FAILED, error.code());
        assertEquals(List.of(new Violation("Idempotency-Key",
                "was given more than once with different values; give the header once")), error.violations());
    }

    @Test
    void nullKeysAndValuesInTheMapsAreSkipped() {
        Map<String, String> headers = new HashMap<>();
        headers.put(null, "x");
        headers.put("Accept", null);
        Map<String, List<String>> multi = new HashMap<>();
        multi.put("Accept", null);
        APIGatewayProxyRequestEvent e = event().withHeaders(headers).withMultiValueHeaders(multi);
        assertNull(Requests.header(e, "Accept"));
    }

    @Test
    void plainBodyIsUtf8() {
        APIGatewayProxyRequestEvent e = event().withBody("{\"title\":\"Café\"}");
        assertArrayEquals("{\"title\":\"Café\"}".getBytes(StandardCharsets.UTF_8), Requests.body(e));
    }

    @Test
    void base64BodyIsDecoded() {
        byte[] raw = {0x7b, 0x7d, (byte) 0xff};
        APIGatewayProxyRequestEvent e = event()
                .withBody(Base64.getEncoder().encodeToString(raw))
                .withIsBase64Encoded(true);
        assertArrayEquals(raw, Requests.body(e));
    }

    @Test
    void badBase64IsA400() {
        APIGatewayProxyRequestEvent e = event().withBody("not base64!").withIsBase64Encoded(true);
        ApiException error = assertThrows(ApiException.class, () -> Requests.body(e));
        assertEquals(ErrorCode.VALIDATION_FAILED, error.code());
        assertEquals(List.of(new Violation("body", "is marked base64 but is not valid base64")), error.violations());
    }

    @Test
    void base64FlagFalseOrNullMeansText() {
        assertArrayEquals("eyJ9".getBytes(StandardCharsets.UTF_8),
                Requests.body(event().withBody("eyJ9").withIsBase64Encoded(false)));
        assertArrayEquals("eyJ9".getBytes(StandardCharsets.UTF_8), Requests.body(event().withBody("eyJ9")));
    }

    @Test
    void queryParameters() {
        APIGatewayProxyRequestEvent e = event()
                .withQueryStringParameters(Map.of("status", "staged"))
                .withMultiValueQueryStringParameters(Map.of("status", List.of("staged"), "ready", List.of("true", "true")));
        assertEquals("staged", Requests.query(e, "status"));
        assertEquals("true", Requests.query(e, "ready"));
        assertEquals(List.of("true"), Requests.queryValues(e, "ready"));
        assertNull(Requests.query(e, "Status"), "query names are case-sensitive");
    }

    @Test
    void queryParameterWithTwoValuesIsRefused() {
        APIGatewayProxyRequestEvent e = event()
                .withMultiValueQueryStringParameters(Map.of("limit", List.of("10", "20")));
        assertEquals(List.of("10", "20"), Requests.queryValues(e, "limit"));
        ApiException error = assertThrows(ApiException.class, () -> Requests.query(e, "limit"));
        assertEquals(ErrorCode.VALIDATION_FAILED, error.code());
        assertEquals(List.of(new Violation("limit",
                "was given more than once with different values; give the query parameter once")), error.violations());
    }

    @Test
    void queryParameterDifferingBetweenTheTwoMapsIsRefused() {
        APIGatewayProxyRequestEvent e = event()
                .withQueryStringParameters(Map.of("cursor", "b"))
                .withMultiValueQueryStringParameters(Map.of("cursor", List.of("a", "b")));
        assertThrows(ApiException.class, () -> Requests.query(e, "cursor"));
    }

    @Test
    void pathParametersRequestIdAndAuthorizer() {
        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withRequestId("req-1");
        context.setAuthorizer(Map.of("principalId", "u-1"));
        APIGatewayProxyRequestEvent e = event()
                .withPathParameters(Map.of("companyId", "1001"))
                .withRequestContext(context);
        assertEquals("1001", Requests.path(e, "companyId"));
        assertNull(Requests.path(e, "contractId"));
        assertEquals("req-1", Requests.requestId(e));
        assertEquals("u-1", Requests.authorizer(e).get("principalId"));
    }
}
