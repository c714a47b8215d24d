package io.primesync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The stream entry points read every sample event exactly as the Lambda runtime's own serializer does. */
class ApiGatewayJsonTest {
    private static final PojoSerializer<APIGatewayProxyRequestEvent> RUNTIME =
            LambdaEventSerializers.serializerFor(APIGatewayProxyRequestEvent.class, ApiGatewayJsonTest.class.getClassLoader());

    /** The samples API Gateway sends (not the authorizer's, the queue's or the schedule's). */
    private static boolean isProxyEvent(Path file) {
        try {
            return Json.read(Files.readAllBytes(file)).has("httpMethod");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everySampleProxyEventReadsAsTheRuntimeReadsIt() throws IOException {
        List<Path> samples;
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("primesync.projectDir", "."), "events"))) {
            samples = files.filter(f -> f.toString().endsWith(".json")).filter(ApiGatewayJsonTest::isProxyEvent).toList();
        }
        assertFalse(samples.isEmpty());
        for (Path sample : samples) {
            byte[] bytes = Files.readAllBytes(sample);
            APIGatewayProxyRequestEvent expected = RUNTIME.fromJson(new ByteArrayInputStream(bytes));
            APIGatewayProxyRequestEvent actual = ApiGatewayJson.readRequest(new ByteArrayInputStream(bytes));
            String name = sample.getFileName().toString();
            assertEquals(expected.getResource(), actual.getResource(), name);
            assertEquals(expected.getPath(), actual.getPath(), name);
            assertEquals(expected.getHttpMethod(), actual.getHttpMethod(), name);
            assertEquals(expected.getHeaders(), actual.getHeaders(), name);
            assertEquals(expected.getMultiValueHeaders(), actual.getMultiValueHeaders(), name);
            assertEquals(expected.getQueryStringParameters(), actual.getQueryStringParameters(), name);
            assertEquals(expected.getMultiValueQueryStringParameters(), actual.getMultiValueQueryStringParameters(), name);
            assertEquals(expected.getPathParameters(), actual.getPathParameters(), name);
            assertEquals(expected.getBody(), actual.getBody(), name);
            assertEquals(expected.getIsBase64Encoded(), actual.getIsBase64Encoded(), name);
            assertEquals(expected.getRequestContext().getRequestId(), actual.getRequestContext().getRequestId(), name);
            assertEquals(expected.getRequestContext().getAuthorizer(), actual.getRequestContext().getAuthorizer(), name);
            assertEquals(expected.getRequestContext().getIdentity().getSourceIp(),
                    actual.getRequestContext().getIdentity().getSourceIp(), name);
        }
    }

    @Test
    void theAuthorizerEventReadsAsTheRuntimeReadsIt() throws IOException {
        byte[] bytes = Files.readAllBytes(Path.of(System.getProperty("primesync.projectDir", "."), "events", "authorizer.json"));
        APIGatewayCustomAuthorizerEvent expected = JacksonFactory.getInstance().getSerializer(APIGatewayCustomAuthorizerEvent.class)
                .fromJson(new ByteArrayInputStream(bytes));
        APIGatewayCustomAuthorizerEvent actual = ApiGatewayJson.readAuthorizerEvent(new ByteArrayInputStream(bytes));
        assertEquals(expected.getType(), actual.getType());
        assertEquals(expected.getAuthorizationToken(), actual.getAuthorizationToken());
        assertEquals(expected.getMethodArn(), actual.getMethodArn());
    }

    @Test
    void aResponseIsWrittenAsTheRuntimeWritesIt() throws IOException {
        APIGatewayProxyResponseEvent response = new APIGatewayProxyResponseEvent().withStatusCode(409)
                .withHeaders(Map.of("Content-Type", "application/problem+json"))
                .withBody("{\"code\":\"CONFLICT\"}");
        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        ApiGatewayJson.writeResponse(response, ours);
        ByteArrayOutputStream runtime = new ByteArrayOutputStream();
        LambdaEventSerializers.serializerFor(APIGatewayProxyResponseEvent.class, getClass().getClassLoader()).toJson(response, runtime);
        JsonNode a = Json.read(ours.toByteArray());
        JsonNode b = Json.read(runtime.toByteArray());
        assertEquals(b, a);
        assertTrue(a.get("body").asText().contains("CONFLICT"));
        assertEquals(409, a.get("statusCode").asInt());
        assertEquals("application/problem+json", a.get("headers").get("Content-Type").asText());
        assertEquals(new String(ours.toByteArray(), StandardCharsets.UTF_8).indexOf("multiValueHeaders"), -1);
    }
}
