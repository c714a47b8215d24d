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
 * The Procore-facing functions' priming runs their Procore client end to end against an in-process stand-in, never
 * against Procore, and keeps nothing: after the SnapStart hook, the function's first request to Procore signs in with
 * a token of its own.
 */
class ProcorePrimingIT {
    private static long logins(JsonNode requests) {
        return requests.path("calls").path("POST /oauth/token").path("count").asLong(0);
    }

    @Test
    void primingCallsNoProcoreAndTheFunctionsFirstRequestFetchesItsOwnToken() {
        Api api = Api.onLocalDynamo();
        SimulatorClient procore = api.procore;
        for (Class<? extends PrimedHandler> type : List.of(SyncWorkerHandler.class, ProcoreEventHandler.class,
                ReconcileHandler.class)) {
            // a function as Lambda starts it: its own context, nothing shared with anything that ran before
            Map<String, String> env = new LinkedHashMap<>(Api.env(api.tableName));
            env.putAll(LocalProcore.get().env());
            env.put(SqsSyncQueue.QUEUE_URL, api.queueUrl);
            env.put(ProcoreEventQueue.QUEUE_URL, api.procoreQueueUrl);
            AppContext app = new AppContext(env::get, Clock.systemUTC(), () -> LocalDynamo.get().client(),
                    LocalSqs.get()::client);
            PrimedHandler function = LocalSettings.handler(type, app);
            JsonNode before = procore.requests(api.company);
            function.warmUp();
            JsonNode primed = procore.requests(api.company);
            assertEquals(before.path("total").asLong(), primed.path("total").asLong(),
                    type.getSimpleName() + "'s priming reached no Procore: " + before + " then " + primed);

            // the function's first request to Procore: its client signs in, with no token left from the priming
            assertTrue(app.procore().projects(api.company).size() >= 2);
            JsonNode after = procore.requests(api.company);
            assertEquals(logins(primed) + 1, logins(after), type.getSimpleName() + ": " + after);
        }
    }
}
