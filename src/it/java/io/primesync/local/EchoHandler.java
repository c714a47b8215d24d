package io.primesync.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Answers with the event it was given, serialized back by the runtime's serializer; some paths misbehave on purpose. */
public final class EchoHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    static final AtomicInteger CALLS = new AtomicInteger();
    static final AtomicInteger INSTANCES = new AtomicInteger();
    private final Function<String, String> env;
    private boolean busy;

    public EchoHandler(Function<String, String> env) {
        INSTANCES.incrementAndGet();
        this.env = env;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        CALLS.incrementAndGet();
        synchronized (this) {
            if (busy) {
                throw new IllegalStateException("one instance got two invocations at once");
            }
            busy = true;
        }
        try {
            String id = event.getPathParameters() == null ? "" : String.valueOf(event.getPathParameters().get("thingId"));
            switch (id) {
                case "boom" -> throw new IllegalStateException("boom");
                case "slow" -> sleep(1500);
                case "pause" -> sleep(300);
                case "binary" -> {
                    return new APIGatewayProxyResponseEvent().withStatusCode(200)
                            .withHeaders(Map.of("Content-Type", "application/octet-stream"))
                            .withBody(Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, (byte) 255}))
                            .withIsBase64Encoded(true);
                }
                case "multi" -> {
                    return new APIGatewayProxyResponseEvent().withStatusCode(201)
                            .withMultiValueHeaders(Map.of("Set-Cookie", List.of("a=1", "b=2")))
                            .withHeaders(Map.of("X-One", "1"));
                }
                default -> { }
            }
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            LambdaFunction.serializer(APIGatewayProxyRequestEvent.class, getClass().getClassLoader()).toJson(event, json);
            return new APIGatewayProxyResponseEvent().withStatusCode(200)
                    .withHeaders(Map.of("Content-Type", "application/json", "X-Env", env.apply("GREETING") + " "
                            + env.apply("TABLE_NAME") + " " + context.getFunctionName()
                            + " " + context.getMemoryLimitInMB()))
                    .withBody(json.toString(StandardCharsets.UTF_8));
        } finally {
            synchronized (this) {
                busy = false;
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
