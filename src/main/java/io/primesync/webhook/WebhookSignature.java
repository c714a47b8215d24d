package io.primesync.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Webhook-Signature} scheme: {@code t=<unix seconds>,v1=<hex>[,v1=<hex>...]}, where each
 * {@code v1} is HMAC-SHA256 of {@code <t>.<raw body bytes>}. Several {@code v1} let a sender sign with the old
 * and the new secret during a rotation; other schemes are ignored so a sender can add one later.
 */
public final class WebhookSignature {
    public static final String HEADER = "X-Webhook-Signature";
    public static final long TOLERANCE_SECONDS = 300;
    static final int MAX_HEADER_LENGTH = 4096;
    static final int MAX_SIGNATURES = 10;
    private static final String HMAC = "HmacSHA256";
    private static final int MAC_BYTES = 32;
    private static final HexFormat HEX = HexFormat.of();

    private WebhookSignature() {}

    /** Whether any {@code v1} of the header is the MAC of the body under any of the secrets, at a fresh {@code t}. */
    public static boolean verify(String headerValue, byte[] rawBody, List<byte[]> secrets, long nowEpochSeconds) {
        Header header = read(headerValue, nowEpochSeconds);
        if (header == null || rawBody == null || secrets == null) {
            return false;
        }
        for (byte[] secret : secrets) {
            if (secret == null || secret.length == 0) {
                continue;
            }
            byte[] expected = mac(secret, header.t(), rawBody);
            for (byte[] signature : header.macs()) {
                if (MessageDigest.isEqual(expected, signature)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether the header could vouch for a body at all: well formed, fresh, with a {@code v1}. Checked before the
     * body is read for the company whose secrets to try.
     */
    public static boolean wellFormed(String headerValue, long nowEpochSeconds) {
        return read(headerValue, nowEpochSeconds) != null;
    }

    private record Header(String t, List<byte[]> macs) {}

    /** The header's timestamp and MACs; null when it is malformed, stale, or has no {@code v1}. */
    private static Header read(String headerValue, long nowEpochSeconds) {
        if (headerValue == null || headerValue.length() > MAX_HEADER_LENGTH) {
            return null;
        }
        String t = null;
        List<byte[]> signatures = new ArrayList<>();
        int v1Count = 0;
        for (String part : headerValue.split(",", -1)) {
            String item = part.strip();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            String scheme = item.substring(0, eq).strip();
            String value = item.substring(eq + 1).strip();
            if (scheme.equals("t")) {
                if (t != null) {
                    return null;
                }
                t = value;
            } else if (scheme.equals("v1")) {
                if (++v1Count > MAX_SIGNATURES) {
                    return null;
                }
                byte[] mac = decodeMac(value);
                if (mac != null) {
                    signatures.add(mac);
                }
            }
        }
        return t == null || signatures.isEmpty() || !fresh(t, nowEpochSeconds) ? null : new Header(t, signatures);
    }

    /** The header value a sender puts on {@code body} at time {@code t}. */
    public static String sign(byte[] secret, long t, byte[] body) {
        String ts = Long.toString(t);
        return "t=" + ts + ",v1=" + HEX.formatHex(mac(secret, ts, body));
    }

    private static boolean fresh(String t, long now) {
        if (t.isEmpty() || t.length() > 19 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(t);
        } catch (NumberFormatException e) {
            return false;
        }
        // t is at most 19 digits and non-negative, now is a real clock: the difference cannot overflow
        return Math.abs(now - seconds) <= TOLERANCE_SECONDS;
    }

    /** A v1 value that is not 64 hex digits can match nothing; it is skipped like an unknown scheme. */
    private static byte[] decodeMac(String hex) {
        if (hex.length() != MAC_BYTES * 2) {
            return null;
        }
        try {
            return HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The MAC over the timestamp exactly as the header spells it, a dot, and the body. */
    private static byte[] mac(byte[] secret, String t, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            mac.update(t.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
