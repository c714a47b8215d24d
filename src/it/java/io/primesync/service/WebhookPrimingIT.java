package io.primesync.service;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primesync.handler.AppContext;
import io.primesync.handler.WebhookHandler;
import io.primesync.local.LocalSettings;
import io.primesync.store.ContractStore;
import io.primesync.store.WebhookLedger;
import io.primesync.testing.Api;
import io.primesync.testing.LocalDynamo;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** Warming up the webhook function runs the delivery path on a sample and must store nothing. */
class WebhookPrimingIT {
    @Test
    void warmingUpParsesChecksAndReadsButStoresNothing() {
        LocalDynamo dynamo = LocalDynamo.get();
        AppContext app = new AppContext(Api.env(dynamo.tableName())::get, Clock.systemUTC(), dynamo::client);
        LocalSettings.handler(WebhookHandler.class, app).warmUp();
        ContractStore store = new ContractStore(dynamo.table(), Clock.systemUTC());
        WebhookLedger ledger = new WebhookLedger(dynamo.table(), Clock.systemUTC());
        assertTrue(store.head("0", "PRIMING").isEmpty(), "the sample contract is not stored");
        assertTrue(ledger.seen("spectrum", "0", "snapstart-priming").isEmpty(), "nor its event id");
    }
}
