package io.primesync.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookSignatureTest {
    static final long NOW = 1_700_000_000L;
    static final byte[] SECRET = "local-spectrum-secret".getBytes(StandardCharsets.UTF_8);
    static final byte[] OTHER = "another-secret".getBytes(StandardCharsets.UTF_8);
    static final byte[] BODY = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);
    /** HMAC-SHA256("local-spectrum-secret", "1700000000.{\"id\":\"evt_1\"}"), computed outside Java. */
    static final String KNOWN_MAC = "afdd8de91dfb3bd484eb29f989a08e47812e16363d5a18fccce01c122116e8b8";

    private static String v1(byte[] secret, long t, byte[] body) {
        String header = WebhookSignature.sign(secret, t, body);
        return header.substring(header.indexOf("v1=") + 3);
    }

    private static boolean verify(String header) {
        return WebhookSignature.verify(header, BODY, List.of(SECRET), NOW);
    }

    @Test
    void signMatchesAnIndependentlyComputedMac() {
        assertEquals("t=1700000000,v1=" + KNOWN_MAC, WebhookSignature.sign(SECRET, NOW, BODY));
    }

    @Test
    void acceptsItsOwnSignature() {
        assertTrue(verify(WebhookSignature.sign(SECRET, NOW, BODY)));
    }

    @Test
    void secondV1MatchesDuringRotation() {
        String header = "t=" + NOW + ",v1=" + v1(OTHER, NOW, BODY) + ",v1=" + KNOWN_MAC;
        assertTrue(verify(header));
    }

    @Test
    void secondSecretMatchesDuringRotation() {
        assertTrue(WebhookSignature.verify(WebhookSignature.sign(SECRET, NOW, BODY), BODY, List.of(OTHER, SECRET), NOW));
    }

    @Test
    void noMatchingV1() {
        assertFalse(verify("t=" + NOW + ",v1=" + v1(OTHER, NOW, BODY)));
        assertFalse(WebhookSignature.verify(WebhookSignature.sign(SECRET, NOW, BODY), BODY, List.of(OTHER), NOW));
    }

    @Test
    void timestampWindowIsThreeHundredSecondsEitherWay() {
        assertTrue(WebhookSignature.verify(WebhookSignature.sign(SECRET, NOW - 300, BODY), BODY, List.of(SECRET), NOW));
        assertFalse(WebhookSignature.verify(WebhookSignature.sign(SECRET, NOW - 301, BODY), BODY, List.of(SECRET), NOW));
        assertTrue(WebhookSignature.verify(WebhookSignature.sign(SECRET, NOW + 300, BODY), BODY, List.of(SECRET), NOW));
        assertFalse(WebhookSignature.verify(WebhookSignature.sign(SECRET, NOW + 301, BODY), BODY, List.of(SECRET), NOW));
    }

    @Test
    void timestampIsPartOfTheMac() {
        assertFalse(verify("t=" + (NOW - 1) + ",v1=" + KNOWN_MAC));
    }

    @Test
    void tamperedBody() {
        String header = WebhookSignature.sign(SECRET, NOW, BODY);
        byte[] tampered = "{\"id\":\"evt_2\"}".getBytes(StandardCharsets.UTF_8);
        assertFalse(WebhookSignature.verify(header, tampered, List.of(SECRET), NOW));
        byte[] trailingSpace = Arrays.copyOf(BODY, BODY.length + 1);
        trailingSpace[BODY.length] = ' ';
        assertFalse(WebhookSignature.verify(header, trailingSpace, List.of(SECRET), NOW));
    }

    @Test
    void spacesAreTolerated() {
        assertTrue(verify("t=" + NOW + ", v1=" + KNOWN_MAC));
        assertTrue(verify("  t = " + NOW + " ,  v1 = " + KNOWN_MAC + " ,"));
    }

    @Test
    void unknownSchemesAreIgnored() {
        assertTrue(verify("t=" + NOW + ",v0=deadbeef,v2=" + KNOWN_MAC + ",v1=" + KNOWN_MAC));
        assertFalse(verify("t=" + NOW + ",v2=" + KNOWN_MAC), "only v1 counts");
    }

    @Test
    void upperCaseHexIsAccepted() {
        assertTrue(verify("t=" + NOW + ",v1=" + KNOWN_MAC.toUpperCase()));
    }

    @Test
    void orderDoesNotMatter() {
        assertTrue(verify("v1=" + KNOWN_MAC + ",t=" + NOW));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "garbage", "t=1700000000", "v1=" + KNOWN_MAC, "t=,v1=" + KNOWN_MAC, "t=abc,v1=" + KNOWN_MAC,
        "t=-1700000000,v1=" + KNOWN_MAC, "t=+1700000000,v1=" + KNOWN_MAC, "t=1700000000.0,v1=" + KNOWN_MAC,
        "t=99999999999999999999,v1=" + KNOWN_MAC, "t=1700000000,t=1700000000,v1=" + KNOWN_MAC,
        "t=1700000000,v1", "t=1700000000,=x,v1=" + KNOWN_MAC, "t=1700000000;v1=" + KNOWN_MAC,
        "t=1700000000,v1=" + KNOWN_MAC + "00", "t=1700000000,v1=zzdd8de91dfb3bd484eb29f989a08e47812e16363d5a18fccce01c122116e8b8",
        "t=1700000000,v1=",
    })
    void garbageIsRefused(String header) {
        assertFalse(verify(header));
    }

    @Test
    void nullsAreRefused() {
        assertFalse(WebhookSignature.verify(null, BODY, List.of(SECRET), NOW));
        assertFalse(WebhookSignature.verify(WebhookSignature.sign(SECRET, NOW, BODY), null, List.of(SECRET), NOW));
        assertFalse(WebhookSignature.verify(WebhookSignature.sign(SECRET, NOW, BODY), BODY, null, NOW));
    }

    @Test
    void noUsableSecretAcceptsNothing() {
        String header = WebhookSignature.sign(SECRET, NOW, BODY);
        assertFalse(WebhookSignature.verify(header, BODY, List.of(), NOW));
        assertFalse(WebhookSignature.verify(header, BODY, List.of(new byte[0]), NOW));
    }

    @Test
    void aSignedEmptyBody() {
        byte[] empty = new byte[0];
        assertTrue(WebhookSignature.verify(WebhookSignature.sign(SECRET, NOW, empty), empty, List.of(SECRET), NOW));
    }

    @Test
    void atMostTenV1() {
        List<String> parts = new ArrayList<>();
        parts.add("t=" + NOW);
        for (int i = 0; i < 9; i++) {
            parts.add("v1=" + v1(OTHER, NOW + i, BODY));
        }
        parts.add("v1=" + KNOWN_MAC);
        assertTrue(verify(String.join(",", parts)), "ten, the last matching");
        parts.add(1, "v1=" + v1(OTHER, NOW - 1, BODY));
        assertFalse(verify(String.join(",", parts)), "eleven, even with one matching");
    }

    @Test
    void malformedV1CountsTowardsTheCap() {
        List<String> parts = new ArrayList<>();
        parts.add("t=" + NOW);
        for (int i = 0; i < 10; i++) {
            parts.add("v1=nothex");
        }
        parts.add("v1=" + KNOWN_MAC);
        assertFalse(verify(String.join(",", parts)));
    }

    @Test
    void headerLengthIsCapped() {
        String valid = "t=" + NOW + ",v1=" + KNOWN_MAC;
        String padded = valid + "," + "x=" + "a".repeat(4096 - valid.length() - 3);
        assertEquals(4096, padded.length());
        assertTrue(verify(padded));
        assertFalse(verify(padded + "a"));
    }
}
