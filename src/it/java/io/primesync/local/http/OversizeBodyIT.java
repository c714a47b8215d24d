package io.primesync.local.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that writes a body over the limit before it reads gets the 413, every time: the server reads the rest of
 * the body before it closes, as API Gateway's clients find it. Closing early made the client's writes fail with a
 * reset and its answer never arrive, by chance.
 */
class OversizeBodyIT {
    private static final int LIMIT = 1024 * 1024;
    private static final byte[] BODY = new byte[8 * LIMIT];
    private static final AtomicInteger HANDLED = new AtomicInteger();
    private static LocalHttp server;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        server = LocalHttp.create("oversize", request -> {
            HANDLED.incrementAndGet();
            return Reply.json(200, "{}");
        }, (status, method, target, why) -> Reply.json(status, "{\"status\":" + status + "}"),
                new LocalHttp.Limits(16 * 1024, 16 * 1024, LIMIT), 2);
        port = server.listen(0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aClientThatWritesTheWholeBodyBeforeReadingGetsThe413() throws IOException {
        int handled = HANDLED.get();
        for (int i = 0; i < 20; i++) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /webhooks/spectrum HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + BODY.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                // a reset here is the defect: the whole body must be accepted, then answered
                out.write(BODY);
                out.flush();
                String answer = readAll(socket.getInputStream());
                assertTrue(answer.startsWith("HTTP/1.1 413 "), "attempt " + i + ": " + firstLine(answer));
                assertTrue(answer.contains("Connection: close"), answer);
                assertTrue(answer.endsWith("{\"status\":413}"), answer);
            }
        }
        assertEquals(handled, HANDLED.get(), "an oversize body never reaches the handler");
    }

    @Test
    void theJdkClientGetsThe413EveryTime() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(BODY)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(413, response.statusCode(), "attempt " + i);
            assertEquals("{\"status\":413}", response.body());
        }
    }

    @Test
    void aBodyUnderTheLimitStillReachesTheHandlerAfterAnOversizeOne() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int before = HANDLED.get();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[LIMIT])).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals(before + 1, HANDLED.get());
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static String firstLine(String answer) {
        int end = answer.indexOf('\r');
        return end < 0 ? answer : answer.substring(0, end);
    }
}
