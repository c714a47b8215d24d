package io.primesync.local.procore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.json.Json;
import io.primesync.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The two reads the reconciliation's hourly run rests on, as Procore documents them: the projects last updated within
 * a range ({@code filters[updated_at]}, dates or times, both ends included) and a hook's deliveries from and to a day
 * ({@code filter[start]}, {@code filter[end]}); a malformed range is refused, never read as no filter.
 */
class SimulatorChangeFiltersIT {
    private static final String COMPANY = "8801";

    private static List<String> ids(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(p -> out.add(p.path("id").asText()));
        return out;
    }

    @Test
    void projectsUpdatedWithinARangeAndDeliveriesWithinDays() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-12-01T10:00:00Z"));
        try (ProcoreSimulator sim = ProcoreSimulator.start(0, null, clock)) {
            SimulatorClient people = new SimulatorClient(sim.baseUri());
            people.company(COMPANY);
            people.rateLimits(COMPANY, 1_000_000, 1_000_000);
            String hook = people.createHook(COMPANY, "primesync", "https://primesync.example/webhooks/procore",
                    Map.of("Authorization", "Bearer x"), "v2.0").path("id").asText();
            people.createTrigger(COMPANY, hook, "Projects", "create");
            people.createTrigger(COMPANY, hook, "Projects", "update");
            people.control("PUT", "/_simulator/webhooks", Json.object().put("dropShare", 1.0));

            String first = people.createProject(COMPANY, "First", "J-1");
            clock.advance(Duration.ofDays(2));
            String second = people.createProject(COMPANY, "Second", "J-2");
            clock.advance(Duration.ofHours(1));
            String projects = "/rest/v1.0/projects?company_id=" + COMPANY + "&filters[by_status]=All&filters[updated_at]=";

            assertEquals(List.of(second), ids(people.get(COMPANY, projects + "2026-12-03T09:59:00Z...2026-12-03T12:00:00Z")));
            assertEquals(List.of(first, second), ids(people.get(COMPANY, projects + "2026-12-01...2026-12-03")),
                    "whole days, both included");
            assertEquals(List.of(), ids(people.get(COMPANY, projects + "2026-12-02...2026-12-02")));
            for (String malformed : List.of("yesterday", "2026-12-03...", "2026-12-04...2026-12-01")) {
                IllegalStateException refused = assertThrows(IllegalStateException.class,
                        () -> people.get(COMPANY, projects + malformed));
                assertTrue(refused.getMessage().contains(": 422 "), malformed + ": " + refused.getMessage());
            }

            String deliveries = "/rest/v2.0/companies/" + COMPANY + "/webhooks/hooks/" + hook
                    + "/deliveries?filter[status]=discarded";
            assertEquals(2, people.get(COMPANY, deliveries).path("data").size(), "both discarded, Procore gave up on them");
            JsonNode fromThird = people.get(COMPANY, deliveries + "&filter[start]=2026-12-03").path("data");
            assertEquals(List.of(second), List.of(fromThird.get(0).path("payload").path("resource_id").asText()));
            assertEquals(1, people.get(COMPANY, deliveries + "&filter[end]=2026-12-01").path("data").size());
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> people.get(COMPANY, deliveries + "&filter[start]=Dec-3"));
            assertTrue(refused.getMessage().contains(": 400 "), refused.getMessage());
        }
    }
}
