package io.primesync.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.config.Settings;
import io.primesync.domain.Caller;
import io.primesync.domain.Level;
import io.primesync.domain.LineItem;
import io.primesync.domain.SovLockSetting;
import io.primesync.http.Route;
import io.primesync.json.Json;
import io.primesync.local.GatewayEvents;
import io.primesync.service.ContractService;
import io.primesync.service.ProcoreRules;
import io.primesync.store.EventStamp;
import io.primesync.testing.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A company that keeps approved contracts as they are, in a project whose schedule of values is always editable: a
 * re-import that deletes nothing may go; one that deletes is refused, and the preview marks the lines it is refused
 * for.
 */
class LockedPreviewTest {
    private static final String COMPANY = "1001";
    private static final String PROJECT = "2002";
    private static final List<LineItem> V1 = List.of(LineItem.lumpSum("A", "Site", "100.00"),
            LineItem.lumpSum("B", "Steel", "200.00"));

    private final InMemoryStore store = new InMemoryStore();
    private final Caller admin = new Caller("user-1", Map.of(COMPANY, Map.of(Caller.ERP_INTEGRATIONS, Level.ADMIN)),
            Map.of(PROJECT, Map.of(Caller.PRIME_CONTRACTS, Level.ADMIN)));
    private final EligibilityHandler handler = new EligibilityHandler(new ContractService(store,
            ProcoreRules.from(new Settings(Map.of(SovLockSetting.NAME, SovLockSetting.REFUSE,
                    SovLockSetting.ALWAYS_EDITABLE, "{\"" + COMPANY + "/" + PROJECT + "\": \"on\"}")::get))));

    private JsonNode evaluate(List<LineItem> erp) {
        store.syncJob(COMPANY, "J-1", PROJECT);
        InMemoryStore.Contract c = store.put(COMPANY, "PC-1", "J-1", erp);
        store.change(c, x -> {
            x.synced(1, V1);
            x.primeContractId = "5001";
            x.erpVersion = 2;
        });
        store.applyLink(COMPANY, "PC-1", PROJECT, true, "5001", new EventStamp(1, "read-1"));
        store.applyProcoreStatus(COMPANY, "PC-1", "5001", "Approved", new EventStamp(1, "read-1"));
        APIGatewayProxyResponseEvent response = handler.handleRequest(GatewayEvents.to(Route.ELIGIBILITY)
                .pathValues(COMPANY, "PC-1").as(admin).event(), null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        return Json.read(response.getBody().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aReimportThatDeletesNothingMayGoWithTheContractAsItIs() {
        JsonNode answer = evaluate(List.of(LineItem.lumpSum("A", "Site", "100.00"),
                LineItem.lumpSum("B", "Steel", "250.00"), LineItem.lumpSum("C", "Paint", "10.00")));
        assertTrue(answer.path("eligible").asBoolean(), answer.toString());
    }

    @Test
    void aReimportThatDeletesIsRefusedAndThePreviewMarksTheLinesItIsRefusedFor() {
        JsonNode answer = evaluate(List.of(LineItem.lumpSum("A", "Site", "100.00")));
        assertFalse(answer.path("eligible").asBoolean());
        JsonNode reason = answer.path("reasons").get(0);
        assertEquals("PROCORE_SOV_LOCKED", reason.path("code").asText(), answer.toString());
        assertTrue(reason.path("details").path("alwaysEditable").asBoolean(), reason.toString());
        assertEquals(1, reason.path("details").path("linesDeleted").asInt(), reason.toString());
        JsonNode removed = answer.path("preview").path("removed");
        assertEquals(1, removed.size(), answer.toString());
        assertEquals("B", removed.get(0).path("itemCode").asText());
        assertEquals("PROCORE_SOV_LOCKED", removed.get(0).path("refusedBy").asText());
    }
}
