package io.primesync.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.primesync.http.ApiException;
import io.primesync.http.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SecretsTest {
    static final String NAME = "SPECTRUM_WEBHOOK_SECRET";
    static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:spectrum-AbCdEf";

    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-11-29T14:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Secrets Manager as a list of answers, counting calls. */
    static final class FakeLookup implements Function<String, String> {
        final List<String> asked = new ArrayList<>();
        String value;

        FakeLookup(String value) {
            this.value = value;
        }

        @Override
        public String apply(String id) {
            asked.add(id);
            return value;
        }
    }

    private static Function<String, String> env(Map<String, String> vars) {
        return vars::get;
    }

    private static Function<String, String> noLookup() {
        return id -> {
            throw new AssertionError("Secrets Manager must not be asked");
        };
    }

    private static List<String> strings(List<byte[]> secrets) {
        return secrets.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    private static void assertUnavailable(Secrets secrets) {
        ApiException e = assertThrows(ApiException.class, secrets::current);
        assertEquals(ErrorCode.SERVICE_UNAVAILABLE, e.code());
        assertEquals("30", e.headers().get("Retry-After"));
        assertEquals("Signatures cannot be checked right now; try again later", e.detail());
    }

    @Test
    void secretsFromTheVariableItself() {
        Secrets s = new Secrets(NAME, env(Map.of(NAME, " new-secret ,\nold-secret\r\n,")),
                noLookup(), Clock.systemUTC());
        assertEquals(List.of("new-secret", "old-secret"), strings(s.current()));
    }

    @Test
    void secretsManagerWinsAndIsCachedForFiveMinutes() {
        MovingClock clock = new MovingClock();
        FakeLookup lookup = new FakeLookup("first");
        Secrets s = new Secrets(NAME, env(Map.of(NAME + "_ARN", ARN, NAME, "ignored")), lookup, clock);

        assertEquals(List.of("first"), strings(s.current()));
        lookup.value = "second\nfirst";
        clock.now = clock.now.plus(Duration.ofMinutes(5)).minusSeconds(1);
        assertEquals(List.of("first"), strings(s.current()), "still cached");
        assertEquals(List.of(ARN), lookup.asked);

        clock.now = clock.now.plusSeconds(1);
        assertEquals(List.of("second", "first"), strings(s.current()), "rotation picked up after five minutes");
        assertEquals(List.of(ARN, ARN), lookup.asked);
    }

    @Test
    void aFailedReadIsA503AndIsRetriedOnTheNextCall() {
        MovingClock clock = new MovingClock();
        FakeLookup ok = new FakeLookup("s3cret");
        boolean[] down = {true};
        Secrets s = new Secrets(NAME, env(Map.of(NAME + "_ARN", ARN)), id -> {
            if (down[0]) {
                throw new IllegalStateException("Unable to execute HTTP request: secretsmanager.us-east-1.amazonaws.com");
            }
            return ok.apply(id);
        }, clock);
        assertUnavailable(s);
        down[0] = false;
        assertEquals(List.of("s3cret"), strings(s.current()));
    }

    @Test
    void anEmptySecretIsA503() {
        assertUnavailable(new Secrets(NAME, env(Map.of(NAME + "_ARN", ARN)), new FakeLookup(" , \n"),
                Clock.systemUTC()));
        assertUnavailable(new Secrets(NAME, env(Map.of(NAME + "_ARN", ARN)), new FakeLookup(null),
                Clock.systemUTC()));
    }

    @Test
    void noSecretOutsideLocalFailsClosed() {
        assertUnavailable(new Secrets(NAME, env(Map.of()), noLookup(), Clock.systemUTC()));
        assertUnavailable(new Secrets(NAME, env(Map.of(NAME, "  ")),
                noLookup(), Clock.systemUTC()));
    }

    @Test
    void thereIsNoDefaultSecret() {
        assertUnavailable(new Secrets(NAME, env(Map.of()), noLookup(), Clock.systemUTC()));
    }

    @Test
    void callersCannotChangeTheSecrets() {
        Secrets s = new Secrets(NAME, env(Map.of(NAME, "abc")), noLookup(), Clock.systemUTC());
        s.current().get(0)[0] = 'x';
        assertEquals(List.of("abc"), strings(s.current()));
    }

    @Test
    void fromEnvironmentNeedsNoAwsUntilAskedForASecretByArn() {
        // the test JVM has neither variable set: fails closed, no AWS call
        assumeTrue(System.getenv(NAME) == null && System.getenv(NAME + "_ARN") == null);
        assertUnavailable(Secrets.fromEnvironment(NAME));
    }
}
