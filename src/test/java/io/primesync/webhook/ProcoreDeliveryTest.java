package io.primesync.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.local.procore.Deliveries;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Procore's delivery body as its two webhook versions write it. */
class ProcoreDeliveryTest {
    private static ObjectNode delivery(String eventType) {
        return Deliveries.body("v2.0", 1001, 2002L, eventType, "Projects", 2002, null, null,
                Instant.parse("2026-12-07T09:30:00Z"));
    }

    @Test
    void anEventTypeIsReadWhateverItsCase() {
        for (String written : new String[] {"update", "UPDATE", "Update"}) {
            assertEquals("update", ProcoreDelivery.parse(delivery(written)).eventType(), written);
        }
    }

    @Test
    void anEventTypeOutsideTheThreeIsNoDelivery() {
        MalformedEventException e = assertThrows(MalformedEventException.class,
                () -> ProcoreDelivery.parse(delivery("explode")));
        assertEquals("event_type", e.violations().get(0).field());
    }
}
