package io.primesync.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.json.Json;
import io.primesync.local.procore.ProcoreSimulator;
import io.primesync.local.procore.SimulatorClient;
import io.primesync.testing.Figures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code procore-hooks} against the simulator: the product's webhook made once, brought up to date, and listed. */
class ProcoreHooksIT {
    @Test
    void theHookAndItsTriggersAreMadeOnceAndTheDeliveriesListed() throws Exception {
        try (ProcoreSimulator simulator = ProcoreSimulator.start(0, null, Clock.systemUTC())) {
            SimulatorClient people = new SimulatorClient(simulator.baseUri());
            people.company("4321");
            people.company("8765");
            // each company's hook its own secret; 4321 in the middle of a rotation
            Map<String, String> env = Map.of("PROCORE_WEBHOOK_SECRET",
                    "{\"4321\": [\"hook-secret-4321-new\", \"hook-secret-4321-old\"], \"8765\": \"hook-secret-8765-only\"}");
            String first = run(simulator, env, "4321", "--url", "http://127.0.0.1:9/webhooks/procore");
            assertTrue(first.contains("; created."), first);
            assertTrue(first.contains("Projects create") && first.contains("Change Order Packages delete"), first);
            String again = run(simulator, env, "4321", "--url", "http://127.0.0.1:9/webhooks/procore");
            assertTrue(again.contains("already there. Triggers added: none; kept: 11."), again);
            assertTrue(!first.contains("Projects delete") && !first.contains("Refused"), "Projects offers no delete: " + first);
            String moved = run(simulator, env, "4321", "--url", "http://127.0.0.1:9/other", "--deliveries");
            assertTrue(moved.contains("its URL updated"), moved);

            JsonNode hooks = people.get("4321", "/rest/v1.0/webhooks/hooks?company_id=4321");
            assertEquals(1, hooks.size(), "one hook, however often it runs: " + hooks);
            assertEquals("Bearer hook-secret-4321-new", hooks.get(0).path("destination_headers").path("Authorization").asText(),
                    "the first (newest) of the company's secrets");
            run(simulator, env, "8765", "--url", "http://127.0.0.1:9/webhooks/procore");
            assertEquals("Bearer hook-secret-8765-only", people.get("8765", "/rest/v1.0/webhooks/hooks?company_id=8765")
                    .get(0).path("destination_headers").path("Authorization").asText(), "the other company's own");
            // a resource Procore does not offer: its triggers are refused and reported, the others made all the same
            people.company("9876");
            String refused = run(simulator, Map.of("PROCORE_WEBHOOK_SECRET", "{\"9876\": \"hook-secret-9876\"}",
                    "PROCORE_CHANGE_ORDER_RESOURCE", "No Such Resource"), "9876", "--url", "http://127.0.0.1:9/webhooks/procore");
            assertTrue(refused.contains("Refused by Procore: No Such Resource create (") && refused.contains("Prime Contract"
                    + " Line Items delete"), refused);
            assertEquals(8, people.get("9876", "/rest/v1.0/webhooks/hooks/" + people.get("9876",
                    "/rest/v1.0/webhooks/hooks?company_id=9876").get(0).path("id").asText() + "/triggers").size(),
                    "the three followed resources' triggers, made past the refusals");
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                    () -> run(simulator, env, "5555", "--url", "http://127.0.0.1:9/webhooks/procore"));
            assertTrue(none.getMessage().contains("holds no secret for company 5555"), none.getMessage());
            JsonNode triggers = people.get("4321", "/rest/v1.0/webhooks/hooks/" + hooks.get(0).path("id").asText() + "/triggers");
            assertEquals(11, triggers.size(), "every action each resource offers, once");

            people.createProject("4321", "A project", "J-1");
            people.control("PUT", "/_simulator/webhooks", Json.object().put("discardAfterMs", 1));
            Thread.sleep(300);
            String listed = run(simulator, env, "4321", "--url", "http://127.0.0.1:9/other", "--deliveries");
            assertTrue(listed.contains("delivery ") && listed.contains("Projects create"), listed);
            Figures.print("[procore-hooks] made once (11 triggers: Projects offers no delete), kept on a second run, its URL brought up to date,"
                    + " its deliveries listed: mismatches found: 0");
        }
    }

    private static String run(ProcoreSimulator simulator, Map<String, String> env, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ArrayDeque<String> rest = new ArrayDeque<>(List.of(args));
        rest.add("--procore");
        rest.add(simulator.baseUri().toString());
        assertEquals(0, ProcoreHooks.run(rest, env::get, new PrintStream(out, true, StandardCharsets.UTF_8)));
        return out.toString(StandardCharsets.UTF_8);
    }
}
