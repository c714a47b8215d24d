package io.primesync.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Procore's deliveries are not signed: they carry back the header the hook was created with, {@code Authorization:
 * Bearer <secret>}, each company's hook with its own secret. Every secret is compared, in constant time, whatever
 * matched.
 */
public final class ProcoreWebhookAuth {
    public static final String HEADER = "Authorization";

    private ProcoreWebhookAuth() {}

    /** Whether the header carries one of the secrets. */
    public static boolean matches(String header, List<byte[]> secrets) {
        byte[] presented = header == null ? new byte[0] : header.strip().getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (byte[] secret : secrets) {
            byte[] expected = ("Bearer " + new String(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            ok |= MessageDigest.isEqual(expected, presented);
        }
        return ok;
    }
}
