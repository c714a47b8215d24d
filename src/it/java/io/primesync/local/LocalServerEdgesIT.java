package io.primesync.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.http.Route;
import io.primesync.testing.LocalDynamo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a person trying the local server by hand runs into, over a raw socket: broken escapes, unknown methods, a
 * URL or headers far too long, malformed bodies and repeated parameters. Every answer is problem+json, with header
 * names spelt as HTTP spells them and a reason phrase, and every request is in the request log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalServerEdgesIT {
    private static final String CONTRACTS = Route.LIST.path(DemoData.COMPANY);

    private final ByteArrayOutputStream requestLog = new ByteArrayOutputStream();
    private LocalServer server;
    private String admin;

    @BeforeAll
    void start() throws IOException {
        PrintStream log = new PrintStream(requestLog, true, StandardCharsets.UTF_8);
        server = LocalServer.start(LocalServer.Options.defaults().withPort(0).inMemory().withDemo(true)
                .withEngineDir(LocalDynamo.buildDir().resolve("dynalite")).withLogs(log, System.err));
        admin = "Authorization: Bearer " + server.demo().tokens().admin();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static JsonNode problem(RawHttp.Answer answer, int status, String code) {
        assertEquals(status, answer.status(), answer.statusLine() + " " + new String(answer.body(), StandardCharsets.UTF_8));
        assertEquals("application/problem+json", answer.exactHeader("Content-Type"), answer.headerLines().toString());
        JsonNode body = answer.json();
        assertEquals(code, body.path("code").asText());
        assertEquals(status, body.path("status").asInt());
        return body;
    }

    private void assertLogged(String method, String pathStart, int status) {
        String log = requestLog.toString(StandardCharsets.UTF_8);
        assertTrue(log.lines().anyMatch(l -> l.startsWith(method + " " + pathStart) && l.contains(" " + status + " ")),
                method + " " + pathStart + " " + status + " is in the request log:\n" + log);
    }

    @Test
    void brokenEscapesInTheUrlAreProblemsAndLogged() throws IOException {
        JsonNode cursor = problem(RawHttp.get(server.port(), CONTRACTS + "?cursor=%%%garbage", admin), 400,
                "VALIDATION_FAILED");
        assertEquals("cursor", cursor.path("violations").get(0).path("field").asText());
        assertLogged("GET", CONTRACTS, 400);

        problem(RawHttp.get(server.port(), CONTRACTS + "/%ZZ/history", admin), 404, "NOT_FOUND");
        assertLogged("GET", CONTRACTS + "/%ZZ/history", 404);

        RawHttp.Answer webhook = RawHttp.send(server.port(), "POST /webhooks/spectrum?x=%%% HTTP/1.1",
                List.of("Content-Type: application/json"), "{}".getBytes(StandardCharsets.UTF_8));
        problem(webhook, 401, "INVALID_SIGNATURE");
        assertLogged("POST", Route.SPECTRUM_WEBHOOK.path(), 401);
    }

    @Test
    void anUnknownMethodOnAKnownPathIsAnsweredAsApiGatewayAnswersIt() throws IOException {
        RawHttp.Answer delete = RawHttp.send(server.port(), "DELETE " + CONTRACTS + " HTTP/1.1", List.of(admin),
                new byte[0]);
        problem(delete, 404, "NOT_FOUND");
        assertNull(delete.header("Allow"));
        assertEquals("HTTP/1.1 404 Not Found", delete.statusLine());
        assertLogged("DELETE", CONTRACTS, 404);
    }

    @Test
    void headerNamesAreSpeltAsHttpSpellsThemWithAReasonPhraseOnEveryStatusLine() throws IOException {
        RawHttp.Answer list = RawHttp.get(server.port(), CONTRACTS, admin);
        assertEquals("HTTP/1.1 200 OK", list.statusLine());
        assertEquals("application/json", list.exactHeader("Content-Type"));
        assertEquals("no-store", list.exactHeader("Cache-Control"));
        assertEquals("nosniff", list.exactHeader("X-Content-Type-Options"));

        String path = CONTRACTS + "/" + DemoData.LARGE + "/reimport";
        List<String> headers = List.of(admin, "Idempotency-Key: edge-replay", "Content-Type: application/json");
        byte[] body = ("{\"expectedErpVersion\":" + DemoData.V2 + "}").getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer first = RawHttp.send(server.port(), "POST " + path + " HTTP/1.1", headers, body);
        assertEquals(202, first.status(), new String(first.body(), StandardCharsets.UTF_8));
        assertNull(first.header("Idempotent-Replayed"));
        assertTrue(first.exactHeader("Location").startsWith("/v1" + CONTRACTS + "/" + DemoData.LARGE + "/syncs/"),
                first.headerLines().toString());
        RawHttp.Answer replay = RawHttp.send(server.port(), "POST " + path + " HTTP/1.1", headers, body);
        assertEquals("true", replay.exactHeader("Idempotent-Replayed"), replay.headerLines().toString());
        assertEquals("HTTP/1.1 202 Accepted", replay.statusLine());
        assertEquals(first.exactHeader("Location"), replay.exactHeader("Location"));

        assertEquals("HTTP/1.1 401 Unauthorized", RawHttp.get(server.port(), CONTRACTS).statusLine());
    }

    @Test
    void aUrlOrHeadersFarTooLongAreProblemsNotAResetConnection() throws IOException {
        String longUrl = CONTRACTS + "?cursor=" + "x".repeat(400 * 1024);
        RawHttp.Answer uri = RawHttp.get(server.port(), longUrl, admin);
        problem(uri, 414, "URI_TOO_LONG");
        assertEquals("HTTP/1.1 414 URI Too Long", uri.statusLine());
        // the request line was never read whole, so the log has its status but neither method nor path
        assertLogged("-", "-", 414);

        RawHttp.Answer headers = RawHttp.get(server.port(), CONTRACTS, admin, "X-Padding: " + "y".repeat(20 * 1024));
        problem(headers, 431, "REQUEST_HEADER_FIELDS_TOO_LARGE");
        assertLogged("-", "-", 431);
    }

    @Test
    void malformedJsonAndRepeatedParametersNameWhatIsWrong() throws IOException {
        RawHttp.Answer malformed = RawHttp.send(server.port(),
                "POST " + CONTRACTS + "/" + DemoData.READY + "/reimport HTTP/1.1",
                List.of(admin, "Content-Type: application/json"), "{\"expectedErpVersion\":".getBytes(StandardCharsets.UTF_8));
        JsonNode body = problem(malformed, 400, "VALIDATION_FAILED");
        assertEquals("body", body.path("violations").get(0).path("field").asText());
        assertEquals("is not valid JSON", body.path("violations").get(0).path("message").asText());

        JsonNode repeated = problem(RawHttp.get(server.port(), CONTRACTS + "?limit=1&limit=2", admin), 400,
                "VALIDATION_FAILED");
        assertEquals("limit", repeated.path("violations").get(0).path("field").asText());
    }
}
