package io.primesync.local.procore;

import io.primesync.local.http.Reply;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The faults the control surface asks for: each fails the next {@code count} matching calls (after letting
 * {@code skip} through) with a status, a delay, a connection dropped before or after the call is applied, or
 * per-record refusals of a sync call.
 */
final class SimFaults {
    /**
     * A fault to inject: the next {@code count} calls that match fail this way.
     *
     * @param companyId the company whose calls it is for, or null for any (only such reach the login service)
     * @param drop null, or {@code before} or {@code after} the call is applied
     */
    /** @param retryAfterSeconds a 429's {@code Retry-After} when it is not the seconds to the reset (0: those) */
    record Fault(String companyId, String method, Pattern path, int status, long delayMs, String drop, int[] count,
            int recordErrors, long resetSeconds, int[] skip, long retryAfterSeconds) {}

    private final Clock clock;
    private final List<Fault> faults = new ArrayList<>();

    SimFaults(Clock clock) {
        this.clock = clock;
    }

    void add(Fault fault) {
        synchronized (faults) {
            faults.add(fault);
        }
    }

    int pending() {
        synchronized (faults) {
            return faults.size();
        }
    }

    void clear() {
        synchronized (faults) {
            faults.clear();
        }
    }

    /** The fault this call meets, or null; counted, and forgotten when it has failed its last call. */
    Fault take(String companyId, String method, String path) {
        synchronized (faults) {
            for (Fault f : faults) {
                if ((f.companyId() == null || f.companyId().equals(companyId))
                        && (f.method() == null || f.method().equalsIgnoreCase(method)) && f.path().matcher(path).find()) {
                    if (f.skip()[0] > 0) {
                        f.skip()[0]--; // this one goes through: the fault is for a later matching call
                        continue;
                    }
                    if (--f.count()[0] <= 0) {
                        faults.remove(f);
                    }
                    return f;
                }
            }
        }
        return null;
    }

    /** The answer of a fault with a status, as Procore would give that status (a 401's token is revoked first). */
    Reply reply(Fault fault, SimRates.Verdict verdict) {
        return switch (fault.status()) {
            case 401 -> SimOAuth.invalidToken();
            case 429 -> {
                long now = clock.instant().getEpochSecond();
                Map<String, String> headers = new LinkedHashMap<>(
                        new SimRates.Verdict(false, verdict.limit(), 0, now + fault.resetSeconds()).refusalHeaders(now));
                if (fault.retryAfterSeconds() > 0) {
                    headers.put("Retry-After", Long.toString(fault.retryAfterSeconds()));
                }
                yield SimReplies.withHeaders(Reply.json(429, "{\"errors\":\"Rate limit exceeded\"}"), headers);
            }
            case 503 -> {
                Map<String, String> headers = new LinkedHashMap<>(verdict.headers());
                headers.put("Retry-After", Long.toString(fault.resetSeconds()));
                yield SimReplies.withHeaders(Reply.json(503, "{\"errors\":\"Service Unavailable\"}"), headers);
            }
            default -> SimReplies.withHeaders(Reply.json(fault.status(), "{\"errors\":\"simulated failure\"}"),
                    verdict.headers());
        };
    }
}
