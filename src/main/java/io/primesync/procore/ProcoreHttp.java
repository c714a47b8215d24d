package io.primesync.procore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One HTTP call to Procore, done right: the OAuth token (client credentials) cached until a minute before it
 * expires and fetched again once on a 401; {@code Procore-Company-Id} on every call; timeouts on connect and on the
 * request; the rate-limit headers read on every answer and the calls paced by them; 429 and 503 waited out (or handed
 * back when the wait is long); 5xx, timeouts and dropped connections retried with jittered backoff when the call is
 * safe to repeat. Knows nothing of prime contracts: {@link ProcoreClient} does.
 */
final class ProcoreHttp {
    /** A call's answer: status, body, and the path template it is counted under. */
    record Answer(int status, byte[] body, HttpHeaders headers) {
        JsonNode json() {
            return Json.read(body);
        }
    }

    private record Token(String value, Instant refreshAt) {}

    private final ProcoreConfig config;
    private final HttpClient http;
    private final Clock clock;
    private final RateGate gate;
    private final CallListener listener;
    private final Sleeper sleeper;
    private Token token;

    /** How waits are spent; tests and the simulator's clock may replace it. */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    ProcoreHttp(ProcoreConfig config, Clock clock, CallListener listener, Sleeper sleeper) {
        this.config = config;
        this.clock = clock;
        this.listener = listener;
        this.sleeper = sleeper;
        this.gate = new RateGate(clock);
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** What is known of the company's budget: the calls sent for it, and its hourly window as last named. */
    ProcoreRecords.RateBudget budget(String companyId) {
        return gate.budget(companyId);
    }

    /**
     * @param route the call's path template, e.g. {@code PATCH /prime_contracts/{id}/line_items/sync}, for counting
     * @param repeatable whether sending it twice does no harm (GET, PATCH of a record, DELETE, an upsert by origin
     *     id): only such calls are retried after an answer that did not come
     */
    Answer call(String companyId, String method, String route, String pathAndQuery, JsonNode body, boolean repeatable) {
        boolean refreshed = false;
        int throttled = 0;
        for (int attempt = 1; ; attempt++) {
            waitForSlot(companyId);
            HttpRequest request = HttpRequest.newBuilder(URI.create(config.apiBase() + pathAndQuery))
                    .timeout(config.requestTimeout())
                    .header("Authorization", "Bearer " + token())
                    .header("Procore-Company-Id", companyId)
                    .header("Accept", "application/json")
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(Json.write(body)))
                    .build();
            long start = System.nanoTime();
            gate.sending(companyId);
            HttpResponse<byte[]> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                gate.unanswered(companyId);
                String why = e instanceof HttpTimeoutException ? "timeout" : "connection";
                listener.failed(method, route, why);
                if (!repeatable || attempt >= config.maxAttempts()) {
                    throw new ProcoreException.Unavailable("Procore did not answer " + method + " " + route
                            + " (" + why + ")", e);
                }
                backoff(companyId, attempt);
                continue;
            } catch (InterruptedException e) {
                gate.unanswered(companyId);
                Thread.currentThread().interrupt();
                throw new ProcoreException.Unavailable("interrupted while calling Procore", e);
            }
            int status = response.statusCode();
            listener.answered(method, route, status, (System.nanoTime() - start) / 1_000_000);
            gate.answered(companyId, header(response, "X-Rate-Limit-Limit"), header(response, "X-Rate-Limit-Remaining"),
                    header(response, "X-Rate-Limit-Reset"));
            Answer answer = new Answer(status, response.body(), response.headers());
            if (status == 401 && !refreshed) {
                // the token may have been revoked or expired early: fetch one more, once
                invalidateToken();
                refreshed = true;
                attempt--;
                continue;
            }
            if (status == 429) {
                // Procore's Retry-After, when it sends one, says when to come back; else the window's reset
                long retryAfter = longHeader(response, "Retry-After", -1);
                long reset = retryAfter > 0 ? clock.instant().getEpochSecond() + retryAfter
                        : longHeader(response, "X-Rate-Limit-Reset", clock.instant().getEpochSecond() + 10);
                gate.exhausted(companyId, reset);
                if (++throttled > config.maxAttempts()) {
                    throw new ProcoreException.RateLimited(Instant.ofEpochSecond(reset).plusSeconds(1));
                }
                // the call was not taken: it is safe to send again, whatever it is, once the window resets
                attempt--;
                continue;
            }
            if (status == 503 && header(response, "Retry-After") != null) {
                long seconds = Math.max(1, longHeader(response, "Retry-After", 5));
                waitUntil(companyId, clock.instant().plusSeconds(seconds), "503 Retry-After");
                continue;
            }
            if (status >= 500) {
                if (!repeatable || attempt >= config.maxAttempts()) {
                    throw new ProcoreException.Unavailable("Procore answered " + status + " to " + method + " " + route, null);
                }
                backoff(companyId, attempt);
                continue;
            }
            return answer;
        }
    }

    private void waitForSlot(String companyId) {
        Instant slot = gate.nextSlot(companyId);
        if (slot.isAfter(clock.instant())) {
            waitUntil(companyId, slot, "rate limit");
        }
    }

    /** Sits out a wait that is short enough; hands a longer one back to the caller. */
    private void waitUntil(String companyId, Instant until, String why) {
        long millis = until.toEpochMilli() - clock.millis();
        if (millis <= 0) {
            return;
        }
        if (millis > config.maxInlineWait().toMillis()) {
            throw new ProcoreException.RateLimited(until);
        }
        listener.waited(companyId, millis, why);
        sleep(millis);
    }

    /** Full jitter: a random pause up to 200 ms, doubling per attempt, at most 5 s. */
    private void backoff(String companyId, int attempt) {
        long cap = Math.min(5000, 200L << Math.min(attempt, 8));
        long millis = ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
        listener.waited(companyId, millis, "backoff");
        sleep(millis);
    }

    private void sleep(long millis) {
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcoreException.Unavailable("interrupted while waiting for Procore", e);
        }
    }

    private synchronized String token() {
        if (token == null || !clock.instant().isBefore(token.refreshAt())) {
            token = fetchToken();
        }
        return token.value();
    }

    private synchronized void invalidateToken() {
        token = null;
    }

    /** {@code POST {login}/oauth/token} with the client credentials grant. */
    private Token fetchToken() {
        // a JSON body, as Procore's description of the token endpoint gives it
        ObjectNode grant = Json.object();
        grant.put("grant_type", "client_credentials");
        grant.put("client_id", config.clientId());
        grant.put("client_secret", config.clientSecret().get());
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.loginBase() + "/oauth/token"))
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(grant))).build();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> response;
            long start = System.nanoTime();
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                listener.failed("POST", "/oauth/token", "connection");
                if (attempt >= config.maxAttempts()) {
                    throw new ProcoreException.Unavailable("Procore's login service did not answer", e);
                }
                backoff("login", attempt);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProcoreException.Unavailable("interrupted while signing in to Procore", e);
            }
            listener.answered("POST", "/oauth/token", response.statusCode(), (System.nanoTime() - start) / 1_000_000);
            int status = response.statusCode();
            if ((status >= 500 || status == 429) && attempt < config.maxAttempts()) {
                // the login service's passing trouble, not the credentials: wait as it says, or back off
                long seconds = longHeader(response, "Retry-After", -1);
                long reset = longHeader(response, "X-Rate-Limit-Reset", -1);
                if (reset > 0) {
                    waitUntil("login", Instant.ofEpochSecond(reset).plusSeconds(1), "login rate limit");
                } else if (seconds > 0) {
                    waitUntil("login", clock.instant().plusSeconds(seconds), "login Retry-After");
                } else {
                    backoff("login", attempt);
                }
                continue;
            }
            if (status >= 500 || status == 429) {
                throw new ProcoreException.Unavailable("Procore's login service answered " + status, null);
            }
            if (response.statusCode() != 200) {
                throw new ProcoreException.Refused(response.statusCode(), "PROCORE_CREDENTIALS_REFUSED",
                        "Procore refused the service account's credentials (" + response.statusCode() + " from the login"
                                + " service). Check the client id and secret configured for PrimeSync, and that the"
                                + " service account is installed in the company.");
            }
            JsonNode json;
            try {
                json = Json.read(response.body());
            } catch (Json.MalformedJsonException e) {
                throw new ProcoreException.Unavailable("Procore's login service answered something that is not JSON", e);
            }
            String value = json.path("access_token").asText(null);
            long expiresIn = json.path("expires_in").asLong(0);
            if (value == null || value.isBlank() || expiresIn <= 0) {
                throw new ProcoreException.Unavailable("Procore's login service answered without a token", null);
            }
            long createdAt = json.path("created_at").canConvertToLong() ? json.path("created_at").asLong()
                    : clock.instant().getEpochSecond();
            // a minute before it expires, and never later than it could expire by our own clock
            long refresh = Math.min(createdAt, clock.instant().getEpochSecond()) + expiresIn - 60;
            return new Token(value, Instant.ofEpochSecond(refresh));
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private static long longHeader(HttpResponse<?> response, String name, long otherwise) {
        try {
            String value = header(response, name);
            return value == null ? otherwise : Long.parseLong(value.strip().toLowerCase(Locale.ROOT));
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    static String query(String... pairs) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            out.append(out.length() == 0 ? '?' : '&').append(encode(pairs[i])).append('=').append(encode(pairs[i + 1]));
        }
        return out.toString();
    }

    ProcoreConfig config() {
        return config;
    }

    Clock clock() {
        return clock;
    }
}
