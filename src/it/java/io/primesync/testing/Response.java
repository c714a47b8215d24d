package io.primesync.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A handler's answer, checked on the way out for anything a client must never see. */
public record Response(int status, Map<String, String> headers, String body) {
    /** The answer to {@code request}, which must also be what openapi.json says of it. */
    public static Response of(APIGatewayProxyResponseEvent event, String tableName, APIGatewayProxyRequestEvent request) {
        Response response = of(event, tableName);
        OpenApi.get().check(request.getHttpMethod(), request.getResource(), response.status(),
                response.header("Content-Type"), response.body());
        return response;
    }

    public static Response of(APIGatewayProxyResponseEvent event, String tableName) {
        assertNotNull(event, "a handler answered null");
        Map<String, String> headers = event.getHeaders() == null ? Map.of() : event.getHeaders();
        Response response = new Response(event.getStatusCode(), headers, event.getBody());
        response.assertNothingLeaks(tableName);
        return response;
    }

    public JsonNode json() {
        return Json.read(body.getBytes(StandardCharsets.UTF_8));
    }

    public String header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** No stack trace, class or package name, SDK text, engine address or table name in any body. */
    public void assertNothingLeaks(String tableName) {
        assertNotNull(body, "every response has a body");
        String lower = body.toLowerCase(Locale.ROOT);
        for (String leak : List.of("exception", "io.primesync", "java.", "software.amazon", "jackson", "nimbus",
                "\tat ", "\\tat ", "dynamo", "127.0.0.1", "localhost", "stacktrace", "caused by")) {
            assertFalse(lower.contains(leak), () -> "the body leaks '" + leak + "': " + body);
        }
        if (tableName != null) {
            assertFalse(body.contains(tableName), () -> "the body names the table: " + body);
        }
    }
}
