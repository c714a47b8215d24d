package io.primesync.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.domain.Caller;
import io.primesync.domain.Level;
import io.primesync.domain.LineItem;
import io.primesync.http.Route;
import io.primesync.json.Json;
import io.primesync.local.GatewayEvents;
import io.primesync.service.ContractService;
import io.primesync.service.ProcoreRules;
import io.primesync.testing.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A preview too long for one answer: as many lines as fit, and the counts and amounts whole. */
class LongPreviewTest {
    private static final String COMPANY = "1001";
    private static final int LINES = 5_000;
    /** What Lambda accepts of a function's answer. */
    private static final int LAMBDA_RESPONSE_LIMIT = 6 * 1024 * 1024;

    private static List<LineItem> lines(String word) {
        List<LineItem> out = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
            // 4,000 characters, with quotes and a backslash that JSON escapes, twice over in a proxy response
            String description = (word + " \"line\" \\ " + i + " ").repeat(400).substring(0, 4_000);
            out.add(LineItem.lumpSum(String.format("L%05d", i), description, "100.00"));
        }
        return out;
    }

    @Test
    void aPreviewOfFiveThousandLongLinesFitsInOneAnswerWithItsCountsWhole() {
        InMemoryStore store = new InMemoryStore();
        InMemoryStore.Contract c = store.put(COMPANY, "PC-LONG", "J-LONG", lines("after"));
        store.change(c, x -> x.synced(1, lines("before")));
        EligibilityHandler handler = new EligibilityHandler(new ContractService(store, ProcoreRules.DEFAULT));
        Caller admin = new Caller("user-1", Map.of(COMPANY, Map.of(Caller.ERP_INTEGRATIONS, Level.ADMIN)), Map.of());

        APIGatewayProxyResponseEvent response = handler.handleRequest(GatewayEvents.to(Route.ELIGIBILITY)
                .pathValues(COMPANY, "PC-LONG").as(admin).event(), null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        int answerBytes = Json.write(response).getBytes(StandardCharsets.UTF_8).length;
        assertTrue(answerBytes < LAMBDA_RESPONSE_LIMIT, "the answer as Lambda sends it: " + answerBytes + " bytes");

        JsonNode preview = Json.read(response.getBody().getBytes(StandardCharsets.UTF_8)).path("preview");
        assertEquals(LINES, preview.path("counts").path("changed").asInt(), "the count is whole");
        assertEquals(0, preview.path("counts").path("added").asInt());
        assertEquals("500000.00", preview.path("currentAmount").asText());
        assertEquals("500000.00", preview.path("newAmount").asText());
        assertTrue(preview.path("truncated").asBoolean());
        int shown = preview.path("changed").size();
        assertTrue(shown > 100 && shown < LINES, "as many lines as fit: " + shown);
        assertEquals("L00000", preview.path("changed").get(0).path("itemCode").asText(), "from the first, in order");
    }
}
