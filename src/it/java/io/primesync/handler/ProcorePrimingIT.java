package io.primesync.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.local.LocalSettings;
import io.primesync.local.procore.SimulatorClient;
import io.primesync.queue.ProcoreEventQueue;
import io.primesync.queue.SqsSyncQueue;
import io.primesync.testing.Api;
import io.primesync.testing.LocalDynamo;
import io.primesync.testing.LocalProcore;
import io.primesync.testing.LocalSqs;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Procore-facing functions' priming (and the sweeper's) runs their own code end to end against stand-ins of
 * Procore and DynamoDB in process, never against Procore, and keeps nothing: after the SnapStart hook, the function's
 * first request to Procore signs in with a token of its own, and the table holds nothing the priming wrote.
 */
class ProcorePrimingIT {
    private static long logins(JsonNode requests) {
        return requests.path("calls").path("POST /oauth/token").path("count").asLong(0);
    }

    /** The table's items of the priming company, whose reads the priming makes (by a scan: nothing may hide). */
    private static long itemsOfCompanyZero(Api api) {
        return LocalDynamo.get().client().scanPaginator(b -> b.tableName(api.tableName)).items().stream()
                .filter(item -> item.values().stream().anyMatch(v -> v.s() != null
                        && (v.s().equals("0") || v.s().startsWith("COMPANY#0#") || v.s().equals("COMPANY#0"))))
                .count();
    }

    @Test
    void primingCallsNoProcoreAndTheFunctionsFirstRequestFetchesItsOwnToken() {
        Api api = Api.onLocalDynamo();
        SimulatorClient procore = api.procore;
        for (Class<? extends PrimedHandler> type : List.of(SyncWorkerHandler.class, ProcoreEventHandler.class,
                ReconcileHandler.class, SweeperHandler.class)) {
            // a function as Lambda starts it: its own context, nothing shared with anything that ran before
            Map<String, String> env = new LinkedHashMap<>(Api.env(api.tableName));
            env.putAll(LocalProcore.get().env());
            env.put(SqsSyncQueue.QUEUE_URL, api.queueUrl);
            env.put(ProcoreEventQueue.QUEUE_URL, api.procoreQueueUrl);
            AppContext app = new AppContext(env::get, Clock.systemUTC(), () -> LocalDynamo.get().client(),
                    LocalSqs.get()::client);
            PrimedHandler function = LocalSettings.handler(type, app);
            JsonNode before = procore.requests(api.company);
            long companyZero = itemsOfCompanyZero(api);
            function.warmUp();
            JsonNode primed = procore.requests(api.company);
            assertEquals(before.path("total").asLong(), primed.path("total").asLong(),
                    type.getSimpleName() + "'s priming reached no Procore: " + before + " then " + primed);
            assertEquals(companyZero, itemsOfCompanyZero(api), type.getSimpleName() + "'s priming wrote nothing");

            // the function's first request to Procore: its client signs in, with no token left from the priming
            assertTrue(app.procore().projects(api.company).size() >= 2);
            JsonNode after = procore.requests(api.company);
            assertEquals(logins(primed) + 1, logins(after), type.getSimpleName() + ": " + after);
        }
    }
}
