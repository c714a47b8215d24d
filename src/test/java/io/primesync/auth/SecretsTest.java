package io.primesync.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.primesync.http.ApiException;
import io.primesync.http.ErrorCode;
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

    private static void assertUnavailable(Secrets secrets) {
        ApiException e = assertThrows(ApiException.class, secrets::value);
        assertEquals(ErrorCode.SERVICE_UNAVAILABLE, e.code());
        assertEquals("30", e.headers().get("Retry-After"));
        assertEquals("Credentials cannot be checked right now; try again later", e.detail());
    }

    @Test
    void theValueOfTheVariableItselfWhole() {
        // a client secret may hold commas and newlines: the value is read whole, and only stripped
        Secrets s = new Secrets(NAME, env(Map.of(NAME, " a,secret\nwith-lines \n")), noLookup(), Clock.systemUTC());
        assertEquals("a,secret\nwith-lines", s.value());
        assertFalse(s.managed());
        assertEquals(NAME, s.variable());
    }

    @Test
    void secretsManagerWinsAndIsCachedForFiveMinutes() {
        MovingClock clock = new MovingClock();
        FakeLookup lookup = new FakeLookup("first");
        Secrets s = new Secrets(NAME, env(Map.of(NAME + "_ARN", ARN, NAME, "ignored")), lookup, clock);

        assertEquals("first", s.value());
        assertTrue(s.managed());
        assertEquals(NAME + "_ARN", s.variable());
        lookup.value = "second";
        clock.now = clock.now.plus(Duration.ofMinutes(5)).minusSeconds(1);
        assertEquals("first", s.value(), "still cached");
        assertEquals(List.of(ARN), lookup.asked);

        clock.now = clock.now.plusSeconds(1);
        assertEquals("second", s.value(), "rotation picked up after five minutes");
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
        assertEquals("s3cret", s.value());
    }

    @Test
    void anEmptySecretIsA503() {
        assertUnavailable(new Secrets(NAME, env(Map.of(NAME + "_ARN", ARN)), new FakeLookup(" \n "),
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
    void fromEnvironmentNeedsNoAwsUntilAskedForASecretByArn() {
        // the test JVM has neither variable set: fails closed, no AWS call
        assumeTrue(System.getenv(NAME) == null && System.getenv(NAME + "_ARN") == null);
        assertUnavailable(Secrets.fromEnvironment(NAME));
    }
}
