package io.primesync.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Delivers the spool's events to the product's Spectrum webhook, oldest first, each signed as API.md says
 * ({@code X-Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">}). A 2xx ({@code applied},
 * {@code duplicate}, {@code stale}) takes the event off the spool; a 422 is logged with the product's reasons and not
 * sent again (the contract shows it, waiting for a fix in Spectrum); a 5xx, a 429 or no answer is tried again with
 * backoff, then left for the next pass; a 401 stops delivery with a message, since nothing will pass until the secret
 * or the clock is fixed.
 */
public final class Sender {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String HEADER = "X-Webhook-Signature";

    /** How an event reaches the product: one POST. */
    public interface Transport {
        Answer post(byte[] body, Map<String, String> headers) throws IOException;
    }

    /** The product's webhook over HTTPS (or HTTP), one POST per event, 30 s for an answer. */
    public static Transport http(URI url) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        return (body, headers) -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(b::header);
            try {
                HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
                return new Answer(r.statusCode(), r.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        };
    }

    /** The product's answer: its status and body. */
    public record Answer(int status, String body) {}

    /** What a pass did: events taken, refused for good, left waiting. */
    public record Outcome(int sent, int refused, int waiting) {}

    /** The product refused the signature: delivery stops until the secret or the clock is fixed. */
    public static final class Unauthorized extends IllegalStateException {
        Unauthorized(String message) {
            super(message);
        }
    }

    /** Waits between tries. */
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final Transport transport;
    private final byte[] secret;
    private final Clock clock;
    private final Consumer<String> log;
    private final Sleeper sleeper;
    private final int attempts;
    private final long firstBackoffMillis;

    public Sender(Transport transport, byte[] secret, Clock clock, Consumer<String> log, Sleeper sleeper, int attempts,
            long firstBackoffMillis) {
        this.transport = transport;
        this.secret = secret.clone();
        this.clock = clock;
        this.log = log;
        this.sleeper = sleeper;
        this.attempts = Math.max(1, attempts);
        this.firstBackoffMillis = firstBackoffMillis;
    }

    public Outcome deliver(Spool spool) throws IOException {
        List<Path> pending = spool.pending();
        int sent = 0;
        int refused = 0;
        for (int i = 0; i < pending.size(); i++) {
            Path event = pending.get(i);
            byte[] body = spool.body(event);
            Answer a = send(body);
            if (a == null) {
                return new Outcome(sent, refused, pending.size() - i);
            }
            if (a.status() >= 200 && a.status() < 300) {
                spool.done(event);
                sent++;
            } else if (a.status() == 401) {
                throw new Unauthorized("the product refused the agent's signature (401): check that the agent's"
                        + " secret is one the product holds for this company, and that this machine's clock is within"
                        + " 300 s of the real time (a signature older or newer than that is refused); delivery stops"
                        + " until then, and the " + (pending.size() - i) + " events waiting are kept");
            } else {
                // 422: the contract rules; 400, 413, 415: the product will never take this body. Not sent again.
                log.accept("refused " + a.status() + " " + event.getFileName() + ": " + reasons(a.body()));
                spool.done(event);
                refused++;
            }
        }
        return new Outcome(sent, refused, 0);
    }

    /** One event sent, tried again with backoff on 5xx, 429 and no answer; null when it must wait. */
    private Answer send(byte[] body) {
        long backoff = firstBackoffMillis;
        for (int attempt = 1; ; attempt++) {
            String why;
            try {
                Answer a = transport.post(body, Map.of("Content-Type", "application/json", HEADER,
                        sign(secret, clock.instant().getEpochSecond(), body)));
                if (a.status() < 500 && a.status() != 429) {
                    return a;
                }
                why = "answered " + a.status();
            } catch (IOException e) {
                why = "no answer (" + e.getClass().getSimpleName() + ")";
            }
            if (attempt >= attempts) {
                log.accept("delivery waits: the product " + why + "; tried " + attempt + " times");
                return null;
            }
            try {
                sleeper.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            backoff *= 2;
        }
    }

    /** The reasons of a refusal, as the product words them. */
    private static String reasons(String body) {
        try {
            JsonNode problem = JSON.readTree(body);
            List<String> out = new ArrayList<>();
            problem.path("violations").forEach(v -> out.add(v.path("field").asText() + ": " + v.path("message").asText()));
            return problem.path("code").asText() + (out.isEmpty() ? "" : " " + String.join("; ", out));
        } catch (IOException | RuntimeException e) {
            return body == null ? "" : body.substring(0, Math.min(300, body.length()));
        }
    }

    /** The signature header of a body at {@code t}. */
    public static String sign(byte[] secret, long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
            return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
