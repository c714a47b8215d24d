package io.primesync.procore;

/** Told of every Procore call's answer and of every wait, for counting: logs, metrics, tests, benchmarks. */
public interface CallListener {
    CallListener NONE = new CallListener() {};

    /** @param route the call's method and path template, e.g. {@code PATCH /prime_contracts/{id}/line_items/sync} */
    default void answered(String method, String route, int status, long millis) {}

    /** The call got no answer: {@code why} is {@code timeout} or {@code connection}. */
    default void failed(String method, String route, String why) {}

    /** A pause before a call: for the rate limit, a {@code Retry-After}, or a retry's backoff. */
    default void waited(String companyId, long millis, String why) {}

    /** Tells {@code first}, then {@code second}. */
    static CallListener both(CallListener first, CallListener second) {
        return new CallListener() {
            @Override
            public void answered(String method, String route, int status, long millis) {
                first.answered(method, route, status, millis);
                second.answered(method, route, status, millis);
            }

            @Override
            public void failed(String method, String route, String why) {
                first.failed(method, route, why);
                second.failed(method, route, why);
            }

            @Override
            public void waited(String companyId, long millis, String why) {
                first.waited(companyId, millis, why);
                second.waited(companyId, millis, why);
            }
        };
    }
}
