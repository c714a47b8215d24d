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
            people.company("9876");
            for (String company : List.of("4321", "8765", "9876")) {
                // this test reads after each run what the runs made; Procore's spike window is not its subject
                people.rateLimits(company, 100_000, 10_000);
            }
            // each company's hook its own secret; 4321 in the middle of a rotation
            Map<String, String> env = Map.of("PROCORE_WEBHOOK_SECRET",
                    "{\"4321\": [\"hook-secret-4321-new\", \"hook-secret-4321-old\"], \"8765\": \"hook-secret-8765-only\"}");
            String first = run(simulator, env, "4321", "--url", "http://127.0.0.1:9/webhooks/procore");
            assertTrue(first.contains("; created."), first);
            assertTrue(first.contains("Projects create") && first.contains("Change Order Packages delete"), first);
            String again = run(simulator, env, "4321", "--url", "http://127.0.0.1:9/webhooks/procore");
            assertTrue(again.contains("already there. Triggers added: none; kept: 11."), again);
            assertTrue(!first.contains("Projects delete") && !first.contains("Refused"), "Projects offers no delete: " + first);

            JsonNode hooks = hooks(people, "4321");
            assertEquals(1, hooks.size(), "one hook, however often it runs: " + hooks);
            String hookId = hooks.get(0).path("id").asText();
            assertEquals("*****1-new", hooks.get(0).path("destination_headers").path("Authorization").asText(),
                    "the first (newest) of the company's secrets, as Procore shows it: its last 5 characters");
            assertEquals("v2.0", hooks.get(0).path("payload_version").asText());

            // disabled in Procore (people, or repeated discards): the next run makes it active again
            people.setHookStatus("4321", hookId, "disabled");
            String reenabled = run(simulator, env, "4321", "--url", "http://127.0.0.1:9/webhooks/procore");
            assertTrue(reenabled.contains("it was disabled and is active again. Triggers added: none"), reenabled);
            assertEquals("active", people.hook("4321", hookId).path("status").asText());

            // another destination is another hook: the first is reported, not taken over
            String elsewhere = run(simulator, env, "4321", "--url", "http://127.0.0.1:9/other", "--deliveries");
            assertTrue(elsewhere.contains("; created.") && elsewhere.contains("Other hooks of the namespace, left as they"
                    + " are (delete the ones no deployment uses): " + hookId + " → http://127.0.0.1:9/webhooks/procore"),
                    elsewhere);
            assertEquals(2, hooks(people, "4321").size());

            run(simulator, env, "8765", "--url", "http://127.0.0.1:9/webhooks/procore");
            assertEquals("*****-only", hooks(people, "8765").get(0).path("destination_headers").path("Authorization")
                    .asText(), "the other company's own");
            // a resource Procore does not offer: reported, the others made all the same
            String refused = run(simulator, Map.of("PROCORE_WEBHOOK_SECRET", "{\"9876\": \"hook-secret-9876\"}",
                    "PROCORE_CHANGE_ORDER_RESOURCE", "No Such Resource"), "9876", "--url", "http://127.0.0.1:9/webhooks/procore");
            assertTrue(refused.contains("Refused by Procore: No Such Resource (Procore offers no webhook events for a"
                    + " resource of that name at payload v2.0)") && refused.contains("Prime Contract Line Items delete"),
                    refused);
            assertEquals(8, people.get("9876", "/rest/v2.0/companies/9876/webhooks/hooks/" + hooks(people, "9876").get(0)
                    .path("id").asText() + "/triggers").path("data").size(),
                    "the three followed resources' triggers, made past the refusal");
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                    () -> run(simulator, env, "5555", "--url", "http://127.0.0.1:9/webhooks/procore"));
            assertTrue(none.getMessage().contains("holds no secret for company 5555"), none.getMessage());
            JsonNode triggers = people.get("4321", "/rest/v2.0/companies/4321/webhooks/hooks/" + hookId + "/triggers?per_page=100")
                    .path("data");
            assertEquals(11, triggers.size(), "every action each resource offers, once");

            people.createProject("4321", "A project", "J-1");
            people.control("PUT", "/_simulator/webhooks", Json.object().put("discardAfterMs", 1));
            Thread.sleep(300);
            String listed = run(simulator, env, "4321", "--url", "http://127.0.0.1:9/other", "--deliveries");
            assertTrue(listed.contains("delivery ") && listed.contains("Projects create"), listed);

            JsonNode calls = people.requests("4321").path("calls");
            calls.fieldNames().forEachRemaining(route -> assertTrue(!route.contains("/webhooks/") || route.contains("/v2.0/"),
                    "no call of the deprecated v1.0 webhooks API: " + route));
            Figures.print("[procore-hooks] on webhooks v2.0: made once (11 triggers, as each resource's actions offer),"
                    + " kept on a second run, re-enabled when disabled, another destination another hook, its deliveries"
                    + " listed, no v1.0 webhooks call: mismatches found: 0");
        }
    }

    private static JsonNode hooks(SimulatorClient people, String company) {
        return people.get(company, "/rest/v2.0/companies/" + company + "/webhooks/hooks?namespace=primesync").path("data");
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
