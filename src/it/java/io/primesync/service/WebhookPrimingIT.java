package io.primesync.service;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primesync.store.ContractStore;
import io.primesync.store.WebhookLedger;
import io.primesync.testing.LocalDynamo;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** SnapStart priming of the webhook function runs the delivery path on a sample and must store nothing. */
class WebhookPrimingIT {
    @Test
    void primingParsesChecksAndReadsButStoresNothing() {
        LocalDynamo dynamo = LocalDynamo.get();
        ContractStore store = new ContractStore(dynamo.table(), Clock.systemUTC());
        WebhookLedger ledger = new WebhookLedger(dynamo.table(), Clock.systemUTC());
        new WebhookService(store, ledger).prime();
        assertTrue(store.head("0", "PRIMING").isEmpty(), "the sample contract is not stored");
        assertTrue(ledger.seen("spectrum", "0", "snapstart-priming").isEmpty(), "nor its event id");
    }
}
