package io.primesync.service;

import io.primesync.http.ApiException;
import io.primesync.http.ErrorCode;
import io.primesync.store.IdempotencyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Idempotency-Key semantics of API.md: the first response to a key is stored and replayed for 24 hours to the
 * same user for the same request; the same key for another request is refused. A request still running holds the
 * key with a lease; when the lease runs out (the holder died), a retry takes the key over and finishes the work
 * under the same sync id, so a re-import that did commit is answered, not applied again.
 */
public final class Idempotency {
    /** Longer than a function may run, so a live holder never loses its key. */
    public static final Duration LEASE = Duration.ofSeconds(30);
    private static final int MAX_ROUNDS = 3;

    /** A response as sent: status, body, and whether it is a replay of an earlier one. */
    public record Response(int status, String body, boolean replayed) {}

    /** The request's work under a sync id. */
    @FunctionalInterface
    public interface Work {
        Response run(String syncId, boolean resumed);
    }

    private final IdempotencyStore store;

    public Idempotency(IdempotencyStore store) {
        this.store = store;
    }

    /**
     * @param fingerprint what makes two requests "the same" (contract and body)
     * @param work runs the request under a sync id and renders its response; {@code resumed} is true when an
     *     earlier attempt under the same sync id may have committed. A failure, a 5xx or a CONFLICT (safe to retry)
     *     ends the lease so that the client's retry resumes at once
     * @param render renders a 4xx refusal thrown by {@code work}, which is stored and replayed like a success
     */
    public Response execute(String companyId, String userId, String key, String fingerprint,
            Work work, Function<ApiException, Response> render) {
        String claimed = null;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Optional<IdempotencyStore.Entry> existing = store.find(companyId, userId, key);
            String syncId;
            boolean resumed = false;
            if (existing.isPresent()) {
                IdempotencyStore.Entry entry = existing.get();
                if (!entry.fingerprint().equals(fingerprint)) {
                    throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key was already used"
                            + " for a different request in the last 24 hours. Use a new key for a new request.");
                }
                if (entry.completed()) {
                    return new Response(entry.status(), entry.body(), true);
                }
                if (entry.syncId().equals(claimed)) {
                    // our own claim, written although the answer said otherwise (the SDK retried the put and
                    // found the item its first attempt had written); the sync id is fresh, so nothing ran under it
                    syncId = claimed;
                } else if (!store.takeOver(companyId, userId, key, entry.leaseUntilMillis(), LEASE)) {
                    throw new ApiException(ErrorCode.CONFLICT, "A request with this Idempotency-Key is still being"
                            + " processed. Retry in a few seconds to get its response.", List.of(), List.of(),
                            Map.of("Retry-After", "2"));
                } else {
                    syncId = entry.syncId();
                    resumed = true;
                }
            } else {
                syncId = ContractService.newSyncId();
                claimed = syncId;
                if (!store.claim(companyId, userId, key, fingerprint, syncId, LEASE)) {
                    continue; // claimed by a concurrent request: read its record
                }
            }
            Response response;
            try {
                response = work.run(syncId, resumed);
            } catch (ApiException refused) {
                if (refused.code().status() >= 500 || refused.code() == ErrorCode.CONFLICT) {
                    expireLease(companyId, userId, key);
                    throw refused;
                }
                response = render.apply(refused);
            } catch (RuntimeException failure) {
                expireLease(companyId, userId, key);
                throw failure;
            }
            try {
                store.complete(companyId, userId, key, response.status(), response.body());
            } catch (RuntimeException failure) {
                expireLease(companyId, userId, key);
                throw failure;
            }
            return response;
        }
        throw new ApiException(ErrorCode.CONFLICT, "The Idempotency-Key is contended; retry the request.");
    }

    private void expireLease(String companyId, String userId, String key) {
        try {
            store.expireLease(companyId, userId, key);
        } catch (RuntimeException ignored) {
            // the lease runs out by itself; a retry then takes the key over
        }
    }
}
