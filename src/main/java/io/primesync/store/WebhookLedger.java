package io.primesync.store;

import static io.primesync.store.Attr.n;
import static io.primesync.store.Attr.s;
import static io.primesync.store.Attr.str;
import static io.primesync.store.Attributes.COMPANY_ID;
import static io.primesync.store.Attributes.RESULT;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The webhook event ids seen in the last 7 days, per source and company. An id is recorded after its event was
 * applied: applying is itself idempotent (versions and event stamps decide), so a crash between the two only means
 * the redelivery is answered "stale" instead of "duplicate", never that an event is lost.
 */
public final class WebhookLedger implements EventLedger {
    public static final Duration RETENTION = Duration.ofDays(7);

    private final Table table;
    private final Clock clock;

    public WebhookLedger(Table table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Optional<ApplyResult> seen(String source, String companyId, String eventId) {
        return table.getLive(key(source, companyId, eventId), clock).map(item -> ApplyResult.fromWire(str(item, RESULT)));
    }

    @Override
    public void record(String source, String companyId, String eventId, ApplyResult result) {
        Map<String, AttributeValue> item = new HashMap<>(key(source, companyId, eventId));
        item.put(RESULT, s(result.wire()));
        item.put(COMPANY_ID, s(companyId));
        item.put(Keys.EXPIRES_AT, n((clock.millis() + RETENTION.toMillis()) / 1000));
        table.put(item, null);
    }

    private static Map<String, AttributeValue> key(String source, String companyId, String eventId) {
        return Keys.key(Keys.event(source, companyId, eventId), Keys.EVENT);
    }
}
